from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "desabinaan.core"
    label = "core"
