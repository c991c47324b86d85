from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "abdi.talent"
    label = "talent"
    verbose_name = "Manajemen talenta"

    def ready(self):
        from abdi.core.hooks import after_load
        from abdi.core.rulesets import register_default
        from abdi.people.exports import register_export
        from abdi.talent import bulk, rules, scorecard

        for code, data in rules.DEFAULTS.items():
            register_default(code, data)
        register_export("talent", bulk.TALENT_COLUMNS, bulk.talent_rows, resolve_year=bulk.default_year)
        after_load.register(bulk.recompute_after_load)
        scorecard.register_indicators()  # pool depth and bench strength on the agency scorecard
