from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "abdi.talent"
    label = "talent"
    verbose_name = "Manajemen talenta"

    def ready(self):
        from abdi.core.rulesets import register_default
        from abdi.talent import rules

        for code, data in rules.DEFAULTS.items():
            register_default(code, data)
