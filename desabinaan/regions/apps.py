from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "desabinaan.regions"
    label = "regions"
