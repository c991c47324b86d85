"""The staffing-gap indicator of the agency scorecard: seats short against the needs for next year (staff
projected with the retirements due by its end), with the needs, the staff in post and the surplus beside it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from abdi.planning.needs import NATIONAL, gap_rollup


def staffing_gap(instansi_id: str, today: dt.date):
    from abdi.analytics.scorecard import Value
    from abdi.planning.models import Kebutuhan

    if not Kebutuhan.objects.filter(unor__instansi_id=instansi_id).exists():
        return Value(nilai=None, catatan=str(_("Belum ada data kebutuhan (kebutuhan.csv atau isian ABK).")))
    rows = gap_rollup(NATIONAL, tahun=today.year + 1, by="instansi", instansi_id=instansi_id, limit=1)
    if not rows:
        return Value(nilai=None, catatan=str(_("Belum ada data kebutuhan (kebutuhan.csv atau isian ABK).")))
    g = rows[0]
    return Value(nilai=g.kekurangan, penyebut=g.kebutuhan,
                 seri=[{"label": str(_("kebutuhan")), "nilai": g.kebutuhan},
                       {"label": str(_("bezetting")), "nilai": g.bezetting},
                       {"label": str(_("proyeksi akhir tahun depan")), "nilai": g.proyeksi},
                       {"label": str(_("kelebihan")), "nilai": g.surplus},
                       {"label": str(_("kekurangan")), "nilai": g.kekurangan}],
                 catatan=str(_("Kursi yang kurang terhadap kebutuhan tahun depan, per unit × jabatan; pegawai "
                               "yang pensiun sampai akhir tahun itu tidak dihitung.")))


def register_indicators() -> None:
    from abdi.analytics.scorecard import Indicator, register

    register(Indicator("kesenjangan_kebutuhan", _("Kesenjangan kebutuhan pegawai (ABK)"), staffing_gap, _("kursi"),
                       "planning"))
