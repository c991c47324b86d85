from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_reference(sender, using="default", **kwargs):  # noqa: ARG001
    # Reference data is part of the schema: `abdi migrate` (re)loads it idempotently.
    from abdi.org.services import reference_sync

    reference_sync(using=using)


class OrgConfig(AppConfig):
    name = "abdi.org"
    label = "org"
    verbose_name = "Organisasi"

    def ready(self) -> None:
        post_migrate.connect(_sync_reference, sender=self, dispatch_uid="abdi.org.reference_sync")
