from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "abdi.talent"
    label = "talent"
    verbose_name = "Manajemen talenta"

    def ready(self):
        from abdi.core.hooks import after_load, queued_after_load
        from abdi.core.rulesets import register_default
        from abdi.people.exports import register_export
        from abdi.talent import bulk, rules, scorecard, succession

        for code, data in rules.DEFAULTS.items():
            register_default(code, data)
        register_default(succession.SUKSESI, succession.SUKSESI_DEFAULT)
        register_export("talent", bulk.TALENT_COLUMNS, bulk.talent_rows, resolve_year=bulk.default_year)
        after_load.register(queued_after_load("abdi.talent.tasks.ninebox_for_batch"))
        scorecard.register_indicators()  # pool depth and bench strength on the agency scorecard
