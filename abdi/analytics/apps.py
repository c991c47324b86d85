from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "abdi.analytics"
    label = "analytics"
    verbose_name = "Analitik SDM"

    def ready(self):
        from abdi.analytics.services import refresh_after_load
        from abdi.core.hooks import after_load

        after_load.register(refresh_after_load)
