"""Reads of the competency app: a position's standard (its rows or the default of its level), a person's
latest assessment, and the gaps and JPM computed from them (never stored)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from abdi.competency import rules
from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.core.rulesets import rules_in_force


def jpm_rules_in_force(on: dt.date | None = None) -> dict:
    data = rules_in_force("competency.jpm", on or dt.date.today()).data
    rules.validate_jpm_rules(data)
    return data


def standard_of_position(jabatan_id: str, jenjang: str) -> dict[str, int]:
    rows = dict(StandarKompetensi.objects.filter(jabatan_id=jabatan_id).values_list("kompetensi", "level"))
    defaults = rules_in_force("competency.standar_bawaan", dt.date.today()).data
    return rules.standard_of(jenjang, rows, defaults)


def latest_assessment(nip: str) -> Asesmen | None:
    return Asesmen.objects.filter(pegawai_id=nip).order_by("-tanggal").first()


@dataclass(frozen=True)
class CompetencyProfile:
    asesmen: Asesmen | None
    standar: dict[str, int]
    gaps: dict[str, int]
    jpm: Decimal | None
    kategori_pemetaan: str
    kategori_seleksi: str
    riwayat: list  # earlier assessments, newest first


def competency_profile(nip: str, jabatan_id: str, jenjang: str) -> CompetencyProfile:
    history = list(Asesmen.objects.filter(pegawai_id=nip).order_by("-tanggal")[:10])
    latest = history[0] if history else None
    standard = standard_of_position(jabatan_id, jenjang)
    if latest is None or not standard:
        return CompetencyProfile(latest, standard, {}, None, "", "", history)
    jpm_rules = jpm_rules_in_force()
    value = rules.jpm(latest.levels(), standard, jpm_rules)
    return CompetencyProfile(latest, standard, rules.gaps(latest.levels(), standard), value,
                             rules.category(value, "pemetaan", jpm_rules), rules.category(value, "seleksi", jpm_rules),
                             history)


# --- set-based reads for other apps --------------------------------------------------------------------------
def standards_by_position() -> dict[str, dict[str, int]]:
    """Every position that has a standard (its rows, or its level's default), as competency → level."""
    from abdi.org.models import Jabatan

    defaults = rules_in_force("competency.standar_bawaan", dt.date.today()).data
    rows: dict[str, dict[str, int]] = {}
    for jabatan_id, kompetensi, level in StandarKompetensi.objects.values_list("jabatan_id", "kompetensi", "level"):
        rows.setdefault(jabatan_id, {})[kompetensi] = level
    out = {}
    for jabatan_id, jenjang in Jabatan.objects.values_list("jabatan_id", "jenjang_id"):
        standard = rules.standard_of(jenjang, rows.get(jabatan_id), defaults)
        if standard:
            out[jabatan_id] = standard
    return out


def latest_levels(nips) -> dict[str, list[int]]:
    """The nine levels (``rules.COMPETENCIES`` order) of each of ``nips``' latest assessment; those without one
    are absent."""
    out: dict[str, list[int]] = {}
    for a in Asesmen.objects.filter(pegawai_id__in=nips).order_by("pegawai_id", "-tanggal").values(
            "pegawai_id", *rules.COMPETENCIES):
        out.setdefault(a["pegawai_id"], [a[k] for k in rules.COMPETENCIES])
    return out


def any_assessment() -> bool:
    return Asesmen.objects.exists()


def written_by_batch(batch_id: int) -> bool:
    """Whether the load ``batch_id`` wrote assessments or standards."""
    return (Asesmen.objects.filter(batch_id=batch_id).exists()
            or StandarKompetensi.objects.filter(batch_id=batch_id).exists())


def latest_assessment_join(alias: str, nip: str, *, among: str = "") -> str:
    """``LEFT JOIN`` of everyone's latest assessment as ``alias`` on the NIP expression ``nip``: the assessment
    with no later one of the same person ((nip, tanggal) is unique, so exactly one). ``among``: a subquery of
    the NIPs that matter (an agency's people), so a scoped read looks up only theirs instead of hashing the
    nation's assessments."""
    restrict = f"{alias}_in.nip IN ({among}) AND " if among else ""
    return (f"LEFT JOIN (SELECT {alias}_in.* FROM competency_asesmen {alias}_in WHERE {restrict}NOT EXISTS (SELECT 1 "
            f"FROM competency_asesmen {alias}_later WHERE {alias}_later.nip = {alias}_in.nip AND "
            f"{alias}_later.tanggal > {alias}_in.tanggal)) {alias} ON {alias}.nip = {nip}")
