from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "abdi.talent"
    label = "talent"
    verbose_name = "Manajemen talenta"

    def ready(self):
        from abdi.core.hooks import after_change, after_load, queued_after_load
        from abdi.core.rulesets import register_default
        from abdi.people.exports import register_export
        from abdi.talent import bulk, rules, scorecard, succession

        register_default("talent.sembilan_kotak", rules.NINEBOX, validate=rules.validate,
                         label="9-box: sumbu kinerja, batas potensial, bobot, penomoran, kotak kelompok talenta")
        register_default(succession.SUKSESI, succession.SUKSESI_DEFAULT, validate=succession.validate_rules,
                         label="Suksesi: ambang kesiapan, suksesor siap yang dibutuhkan, cakrawala pensiun")
        register_export("talent", bulk.TALENT_COLUMNS, bulk.talent_rows, resolve_year=bulk.default_year)
        after_load.register(queued_after_load("abdi.talent.tasks.ninebox_for_batch"))
        after_change.register(bulk.on_change)  # screens' and the API's edits of assessments, ratings, standards
        scorecard.register_indicators()  # pool depth and bench strength on the agency scorecard
