from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying the app (`manage.py load_demo`, `manage.py demo_otp`). The top layer:
    it may use every other app, and no app imports it. Listed last in INSTALLED_APPS."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.demo"
    label = "demo"
    verbose_name = "Demo"
