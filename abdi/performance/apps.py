from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "abdi.performance"
    label = "performance"
    verbose_name = "Kinerja (SKP)"

    def ready(self):
        from abdi.core.hooks import after_load, queued_after_load
        from abdi.core.rulesets import register_default
        from abdi.people.exports import register_export
        from abdi.people.imports.registry import register_file
        from abdi.performance import bulk, rules, scorecard

        for code, data in rules.DEFAULTS.items():
            register_default(code, data, validate=rules.VALIDATORS[code], label=rules.RULESET_LABELS[code])
        register_file(bulk.SKP_SPEC, bulk.apply_skp, after="pegawai.csv", tables=("performance_skprating",))
        after_load.register(queued_after_load("abdi.performance.tasks.recompute_summaries_for_batch"))
        register_export("skp", bulk.SKP_COLUMNS, bulk.skp_rows, resolve_year=bulk.default_year)
        scorecard.register_indicators()  # SKP completion and predikat spread on the agency scorecard
