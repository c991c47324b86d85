"""``abdi export talent`` (CONTRACTS §8) and keeping the 9-box current after loads.

The export computes the boxes with the same SQL as the recompute (``compute.box_select``), so it is current
right after ``abdi load`` of new SKP ratings or assessments even before the stored boxes are rebuilt; the
calibrated box is the calibration in force. Rows: everyone with an annual SKP rating of the year (default: the
latest year that has any), an assessment and a competency standard for their position (JPM needs one)."""

from __future__ import annotations

import logging
import time
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

log = logging.getLogger("abdi.talent")
TALENT_COLUMNS = ("nip", "sumbu_kinerja", "sumbu_potensial", "kotak", "kotak_kalibrasi", "jpm")


def default_year() -> int | None:
    from abdi.performance.selectors import latest_annual_year

    return latest_annual_year()


def jpm_text(nilai: int, standar: int, cap) -> str:
    value = Decimal(nilai) * 100 / Decimal(standar)
    if cap is not None:
        value = min(value, Decimal(str(cap)))
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def talent_rows(pegawai_qs, year: int | None, personal: bool):
    from abdi.competency.selectors import jpm_rules_in_force
    from abdi.people.masking import mask_nip
    from abdi.talent import compute
    from abdi.talent.models import Kalibrasi

    if year is None:
        return
    cap = jpm_rules_in_force().get("cap")
    data = compute.rules_for(year).data
    calibrated = dict(Kalibrasi.objects.filter(tahun=year, berlaku=True).values_list("pegawai_id", "kotak"))
    scoped = pegawai_qs.query.has_filters()
    allowed = set(pegawai_qs.values_list("nip", flat=True)) if scoped else None
    compute.build_standard_table()
    select, params = compute.box_select(year, data)
    try:
        with connection.cursor() as cur:
            cur.execute(f"SELECT b.nip, b.sumbu_kinerja, b.sumbu_potensial, b.kotak, b.nilai, b.standar "
                        f"FROM ({select}) b ORDER BY b.nip", params)
            while True:
                chunk = cur.fetchmany(5000)
                if not chunk:
                    break
                for nip, kinerja, potensial, kotak, nilai, standar in chunk:
                    if allowed is not None and nip not in allowed:
                        continue
                    yield [nip if personal else mask_nip(nip), kinerja, potensial, str(kotak),
                           str(calibrated.get(nip, "")), jpm_text(nilai, standar, cap)]
    finally:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {compute.STD_TABLE}")


# --- after a load -------------------------------------------------------------------------------------------
def years_to_recompute(batch_id: int) -> list[int]:
    """The years whose boxes a committed load may have changed: those of the annual ratings it wrote; and, when
    it wrote assessments or standards or changed the roster, every year that already has boxes (and the
    latest rated year, for a first computation after assessments arrive)."""
    from abdi.competency.selectors import any_assessment, written_by_batch
    from abdi.people.models import Pegawai
    from abdi.talent.selectors import years_with_boxes

    with connection.cursor() as cur:
        cur.execute("SELECT DISTINCT tahun FROM performance_skprating WHERE batch_id = %s AND periode = 'TAHUNAN'",
                    [batch_id])
        years = {int(r[0]) for r in cur.fetchall()}
    if written_by_batch(batch_id) or Pegawai.objects.filter(batch_id=batch_id).exists():
        years |= years_with_boxes()
        latest = default_year()
        if latest and any_assessment():
            years.add(latest)
    return sorted(years)


def recompute_for_batch(batch_id: int) -> list[int]:
    from abdi.competency.selectors import any_assessment
    from abdi.talent.services import ninebox_recompute

    if not any_assessment():
        return []
    years = years_to_recompute(batch_id)
    for year in years:
        t0 = time.perf_counter()
        ninebox_recompute(tahun=year, actor_label=f"load_batch:{batch_id}")
        log.info("9-box %d recomputed after load %d in %.1f s", year, batch_id, time.perf_counter() - t0)
    return years



# --- after an edit on a screen or through the API ------------------------------------------------------------
def on_change(*, kind: str, nips=(), tahun: int | None = None, jabatan_id: str = "", **_) -> None:
    """``core.hooks.after_change``: keep the stored 9-box current after an edit. An assessment touches its
    person's box in every year that has boxes (the latest assessment counts for each); an annual SKP rating its
    person's box of that year; a position's standard everyone holding it, so every year with boxes is recomputed
    whole. A year without boxes yet waits for its first computation (a load or a request)."""
    from abdi.talent.selectors import years_with_boxes
    from abdi.talent.tasks import ninebox_for_people, ninebox_for_years

    years = years_with_boxes()
    if tahun is not None:
        years &= {tahun}
    if not years:
        return
    if kind == "standar":
        ninebox_for_years.delay(sorted(years))
    elif kind in ("asesmen", "skp_tahunan") and nips:
        ninebox_for_people.delay(sorted(set(nips)), sorted(years))
