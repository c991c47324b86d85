from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "abdi.planning"
    label = "planning"
    verbose_name = "Perencanaan kebutuhan dan redistribusi"

    def ready(self):
        from abdi.core.rulesets import register_default
        from abdi.people.exports import register_export
        from abdi.people.imports.registry import register_file
        from abdi.planning import bulk, exports, rules, scorecard

        for code, data in rules.DEFAULTS.items():
            register_default(code, data)
        from abdi.planning import penyetaraan_rules

        register_default(penyetaraan_rules.PENYETARAAN, penyetaraan_rules.DEFAULTS[penyetaraan_rules.PENYETARAAN])
        register_file(bulk.KEBUTUHAN_SPEC, bulk.apply_kebutuhan, after="pegawai.csv", tables=("planning_kebutuhan",))
        register_file(bulk.HUKDIS_SPEC, bulk.apply_hukdis, after="pegawai.csv", tables=("planning_hukdis",))
        register_export("needs", exports.NEEDS_COLUMNS, exports.needs_rows)
        register_export("plan", exports.PLAN_COLUMNS, exports.plan_rows, options=("scenario",))
        scorecard.register_indicators()  # staffing gaps on the agency scorecard
