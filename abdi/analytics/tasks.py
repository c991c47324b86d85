"""Background entry points of the analytics app (DESIGN style 5: another way into the same services)."""

from __future__ import annotations

from celery import shared_task

from abdi.analytics.services import refresh, refresh_for_load


@shared_task(name="abdi.analytics.tasks.refresh_for_batch", ignore_result=True)
def refresh_for_batch(batch_id: int) -> None:
    refresh_for_load(batch_id)


@shared_task(name="abdi.analytics.tasks.refresh_all", ignore_result=True)
def refresh_all() -> None:
    refresh()
