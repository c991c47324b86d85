"""The talent indicators of the agency scorecard: the depth of the succession pools (active members working in
the agency) and bench strength (key positions with a successor ready now; flagged: none ready and the incumbent
retiring within 2 years)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from abdi.talent.models import AnggotaKelompok


def pool_depth(instansi_id: str, today: dt.date):  # noqa: ARG001
    from abdi.analytics.scorecard import Value

    members = (AnggotaKelompok.objects.filter(keluar_pada=None, pegawai__instansi_id=instansi_id,
                                              pegawai__kedudukan="AKTIF").values("pegawai_id").distinct().count())
    return Value(nilai=members, catatan=str(_("ASN aktif instansi ini dalam kelompok rencana suksesi (instansi "
                                              "atau nasional).")))


def bench(instansi_id: str, today: dt.date):  # noqa: ARG001
    from abdi.analytics.scorecard import Value
    from abdi.talent.selectors import bench_strength

    b = bench_strength(instansi_id)
    if not b["jabatan_target"]:
        return Value(nilai=None, penyebut=0, catatan=str(_("Belum ada jabatan target.")))
    return Value(nilai=b["dengan_siap_sekarang"], penyebut=b["jabatan_target"],
                 seri=[{"label": str(_("siap sekarang")), "nilai": b["dengan_siap_sekarang"]},
                       {"label": str(_("tanpa suksesor siap")), "nilai": b["tanpa_siap_sekarang"]},
                       {"label": str(_("tanpa suksesor siap, pemangku pensiun ≤ 2 tahun")),
                        "nilai": b["tanpa_siap_pensiun_2_tahun"]}],
                 catatan=str(_("Jabatan target dengan suksesor siap sekarang.")))


def register_indicators() -> None:
    from abdi.analytics.scorecard import Indicator, register

    register(Indicator("kedalaman_talenta", _("Kedalaman kelompok rencana suksesi (talent pool)"), pool_depth,
                       _("orang"), "talent"))
    register(Indicator("kekuatan_suksesi", _("Kekuatan suksesi jabatan target"), bench, _("jabatan"), "talent"),
             after="kedalaman_talenta")
