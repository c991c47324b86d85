from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "abdi.analytics"
    label = "analytics"
    verbose_name = "Analitik SDM"

    def ready(self):
        from abdi.core.hooks import after_load, queued_after_load

        # after a load, the aggregates of the agencies it touched (abdi.analytics.tasks)
        after_load.register(queued_after_load("abdi.analytics.tasks.refresh_for_batch"))
