from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "desabinaan.programme"
    label = "programme"
