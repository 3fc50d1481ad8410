from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("pilih/", views.picker, name="picker"),
]
