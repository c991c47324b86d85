"""Background entry points of the performance app (DESIGN style 5: another way into the same services)."""

from __future__ import annotations

from celery import shared_task

from abdi.performance.bulk import recompute_for_batch


@shared_task(name="abdi.performance.tasks.recompute_summaries_for_batch", ignore_result=True)
def recompute_summaries_for_batch(batch_id: int) -> None:
    recompute_for_batch(batch_id)
