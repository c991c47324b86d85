"""Background entry points of the planning app (DESIGN style 5: another way into the same services)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="abdi.planning.tasks.scenario_job", ignore_result=True)
def scenario_job(skenario_id: int) -> None:
    """Run a queued redistribution scenario; a failure is recorded on the scenario (``GAGAL``)."""
    from abdi.planning.services import scenario_run

    scenario_run(skenario_id)
