"""Background entry points of the talent app (DESIGN style 5: another way into the same services)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="abdi.talent.tasks.ninebox_for_batch", ignore_result=True)
def ninebox_for_batch(batch_id: int) -> None:
    from abdi.talent.bulk import recompute_for_batch

    recompute_for_batch(batch_id)


@shared_task(name="abdi.talent.tasks.ninebox_job", ignore_result=True)
def ninebox_job(job_id: int) -> None:
    """Run a queued 9-box recompute (``HitungKotak``); a failure is recorded on the job."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from abdi.talent.models import HitungKotak
    from abdi.talent.services import ninebox_recompute

    User = get_user_model()  # noqa: N806
    job = HitungKotak.objects.get(pk=job_id)
    actor = User.objects.filter(username=job.oleh).first()
    try:
        ninebox_recompute(tahun=job.tahun, instansi_id=job.instansi_id, actor=actor, job=job)
    except Exception as exc:
        HitungKotak.objects.filter(pk=job_id).update(status=HitungKotak.Status.GAGAL, tahap=str(exc)[:100],
                                                     selesai_pada=timezone.now())
        raise


@shared_task(name="abdi.talent.tasks.ninebox_for_people", ignore_result=True)
def ninebox_for_people(nips: list[str], years: list[int]) -> None:
    """The boxes of a few people again, after an edit of their assessment or annual rating."""
    from abdi.talent.services import ninebox_refresh_people

    ninebox_refresh_people(nips=nips, years=years)


@shared_task(name="abdi.talent.tasks.ninebox_for_years", ignore_result=True)
def ninebox_for_years(years: list[int]) -> None:
    """Whole years again (a position's competency standard changed)."""
    from abdi.talent.services import ninebox_recompute

    for tahun in years:
        ninebox_recompute(tahun=tahun, actor_label="perubahan_standar")
