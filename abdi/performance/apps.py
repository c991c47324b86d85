from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "abdi.performance"
    label = "performance"
    verbose_name = "Kinerja (SKP)"

    def ready(self):
        from abdi.core.rulesets import register_default
        from abdi.performance import rules

        for code, data in rules.DEFAULTS.items():
            register_default(code, data)
