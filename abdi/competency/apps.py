from django.apps import AppConfig


class CompetencyConfig(AppConfig):
    name = "abdi.competency"
    label = "competency"
    verbose_name = "Kompetensi"

    def ready(self):
        from abdi.competency import bulk, rules
        from abdi.core.rulesets import register_default
        from abdi.people.imports.registry import register_file

        for code, data in rules.DEFAULTS.items():
            register_default(code, data, validate=rules.VALIDATORS[code], label=rules.RULESET_LABELS[code])
        register_file(bulk.STANDAR_SPEC, bulk.apply_standar, after="pegawai.csv",
                      tables=("competency_standarkompetensi",))
        register_file(bulk.ASESMEN_SPEC, bulk.apply_asesmen, after="standar_kompetensi.csv",
                      tables=("competency_asesmen",))
