"""The dashboard's figures from counts (pure: no Django). ``assemble`` turns ``{metric: {key: count}}`` of
one scope (``analytics.compute``) into every series the dashboards and the API show.

Readings where the issue leaves room (also in the README):
* age is the age reached in the reference year (reference year − birth year); bands of five years;
* the retirement wave counts PNS by the year their position's retirement age is reached; anyone past it
  and still active counts in the reference year; ten years from the reference year;
* distribution imbalance compares each province with the median of the provinces in the same view (for the
  national view: the national median); ``rasio_median`` = value ÷ median, so 0.5 is half the median staffing;
* teachers per school and health staff per health facility count staff of the GURU and KESEHATAN position
  families placed in a province and the SEKOLAH and PUSKESMAS + RUMAH_SAKIT units located there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

LEADERSHIP = ("PELAKSANA", "PENGAWAS", "ADMINISTRATOR", "JPT_PRATAMA", "JPT_MADYA", "JPT_UTAMA")
AGE_BANDS = tuple((lo, lo + 4) for lo in range(15, 65, 5)) + ((65, None),)
RETIREMENT_YEARS = 10
FAMILY_RATIOS = (("guru_per_sekolah", "GURU", ("SEKOLAH",)),
                 ("nakes_per_faskes", "KESEHATAN", ("PUSKESMAS", "RUMAH_SAKIT")))


@dataclass(frozen=True)
class Province:
    kode: str
    nama: str
    lat: float | None
    lon: float | None
    penduduk: int | None


def round_half_up(value: float, places: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def band_of(age: int) -> str:
    for lo, hi in AGE_BANDS:
        if age >= lo and (hi is None or age <= hi):
            return f"{lo}-{hi}" if hi is not None else f"{lo}+"
    return f"<{AGE_BANDS[0][0]}"


def generation_of(year: int, generations: Iterable[tuple[str, int | None, int | None]]) -> str:
    for name, lo, hi in generations:
        if (lo is None or year >= lo) and (hi is None or year <= hi):
            return name
    return ""


def _ordered(counts: dict[str, int], order: Iterable[str]) -> dict[str, int]:
    order = list(order)
    known = {k: counts.get(k, 0) for k in order if counts.get(k)}
    rest = {k: v for k, v in sorted(counts.items()) if k not in known and k not in order and v}
    return known | rest


def assemble(metrics: dict[str, dict[str, int]], *, provinces: list[Province], year: int,
             generations: tuple, pendidikan_order: Iterable[str], golongan_order: Iterable[str],
             jenis_jabatan_order: Iterable[str]) -> dict:
    m = {k: dict(v) for k, v in metrics.items()}
    get = lambda name: m.get(name, {})  # noqa: E731
    total = sum(get("total").values())
    women_total = get("jk").get("P", 0)
    prov_by_code = {p.kode: p for p in provinces}
    out: dict = {"total": total}
    out["by_jenis_pegawai"] = {k: get("jenis_pegawai").get(k, 0) for k in ("PNS", "PPPK")}
    out["by_jenis_kelamin"] = {k: get("jk").get(k, 0) for k in ("L", "P")}
    out["by_pusat_daerah"] = {k: get("pusat_daerah").get(k, 0) for k in ("PUSAT", "DAERAH")}
    out["by_instansi"] = dict(sorted((k, v) for k, v in get("instansi").items() if v))
    out["by_provinsi"] = dict(sorted((k, v) for k, v in get("provinsi").items() if v))
    out["by_pendidikan"] = _ordered(get("pendidikan"), pendidikan_order)
    out["by_golongan"] = _ordered(get("golongan"), golongan_order)
    out["by_jenis_jabatan"] = {k: get("jabatan_jenis").get(k, 0) for k in jenis_jabatan_order}

    by_gen = {name: 0 for name, _, _ in generations}
    pyramid: dict[str, dict[str, int]] = {}
    for lo, hi in AGE_BANDS:
        pyramid[f"{lo}-{hi}" if hi is not None else f"{lo}+"] = {"L": 0, "P": 0}
    for key, n in get("lahir").items():
        born, jk = key.split("|")
        born = int(born)
        gen = generation_of(born, generations)
        if gen:
            by_gen[gen] += n
        cell = pyramid.setdefault(band_of(year - born), {"L": 0, "P": 0})
        cell[jk] = cell.get(jk, 0) + n
    out["by_generasi"] = by_gen
    out["piramida_usia"] = [{"kelompok": band, "L": c["L"], "P": c["P"]} for band, c in pyramid.items()
                            if not band.startswith("<") or c["L"] or c["P"]]

    wave = {str(year + k): 0 for k in range(RETIREMENT_YEARS)}
    for key, n in get("pensiun").items():
        due = max(int(key), year)
        if str(due) in wave:
            wave[str(due)] += n
    out["gelombang_pensiun"] = wave

    levels = []
    for level in LEADERSHIP:
        n, women = get("jenjang").get(level, 0), get("jenjang_p").get(level, 0)
        levels.append({"jenjang": level, "jumlah": n, "perempuan": women,
                       "porsi_perempuan": round_half_up(women / n, 4) if n else None})
    out["kepemimpinan_perempuan"] = {
        "jenjang": levels, "porsi_perempuan_semua": round_half_up(women_total / total, 4) if total else None}
    # CONTRACTS §6 shapes: the share of women at every level that has staff, and six years of retirements
    shares = {level: round_half_up(get("jenjang_p").get(level, 0) / n, 4)
              for level, n in sorted(get("jenjang").items()) if n and level}
    out["perempuan_pimpinan"] = shares | {"SEMUA": round_half_up(women_total / total, 4) if total else 0.0}
    out["pensiun_5_tahun"] = {y: n for y, n in list(wave.items())[:6]}

    per100 = {}
    for kode, n in out["by_provinsi"].items():
        p = prov_by_code.get(kode)
        if p is not None and p.penduduk:
            per100[kode] = round_half_up(n / p.penduduk * 100, 2)
    national_pop = sum(p.penduduk or 0 for p in provinces)
    out["per_100_penduduk"] = per100 | {"NASIONAL": round_half_up(total / national_pop * 100, 2)
                                        if national_pop else 0.0}
    mid = median(per100.values()) if per100 else None
    out["ketimpangan_provinsi"] = [
        {"provinsi": kode, "nama": prov_by_code[kode].nama, "lat": prov_by_code[kode].lat,
         "lon": prov_by_code[kode].lon, "asn": out["by_provinsi"][kode], "penduduk": prov_by_code[kode].penduduk,
         "per_100_penduduk": value, "rasio_median": round_half_up(value / mid, 2) if mid else None}
        for kode, value in sorted(per100.items(), key=lambda kv: kv[1])]

    families = []
    staff = get("rumpun_provinsi")
    units = get("unit_provinsi")
    for name, rumpun, kinds in FAMILY_RATIOS:
        rows = []
        for p in provinces:
            n_staff = staff.get(f"{rumpun}|{p.kode}", 0)
            n_units = sum(units.get(f"{kind}|{p.kode}", 0) for kind in kinds)
            if n_units:
                rows.append({"provinsi": p.kode, "nama": p.nama, "pegawai": n_staff, "unit": n_units,
                             "rasio": round_half_up(n_staff / n_units, 2)})
        mid = median(r["rasio"] for r in rows) if rows else None
        for r in rows:
            r["rasio_median"] = round_half_up(r["rasio"] / mid, 2) if mid else None
        families.append({"ukuran": name, "rumpun": rumpun, "unit": list(kinds),
                         "provinsi": sorted(rows, key=lambda r: r["rasio"])})
    out["ketimpangan_rumpun"] = families
    return out
