from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "abdi.planning"
    label = "planning"
    verbose_name = "Perencanaan kebutuhan dan redistribusi"

    def ready(self):
        from abdi.core.rulesets import register_default
        from abdi.people.exports import register_export
        from abdi.people.imports.registry import register_file
        from abdi.planning import bulk, exports, penyetaraan_rules, rules, scorecard

        for module in (rules, penyetaraan_rules):
            for code, data in module.DEFAULTS.items():
                register_default(code, data, validate=module.VALIDATORS[code], label=module.RULESET_LABELS[code])
        register_file(bulk.KEBUTUHAN_SPEC, bulk.apply_kebutuhan, after="pegawai.csv", tables=("planning_kebutuhan",))
        register_file(bulk.HUKDIS_SPEC, bulk.apply_hukdis, after="pegawai.csv", tables=("planning_hukdis",))
        register_export("needs", exports.NEEDS_COLUMNS, exports.needs_rows)
        register_export("plan", exports.PLAN_COLUMNS, exports.plan_rows, options=("scenario",))
        scorecard.register_indicators()  # staffing gaps on the agency scorecard
