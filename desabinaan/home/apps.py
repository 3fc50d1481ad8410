from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page: what waits for the signed-in user across the feature apps. A feature-layer
    app, since it shows reports, alerts and assignments (core may not import them)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.home"
    label = "home"
    verbose_name = "Home"
