"""Agencies (instansi) and their unit trees (unor) for the synthetic dataset.

Instansi ids (stable, readable, the same for every seed and size):

* central agencies ``P001`` … ``P088`` in the order of :data:`refdata.CENTRAL_AGENCIES`;
* provinces ``PROV-<kode>`` (``PROV-32`` Jawa Barat);
* regencies ``KAB-<kode>`` and cities ``KOTA-<kode>`` with the Kemendagri code (``KAB-32.04``,
  ``KOTA-32.73``); the six DKI Jakarta administrative areas are not instansi.

Unit ids are ``<instansi_id>-<NNNNNN>``, numbered within the instansi in creation order: the root is
``…-000001``; parents are always created before their children. Each instansi has an office tree with
exactly one unit per active structural official (the official heads it; at least a root unit), then its
schools (SEKOLAH), health units (PUSKESMAS, RUMAH_SAKIT) and universities (LAINNYA) under the office that
runs them. Roots: ministries "Sekretariat Jenderal …" (I.a), non-ministerial agencies the agency itself
(I.a, JPT Utama), provinces "Sekretariat Daerah Provinsi …" (I.b), regencies and cities "Sekretariat
Daerah …" (II.a). Central agencies have vertical offices (Kantor Wilayah per province, Kantor in
regencies, Balai) besides their Jakarta headquarters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from abdi.reference import codes

from . import names as nm
from . import refdata
from .calibration import DOSEN, GURU, KES
from .catalog import Catalog

J_PUSAT, J_PROVINSI, J_KABUPATEN, J_KOTA = range(4)
CAT_OFFICE, CAT_SCHOOL, CAT_HEALTH, CAT_UNIV = range(4)
N_CAT = 4
ESELON_INDEX = {e: i for i, e in enumerate(codes.ESELON)}
JENIS_UNOR_INDEX = {j: i for i, j in enumerate(codes.JENIS_UNOR)}
U_KANTOR, U_SEKOLAH, U_PUSKESMAS, U_RS, U_UPT, U_LAIN = (JENIS_UNOR_INDEX[j] for j in codes.JENIS_UNOR)
L_ROOT, L_MADYA, L_PRATAMA, L_ADMIN, L_PENGAWAS, L_OTHER = 0, 1, 2, 3, 4, 9
JAKARTA = ("31.71", "31.72", "31.73", "31.74", "31.75")
JAKARTA_W = np.array([0.5, 0.1, 0.1, 0.2, 0.1])


@dataclass
class Instansi:
    ids: list[str]
    names: list[str]
    jenis: np.ndarray  # J_*
    prov: np.ndarray  # province index, -1 for PUSAT
    kab: np.ndarray  # regency index, -1 unless KABUPATEN/KOTA
    agency: list[refdata.CentralAgency | None]

    def __len__(self) -> int:
        return len(self.ids)

    def counts(self) -> dict[str, int]:
        c = np.bincount(self.jenis, minlength=4)
        return {"pusat": int(c[0]), "provinsi": int(c[1]), "kabupaten": int(c[2]), "kota": int(c[3])}


def build_instansi(regions: refdata.Regions) -> Instansi:
    ids, nms, jenis, prov, kab, agency = [], [], [], [], [], []
    for i, a in enumerate(refdata.CENTRAL_AGENCIES, start=1):
        ids.append(f"P{i:03d}"), nms.append(a.nama), jenis.append(J_PUSAT), prov.append(-1), kab.append(-1)
        agency.append(a)
    for p, code in enumerate(regions.prov_codes):
        ids.append(f"PROV-{code}"), nms.append("Pemerintah Provinsi " + refdata.title_case(regions.prov_names[p]))
        jenis.append(J_PROVINSI), prov.append(p), kab.append(-1), agency.append(None)
    for k, code in enumerate(regions.kab_codes):
        if not regions.kab_autonomous[k]:
            continue
        kota = bool(regions.kab_is_kota[k])
        ids.append(f"{'KOTA' if kota else 'KAB'}-{code}")
        nms.append("Pemerintah " + refdata.title_case(regions.kab_names[k]))
        jenis.append(J_KOTA if kota else J_KABUPATEN), prov.append(int(regions.kab_prov[k])), kab.append(k)
        agency.append(None)
    return Instansi(ids, nms, np.array(jenis, np.int8), np.array(prov, np.int16), np.array(kab, np.int16), agency)


# --- choosing the instansi of each person ----------------------------------------------------------
# share of a province's regional staff of each role employed by the provincial government (rest: kab/kota)
PROV_GOV_SHARE = np.array([0.10, 0.17, 0.10, 0.0, 0.12, 0.14])


@dataclass
class Spread:
    """Weights that place people: province staffing noise and regency sizes (fixed per seed)."""

    prov_weight: np.ndarray  # population × log-normal noise, per province
    prov_noise: np.ndarray
    kab_weight: np.ndarray  # per regency (0 for the DKI administrative areas)


def make_spread(rng: np.random.Generator, regions: refdata.Regions, sigma: float = 0.25) -> Spread:
    noise = np.exp(rng.normal(0.0, sigma, regions.n_prov))
    kab_w = np.exp(rng.normal(0.0, 0.45, regions.n_kab)) * np.where(regions.kab_is_kota, 0.8, 1.0)
    kab_w[~regions.kab_autonomous] = 0.0
    return Spread(regions.prov_population * noise, noise, kab_w)


def instansi_weights(inst: Instansi, regions: refdata.Regions, spread: Spread) -> np.ndarray:
    """[role, pd, instansi] probabilities (pd 0 = central, 1 = regional)."""
    n = len(inst)
    w = np.zeros((6, 2, n))
    central = np.flatnonzero(inst.jenis == J_PUSAT)
    for r in range(6):
        for ci in central:
            a = inst.agency[ci]
            w[r, 0, ci] = {GURU: a.guru, KES: a.kes, DOSEN: a.dosen}.get(r, a.weight)
        prov_gov = np.flatnonzero(inst.jenis == J_PROVINSI)
        kabkota = np.flatnonzero(inst.jenis >= J_KABUPATEN)
        kab_sum = np.bincount(regions.kab_prov, weights=spread.kab_weight, minlength=regions.n_prov)
        for pi in prov_gov:
            p = inst.prov[pi]
            share = PROV_GOV_SHARE[r] if kab_sum[p] > 0 else 1.0
            w[r, 1, pi] = spread.prov_weight[p] * share
        for ki in kabkota:
            p, k = inst.prov[ki], inst.kab[ki]
            share = PROV_GOV_SHARE[r] if kab_sum[p] > 0 else 1.0
            w[r, 1, ki] = spread.prov_weight[p] * (1 - share) * spread.kab_weight[k] / kab_sum[p]
        for pd in range(2):
            s = w[r, pd].sum()
            if s > 0:
                w[r, pd] /= s
    return w


def choose(rng: np.random.Generator, p: np.ndarray, size: int) -> np.ndarray:
    """Draw indices with probabilities p (a fast rng.choice for large sizes)."""
    cum = np.cumsum(p)
    cum /= cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(p) - 1)


# --- unit trees -------------------------------------------------------------------------------------


@dataclass
class Units:
    inst: list[np.ndarray] = field(default_factory=list)
    local: list[np.ndarray] = field(default_factory=list)
    parent: list[np.ndarray] = field(default_factory=list)  # global index, -1 for a root
    level: list[np.ndarray] = field(default_factory=list)
    eselon: list[np.ndarray] = field(default_factory=list)  # index into codes.ESELON, -1 none
    jenis: list[np.ndarray] = field(default_factory=list)  # index into codes.JENIS_UNOR
    lokasi: list[np.ndarray] = field(default_factory=list)  # regency index
    head_jab: list[np.ndarray] = field(default_factory=list)  # catalog index, -1 none
    cat: list[np.ndarray] = field(default_factory=list)
    weight: list[np.ndarray] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    n: int = 0

    def add(self, inst: int, parent: np.ndarray, level: np.ndarray, eselon: np.ndarray, jenis: np.ndarray,
            lokasi: np.ndarray, head_jab: np.ndarray, cat: int, weight: np.ndarray, names: list[str],
            local_start: int) -> int:
        k = len(names)
        self.inst.append(np.full(k, inst, np.int16))
        self.local.append(np.arange(local_start, local_start + k, dtype=np.int32))
        self.parent.append(parent.astype(np.int32))
        self.level.append(level.astype(np.int8))
        self.eselon.append(eselon.astype(np.int8))
        self.jenis.append(jenis.astype(np.int8))
        self.lokasi.append(lokasi.astype(np.int16))
        self.head_jab.append(head_jab.astype(np.int32))
        self.cat.append(np.full(k, cat, np.int8))
        self.weight.append(weight.astype(np.float64))
        self.names.extend(names)
        start = self.n
        self.n += k
        return start

    def freeze(self) -> FrozenUnits:
        cat = lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dt)  # noqa: E731
        return FrozenUnits(
            inst=cat(self.inst, np.int16), local=cat(self.local, np.int32), parent=cat(self.parent, np.int32),
            level=cat(self.level, np.int8), eselon=cat(self.eselon, np.int8), jenis=cat(self.jenis, np.int8),
            lokasi=cat(self.lokasi, np.int16), head_jab=cat(self.head_jab, np.int32), cat=cat(self.cat, np.int8),
            weight=cat(self.weight, np.float64), names=self.names,
        )


@dataclass
class FrozenUnits:
    inst: np.ndarray
    local: np.ndarray
    parent: np.ndarray
    level: np.ndarray
    eselon: np.ndarray
    jenis: np.ndarray
    lokasi: np.ndarray
    head_jab: np.ndarray
    cat: np.ndarray
    weight: np.ndarray
    names: list[str]

    def __len__(self) -> int:
        return self.inst.shape[0]


def _split_levels(n_off: int, central_kind: str | None) -> tuple[int, int, int, int]:
    """(madya, pratama, admin, pengawas) counts below the root for an office tree of n_off units."""
    rest = n_off - 1
    if rest <= 0:
        return 0, 0, 0, 0
    madya = int(round(0.3 * n_off ** 0.45)) if central_kind and n_off >= 12 else 0
    madya = min(madya, rest)
    pratama = int(round(min(0.07 * n_off, 0.75 * n_off ** 0.6)))
    pratama = min(pratama, rest - madya)
    left = rest - madya - pratama
    admin = int(round(0.3 * left))
    return madya, pratama, admin, left - admin


class _Tree:
    """Office units of one instansi being built (local arrays, turned into Units rows at the end)."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.level: list[int] = []
        self.eselon: list[int] = []
        self.jenis: list[int] = []
        self.lokasi: list[int] = []
        self.head: list[int] = []
        self.names: list[str] = []
        self.tag: list[str] = []

    def add(self, parent: int, level: int, head: int, eselon: str, jenis: int, lokasi: int, name: str,
            tag: str = "") -> int:
        self.parent.append(parent), self.level.append(level), self.head.append(head)
        self.eselon.append(ESELON_INDEX[eselon]), self.jenis.append(jenis), self.lokasi.append(lokasi)
        self.names.append(name), self.tag.append(tag)
        return len(self.names) - 1


class OrgBuilder:
    def __init__(self, rng: np.random.Generator, regions: refdata.Regions, catalog: Catalog,
                 inst: Instansi, spread: Spread):
        self.rng = rng
        self.R = regions
        self.cat = catalog
        self.inst = inst
        self.spread = spread
        self.units = Units()
        self.kab_index = {c: i for i, c in enumerate(regions.kab_codes)}
        self.jakarta = np.array([self.kab_index[c] for c in JAKARTA])
        self.js = {jid: idx for jid, idx in catalog.structural.items()}
        kab_w = np.array([regions.prov_population[regions.kab_prov[k]] for k in range(regions.n_kab)])
        kab_w /= np.bincount(regions.kab_prov, minlength=regions.n_prov)[regions.kab_prov]
        self.kab_pop_w = kab_w / kab_w.sum()  # nationwide regency weights (province population shared)

    # helpers
    def _topic(self, k: int) -> str:
        return refdata.TOPICS[k % len(refdata.TOPICS)]

    def _rand_kab_in(self, prov: int) -> int:
        ks = self.R.kabs_of(prov)
        return int(ks[self.rng.integers(0, len(ks))])

    def _jakarta(self) -> int:
        return int(self.jakarta[choose(self.rng, JAKARTA_W, 1)[0]])

    def _place(self, kab: int) -> str:
        return self.R.kab_place[kab]

    def _region_name(self, kab: int) -> str:
        return refdata.title_case(self.R.kab_names[kab])

    # --- office trees --------------------------------------------------------------------------------
    def office_tree(self, i: int, n_off: int) -> _Tree:
        jenis = int(self.inst.jenis[i])
        if jenis == J_PUSAT:
            return self._central_tree(i, n_off)
        return self._regional_tree(i, n_off, jenis)

    def _central_tree(self, i: int, n_off: int) -> _Tree:
        rng, js, a = self.rng, self.js, self.inst.agency[i]
        t = _Tree()
        madya, pratama, admin, peng = _split_levels(n_off, a.kind)
        hq = self._jakarta()
        if a.kind == "B":
            t.add(-1, L_ROOT, js["JS-01"], "I.a", U_KANTOR, hq, a.nama, "root")
        elif a.kind == "S":
            name = a.nama if a.nama.startswith("Sekretariat") else f"Sekretariat {a.nama}"
            t.add(-1, L_ROOT, js["JS-03"], "I.a", U_KANTOR, hq, name, "root")
        else:
            t.add(-1, L_ROOT, js["JS-02"], "I.a", U_KANTOR, hq, f"Sekretariat Jenderal {a.nama}", "root")
        l1 = []
        for k in range(madya):
            if k == 0:
                if a.kind == "B":
                    l1.append(t.add(0, L_MADYA, js["JS-03"], "I.a", U_KANTOR, hq, "Sekretariat Utama", "hq"))
                else:
                    l1.append(t.add(0, L_MADYA, js["JS-05"], "I.a", U_KANTOR, hq, "Inspektorat Jenderal", "hq"))
            elif a.kind == "B":
                l1.append(t.add(0, L_MADYA, js["JS-07"], "I.a", U_KANTOR, self._jakarta(),
                                f"Deputi Bidang {self._topic(k * 7)}", "hq"))
            elif rng.random() < 0.75:
                l1.append(t.add(0, L_MADYA, js["JS-04"], "I.a", U_KANTOR, self._jakarta(),
                                f"Direktorat Jenderal {self._topic(k * 7 + 3)}", "hq"))
            else:
                l1.append(t.add(0, L_MADYA, js["JS-06"], "I.a", U_KANTOR, self._jakarta(),
                                f"Badan {self._topic(k * 7 + 5)}", "hq"))
        up1 = l1 or [0]
        n_kanwil = min(int(round(pratama * a.vertical)), self.R.n_prov)
        kanwil_provs = []
        if n_kanwil:
            kanwil_provs = rng.choice(self.R.n_prov, size=n_kanwil, replace=False,
                                      p=self.R.prov_population / self.R.prov_population.sum())
        l2 = []
        for k in range(pratama):
            if k < n_kanwil:
                p = int(kanwil_provs[k])
                l2.append(t.add(0, L_PRATAMA, js["JS-13"], "II.a", U_KANTOR, int(self.R.prov_capital[p]),
                                f"Kantor Wilayah Provinsi {refdata.title_case(self.R.prov_names[p])}", "kanwil"))
                continue
            parent = up1[rng.integers(0, len(up1))]
            u = rng.random()
            jid, word = ("JS-10", "Direktorat") if u < 0.6 else (("JS-11", "Biro") if u < 0.85 else ("JS-12", "Pusat"))
            l2.append(t.add(parent, L_PRATAMA, js[jid], "II.a", U_KANTOR, t.lokasi[parent],
                            f"{word} {self._topic(k)}", "hq"))
        up2 = l2 or up1
        l3 = []
        for k in range(admin):
            parent = up2[rng.integers(0, len(up2))]
            if t.tag[parent] == "kanwil":
                if rng.random() < 0.6:
                    kab = self._rand_kab_in(self._prov_of_kab(t.lokasi[parent]))
                    l3.append(t.add(parent, L_ADMIN, js["JS-25"], "III.a", U_KANTOR, kab,
                                    f"Kantor {a.short} {self._region_name(kab)}", "kantor"))
                else:
                    l3.append(t.add(parent, L_ADMIN, js["JS-23"], "III.a", U_KANTOR, t.lokasi[parent],
                                    f"Bagian {self._topic(k)}", "bagian"))
                continue
            u = rng.random()
            if a.vertical > 0 and u < 0.12:
                kab = int(choose(rng, self.kab_pop_w, 1)[0])
                l3.append(t.add(parent, L_ADMIN, js["JS-26"], "III.a", U_UPT, kab,
                                f"Balai {self._topic(k)} {self._place(kab)}", "kantor"))
            elif u < 0.7:
                l3.append(t.add(parent, L_ADMIN, js["JS-24"], "III.a", U_KANTOR, t.lokasi[parent],
                                f"Subdirektorat {self._topic(k)}", "hq"))
            else:
                l3.append(t.add(parent, L_ADMIN, js["JS-23"], "III.a", U_KANTOR, t.lokasi[parent],
                                f"Bagian {self._topic(k)}", "bagian"))
        up3 = l3 or up2
        for k in range(peng):
            parent = up3[rng.integers(0, len(up3))]
            u = rng.random()
            if t.tag[parent] == "kantor" and u < 0.25:
                t.add(parent, L_PENGAWAS, js["JS-36"], "IV.b", U_KANTOR, t.lokasi[parent], "Subbagian Tata Usaha")
            elif u < 0.6:
                t.add(parent, L_PENGAWAS, js["JS-31"], "IV.a", U_KANTOR, t.lokasi[parent], f"Seksi {self._topic(k)}")
            else:
                t.add(parent, L_PENGAWAS, js["JS-32"], "IV.a", U_KANTOR, t.lokasi[parent],
                      f"Subbagian {self._topic(k)}")
        return t

    def _prov_of_kab(self, kab: int) -> int:
        return int(self.R.kab_prov[kab])

    def _regional_tree(self, i: int, n_off: int, jenis: int) -> _Tree:
        rng, js = self.rng, self.js
        t = _Tree()
        _m, pratama, admin, peng = _split_levels(n_off, None)
        prov = int(self.inst.prov[i])
        is_prov = jenis == J_PROVINSI
        home = int(self.R.prov_capital[prov]) if is_prov else int(self.inst.kab[i])
        region = refdata.title_case(self.R.prov_names[prov]) if is_prov else self._region_name(home)
        if is_prov:
            t.add(-1, L_ROOT, js["JS-08"], "I.b", U_KANTOR, home, f"Sekretariat Daerah Provinsi {region}", "root")
            opd = refdata.OPD_COMMON + refdata.OPD_PROVINSI_ONLY
            heads = {"DINAS": "JS-14", "BADAN": "JS-15", "INSPEKTORAT": "JS-16", "DPRD": "JS-22", "BIRO": "JS-11"}
            es2 = "II.a"
        else:
            t.add(-1, L_ROOT, js["JS-17"], "II.a", U_KANTOR, home, f"Sekretariat Daerah {region}", "root")
            opd = refdata.OPD_COMMON + refdata.OPD_KABKOTA_ONLY
            heads = {"DINAS": "JS-18", "BADAN": "JS-19", "INSPEKTORAT": "JS-20", "DPRD": "JS-21", "BIRO": "JS-19"}
            es2 = "II.b"
        l2 = []
        for k in range(pratama):
            name, kind = opd[k % len(opd)]
            if k >= len(opd):
                name = f"{name} Wilayah {k // len(opd) + 1}"
            l2.append(t.add(0, L_PRATAMA, js[heads[kind]], es2, U_KANTOR, home, name, kind))
        up2 = l2 or [0]
        l3 = []
        for k in range(admin):
            u = rng.random()
            if not is_prov and u < 0.25:
                l3.append(t.add(0, L_ADMIN, js["JS-28"], "III.a", U_KANTOR, home,
                                f"Kecamatan {nm.place_names(rng, 1)[0]}", "kecamatan"))
                continue
            parent = up2[rng.integers(0, len(up2))]
            ptag = t.tag[parent]
            if ptag == "BIRO":
                l3.append(t.add(parent, L_ADMIN, js["JS-23"], "III.a", U_KANTOR, home, f"Bagian {self._topic(k)}"))
            elif rng.random() < 0.2 and ptag != "root":
                l3.append(t.add(parent, L_ADMIN, js["JS-27"], "III.a", U_KANTOR, home,
                                f"Sekretariat {t.names[parent]}", "sekretariat"))
            elif is_prov and ptag == "DINAS" and rng.random() < 0.25:
                kab = self._rand_kab_in(prov)
                l3.append(t.add(parent, L_ADMIN, js["JS-30"], "III.b", U_KANTOR, kab,
                                f"Cabang {t.names[parent]} Wilayah {self._place(kab)}", "cabang"))
            else:
                l3.append(t.add(parent, L_ADMIN, js["JS-29"], "III.b", U_KANTOR, home, f"Bidang {self._topic(k)}"))
        up3 = l3 or up2
        for k in range(peng):
            parent = up3[rng.integers(0, len(up3))]
            ptag = t.tag[parent]
            loc = t.lokasi[parent]
            u = rng.random()
            if ptag == "kecamatan" and jenis == J_KOTA and u < 0.6:
                t.add(parent, L_PENGAWAS, js["JS-34"], "IV.a", U_KANTOR, loc,
                      f"Kelurahan {nm.place_names(rng, 1)[0]}")
            elif ptag == "sekretariat" or (ptag != "kecamatan" and u < 0.25):
                t.add(parent, L_PENGAWAS, js["JS-32"], "IV.a", U_KANTOR, loc, f"Subbagian {self._topic(k)}")
            elif ptag not in ("kecamatan",) and u < 0.45:
                kab = self._rand_kab_in(prov) if is_prov else home
                t.add(parent, L_PENGAWAS, js["JS-35"], "IV.a", U_UPT, kab,
                      f"UPTD {self._topic(k)} {self._place(kab)}")
            elif ptag not in ("kecamatan",) and u < 0.55:
                t.add(parent, L_PENGAWAS, js["JS-33"], "IV.a", U_KANTOR, loc, f"Subbidang {self._topic(k)}")
            else:
                t.add(parent, L_PENGAWAS, js["JS-31"], "IV.a", U_KANTOR, loc, f"Seksi {self._topic(k)}")
        return t

    # --- whole instansi ----------------------------------------------------------------------------
    def build(self, role_counts: np.ndarray, struct_active: np.ndarray) -> FrozenUnits:
        """role_counts[i, role]: everyone of that role in instansi i; struct_active[i]: active structural."""
        for i in range(len(self.inst)):
            self._build_one(i, role_counts[i], int(struct_active[i]))
        return self.units.freeze()

    def _build_one(self, i: int, counts: np.ndarray, n_struct: int) -> None:
        rng, R = self.rng, self.R
        jenis = int(self.inst.jenis[i])
        t = self.office_tree(i, max(n_struct, 1))
        n_off = len(t.names)
        base = self.units.n
        level = np.array(t.level)
        w = np.exp(rng.normal(0.0, 0.4, n_off)) * np.where(level <= L_PRATAMA, 2.0,
                                                          np.where(level == L_ADMIN, 1.5, 1.0))
        lok = np.array(t.lokasi)
        if jenis == J_PUSAT:
            w *= np.where(R.kab_prov[lok] == R.prov_codes.index(refdata.DKI), 8.0, 1.0)
        head = np.array(t.head) if n_struct > 0 else np.full(n_off, -1)
        parent = np.array(t.parent)
        self.units.add(i, np.where(parent >= 0, parent + base, -1), level, np.array(t.eselon),
                       np.array(t.jenis), lok, head, CAT_OFFICE, w, t.names, 1)
        local = n_off + 1
        edu_office = self._find(t, ("Dinas Pendidikan",), 0)
        health_office = self._find(t, ("Dinas Kesehatan",), 0)
        kanwil = {int(R.kab_prov[t.lokasi[k]]): base + k for k in range(n_off) if t.tag[k] == "kanwil"}
        first_l1 = base + next((k for k in range(n_off) if t.level[k] == L_MADYA), 0)

        n_guru, n_kes, n_dosen = int(counts[GURU]), int(counts[KES]), int(counts[DOSEN])
        if n_guru:
            local = self._schools(i, jenis, n_guru, base + edu_office, kanwil, base, local)
        if n_kes:
            local = self._health(i, jenis, n_kes, base + health_office, kanwil, first_l1, base, local)
        if n_dosen:
            local = self._universities(i, n_dosen, first_l1, local)

    @staticmethod
    def _find(t: _Tree, names: tuple[str, ...], default: int) -> int:
        for k, n in enumerate(t.names):
            if n in names:
                return k
        return default

    def _locations(self, i: int, jenis: int, n: int, capital_first: bool = False) -> np.ndarray:
        R, rng = self.R, self.rng
        if jenis in (J_KABUPATEN, J_KOTA):
            return np.full(n, int(self.inst.kab[i]))
        if jenis == J_PROVINSI:
            ks = R.kabs_of(int(self.inst.prov[i]))
            loc = ks[rng.integers(0, len(ks), n)]
            if capital_first and n:
                loc[0] = R.prov_capital[self.inst.prov[i]]
            return loc
        loc = choose(rng, self.kab_pop_w, n)
        if capital_first and n:
            loc[0] = self._jakarta()
        return loc

    def _parents(self, loc: np.ndarray, kanwil: dict[int, int], default: int) -> np.ndarray:
        provs = self.R.kab_prov[loc]
        return np.array([kanwil.get(int(p), default) for p in provs], dtype=np.int64)

    def _numbered(self, kinds: list[str], loc: np.ndarray, per_location: bool) -> list[str]:
        seen: dict[tuple[str, int], int] = {}
        out = []
        for kind, k in zip(kinds, loc.tolist(), strict=True):
            key = (kind, k if per_location else -1)
            seen[key] = seen.get(key, 0) + 1
            out.append(f"{kind} {seen[key]} {self._place(k)}")
        return out

    def _schools(self, i: int, jenis: int, n_guru: int, parent_office: int, kanwil: dict[int, int],
                 root: int, local: int) -> int:
        rng = self.rng
        n = max(1, int(round(n_guru / 12)))
        loc = self._locations(i, jenis, n)
        if jenis in (J_KABUPATEN, J_KOTA):
            kinds = np.where(rng.random(n) < 0.7, "SD Negeri", "SMP Negeri")
            parents = np.full(n, parent_office)
        elif jenis == J_PROVINSI:
            u = rng.random(n)
            kinds = np.where(u < 0.55, "SMA Negeri", np.where(u < 0.93, "SMK Negeri", "SLB Negeri"))
            parents = np.full(n, parent_office)
        else:
            u = rng.random(n)
            kinds = np.where(u < 0.45, "MIN", np.where(u < 0.78, "MTsN", "MAN"))
            parents = self._parents(loc, kanwil, root)
        names = self._numbered(kinds.tolist(), loc, per_location=jenis != J_KABUPATEN and jenis != J_KOTA)
        w = rng.gamma(4.0, 0.25, n)
        self.units.add(i, parents, np.full(n, L_OTHER), np.full(n, -1), np.full(n, U_SEKOLAH), loc,
                       np.full(n, -1), CAT_SCHOOL, w, names, local)
        return local + n

    def _health(self, i: int, jenis: int, n_kes: int, parent_office: int, kanwil: dict[int, int],
                first_l1: int, root: int, local: int) -> int:
        rng = self.rng
        a = self.inst.agency[i]
        if jenis in (J_KABUPATEN, J_KOTA):
            n_rs = int(n_kes * 0.35 / 250)
            n_pk = max(1, int(round(n_kes * (0.65 if n_rs else 1.0) / 45)))
            loc = self._locations(i, jenis, n_rs + n_pk)
            place = self._place(int(self.inst.kab[i]))
            names = [f"RSUD {place}" + (f" {k + 1}" if k else "") for k in range(n_rs)]
            names += [f"Puskesmas {p}" for p in nm.place_names(rng, n_pk)]
            jen = np.array([U_RS] * n_rs + [U_PUSKESMAS] * n_pk)
            w = np.concatenate([np.full(n_rs, 0.35 / max(n_rs, 1) * n_pk / 0.65),
                                rng.gamma(4.0, 0.25, n_pk)]) if n_rs else rng.gamma(4.0, 0.25, n_pk)
            parents = np.full(n_rs + n_pk, parent_office)
        else:
            n = max(1, int(round(n_kes / 300)))
            loc = self._locations(i, jenis, n, capital_first=True)
            if jenis == J_PROVINSI:
                names = [f"Rumah Sakit Umum Daerah Provinsi {self._place(k)}" for k in loc.tolist()]
                parents = np.full(n, parent_office)
            else:
                label = {"Kemenkes": "RSUP", "Polri": "Rumah Sakit Bhayangkara"}.get(a.short, f"Rumah Sakit {a.short}")
                names = [f"{label} {self._place(k)}" for k in loc.tolist()]
                parents = self._parents(loc, kanwil, first_l1)
            jen = np.full(n, U_RS)
            w = rng.gamma(4.0, 0.25, n)
        self.units.add(i, parents, np.full(len(names), L_OTHER), np.full(len(names), -1), jen, loc,
                       np.full(len(names), -1), CAT_HEALTH, w, names, local)
        return local + len(names)

    def _universities(self, i: int, n_dosen: int, parent: int, local: int) -> int:
        rng = self.rng
        a = self.inst.agency[i]
        n = max(1, int(round(n_dosen / 350)))
        loc = choose(rng, self.kab_pop_w, n)
        kinds = {
            "Kemdiktisaintek": ("Universitas", "Universitas Negeri", "Politeknik Negeri", "Institut Teknologi"),
            "Kemenag": ("Universitas Islam Negeri", "Institut Agama Islam Negeri",
                        "Sekolah Tinggi Agama Islam Negeri"),
            "Kemenkes": ("Politeknik Kesehatan",),
        }.get(a.short, (f"Politeknik {a.short}", f"Sekolah Tinggi {a.short}"))
        pick = rng.integers(0, len(kinds), n)
        names = [f"{kinds[p]} {self._place(k)}" for p, k in zip(pick.tolist(), loc.tolist(), strict=True)]
        self.units.add(i, np.full(n, parent), np.full(n, L_OTHER), np.full(n, -1), np.full(n, U_LAIN), loc,
                       np.full(n, -1), CAT_UNIV, rng.gamma(4.0, 0.25, n), names, local)
        return local + n


def unit_ids(inst: Instansi, units: FrozenUnits) -> list[str]:
    ids = inst.ids
    return [f"{ids[i]}-{n:06d}" for i, n in zip(units.inst.tolist(), units.local.tolist(), strict=True)]

