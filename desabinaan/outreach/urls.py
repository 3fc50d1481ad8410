from django.urls import path  # noqa: F401

from . import participation_urls

app_name = "outreach"
urlpatterns: list = []
urlpatterns += participation_urls.urlpatterns
