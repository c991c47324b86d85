"""Indonesian-looking personal names, academic titles and place names, built without a loop per person.

Names follow a regional style chosen from the work province: Balinese birth-order names in Bali, Batak
family names (marga) in North Sumatra, Christian given names with eastern family names in NTT, North
Sulawesi, Maluku and Papua, and otherwise Javanese/Sundanese/Malay/Islamic names. Each person gets up to
four tokens (prefix, given name, second name, family name) picked by index from one token table; the
strings are joined by Arrow in C, chunk by chunk.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .calibration import EDU

M_PREFIX = ("Muhammad", "Ahmad", "Mochamad", "Moh.", "Abdul", "Raden")
M_GIVEN = (
    "Agus", "Budi", "Dedi", "Eko", "Hendra", "Irwan", "Joko", "Rizky", "Andi", "Bambang", "Dwi", "Fajar",
    "Gunawan", "Hadi", "Indra", "Yusuf", "Arif", "Bayu", "Dani", "Erwin", "Fikri", "Hendro", "Iwan", "Yogi",
    "Rudi", "Slamet", "Sugeng", "Teguh", "Wahyu", "Yudi", "Zainal", "Asep", "Ujang", "Dadang", "Cecep", "Heru",
    "Imam", "Lukman", "Rahmat", "Ridwan", "Syaiful", "Taufik", "Wawan", "Yanto", "Adi", "Aris", "Darmawan",
    "Edi", "Fauzi", "Galih", "Hasan", "Ilham", "Jamal", "Kurnia", "Lutfi", "Mulyadi", "Nanang", "Purnomo",
    "Rahman", "Sutrisno", "Suparman", "Sumarno", "Tri", "Untung", "Wibowo", "Yoga", "Zulkifli", "Anton",
    "Bagus", "Dimas", "Firman", "Gilang", "Hafiz", "Irfan", "Kevin", "Reza", "Rizal", "Satria", "Tegar",
)
M_SECOND = (
    "Santoso", "Hidayat", "Saputra", "Prasetyo", "Wijaya", "Setiawan", "Nugroho", "Kurniawan", "Firmansyah",
    "Pratama", "Susanto", "Gunawan", "Hermawan", "Purnama", "Ramadhan", "Syahputra", "Wibisono", "Utomo",
    "Suryadi", "Hakim", "Maulana", "Rachman", "Iskandar", "Sudrajat", "Permana", "Kusuma", "Wicaksono",
    "Yulianto", "Nurdin", "Effendi", "Hamzah", "Rosyid", "Anwar", "Prabowo", "Haryanto", "Sutanto", "Fadli",
    "Aditya", "Baskoro", "Cahyono", "Darmawan", "Febrianto", "Hartono", "Irawan", "Junaidi", "Kartika",
)
F_PREFIX = ("Siti", "Nur", "Sri", "Dyah", "Raden Ajeng")
F_GIVEN = (
    "Dewi", "Ratna", "Rina", "Yuliana", "Fitri", "Indah", "Lestari", "Wulan", "Ayu", "Rini", "Sari", "Yanti",
    "Novi", "Eka", "Dian", "Endah", "Fatimah", "Heni", "Ika", "Kartini", "Lina", "Maya", "Nina", "Puji",
    "Rahma", "Susi", "Tuti", "Umi", "Vera", "Winda", "Yeni", "Zahra", "Anisa", "Aisyah", "Citra", "Desi",
    "Evi", "Farida", "Gita", "Hesti", "Intan", "Juwita", "Kiki", "Lilis", "Mega", "Nia", "Okta", "Putri",
    "Rosa", "Sinta", "Tari", "Utari", "Wati", "Yuni", "Ani", "Erna", "Nurul", "Neneng", "Euis", "Iis",
)
F_SECOND = (
    "Rahmawati", "Lestari", "Wulandari", "Handayani", "Susanti", "Safitri", "Puspitasari", "Anggraini",
    "Kurniasih", "Hidayati", "Setyawati", "Purnamasari", "Maharani", "Oktaviani", "Permatasari", "Rahayu",
    "Suryani", "Utami", "Yuliani", "Fitriani", "Hasanah", "Aprilia", "Damayanti", "Febriyanti", "Indriani",
    "Kusumawati", "Mulyani", "Novitasari", "Pertiwi", "Ramadhani", "Sulistyowati", "Wahyuni", "Nurjanah",
    "Agustina", "Andriani", "Astuti", "Ningsih", "Nuraini", "Sari", "Widyastuti",
)
BALI_M_PREFIX = ("I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Gede", "I Komang", "I Kadek",
                 "I Gusti Ngurah", "Ida Bagus")
BALI_F_PREFIX = ("Ni Wayan", "Ni Made", "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Luh", "Ni Komang",
                 "Ni Kadek", "Ni Luh Putu", "Ida Ayu")
BALI_M = ("Sudarsana", "Arimbawa", "Suarjana", "Wirawan", "Adnyana", "Mahendra", "Sukadana", "Artawan",
          "Suartana", "Budiasa", "Darmawan", "Eka Putra", "Gunawan", "Kertiyasa", "Mertayasa", "Parwata",
          "Sudiarta", "Widiana", "Yasa", "Sumerta", "Wiguna", "Astawa", "Sukarta", "Dharma")
BALI_F = ("Sri Artini", "Suryani", "Ariani", "Sukerti", "Wahyuni", "Astiti", "Darmayanti", "Sudiani",
          "Widiastuti", "Yuliantari", "Kartini", "Mariani", "Puspawati", "Rusmini", "Sumiati", "Sukarmi",
          "Ayu Lestari", "Dewi Sartika", "Anggreni", "Purnami")
MARGA = ("Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitompul", "Hutagalung", "Lubis", "Pardede",
         "Sinaga", "Situmorang", "Simatupang", "Panjaitan", "Manurung", "Sihombing", "Tambunan", "Pasaribu",
         "Silalahi", "Sembiring", "Ginting", "Tarigan", "Purba", "Damanik", "Saragih", "Hasibuan", "Rangkuti",
         "Simbolon", "Sitorus", "Napitupulu", "Hutapea", "Marpaung")
EAST_M = ("Yohanes", "Petrus", "Paulus", "Yosef", "Markus", "Stefanus", "Fransiskus", "Antonius", "Yakobus",
          "Daniel", "Samuel", "Frans", "Alfons", "Benediktus", "Herman", "Yulius", "Robert", "Johan",
          "Agustinus", "Matius", "Lukas", "Simon", "Viktor", "Nikolaus")
EAST_F = ("Maria", "Yuliana", "Agustina", "Magdalena", "Elisabeth", "Theresia", "Fransiska", "Yohana",
          "Margaretha", "Veronika", "Debora", "Ribka", "Christina", "Anastasia", "Sisilia", "Angelina",
          "Novita", "Yuliati", "Marlina", "Selvi")
EAST_FAMILY = ("Tanamal", "Latuconsina", "Pattiasina", "Sahetapy", "Rumbiak", "Wenda", "Kogoya", "Mandacan",
               "Wanggai", "Rumbewas", "Lasut", "Mandagi", "Pangemanan", "Rondonuwu", "Tumbelaka", "Sondakh",
               "Wowor", "Manafe", "Ndun", "Bria", "Seran", "Kolo", "Tefa", "Bere", "Laka", "Ratu", "Lado",
               "Fernandez", "da Costa", "Lamahala", "Manuhutu", "Tuhumury", "Kaunang", "Karundeng", "Ayomi")

GENERAL, BALI, BATAK, EAST = 0, 1, 2, 3
# (style, sex) -> (prefix list, p prefix, given list, second list, p second, family list, p family)
_SPEC = {
    (GENERAL, 0): (M_PREFIX, 0.15, M_GIVEN, M_SECOND, 0.72, (), 0.0),
    (GENERAL, 1): (F_PREFIX, 0.18, F_GIVEN, F_SECOND, 0.72, (), 0.0),
    (BALI, 0): (BALI_M_PREFIX, 1.0, BALI_M, BALI_M, 0.15, (), 0.0),
    (BALI, 1): (BALI_F_PREFIX, 1.0, BALI_F, BALI_F, 0.10, (), 0.0),
    (BATAK, 0): ((), 0.0, M_GIVEN, M_SECOND, 0.35, MARGA, 1.0),
    (BATAK, 1): ((), 0.0, F_GIVEN, F_SECOND, 0.35, MARGA, 1.0),
    (EAST, 0): ((), 0.0, EAST_M, M_GIVEN, 0.35, EAST_FAMILY, 0.85),
    (EAST, 1): ((), 0.0, EAST_F, F_GIVEN, 0.35, EAST_FAMILY, 0.85),
}


def _token_table() -> tuple[list[str], dict[tuple[int, int, int], tuple[int, int, float]]]:
    tokens: list[str] = []
    slots: dict[tuple[int, int, int], tuple[int, int, float]] = {}
    for (style, sex), (pre, p_pre, given, second, p_sec, fam, p_fam) in _SPEC.items():
        for slot, (lst, p) in enumerate(((pre, p_pre), (given, 1.0), (second, p_sec), (fam, p_fam))):
            slots[(style, sex, slot)] = (len(tokens), len(lst), p if lst else 0.0)
            tokens.extend(lst)
    return tokens, slots


TOKENS, _SLOTS = _token_table()
TOKEN_ARRAY = pa.array(TOKENS, pa.string())


def style_for_provinces(prov_codes: tuple[str, ...]) -> np.ndarray:
    """Per province: probabilities of the four styles."""
    out = np.zeros((len(prov_codes), 4))
    for i, code in enumerate(prov_codes):
        if code == "51":
            out[i] = (0.15, 0.85, 0, 0)
        elif code == "12":
            out[i] = (0.6, 0, 0.4, 0)
        elif code in ("53", "71", "81", "91", "92", "93", "94", "95", "96"):
            out[i] = (0.35, 0, 0, 0.65)
        else:
            out[i] = (0.97, 0, 0.02, 0.01)
    return out


def draw_name_tokens(rng: np.random.Generator, style: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """int32 [n, 4] token indices into TOKENS (-1 = no token) for each person."""
    n = style.shape[0]
    out = np.full((n, 4), -1, dtype=np.int32)
    u = rng.random((n, 4))
    v = rng.random((n, 4))
    key = style.astype(np.int64) * 2 + sex
    for (st, sx, slot), (off, size, p) in _SLOTS.items():
        if size == 0 or p == 0:
            continue
        m = key == st * 2 + sx
        take = m & (v[:, slot] < p)
        out[take, slot] = off + (u[take, slot] * size).astype(np.int32)
    # a second name must differ from the given name: shift by one within its list when equal
    for (st, sx, slot), (off, size, _p) in _SLOTS.items():
        if slot != 2 or size < 2:
            continue
        m = (key == st * 2 + sx) & (out[:, 2] >= 0) & (out[:, 2] == out[:, 1])
        out[m, 2] = off + (out[m, 2] - off + 1) % size
    return out


def join_names(tokens: np.ndarray) -> pa.Array:
    """Arrow string array from [n, 4] token indices."""
    cols = []
    for k in range(4):
        idx = tokens[:, k]
        arr = TOKEN_ARRAY.take(pa.array(np.where(idx < 0, 0, idx), pa.int32()))
        cols.append(pc.if_else(pa.array(idx < 0), pa.scalar(None, pa.string()), arr))
    return pc.binary_join_element_wise(*cols, " ", null_handling="skip")


# --- academic titles ---------------------------------------------------------------------------------
G_GEN, G_GURU, G_DOSEN, G_DOKTER, G_DRG, G_APT, G_PERAWAT, G_BIDAN, G_KES = range(9)
_S2_GEN = ("S.E., M.M.", "S.H., M.H.", "S.Sos., M.Si.", "S.T., M.T.", "S.Kom., M.Kom.", "S.IP., M.AP.",
           "S.E., M.Ak.", "S.P., M.Si.", "S.Si., M.Si.", "S.E., M.E.", "S.Sos., M.AP.")
_S2_DOSEN = ("S.T., M.T.", "S.Si., M.Si.", "S.Pd., M.Pd.", "S.E., M.Si.", "S.H., M.H.", "S.Ag., M.Ag.",
             "S.Kom., M.Kom.", "S.P., M.P.", "S.S., M.Hum.", "S.Kep., M.Kep.")
_SP = ("Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "Sp.An", "Sp.Rad", "Sp.JP", "Sp.M", "Sp.THT-KL", "Sp.N", "Sp.KJ")
# (group, education) -> list of (gelar_depan, gelar_belakang)
GELAR: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {}
for _g in range(9):
    GELAR[(_g, "D1")] = (("", "A.Ma."),)
    GELAR[(_g, "D2")] = (("", "A.Ma."),)
    GELAR[(_g, "D3")] = tuple(("", t) for t in ("A.Md.", "A.Md.Kom.", "A.Md.Ak.", "A.Md.T."))
    GELAR[(_g, "D4")] = tuple(("", t) for t in ("S.Tr.", "S.ST.", "S.Tr.Ak.", "S.Tr.Sos."))
    GELAR[(_g, "S1")] = tuple(("", t) for t in ("S.E.", "S.H.", "S.Sos.", "S.T.", "S.Kom.", "S.IP.", "S.AP.",
                                                "S.Ak.", "S.P.", "S.Si.", "S.Pt.", "S.Hut.", "S.Ag.", "S.Psi."))
    GELAR[(_g, "S2")] = tuple(("", t) for t in _S2_GEN)
    GELAR[(_g, "S3")] = tuple(("Dr.", t) for t in _S2_GEN)
GELAR[(G_GURU, "D4")] = (("", "S.Pd."), ("", "S.Tr.Pd."))
GELAR[(G_GURU, "S1")] = tuple(("", t) for t in ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Ag.", "S.Si.",
                                                "S.Pd.SD."))
GELAR[(G_GURU, "S2")] = (("", "S.Pd., M.Pd."), ("", "S.Pd., M.Pd."), ("", "S.Pd.I., M.Pd.I."), ("", "S.Si., M.Si."))
GELAR[(G_GURU, "S3")] = (("Dr.", "S.Pd., M.Pd."),)
GELAR[(G_DOSEN, "S2")] = tuple(("", t) for t in _S2_DOSEN)
GELAR[(G_DOSEN, "S3")] = tuple(("Dr.", t) for t in _S2_DOSEN)
GELAR[(G_DOKTER, "S1")] = (("dr.", ""),)
GELAR[(G_DOKTER, "D4")] = (("dr.", ""),)
GELAR[(G_DOKTER, "S2")] = tuple(("dr.", s) for s in _SP) + (("dr.", "M.Kes."), ("dr.", "M.K.M."))
GELAR[(G_DOKTER, "S3")] = tuple(("Dr. dr.", s) for s in _SP[:6])
GELAR[(G_DRG, "S1")] = (("drg.", ""),)
GELAR[(G_DRG, "D4")] = (("drg.", ""),)
GELAR[(G_DRG, "S2")] = (("drg.", "Sp.Ort"), ("drg.", "Sp.KG"), ("drg.", "M.Kes."))
GELAR[(G_DRG, "S3")] = (("Dr. drg.", "M.Kes."),)
GELAR[(G_APT, "S1")] = (("apt.", "S.Farm."),)
GELAR[(G_APT, "D4")] = (("apt.", "S.Farm."),)
GELAR[(G_APT, "S2")] = (("apt.", "S.Farm., M.Farm."), ("apt.", "S.Farm., M.Kes."))
GELAR[(G_APT, "S3")] = (("Dr. apt.", "S.Farm., M.Si."),)
GELAR[(G_PERAWAT, "D3")] = (("", "A.Md.Kep."),)
GELAR[(G_PERAWAT, "D4")] = (("", "S.Tr.Kep."),)
GELAR[(G_PERAWAT, "S1")] = (("", "S.Kep., Ns."),)
GELAR[(G_PERAWAT, "S2")] = (("", "S.Kep., Ns., M.Kep."),)
GELAR[(G_BIDAN, "D3")] = (("", "A.Md.Keb."),)
GELAR[(G_BIDAN, "D4")] = (("", "S.Tr.Keb."),)
GELAR[(G_BIDAN, "S1")] = (("", "S.Keb., Bd."),)
GELAR[(G_BIDAN, "S2")] = (("", "S.ST., M.Keb."),)
GELAR[(G_KES, "D3")] = tuple(("", t) for t in ("A.Md.Kes.", "A.Md.Farm.", "A.Md.Gz.", "A.Md.AK.", "A.Md.Rad."))
GELAR[(G_KES, "D4")] = (("", "S.Tr.Kes."), ("", "S.Tr.Gz."))
GELAR[(G_KES, "S1")] = (("", "S.K.M."), ("", "S.Gz."), ("", "S.K.M."))
GELAR[(G_KES, "S2")] = (("", "S.K.M., M.Kes."), ("", "S.K.M., M.K.M."))

FAMILY_GELAR_GROUP = {"GURU": G_GURU, "DOSEN": G_DOSEN, "DOKTER": G_DOKTER, "DOKTERGIGI": G_DRG,
                      "APOTEKER": G_APT, "PERAWAT": G_PERAWAT, "BIDAN": G_BIDAN}


def _gelar_table() -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    depan: list[str] = [""]
    belakang: list[str] = [""]
    n_edu = len(EDU)
    off = np.zeros((9, n_edu), dtype=np.int32)
    size = np.zeros((9, n_edu), dtype=np.int32)
    for (g, e), opts in GELAR.items():
        off[g, EDU[e]] = len(depan)
        size[g, EDU[e]] = len(opts)
        for d, b in opts:
            depan.append(d)
            belakang.append(b)
    return depan, belakang, off, size


GELAR_DEPAN, GELAR_BELAKANG, _GOFF, _GSIZE = _gelar_table()
GELAR_DEPAN_ARRAY = pa.array(GELAR_DEPAN, pa.string())
GELAR_BELAKANG_ARRAY = pa.array(GELAR_BELAKANG, pa.string())


def draw_gelar(rng: np.random.Generator, group: np.ndarray, edu: np.ndarray) -> np.ndarray:
    """int32 index into GELAR_DEPAN/GELAR_BELAKANG (0 = no title) per person."""
    size = _GSIZE[group, edu]
    idx = _GOFF[group, edu] + (rng.random(group.shape[0]) * np.maximum(size, 1)).astype(np.int32)
    return np.where(size > 0, idx, 0).astype(np.int32)


# --- place names (kecamatan, kelurahan, puskesmas) ---------------------------------------------------
PLACE_JOINED = ("Suka", "Karang", "Tanjung", "Sumber", "Sido", "Mekar", "Banjar", "Cipta", "Wono", "Margo",
                "Tegal", "Kali", "Jati", "Rejo", "Ngawi", "Sri", "Panca", "Harja", "Cipanas", "Gedong")
PLACE_SPACED = ("Sungai", "Bukit", "Talang", "Muara", "Padang", "Batu", "Air", "Teluk", "Lubuk", "Simpang",
                "Gunung", "Pondok", "Kebon", "Koto", "Tanah", "Pulau", "Rantau", "Tanjung", "Kampung", "Desa")
PLACE_SUFFIX = ("maju", "sari", "jaya", "rejo", "mulyo", "harjo", "agung", "makmur", "asri", "indah", "wangi",
                "luhur", "baru", "raya", "mukti", "rahayu", "subur", "tengah", "utara", "selatan", "timur",
                "barat", "permai", "sentosa", "kencana", "mulya", "lestari", "abadi", "mekar", "tirta")


def place_names(rng: np.random.Generator, n: int) -> list[str]:
    a = rng.integers(0, len(PLACE_JOINED) + len(PLACE_SPACED), size=n)
    b = rng.integers(0, len(PLACE_SUFFIX), size=n)
    out = []
    nj = len(PLACE_JOINED)
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        if i < nj:
            out.append(PLACE_JOINED[i] + PLACE_SUFFIX[j])
        else:
            out.append(PLACE_SPACED[i - nj] + " " + PLACE_SUFFIX[j].capitalize())
    return out
