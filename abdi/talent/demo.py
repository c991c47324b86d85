"""The talent part of ``abdi demo``: the demo agency admin sits on the agency's talent committee, the agency has
a succession pool filled from the 9-box, and its top structural posts are key positions with ranked successors.
Idempotent; through the services, so the demo's audit trail shows it."""

from __future__ import annotations

from abdi.talent.models import JabatanTarget, KelompokTalenta, KomiteTalenta, Kotak
from abdi.talent.selectors import latest_year
from abdi.talent.services import (
    committee_grant,
    ninebox_recompute,
    pool_create,
    pools_refresh,
    successors_recompute,
)

KEY_POSITIONS = 5


def seed_demo_talent(admin) -> dict:
    """For ``admin`` (an agency admin with one agency): committee, pool, key positions and successors."""
    access = getattr(admin, "access", None)
    if access is None or len(access.instansi_ids) != 1:
        return {}
    instansi_id = next(iter(access.instansi_ids))
    year = latest_year()
    if year is None:
        from abdi.talent.bulk import default_year

        year = default_year()
        if year is None:
            return {}
        ninebox_recompute(tahun=year, actor_label="abdi demo")
    if not KomiteTalenta.objects.filter(user=admin, instansi_id=instansi_id, unor=None).exists():
        committee_grant(actor=admin, username=admin.username, instansi_id=instansi_id)
    if not KelompokTalenta.objects.filter(instansi_id=instansi_id).exists():
        pool_create(actor=admin, nama="Kelompok rencana suksesi instansi", tingkat="INSTANSI", instansi_id=instansi_id)
    pools_refresh(tahun=year, actor_label="abdi demo")
    if not JabatanTarget.objects.filter(instansi_id=instansi_id).exists():
        from abdi.people.models import Pegawai
        from abdi.talent.services import key_position_add

        # the agency's highest posts as held today (unit, position), structural ones first
        held = Pegawai.objects.filter(instansi_id=instansi_id, kedudukan="AKTIF")
        posts = [*held.filter(jabatan__jenis="STRUKTURAL").order_by("-jabatan__kelas", "unor_id")
                 .values_list("unor_id", "jabatan_id")[:200],
                 *held.order_by("-jabatan__kelas", "unor_id").values_list("unor_id", "jabatan_id")[:200]]
        added = set()
        for unor_id, jabatan_id in posts:
            if (unor_id, jabatan_id) in added:
                continue
            key_position_add(actor=admin, unor_id=unor_id, jabatan_id=jabatan_id)
            added.add((unor_id, jabatan_id))
            if len(added) >= KEY_POSITIONS:
                break
    result = successors_recompute(instansi_id=instansi_id, actor_label="abdi demo")
    return {"tahun": year, "kotak": Kotak.objects.filter(tahun=year, instansi_id=instansi_id).count(), **result}
