"""The civil servants: every attribute of ``pegawai.csv`` as numpy arrays, without a loop per person.

Order of generation (each step vectorised over everyone):

1. ``kedudukan``: ~97 % AKTIF, the rest CLTN, TUGAS_BELAJAR, PEMBERHENTIAN_SEMENTARA, PENSIUN, BERHENTI,
   MENINGGAL in small exact shares.
2. Role × pusat/daerah × PNS/PPPK × gender × education: the active staff by exact quotas of the fitted
   joint table (``calibration.fitted_joint``), the others sampled from it (no structural posts; only PNS
   can be on leave, studying, suspended or retired).
3. Instansi: central staff over central agencies by size, regional staff over provinces by population ×
   log-normal noise, then between the provincial government and the regencies/cities.
4. Units (``org.OrgBuilder``) and each person's unit: structural officials head one office each (women
   and lower-educated officials less often at the top, which yields the leadership funnel), teachers work
   in schools, health workers in health units, lecturers in universities, others mostly in offices.
5. Career: TMT CPNS from a hiring profile by year, entry age by education (≥ 18), rank from education and
   years of service (+1 step per ~4 years, slower above IV/a; pelaksana capped at the education's regular
   maximum, functional posts by their level's range), functional level from the rank, the position's
   retirement age; anyone active who would be past it at 31 December of ``year`` is drawn again.
6. Dates (TMT PNS, golongan, jabatan), NIPs with per-prefix sequence numbers, old NIPs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from abdi.reference import codes

from . import catalog as ct
from . import org as og
from . import refdata
from .calibration import (
    DAERAH,
    DOSEN,
    EDU,
    FUNG_LAIN,
    GURU,
    KES,
    N_EDU,
    N_JP,
    N_PD,
    N_ROLE,
    N_SEX,
    PEL,
    PNS,
    PPPK,
    PUSAT,
    STRUK,
    fitted_joint,
    largest_remainder,
)

KEDUDUKAN = codes.KEDUDUKAN  # AKTIF first
K_AKTIF, K_CLTN, K_TB, K_PS, K_PENSIUN, K_BERHENTI, K_MENINGGAL = range(7)
KEDUDUKAN_SHARES = np.array([0.970, 0.003, 0.008, 0.001, 0.012, 0.004, 0.002])
S_CPNS, S_PNS, S_PPPK = 0, 1, 2
NO_DATE = -(2**40)  # "no date" in day arrays (any real day, before 1970 too, is a small number)

ENTRY_RANK = np.array([codes.GOLONGAN_RANK[p.golongan_awal] for p in codes.PENDIDIKAN], np.int8)
MAX_RANK = np.array([codes.GOLONGAN_RANK[p.golongan_maks] for p in codes.PENDIDIKAN], np.int8)
PPPK_GRADE = np.array([codes.PPPK_RANK[p.pppk_awal] for p in codes.PENDIDIKAN], np.int8)
# entry age (mean, sd) by education, PNS
ENTRY_AGE = np.array([[27, 5], [27, 5], [25, 4.5], [24, 4], [24, 4], [25, 3.5], [26, 3.5], [27, 3.5],
                      [31, 4], [36, 5]], dtype=float)
# youngest plausible age at entry by education (after the schooling it takes)
MIN_ENTRY_AGE = np.array([18.3, 18.3, 18.3, 19.3, 20.3, 21.3, 22.3, 22.3, 24.3, 27.3])
# PNS hiring profile: weight of each year offset before `year` (0 = hired in `year` itself)
HIRING = np.array([3.5, 2.5, 1.5, 3, 0.7, 1.5, 3, 3] + [2.0] * 6 + [4.5] * 7 + [2.0] * 10 + [1.5] * 12, dtype=float)
PPPK_HIRING = np.array([0.35, 0.15, 0.2, 0.2, 0.07, 0.03])
TRACK_EXPERT, TRACK_SKILLED, TRACK_PELAKSANA, TRACK_STRUCT = range(4)
J = ct.JENJANG_INDEX
LEVEL_EXPERT = np.array([J["AHLI_PERTAMA"]] * 11 + [J["AHLI_MUDA"]] * 2 + [J["AHLI_MADYA"]] * 3 + [J["AHLI_UTAMA"]] * 2,
                        np.int8)  # by rank 0..17
LEVEL_SKILLED = np.array([J["PEMULA"]] * 6 + [J["TERAMPIL"]] * 3 + [J["MAHIR"]] * 2 + [J["PENYELIA"]] * 7, np.int8)


def _days(am: np.ndarray) -> np.ndarray:
    """Absolute month index (year * 12 + month - 1) → days since 1970-01-01 of its first day."""
    return (am.astype(np.int64) - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    y = m.astype("datetime64[Y]").astype(np.int64) + 1970
    mo = m.astype(np.int64) % 12 + 1
    day = (d - m.astype("datetime64[D]")).astype(np.int64) + 1
    return y, mo, day


@dataclass
class People:
    kedudukan: np.ndarray
    role: np.ndarray
    pd: np.ndarray
    jp: np.ndarray
    sex: np.ndarray
    edu: np.ndarray
    inst: np.ndarray
    unit: np.ndarray
    jab: np.ndarray
    family: np.ndarray  # functional family index, -1 otherwise
    birth: np.ndarray  # days since epoch
    tmt_cpns: np.ndarray  # days
    tmt_pns: np.ndarray  # days, NO_DATE = none
    tmt_gol: np.ndarray  # days, NO_DATE = none
    tmt_jab: np.ndarray  # days
    rank: np.ndarray  # PNS golongan 1..17 or PPPK grade 1..17
    entry_rank: np.ndarray
    status: np.ndarray
    nip: np.ndarray  # S18
    nip_lama: np.ndarray  # int64, 0 = none
    head: np.ndarray  # bool: heads its unit

    def __len__(self) -> int:
        return self.role.shape[0]

    def take(self, order: np.ndarray) -> People:
        return People(**{k: getattr(self, k)[order] for k in self.__dataclass_fields__})


class Generator:
    def __init__(self, seed: int, year: int, regions: refdata.Regions, catalog: ct.Catalog,
                 inst: og.Instansi):
        self.seed = seed
        self.year = year
        self.R = regions
        self.cat = catalog
        self.inst = inst
        self.ref_am = year * 12 + 11
        self.ref_days = int(_days(np.array([self.ref_am]))[0]) + 30  # 31 December
        self.jab_family = np.full(len(catalog), -1, np.int16)
        for fi, _fam in enumerate(ct.FAMILIES):
            for jj in range(len(ct.JENJANG_CODES)):
                k = catalog.func[fi, jj]
                if k >= 0:
                    self.jab_family[k] = fi

    def rng(self, stream: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, stream])

    # --- 1-3: who -------------------------------------------------------------------------------------
    def cells(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        rng = self.rng(1)
        ked_counts = largest_remainder(KEDUDUKAN_SHARES, n)
        joint = fitted_joint()
        flat = joint.ravel()
        cells = [np.repeat(np.arange(flat.size), largest_remainder(flat, int(ked_counts[0])))]
        ked = [np.zeros(int(ked_counts[0]), np.int8)]
        for k in range(1, 7):
            c = int(ked_counts[k])
            if not c:
                continue
            j = joint.copy()
            j[STRUK] = 0
            if k in (K_CLTN, K_TB, K_PS, K_PENSIUN):
                j[:, :, PPPK] = 0
            cells.append(og.choose(rng, j.ravel() / j.sum(), c))
            ked.append(np.full(c, k, np.int8))
        return np.concatenate(cells), np.concatenate(ked)

    def build(self, n: int, spread: og.Spread, progress=None) -> tuple[People, og.FrozenUnits]:
        cell, ked = self.cells(n)
        role, pd, jp, sex, edu = (a.astype(np.int8) for a in
                                  np.unravel_index(cell, (N_ROLE, N_PD, N_JP, N_SEX, N_EDU)))
        del cell
        rng = self.rng(2)
        w = og.instansi_weights(self.inst, self.R, spread)
        inst = np.zeros(n, np.int16)
        group = role.astype(np.int64) * 2 + pd
        for g in np.unique(group):
            idx = np.flatnonzero(group == g)
            inst[idx] = og.choose(rng, w[g // 2, g % 2], idx.size)
        active = ked == K_AKTIF
        n_inst = len(self.inst)
        role_counts = np.bincount(inst.astype(np.int64) * N_ROLE + role, minlength=n_inst * N_ROLE)
        role_counts = role_counts.reshape(n_inst, N_ROLE)
        struct_active = np.bincount(inst[active & (role == STRUK)], minlength=n_inst)
        if progress:
            progress("unit organisasi", 0.1)
        units = og.OrgBuilder(self.rng(3), self.R, self.cat, self.inst, spread).build(role_counts, struct_active)
        if progress:
            progress("penempatan pegawai", 0.3)
        unit, head = self.place(units, inst, role, sex, edu, active)
        p = People(kedudukan=ked, role=role, pd=pd, jp=jp, sex=sex, edu=edu, inst=inst, unit=unit,
                   jab=np.zeros(n, np.int16), family=np.full(n, -1, np.int16), birth=np.zeros(n, np.int64),
                   tmt_cpns=np.zeros(n, np.int64), tmt_pns=np.full(n, NO_DATE, np.int64),
                   tmt_gol=np.full(n, NO_DATE, np.int64), tmt_jab=np.zeros(n, np.int64), rank=np.zeros(n, np.int8),
                   entry_rank=ENTRY_RANK[edu], status=np.zeros(n, np.int8), nip=np.zeros(n, "S18"),
                   nip_lama=np.zeros(n, np.int64), head=head)
        if progress:
            progress("karier", 0.4)
        self.careers(p, units)
        if progress:
            progress("NIP", 0.5)
        self.nips(p)
        order = np.lexsort((self.rng(9).random(n), ~p.head, p.unit))
        return p.take(order), units

    # --- 4: placement ---------------------------------------------------------------------------------
    def place(self, units: og.FrozenUnits, inst: np.ndarray, role: np.ndarray, sex: np.ndarray,
              edu: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rng = self.rng(4)
        n = inst.shape[0]
        unit = np.full(n, -1, np.int64)
        head = np.zeros(n, bool)
        # structural officials: one per headed office, seniority by an Efraimidis–Spirakis key (higher
        # education more often at the top)
        st = np.flatnonzero(active & (role == STRUK))
        if st.size:
            w_edu = np.array([0.05, 0.05, 0.15, 0.15, 0.2, 0.35, 0.8, 1.0, 2.2, 3.0])
            key = np.log(rng.random(st.size) + 1e-300) / w_edu[edu[st]]
            p_order = st[np.lexsort((-key, inst[st]))]
            headed = np.flatnonzero(units.head_jab >= 0)
            u_order = headed[np.lexsort((rng.random(headed.size), units.level[headed], units.inst[headed]))]
            assert u_order.size == p_order.size
            unit[p_order] = u_order
            head[p_order] = True
            sex[st] = self._funnel(rng, self.cat.jenjang[units.head_jab[unit[st]]], int(sex[st].sum()))
        # everyone else: a category of unit, then a unit of that category in the instansi by weight
        rest = np.flatnonzero(unit < 0)
        r = role[rest]
        u = rng.random(rest.size)
        cat = np.full(rest.size, og.CAT_OFFICE, np.int64)
        cat[r == GURU] = og.CAT_SCHOOL
        cat[r == KES] = og.CAT_HEALTH
        cat[r == DOSEN] = og.CAT_UNIV
        fl = r == FUNG_LAIN
        cat[fl & (u < 0.05)] = og.CAT_SCHOOL
        cat[fl & (u >= 0.05) & (u < 0.10)] = og.CAT_HEALTH
        cat[fl & (u >= 0.10) & (u < 0.15)] = og.CAT_UNIV
        pel = r == PEL
        cat[pel & (u < 0.12)] = og.CAT_SCHOOL
        cat[pel & (u >= 0.12) & (u < 0.19)] = og.CAT_HEALTH
        cat[pel & (u >= 0.19) & (u < 0.22)] = og.CAT_UNIV
        n_seg = len(self.inst) * og.N_CAT
        useg = units.inst.astype(np.int64) * og.N_CAT + units.cat
        has = np.bincount(useg, minlength=n_seg) > 0
        seg = inst[rest].astype(np.int64) * og.N_CAT + cat
        missing = ~has[seg]
        seg[missing] = inst[rest][missing].astype(np.int64) * og.N_CAT + og.CAT_OFFICE
        cw = np.cumsum(units.weight)
        seg_first = np.searchsorted(useg, np.arange(n_seg), side="left")
        seg_last = np.searchsorted(useg, np.arange(n_seg), side="right") - 1
        base = np.where(seg_first > 0, cw[np.maximum(seg_first - 1, 0)], 0.0)
        tot = cw[np.maximum(seg_last, 0)] - base
        frac = (cw - base[useg]) / np.where(tot[useg] > 0, tot[useg], 1.0)
        keys = useg + np.minimum(frac, 1.0)
        keys[seg_last[useg] == np.arange(len(units))] = useg[seg_last[useg] == np.arange(len(units))] + 1.0
        x = seg + rng.random(rest.size) * (1 - 1e-9)
        pick = np.searchsorted(keys, x, side="right")
        pick = np.clip(pick, seg_first[seg], seg_last[seg])
        unit[rest] = pick
        return unit, head

    @staticmethod
    def _funnel(rng: np.random.Generator, level: np.ndarray, women: int) -> np.ndarray:
        """Deal the structural officials' genders (the number of women unchanged) so that the share of
        women per level follows calibration.json's perempuan_pimpinan (leadership funnel)."""
        target = refdata.calibration()["perempuan_pimpinan"]["shares_female_by_level"]
        n_l = np.bincount(level, minlength=len(ct.JENJANG_CODES)).astype(float)
        f_l = np.array([target.get(c, 0.4) for c in ct.JENJANG_CODES])
        want = f_l * n_l
        d = largest_remainder(want, women) if want.sum() > 0 else np.zeros(n_l.size, np.int64)
        for _ in range(len(d)):  # never more women than posts at a level
            excess = np.maximum(d - n_l.astype(np.int64), 0)
            if not excess.any():
                break
            d -= excess
            room = np.maximum(n_l.astype(np.int64) - d, 0)
            d += largest_remainder(room * (room > 0), int(excess.sum()))
        out = np.zeros(level.size, np.int8)
        order = np.lexsort((rng.random(level.size), level))
        start = np.searchsorted(level[order], np.arange(len(n_l)))
        for lv in np.flatnonzero(d):
            out[order[start[lv]:start[lv] + d[lv]]] = 1
        return out

    # --- 5: careers -----------------------------------------------------------------------------------
    def _family(self, rng: np.random.Generator, p: People) -> np.ndarray:
        """Functional family per person (-1 for structural/pelaksana)."""
        n = len(p)
        fam = np.full(n, -1, np.int16)
        fam[p.role == GURU] = ct.FAMILY_INDEX["GURU"]
        fam[p.role == DOSEN] = ct.FAMILY_INDEX["DOSEN"]
        degree = p.edu >= EDU["D4"]
        bidan = ct.FAMILY_INDEX["BIDAN"]
        for role, pools in ((KES, (("KES_EXPERT", degree), ("KES_SKILLED", ~degree))),
                            (FUNG_LAIN, (("LAIN_EXPERT", degree), ("LAIN_SKILLED", ~degree & (p.edu == EDU["D3"])),
                                         ("LAIN_LOW", p.edu < EDU["D3"])))):
            for name, mask in pools:
                fams, w = ct.pool(name)
                for sx in (0, 1):  # midwives are women
                    idx = np.flatnonzero((p.role == role) & mask & (p.sex == sx))
                    ws = np.where((fams == bidan) & (sx == 0), 0.0, w)
                    fam[idx] = fams[og.choose(rng, ws / ws.sum(), idx.size)]
        return fam

    def careers(self, p: People, units: og.FrozenUnits) -> None:
        rng = self.rng(5)
        n = len(p)
        year = self.year
        fam = self._family(rng, p)
        p.family = fam
        track = np.full(n, TRACK_PELAKSANA, np.int8)
        is_func = fam >= 0
        track[is_func & (p.edu >= EDU["D4"])] = TRACK_EXPERT
        track[is_func & (p.edu < EDU["D4"])] = TRACK_SKILLED
        track[p.head] = TRACK_STRUCT
        pppk = p.jp == PPPK
        pel_choice = rng.random(n)
        # structural posts are fixed by the unit
        p.jab[p.head] = units.head_jab[p.unit[p.head]]

        todo = np.ones(n, bool)
        speed = np.zeros(n)
        s_months = np.zeros(n, np.int64)
        entry_age = np.zeros(n)
        for it in range(40):
            idx = np.flatnonzero(todo)
            if not idx.size:
                break
            m = idx.size
            # service and entry age
            sy = np.where(pppk[idx], og.choose(rng, PPPK_HIRING, m), og.choose(rng, HIRING / HIRING.sum(), m))
            month = rng.integers(0, 12, m)
            tmt_am = (year - sy) * 12 + month
            mean = ENTRY_AGE[p.edu[idx], 0] + np.where((sy >= 14) & (sy <= 20), 3.0, 0.0)
            sd = ENTRY_AGE[p.edu[idx], 1]
            ea = rng.normal(mean, sd)
            ea = np.where(pppk[idx], rng.normal(35.0, 8.0, m) + np.where(p.edu[idx] >= EDU["S2"], 3, 0), ea)
            fast = track[idx] == TRACK_EXPERT  # functional credit points move faster than pelaksana ranks
            sp = np.where(fast, rng.uniform(0.8, 1.1, m), rng.uniform(0.5, 0.9, m))
            # structural: the rank comes from the post, the service from the rank
            sidx = track[idx] == TRACK_STRUCT
            if sidx.any():
                jab = p.jab[idx[sidx]]
                lo, hi = self.cat.gmin[jab].astype(np.int64), self.cat.gmax[jab].astype(np.int64)
                r = rng.integers(lo, hi + 1)
                k = np.maximum(r - ENTRY_RANK[p.edu[idx[sidx]]], 0)
                s_years = 4.0 * k / rng.uniform(0.9, 1.35, k.size) + rng.uniform(0.0, 3.0, k.size)
                s_years = np.maximum(s_years, 2.0)
                tmt_am[sidx] = self.ref_am - np.round(s_years * 12).astype(np.int64)
                p.rank[idx[sidx]] = r
                ea[sidx] = rng.normal(ENTRY_AGE[p.edu[idx[sidx]], 0], ENTRY_AGE[p.edu[idx[sidx]], 1])
            low = np.maximum(MIN_ENTRY_AGE[p.edu[idx]], np.where(pppk[idx], 19.6, 18.3))
            low = np.where(p.family[idx] == ct.FAMILY_INDEX["DOKTER"], np.maximum(low, 24.0), low)
            ea = np.clip(ea, low, np.where(pppk[idx], 50.0, 46.0))
            if it >= 30:  # hardly ever needed: start careers as young as plausible
                ea = low
            tmt_days = _days(tmt_am)
            birth = tmt_days - np.round(ea * 365.2425).astype(np.int64) - rng.integers(0, 28, m)
            p.tmt_cpns[idx] = tmt_days
            p.birth[idx] = birth
            s_months[idx] = self.ref_am - tmt_am
            speed[idx] = sp
            entry_age[idx] = ea
            self._rank_and_post(p, idx, track, pel_choice, speed, s_months)
            by, _, _ = _ymd(p.birth[idx])
            bup = self.cat.bup[p.jab[idx]]
            over = by < year - bup + 1
            if it >= 36:  # give up on shape, keep the rule: make them young enough for any post
                fix = idx[over]
                p.birth[fix] = _days(np.full(fix.size, (year - 57) * 12)) + rng.integers(0, 365, fix.size)
                b18 = _ymd(p.birth[fix])
                first_ok = (b18[0] + 18) * 12 + b18[1]  # the month after the 18th birthday's month
                late = np.maximum(self.ref_am - s_months[fix], first_ok)
                p.tmt_cpns[fix] = _days(late)
                s_months[fix] = self.ref_am - late
                self._rank_and_post(p, fix, track, pel_choice, speed, s_months)
                over = np.zeros_like(over)
            todo[:] = False
            todo[idx[over & (p.kedudukan[idx] != K_PENSIUN)]] = True
        # the retired: at or past the post's retirement age (retired within the last two years)
        ret = np.flatnonzero(p.kedudukan == K_PENSIUN)
        if ret.size:
            bup = self.cat.bup[p.jab[ret]].astype(float)
            age = bup + rng.uniform(0.0, 2.0, ret.size)
            p.birth[ret] = self.ref_days - np.round(age * 365.2425).astype(np.int64)
            tmt = p.birth[ret] + np.round(entry_age[ret] * 365.2425).astype(np.int64)
            tmt_y, tmt_m, _ = _ymd(tmt)
            tmt_am = np.minimum(tmt_y * 12 + tmt_m, self.ref_am - 24)  # first of the next month
            p.tmt_cpns[ret] = _days(tmt_am)
            s_months[ret] = self.ref_am - tmt_am
            self._rank_and_post(p, ret, track, pel_choice, speed, s_months)
        self._dates(rng, p, track, speed, s_months)

    def _rank_and_post(self, p: People, idx: np.ndarray, track: np.ndarray, pel_choice: np.ndarray,
                       speed: np.ndarray, s_months: np.ndarray) -> None:
        tr = track[idx]
        edu = p.edu[idx]
        pppk = p.jp[idx] == PPPK
        steps = np.floor(s_months[idx] / 12.0 * speed[idx] / 4.0).astype(np.int64)
        raw = ENTRY_RANK[edu].astype(np.int64) + steps
        dosen = p.family[idx] == ct.FAMILY_INDEX["DOSEN"]
        expert = np.where(raw > 13, 13 + (raw - 13) // 2, raw)
        expert = np.where(dosen, np.minimum(raw, 17), np.minimum(expert, 15))
        rank = np.where(tr == TRACK_EXPERT, expert,
                        np.where(tr == TRACK_SKILLED, np.minimum(raw, 12), np.minimum(raw, MAX_RANK[edu])))
        not_struct = tr != TRACK_STRUCT
        level = np.where(tr == TRACK_EXPERT, LEVEL_EXPERT[np.clip(rank, 0, 17)],
                         LEVEL_SKILLED[np.clip(rank, 0, 17)])
        # PPPK: entry grade by education, functional level by education
        level = np.where(pppk & (tr == TRACK_EXPERT),
                         np.where(dosen & (edu == EDU["S3"]), J["AHLI_MUDA"], J["AHLI_PERTAMA"]), level)
        level = np.where(pppk & (tr == TRACK_SKILLED),
                         np.where(edu >= EDU["D3"], J["TERAMPIL"], J["PEMULA"]), level)
        fam = np.maximum(p.family[idx], 0)
        func_jab = self.cat.func[fam, level]
        pel_jab = np.zeros(idx.size, np.int64)
        for e in range(N_EDU):
            m = edu == e
            if m.any():
                cands = self.cat.pelaksana_by_edu[e]
                pel_jab[m] = cands[(pel_choice[idx[m]] * cands.size).astype(np.int64)]
        jab = np.where(tr == TRACK_PELAKSANA, pel_jab, func_jab)
        sel = not_struct
        p.jab[idx[sel]] = jab[sel]
        # pelaksana rank stays within the post's range too
        jj = p.jab[idx]
        lo, hi = self.cat.gmin[jj].astype(np.int64), self.cat.gmax[jj].astype(np.int64)
        rank_pns = np.where(tr == TRACK_PELAKSANA, np.clip(rank, lo, np.maximum(lo, hi)), rank)
        new_rank = np.where(pppk, PPPK_GRADE[edu], rank_pns)
        p.rank[idx[sel]] = new_rank[sel]

    def _dates(self, rng: np.random.Generator, p: People, track: np.ndarray, speed: np.ndarray,
               s_months: np.ndarray) -> None:
        n = len(p)
        pppk = p.jp == PPPK
        tmt_am = self.ref_am - s_months
        probation = 12 + rng.integers(0, 7, n)
        cpns = ~pppk & (tmt_am + probation > self.ref_am)
        p.status[:] = S_PNS
        p.status[cpns] = S_CPNS
        p.status[pppk] = S_PPPK
        pns = ~pppk & ~cpns
        p.tmt_pns[pns] = _days(tmt_am[pns] + probation[pns])
        # last promotion: spread over the service, snapped to the April/October rounds
        taken = np.maximum(p.rank.astype(np.int64) - p.entry_rank, 0)
        frac = taken / (taken + rng.uniform(0.2, 1.2, n))
        last = tmt_am + np.floor(s_months * frac).astype(np.int64)
        moy = last % 12  # 0 = January
        snapped = np.where(moy >= 9, last - moy + 9, np.where(moy >= 3, last - moy + 3, last - moy - 3))
        snapped = np.clip(snapped, tmt_am, self.ref_am)
        gol_am = np.where(taken > 0, snapped, tmt_am)
        p.tmt_gol[~pppk] = _days(gol_am[~pppk])
        p.tmt_gol[pppk] = p.tmt_cpns[pppk]
        # position since: structural 0-5 years ago, functional since the last rank, pelaksana 0-10 years
        back = np.where(track == TRACK_STRUCT, rng.uniform(0, 5, n), rng.uniform(0, 10, n))
        jab_am = np.maximum(self.ref_am - np.floor(np.minimum(back, s_months / 12.0) * 12).astype(np.int64), tmt_am)
        jab_am = np.where(track == TRACK_STRUCT, np.maximum(jab_am, tmt_am + 12), jab_am)
        jab_am = np.where((track == TRACK_EXPERT) | (track == TRACK_SKILLED), gol_am, jab_am)
        jab_am = np.where(pppk, tmt_am, np.minimum(jab_am, self.ref_am))
        # the retired changed nothing after their retirement month
        ret = p.kedudukan == K_PENSIUN
        if ret.any():
            by, bm, _ = _ymd(p.birth[ret])
            retire_am = (by + self.cat.bup[p.jab[ret]]) * 12 + bm  # first month after the birthday
            jab_am[ret] = np.maximum(np.minimum(jab_am[ret], retire_am), tmt_am[ret])
            gol_ret = np.maximum(np.minimum(gol_am[ret], retire_am), tmt_am[ret])
            p.tmt_gol[np.flatnonzero(ret)] = _days(gol_ret)
        p.tmt_jab[:] = _days(jab_am)

    # --- 6: NIPs --------------------------------------------------------------------------------------
    def nips(self, p: People) -> None:
        n = len(p)
        by, bm, bd = _ymd(p.birth)
        ty, tm, _ = _ymd(p.tmt_cpns)
        pppk = p.jp == PPPK
        mid = np.where(pppk, np.where(ty <= self.year - 5, 2, 1), tm)
        g = (p.sex + 1).astype(np.int64)
        key = ((by * 10000 + bm * 100 + bd) * 1_000_000 + ty * 100 + mid) * 10 + g
        order = np.argsort(key, kind="stable")
        ks = key[order]
        start = np.ones(n, bool)
        start[1:] = ks[1:] != ks[:-1]
        first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
        seq = np.empty(n, np.int64)
        seq[order] = np.arange(n) - first + 1
        if n and seq.max() > 999:
            raise RuntimeError("more than 999 NIPs share a 15-digit prefix")
        full = key * 1000 + seq  # 18 digits
        digits = np.zeros((n, 18), np.uint8)
        v = full.copy()
        for k in range(17, -1, -1):
            digits[:, k] = (v % 10) + 48
            v //= 10
        p.nip = digits.view("S18").reshape(n)
        # old 9-digit NIPs for PNS recruited before 2008 (unique, increasing numbers dealt at random)
        rng = self.rng(6)
        old = np.flatnonzero(~pppk & (ty < 2008))
        nums = 100_000_000 + np.cumsum(rng.integers(1, 300, old.size))
        p.nip_lama[old[rng.permutation(old.size)]] = nums


__all__ = ["Generator", "People", "KEDUDUKAN", "NO_DATE", "S_CPNS", "S_PNS", "S_PPPK", "PUSAT", "DAERAH", "PNS"]
