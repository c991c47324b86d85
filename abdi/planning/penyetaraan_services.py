"""Writes of penyetaraan jabatan (DOMAIN §7): propose, approve or refuse, and apply a conversion of an
administrative post to a functional post. Each step is audited in its transaction.

Who does what [U]: an agency admin (for holders in their agencies) or a national admin proposes; a national
admin (the KemenPANRB/BKN role) approves or refuses with a reason; the agency's admin or a national admin
applies, which in one transaction moves the holder to the functional post from the TMT and writes their
history row with the decree (SK). Refusals: 403 a step the role never takes, 404 outside the actor's scope,
409 the proposal's state (or a stale form, or the holder has moved since), 422 invalid input or a holder who
is not eligible.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from abdi.core.audit import audit_record
from abdi.core.rulesets import Rules, rules_in_force, rules_version_add
from abdi.planning import penyetaraan_rules as prules
from abdi.planning.models import UsulanPenyetaraan
from abdi.planning.penyetaraan_selectors import (
    OPEN,
    PenyetaraanError,
    may_apply,
    may_decide,
    may_propose,
    rules_now,
)

MAX_PER_PROPOSAL = 500
Status = UsulanPenyetaraan.Status


def _audit(actor, action: str, u: UsulanPenyetaraan, *, before=None, after=None) -> None:
    audit_record(actor=actor, action=f"planning.penyetaraan_{action}", object_type="usulan_penyetaraan",
                 object_id=u.pk, before=before, after=after, instansi_id=u.instansi_id,
                 unor_path=getattr(u.unor, "path", "") or "")


def _locked(usulan: UsulanPenyetaraan, versi: int | None) -> UsulanPenyetaraan:
    u = UsulanPenyetaraan.objects.select_for_update().select_related("unor").get(pk=usulan.pk)
    if versi is not None and versi != u.versi:
        raise PenyetaraanError("usulan telah berubah sejak halaman dibuka; muat ulang", status=409, field="versi")
    return u


def holder_verdict(pegawai, rules: dict) -> prules.Verdict:
    """Eligibility of one person (with ``unor`` and ``jabatan`` loaded) under ``rules``."""
    unor, jabatan = pegawai.unor, pegawai.jabatan
    return prules.assess(prules.Holder(
        kedudukan=pegawai.kedudukan, jenis=jabatan.jenis, jenjang=jabatan.jenjang_id, jabatan_id=jabatan.pk,
        eselon_unit=unor.eselon, pimpinan_unit=unor.pemimpin_nip == pegawai.nip), rules)


def proposal_create(*, actor, nips: list[str], jabatan_tujuan_id: str, catatan: str = "") -> list[UsulanPenyetaraan]:
    """Propose converting each of ``nips`` to the functional post ``jabatan_tujuan_id``: all or none. Every
    holder must be eligible under the rule set in force, in the actor's agencies, without an open proposal,
    and the post must be a functional post of the level their administrative level maps to."""
    from abdi.org.models import Jabatan
    from abdi.people.models import Pegawai

    if not may_propose(actor):
        raise PenyetaraanError("usulan penyetaraan diajukan oleh admin instansi atau admin nasional", status=403)
    access = actor.access
    wanted = list(dict.fromkeys((n or "").strip() for n in nips or [] if (n or "").strip()))
    if not wanted:
        raise PenyetaraanError("pilih sedikitnya satu pegawai", field="nips")
    if len(wanted) > MAX_PER_PROPOSAL:
        raise PenyetaraanError(f"paling banyak {MAX_PER_PROPOSAL} pegawai sekali usul", field="nips")
    catatan = (catatan or "").strip()
    if len(catatan) > 500:
        raise PenyetaraanError("catatan paling panjang 500 karakter", field="catatan")
    target = Jabatan.objects.filter(pk=(jabatan_tujuan_id or "").strip()[:40]).first()
    if target is None:
        raise PenyetaraanError("jabatan fungsional tujuan tidak dikenal", field="jabatan_tujuan_id")
    if target.jenis != "FUNGSIONAL":
        raise PenyetaraanError("jabatan tujuan harus jabatan fungsional", field="jabatan_tujuan_id")
    rules = rules_now()
    now = timezone.now()
    with transaction.atomic():
        people = {p.nip: p for p in Pegawai.objects.select_for_update(of=("self",))
                  .select_related("unor", "jabatan").filter(nip__in=wanted)}
        unseen = [n for n in wanted if n not in people
                  or not (access.national or people[n].instansi_id in access.instansi_ids)]
        if unseen:
            raise PenyetaraanError(f"pegawai tidak ditemukan: {', '.join(unseen[:5])}", status=404, field="nips")
        verdicts = {n: holder_verdict(people[n], rules.data) for n in wanted}
        refused = [f"{n}: {prules.REASONS[v.alasan]}" for n, v in verdicts.items() if not v.eligible]
        if refused:
            raise PenyetaraanError("tidak memenuhi syarat penyetaraan — " + "; ".join(refused[:5]), field="nips")
        wrong = [n for n, v in verdicts.items() if v.jenjang_tujuan != target.jenjang_id]
        if wrong:
            need = sorted({verdicts[n].jenjang_tujuan for n in wrong})
            raise PenyetaraanError(f"jabatan tujuan berjenjang {target.jenjang_id}, sedangkan {', '.join(wrong[:5])} "
                                   f"disetarakan ke {', '.join(need)}", field="jabatan_tujuan_id")
        busy = list(UsulanPenyetaraan.objects.filter(pegawai_id__in=wanted, status__in=OPEN)
                    .values_list("pegawai_id", flat=True))
        if busy:
            raise PenyetaraanError(f"sudah ada usulan yang belum selesai untuk {', '.join(sorted(busy)[:5])}",
                                   status=409, field="nips")
        created = []
        try:
            with transaction.atomic():
                for n in wanted:
                    p, v = people[n], verdicts[n]
                    u = UsulanPenyetaraan.objects.create(
                        pegawai=p, instansi_id=p.instansi_id, unor=p.unor, jabatan_asal_id=p.jabatan_id,
                        tingkat_asal=v.tingkat, jabatan_tujuan=target, jenjang_tujuan=v.jenjang_tujuan,
                        catatan=catatan, rule_version=rules.version, diusulkan_oleh=actor.username,
                        diusulkan_pada=now)
                    _audit(actor, "usul", u, after={"nip": n, "jabatan_asal": p.jabatan_id,
                                                    "tingkat_asal": v.tingkat, "jabatan_tujuan": target.pk,
                                                    "rule_version": rules.version, "catatan": catatan})
                    created.append(u)
        except IntegrityError:  # a concurrent proposal for the same holder won the race
            raise PenyetaraanError("sudah ada usulan yang belum selesai untuk pegawai ini", status=409,
                                   field="nips") from None
    return created


def proposal_approve(*, actor, usulan: UsulanPenyetaraan, catatan: str = "",
                     versi: int | None = None) -> UsulanPenyetaraan:
    if not may_decide(actor):
        raise PenyetaraanError("usulan penyetaraan disetujui oleh admin nasional (KemenPANRB/BKN)", status=403)
    with transaction.atomic():
        u = _locked(usulan, versi)
        if u.status != Status.DIUSULKAN:
            raise PenyetaraanError("hanya usulan berstatus diusulkan yang dapat disetujui", status=409)
        u.status, u.diputus_oleh, u.diputus_pada = Status.DISETUJUI, actor.username, timezone.now()
        u.catatan_putusan = (catatan or "").strip()[:500]
        u.versi += 1
        u.save(update_fields=["status", "diputus_oleh", "diputus_pada", "catatan_putusan", "versi"])
        _audit(actor, "setujui", u, before={"status": Status.DIUSULKAN},
               after={"status": u.status, "catatan": u.catatan_putusan})
    return u


def proposal_reject(*, actor, usulan: UsulanPenyetaraan, alasan: str, versi: int | None = None) -> UsulanPenyetaraan:
    if not may_decide(actor):
        raise PenyetaraanError("usulan penyetaraan diputus oleh admin nasional (KemenPANRB/BKN)", status=403)
    alasan = (alasan or "").strip()
    if not alasan:
        raise PenyetaraanError("alasan penolakan wajib diisi", field="alasan")
    if len(alasan) > 500:
        raise PenyetaraanError("alasan paling panjang 500 karakter", field="alasan")
    with transaction.atomic():
        u = _locked(usulan, versi)
        if u.status != Status.DIUSULKAN:
            raise PenyetaraanError("hanya usulan berstatus diusulkan yang dapat ditolak", status=409)
        u.status, u.diputus_oleh, u.diputus_pada, u.catatan_putusan = (Status.DITOLAK, actor.username,
                                                                       timezone.now(), alasan)
        u.versi += 1
        u.save(update_fields=["status", "diputus_oleh", "diputus_pada", "catatan_putusan", "versi"])
        _audit(actor, "tolak", u, before={"status": Status.DIUSULKAN}, after={"status": u.status, "alasan": alasan})
    return u


def proposal_apply(*, actor, usulan: UsulanPenyetaraan, nomor_sk: str, tanggal_sk: dt.date | None = None,
                   tmt: dt.date | None = None, versi: int | None = None) -> UsulanPenyetaraan:
    """Move the holder to the functional post from ``tmt`` (default: the SK date, else today), with a history
    row carrying the decree; refused (409) when the holder is no longer active in the post proposed."""
    from abdi.people.models import Pegawai, RiwayatPegawai

    if not may_apply(actor, usulan.instansi_id):
        raise PenyetaraanError("penyetaraan diterapkan oleh admin instansi yang bersangkutan atau admin nasional",
                               status=403)
    nomor_sk = (nomor_sk or "").strip()
    if not nomor_sk:
        raise PenyetaraanError("nomor SK penyetaraan wajib diisi", field="nomor_sk")
    if len(nomor_sk) > 100:
        raise PenyetaraanError("nomor SK paling panjang 100 karakter", field="nomor_sk")
    today = timezone.localdate()
    tanggal_sk = tanggal_sk or today
    tmt = tmt or tanggal_sk
    if tanggal_sk > today:
        raise PenyetaraanError("tanggal SK tidak boleh di masa depan", field="tanggal_sk")
    with transaction.atomic():
        u = _locked(usulan, versi)
        if u.status != Status.DISETUJUI:
            raise PenyetaraanError("hanya usulan yang disetujui yang dapat diterapkan", status=409)
        p = Pegawai.objects.select_for_update().filter(pk=u.pegawai_id).first()
        if p is None or p.kedudukan != "AKTIF" or p.jabatan_id != u.jabatan_asal_id or p.unor_id != u.unor_id:
            raise PenyetaraanError("pegawai tidak lagi aktif pada jabatan yang diusulkan; usulan tidak dapat "
                                   "diterapkan", status=409)
        if tmt < p.tmt_jabatan:
            raise PenyetaraanError(f"TMT tidak boleh sebelum TMT jabatan sekarang ({p.tmt_jabatan:%d-%m-%Y})",
                                   field="tmt")
        now = timezone.now()
        before = {"jabatan_id": p.jabatan_id, "tmt_jabatan": p.tmt_jabatan}
        p.jabatan_id, p.tmt_jabatan, p.diperbarui_pada = u.jabatan_tujuan_id, tmt, now
        p.save(update_fields=["jabatan_id", "tmt_jabatan", "diperbarui_pada"])
        RiwayatPegawai.objects.create(pegawai=p, tmt=tmt, perubahan="JABATAN", instansi_id=p.instansi_id,
                                      unor_id=p.unor_id, jabatan_id=p.jabatan_id, golongan=p.golongan,
                                      status=p.status, kedudukan=p.kedudukan, nomor_sk=nomor_sk,
                                      tanggal_sk=tanggal_sk, dicatat_pada=now)
        u.status, u.diterapkan_oleh, u.diterapkan_pada = Status.DITERAPKAN, actor.username, now
        u.nomor_sk, u.tanggal_sk, u.tmt = nomor_sk, tanggal_sk, tmt
        u.versi += 1
        u.save(update_fields=["status", "diterapkan_oleh", "diterapkan_pada", "nomor_sk", "tanggal_sk", "tmt",
                              "versi"])
        _audit(actor, "terapkan", u, before={"status": Status.DISETUJUI, **before},
               after={"status": u.status, "jabatan_id": p.jabatan_id, "tmt_jabatan": tmt, "nomor_sk": nomor_sk,
                      "tanggal_sk": tanggal_sk})
    return u


def rules_update(*, actor, change: dict, valid_from: dt.date | None = None, note: str = "") -> Rules:
    """A new version of ``planning.penyetaraan`` from ``valid_from`` (default today): the version in force on
    that date with ``change``'s keys replaced. National admins only; the excluded posts must exist."""
    from abdi.org.models import Jabatan

    if not may_decide(actor):
        raise PenyetaraanError("aturan penyetaraan diubah oleh admin nasional", status=403)
    valid_from = valid_from or timezone.localdate()
    data = {**rules_in_force(prules.PENYETARAAN, valid_from).data, **change}
    try:
        prules.validate(data)
    except ValueError as exc:
        raise PenyetaraanError(str(exc), field="aturan") from exc
    data["jabatan_dikecualikan"] = sorted(set(data["jabatan_dikecualikan"]))
    known = set(Jabatan.objects.filter(pk__in=data["jabatan_dikecualikan"]).values_list("pk", flat=True))
    unknown = [j for j in data["jabatan_dikecualikan"] if j not in known]
    if unknown:
        raise PenyetaraanError(f"jabatan tidak dikenal: {', '.join(unknown[:5])}", field="jabatan_dikecualikan")
    row = rules_version_add(code=prules.PENYETARAAN, data=data, valid_from=valid_from, actor=actor,
                            note=(note or "").strip()[:300], validate=prules.validate)
    return Rules(prules.PENYETARAAN, row.version, row.valid_from, row.data)
