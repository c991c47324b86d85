"""The performance indicators of the agency scorecard (analytics): SKP completion and the predikat spread of
the latest year with annual ratings, from one grouped query over the agency's active staff."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from abdi.performance import rules
from abdi.performance.models import SkpRating
from abdi.performance.selectors import ratings_with_predikat


def _year(instansi_id: str, today: dt.date) -> int:
    latest = (SkpRating.objects.filter(periode="TAHUNAN", pegawai__instansi_id=instansi_id, tahun__lte=today.year)
              .aggregate(y=Max("tahun"))["y"])
    return latest or today.year - 1


def _figures(instansi_id: str, today: dt.date) -> tuple[int, int, dict[str, int], int]:
    from abdi.people.models import Pegawai

    tahun = _year(instansi_id, today)
    aktif = Pegawai.objects.filter(instansi_id=instansi_id, kedudukan="AKTIF").count()
    counts = dict.fromkeys(rules.PREDIKAT, 0)
    qs = SkpRating.objects.filter(periode="TAHUNAN", pegawai__instansi_id=instansi_id, pegawai__kedudukan="AKTIF")
    for pred, n in ratings_with_predikat(tahun, qs).values("predikat").annotate(n=Count("id")).values_list("predikat", "n"):
        counts[pred] = n
    return tahun, aktif, counts, sum(counts.values())


def skp_completion(instansi_id: str, today: dt.date):
    from abdi.analytics.scorecard import Value

    tahun, aktif, _counts, dinilai = _figures(instansi_id, today)
    return Value(nilai=round(100 * dinilai / aktif, 1) if aktif else None, penyebut=aktif,
                 seri=[{"label": str(_("dinilai")), "nilai": dinilai}, {"label": str(_("belum")), "nilai": aktif - dinilai}],
                 catatan=str(_("ASN aktif dengan penilaian SKP tahunan %(tahun)s.")) % {"tahun": tahun})


def predikat_spread(instansi_id: str, today: dt.date):
    from abdi.analytics.scorecard import Value

    tahun, _aktif, counts, dinilai = _figures(instansi_id, today)
    return Value(nilai=round(100 * counts["SANGAT_BAIK"] / dinilai, 1) if dinilai else None, penyebut=dinilai,
                 seri=[{"label": rules.PREDIKAT_LABELS[p], "nilai": counts[p]} for p in rules.PREDIKAT],
                 catatan=str(_("Sebaran predikat SKP tahunan %(tahun)s; nilai: persen Sangat Baik.")) % {"tahun": tahun})


def register_indicators() -> None:
    from abdi.analytics.scorecard import Indicator, register

    register(Indicator("penyelesaian_skp", _("Penyelesaian SKP"), skp_completion, "%", "performance"))
    register(Indicator("sebaran_predikat_skp", _("Sebaran predikat SKP"), predikat_spread, "%", "performance"),
             after="penyelesaian_skp")
