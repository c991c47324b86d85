"""``skp.csv`` in ``abdi load DIR`` (CONTRACTS §3): SKP ratings per civil servant, year and period.

* ``validate_skp``: vectorised checks of one batch (pyarrow/numpy, no per-row Python): ``nip`` 18 digits,
  ``tahun`` an integer 2000–(this year + 1), ``periode`` one of ``rules.PERIODS`` and both ratings one of
  ``rules.RATINGS`` (codes in any case, stored upper case).
* ``reject_unknown_nips``: the NIP reference is checked set-based in the staging table (one UPDATE against
  ``people_pegawai``), since the roster may hold millions of NIPs that do not belong in the in-memory context.
* ``apply_skp``: two statements, as the roster tables (``apply._upsert``): update the ratings that differ,
  insert the new (nip, tahun, periode).
* ``recompute_for_batch``: what the ``after_load`` task runs to keep ``SkpSummary`` current.

The key is the triple (nip, tahun, periode): the first occurrence loads, later ones are rejected.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from django.utils import timezone

from abdi.people.imports import checks as ck
from abdi.people.imports.apply import reject_unknown_nips
from abdi.people.imports.source import Batch
from abdi.people.imports.specs import Checked, Context, FileSpec, _common
from abdi.people.imports.staging import is_postgres, qn
from abdi.performance import rules

log = logging.getLogger("abdi.load")

SKP_REQ = ("nip", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja")
MIN_YEAR = 2000
R_NIP_FORMAT = "NIP tidak sah: harus 18 digit angka"


def max_year(today: dt.date) -> int:
    return today.year + 1


def validate_skp(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, SKP_REQ)
    values = dict(c)
    nip_missing = ck.check_required(err, "nip", c["nip"])
    digits = pc.match_substring_regex(c["nip"], r"^\d{18}$").to_numpy(zero_copy_only=False)
    err.mark(~nip_missing & ~digits, "nip", R_NIP_FORMAT)
    tahun = ck.check_int(err, "tahun", c["tahun"], MIN_YEAR, max_year(ctx.today))
    # the year as a plain number ('02025' and '2025' are the same key)
    c["tahun"] = pc.if_else(pa.array(tahun > 0), pa.array(tahun.astype(str)), c["tahun"])
    for col, allowed in (("periode", rules.PERIODS), ("rating_hasil_kerja", rules.RATINGS),
                         ("rating_perilaku_kerja", rules.RATINGS)):
        c[col] = pc.utf8_upper(c[col])
        ck.check_code(err, col, c[col], allowed)
    return Checked(c, err, values, [])


def _distinct(a: str, b: str) -> str:
    return f"{a} IS DISTINCT FROM {b}" if is_postgres() else f"{a} IS NOT {b}"


def apply_skp(fl) -> None:
    """Upsert the accepted rows into ``performance_skprating``: update only the ratings that differ, insert
    the new (nip, tahun, periode); both stamp this batch. Unchanged rows are not written."""
    from abdi.people.imports.apply import IndexesBuiltAtEnd, table_is_empty

    t0 = time.perf_counter()
    now = timezone.now()
    stg = qn(fl.staging.table)
    target = "performance_skprating"
    # rejected rows may hold any text in ``tahun``: cast only accepted ones (CASE evaluates lazily)
    year = "CASE WHEN s.rej_col = '' THEN CAST(s.tahun AS integer) END"
    cols = "nip, tahun, periode, rating_hasil_kerja, rating_perilaku_kerja, batch_id, diperbarui_pada"
    select = (f"SELECT s.nip, {year}, s.periode, s.rating_hasil_kerja, s.rating_perilaku_kerja, %s, %s "
              f"FROM {stg} s")
    if table_is_empty(target):
        # a first load: on PostgreSQL the primary key and the (nip, tahun, periode) unique constraint are built
        # once at the end (1.3 M ratings: 3.9 s instead of 6.8 s for a sorted insert into the indexes)
        with IndexesBuiltAtEnd(target, unique=True), connection.cursor() as cur:
            cur.execute(f"INSERT INTO {target} ({cols}) {select} WHERE s.rej_col = ''", [fl.batch_id, now])
            log.info("%s: %d ratings inserted in %.1f s", fl.label, cur.rowcount, time.perf_counter() - t0)
        log.info("%s: indexes built at %.1f s", fl.label, time.perf_counter() - t0)
        return
    with connection.cursor() as cur:
        differs = " OR ".join(_distinct(f"{target}.{c}", f"s.{c}")
                              for c in ("rating_hasil_kerja", "rating_perilaku_kerja"))
        cur.execute(
            f"UPDATE {target} SET rating_hasil_kerja = s.rating_hasil_kerja, "
            f"rating_perilaku_kerja = s.rating_perilaku_kerja, batch_id = %s, diperbarui_pada = %s FROM {stg} s "
            f"WHERE {target}.nip = s.nip AND {target}.tahun = {year} AND {target}.periode = s.periode "
            f"AND s.rej_col = '' AND ({differs})", [fl.batch_id, now])
        updated = cur.rowcount
        cur.execute(
            f"INSERT INTO {target} ({cols}) {select} LEFT JOIN {target} r ON r.nip = s.nip AND r.tahun = {year} "
            f"AND r.periode = s.periode WHERE s.rej_col = '' AND r.id IS NULL", [fl.batch_id, now])
        log.info("%s: %d ratings updated, %d inserted in %.1f s", fl.label, updated, cur.rowcount,
                 time.perf_counter() - t0)


SKP_SPEC = FileSpec("skp.csv", "nip", SKP_REQ, (), validate_skp, key_columns=("nip", "tahun", "periode"),
                    stage_check=reject_unknown_nips, needs_context=False)


# --- after a load: keep the per-unit summaries current --------------------------------------------------
def years_to_recompute(batch_id: int) -> list[int]:
    """The years whose ``SkpSummary`` a committed load may have changed: those of the ratings it wrote, and,
    when it changed the roster (a ``Pegawai`` row stamped with the batch: someone new, moved, or whose
    ``kedudukan`` changed), every year that already has summaries. Two cheap queries; a load that changed
    nothing relevant gives no year."""
    from abdi.people.models import Pegawai
    from abdi.performance.models import SkpSummary

    with connection.cursor() as cur:
        cur.execute("SELECT DISTINCT tahun FROM performance_skprating WHERE batch_id = %s", [batch_id])
        years = {int(r[0]) for r in cur.fetchall()}
    if Pegawai.objects.filter(batch_id=batch_id).exists():
        years |= set(SkpSummary.objects.values_list("tahun", flat=True).distinct())
    return sorted(years)


def recompute_for_batch(batch_id: int) -> list[int]:
    from abdi.performance.services import summary_recompute

    years = years_to_recompute(batch_id)
    for year in years:
        t0 = time.perf_counter()
        summary_recompute(tahun=year, actor_label=f"load_batch:{batch_id}")
        log.info("SKP summary %d recomputed after load %d in %.1f s", year, batch_id, time.perf_counter() - t0)
    return years



# --- abdi export skp (CONTRACTS §8) ---------------------------------------------------------------------
SKP_COLUMNS = SKP_REQ + ("predikat",)
EXPORT_CHUNK = 5000


def default_year() -> int | None:
    """``--year`` by default: the latest year that has any rating (None when there is none)."""
    from django.db.models import Max

    from abdi.performance.models import SkpRating

    return SkpRating.objects.aggregate(y=Max("tahun"))["y"]


def skp_rows(pegawai_qs, year: int | None, personal: bool):
    """Every SKP rating of ``year`` of the employees in ``pegawai_qs`` (the export's scope), ordered by NIP and
    period, with the predikat the database computes from the matrix in force (so it is current right after
    a load or a rule change). Without ``personal`` the NIP's birth-date digits are masked."""
    from abdi.people.exports import _text
    from abdi.people.masking import mask_nip
    from abdi.performance.models import SkpRating
    from abdi.performance.selectors import ratings_with_predikat

    if year is None:
        return
    ratings = SkpRating.objects.all()
    if pegawai_qs.query.has_filters():  # a scope: only its employees' ratings (a subquery, not a NIP list)
        ratings = ratings.filter(pegawai__in=pegawai_qs.order_by().values("nip"))
    rows = (ratings_with_predikat(year, ratings).order_by("pegawai_id", "periode")
            .values_list("pegawai_id", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja", "predikat"))
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        out = [_text(v) for v in row]
        if not personal:
            out[0] = mask_nip(out[0])
        yield out
