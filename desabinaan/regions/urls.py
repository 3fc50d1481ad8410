from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("pilih/", views.picker, name="picker"),
    path("peta/", views.map_centre, name="map_view"),
]
