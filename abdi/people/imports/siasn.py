"""``abdi load --siasn FILE``: an agency's SIASN "Export Data ASN" roster, loaded as it comes (CONTRACTS §3b).

The export is read with the same reader as dataset files (header case and separators vary: ``nip_baru``,
``NIP_BARU`` and ``Nip Baru`` are one column). Agencies, units and positions named only by ``*_id``/``*_nama``
pairs are matched to the database by id, or created from those pairs when new. Values are translated to
Abdi's codes through mapping tables (``VALUE_MAPS``; an admin may add rows in ``people.SiasnMapping``), then
every row goes through exactly the checks of ``pegawai.csv``; a rejected row is reported on its line of the
export, naming the export's column. Personal fields Abdi does not need (NIK, phone, address, NPWP, BPJS) are
neither stored nor logged.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection

from abdi.people.imports import specs
from abdi.people.imports.engine import LoadReport, Progress, run_load
from abdi.people.imports.source import Batch, read_batches, sniff
from abdi.reference import codes

# value variants seen in exports → Abdi codes (keys compared lower-case, spaces collapsed)
VALUE_MAPS: dict[str, dict[str, str]] = {
    "jenis_kelamin": {"m": "L", "l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "1": "L",
                      "f": "P", "p": "P", "perempuan": "P", "wanita": "P", "2": "P"},
    "status_cpns_pns": {"c": "CPNS", "cpns": "CPNS", "p": "PNS", "pns": "PNS"},
    "kedudukan": {"aktif": "AKTIF", "cltn": "CLTN", "cuti di luar tanggungan negara": "CLTN",
                  "tugas belajar": "TUGAS_BELAJAR", "pemberhentian sementara": "PEMBERHENTIAN_SEMENTARA",
                  "diberhentikan sementara": "PEMBERHENTIAN_SEMENTARA", "pensiun": "PENSIUN",
                  "berhenti": "BERHENTI", "diberhentikan": "BERHENTI", "pemberhentian": "BERHENTI",
                  "meninggal": "MENINGGAL", "meninggal dunia": "MENINGGAL", "wafat": "MENINGGAL"},
    "pendidikan": {"sd": "SD", "sekolah dasar": "SD", "sltp": "SMP", "smp": "SMP", "slta": "SMA", "sma": "SMA",
                   "smk": "SMA", "slta/smk": "SMA", "d-i": "D1", "d1": "D1", "diploma i": "D1",
                   "d-ii": "D2", "d2": "D2", "diploma ii": "D2", "d-iii": "D3", "d3": "D3", "diploma iii": "D3",
                   "d-iv": "D4", "d4": "D4", "diploma iv": "D4", "s-1": "S1", "s1": "S1", "s-1/sarjana": "S1",
                   "sarjana": "S1", "s-2": "S2", "s2": "S2", "magister": "S2", "s-3": "S3", "s3": "S3",
                   "doktor": "S3", "s-3/doktor": "S3"},
    "jenis_jabatan": {"1": "STRUKTURAL", "2": "FUNGSIONAL", "4": "PELAKSANA", "struktural": "STRUKTURAL",
                      "fungsional": "FUNGSIONAL", "fungsional tertentu": "FUNGSIONAL", "pelaksana": "PELAKSANA",
                      "fungsional umum": "PELAKSANA"},
}
# SIASN golongan ids (11 = I/a … 45 = IV/e)
GOL_IDS = {f"{g}{r}": f"{roman}/{letter}" for g, roman in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
           for r, letter in enumerate("abcde", start=1)}
# the export's column that each pegawai.csv column comes from (for naming the failing column)
SOURCE_COLUMN = {
    "nip": "nip_baru", "nama": "nama", "tgl_lahir": "tanggal_lahir", "jenis_kelamin": "jenis_kelamin",
    "jenis_pegawai": "jenis_pegawai_nama", "status": "status_cpns_pns", "kedudukan": "kedudukan_hukum_nama",
    "golongan": "gol_akhir_nama", "pendidikan": "tingkat_pendidikan_nama", "tmt_cpns": "tmt_cpns",
    "instansi_id": "instansi_induk_id", "unor_id": "unor_id", "jabatan_id": "jabatan_id",
    "tmt_jabatan": "tmt_jabatan", "lokasi_kabkota_kode": "lokasi_kerja_id", "pns_id": "pns_id",
    "nip_lama": "nip_lama", "gelar_depan": "gelar_depan", "gelar_belakang": "gelar_belakang", "tmt_pns": "tmt_pns",
    "tmt_golongan": "tmt_golongan", "instansi_kerja_id": "instansi_kerja_id",
}
COLUMNS = tuple("""pns_id nip_baru nip_lama nama gelar_depan gelar_belakang tempat_lahir_id tempat_lahir_nama
tanggal_lahir jenis_kelamin agama_id agama_nama jenis_kawin_id jenis_kawin_nama nik nomor_hp email email_gov alamat
npwp_nomor bpjs jenis_pegawai_id jenis_pegawai_nama kedudukan_hukum_id kedudukan_hukum_nama status_cpns_pns
kartu_asn_virtual nomor_sk_cpns tanggal_sk_cpns tmt_cpns nomor_sk_pns tanggal_sk_pns tmt_pns gol_awal_id gol_awal_nama
gol_akhir_id gol_akhir_nama tmt_golongan mk_tahun mk_bulan jenis_jabatan_id jenis_jabatan_nama jabatan_id jabatan_nama
tmt_jabatan tingkat_pendidikan_id tingkat_pendidikan_nama pendidikan_id pendidikan_nama tahun_lulus kpkn_id kpkn_nama
lokasi_kerja_id lokasi_kerja_nama unor_id unor_nama instansi_induk_id instansi_induk_nama instansi_kerja_id
instansi_kerja_nama satuan_kerja_induk_id satuan_kerja_induk_nama satuan_kerja_kerja_id satuan_kerja_kerja_nama""".split())
NEEDED = ("nip_baru", "nama", "tanggal_lahir", "jenis_kelamin", "unor_id", "jabatan_id", "instansi_induk_id")
PERSONAL = ("nik", "nomor_hp", "email", "alamat", "npwp_nomor", "bpjs")


def _key(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())


def value_maps() -> dict[str, dict[str, str]]:
    """Shipped variants plus the rows an admin added."""
    maps = {k: dict(v) for k, v in VALUE_MAPS.items()}
    from abdi.people.models import SiasnMapping

    for row in SiasnMapping.objects.all():
        maps.setdefault(row.field, {})[_key(row.source_value)] = row.target_code
    return maps


def _map(arr: pa.Array, table: dict[str, str]) -> pa.Array:
    """Translate low-cardinality text through ``table``; unknown non-empty values become ``?value``."""
    uniq = pc.unique(arr).to_pylist()
    out = []
    for u in uniq:
        k = _key(u or "")
        out.append("" if not k else table.get(k, "?" + (u or "")))
    return pc.take(pa.array(out, pa.string()), pc.index_in(arr, value_set=pa.array(uniq, pa.string())))


def _golongan(batch: Batch, pppk: np.ndarray) -> pa.Array:
    name = batch.columns.get("gol_akhir_nama")
    gid = batch.columns.get("gol_akhir_id")
    n = batch.num_rows
    name = pc.utf8_trim_whitespace(name) if name is not None else pa.array([""] * n)
    if gid is not None:
        from_id = _map(pc.utf8_trim_whitespace(gid), {k: v for k, v in GOL_IDS.items()})
        from_id = pc.if_else(pc.starts_with(from_id, "?"), "", from_id)
        name = pc.if_else(pc.equal(pc.utf8_length(name), 0), from_id, name)
    # "III/a" variants: "III/A", "III.a", "III a"
    fixed = pc.replace_substring_regex(name, r"^\s*(I{1,3}|IV)\s*[/.\s-]\s*([a-eA-E])\s*$", r"\1/\2")
    lower_letter = pc.utf8_lower(pc.utf8_slice_codeunits(fixed, -1))
    head = pc.utf8_slice_codeunits(fixed, 0, -1)
    has_slash = pc.match_substring(fixed, "/")
    fixed = pc.if_else(has_slash, pc.binary_join_element_wise(head, lower_letter, ""), pc.utf8_upper(fixed))
    return fixed


class SiasnTranslator:
    """Turns batches of the export into batches of ``pegawai.csv`` columns (same lines)."""

    def __init__(self, maps: dict[str, dict[str, str]], kabkota_by_name: dict[str, str]):
        self.maps = maps
        self.kabkota_by_name = kabkota_by_name

    def __call__(self, batch: Batch, ctx: specs.Context) -> specs.Checked:
        n = batch.num_rows
        col = lambda name: batch.columns.get(name, pa.array([""] * n, pa.string()))  # noqa: E731
        jenis_nama = pc.utf8_upper(col("jenis_pegawai_nama"))
        pppk = pc.match_substring(jenis_nama, "PPPK").to_numpy(zero_copy_only=False) | \
            pc.match_substring(pc.utf8_upper(col("status_cpns_pns")), "PPPK").to_numpy(zero_copy_only=False)
        pppk_arr = pa.array(pppk)
        status = _map(col("status_cpns_pns"), self.maps["status_cpns_pns"])
        status = pc.if_else(pppk_arr, "PPPK", status)
        lokasi = pc.utf8_trim_whitespace(col("lokasi_kerja_id"))
        known_kab = pc.is_in(lokasi, value_set=ctx.kabkota)
        by_name = _map(col("lokasi_kerja_nama"), self.kabkota_by_name)
        by_name = pc.if_else(pc.starts_with(by_name, "?"), lokasi, by_name)
        lokasi = pc.if_else(known_kab, lokasi, by_name)
        inst = pc.utf8_trim_whitespace(col("instansi_induk_id"))
        inst_kerja = pc.utf8_trim_whitespace(col("instansi_kerja_id"))
        inst_kerja = pc.if_else(pc.equal(inst_kerja, inst), "", inst_kerja)
        translated = {
            "nip": col("nip_baru"), "nama": col("nama"), "tgl_lahir": col("tanggal_lahir"),
            "jenis_kelamin": _map(col("jenis_kelamin"), self.maps["jenis_kelamin"]),
            "jenis_pegawai": pc.if_else(pppk_arr, "PPPK", "PNS"),
            "status": status,
            "kedudukan": _map(col("kedudukan_hukum_nama"), self.maps["kedudukan"]),
            "golongan": _golongan(batch, pppk),
            "pendidikan": _map(col("tingkat_pendidikan_nama"), self.maps["pendidikan"]),
            "tmt_cpns": col("tmt_cpns"), "instansi_id": inst, "unor_id": col("unor_id"),
            "jabatan_id": col("jabatan_id"), "tmt_jabatan": col("tmt_jabatan"), "lokasi_kabkota_kode": lokasi,
            "pns_id": col("pns_id"), "nip_lama": col("nip_lama"), "gelar_depan": col("gelar_depan"),
            "gelar_belakang": col("gelar_belakang"), "tmt_pns": col("tmt_pns"),
            "tmt_golongan": col("tmt_golongan"), "instansi_kerja_id": inst_kerja,
        }
        # '?value' marks an untranslatable variant: blank it so the code check reports the raw value
        shown = {}
        for name, arr in translated.items():
            src = SOURCE_COLUMN.get(name, name)
            shown[name] = batch.columns.get(src, arr)
            if name in ("jenis_kelamin", "status", "kedudukan", "pendidikan"):
                translated[name] = pc.if_else(pc.starts_with(arr, "?"), pc.utf8_slice_codeunits(arr, 1), arr)
        inner = Batch(translated, batch.lines, batch.bad_utf8, batch.bad_utf8_column)
        if "__field_count__" in batch.columns:
            inner.columns["__field_count__"] = batch.columns["__field_count__"]
        checked = specs.validate_pegawai(inner, ctx, dmy_allowed=True)
        checked.errors.columns = [SOURCE_COLUMN.get(c, c) for c in checked.errors.columns]
        checked.errors.index = {c: i for i, c in enumerate(checked.errors.columns)}
        checked.values = {SOURCE_COLUMN.get(k, k): v for k, v in shown.items()}
        return checked


def _jenis_instansi(nama: str) -> str:
    n = nama.strip().upper()
    if n.startswith(("KABUPATEN", "PEMERINTAH KABUPATEN", "PEMKAB")):
        return "KABUPATEN"
    if n.startswith(("KOTA", "PEMERINTAH KOTA", "PEMKOT")):
        return "KOTA"
    if n.startswith(("PROVINSI", "PEMERINTAH PROVINSI", "PEMPROV")):
        return "PROVINSI"
    return "PUSAT"


def _strip_prefix(nama: str) -> str:
    n = nama.strip().upper()
    for prefix in ("PEMERINTAH ", "PEMKAB ", "PEMKOT ", "PEMPROV "):
        if n.startswith(prefix):
            n = n[len(prefix):]
    return n


JENJANG_WORDS = (
    ("AHLI UTAMA", "AHLI_UTAMA"), ("AHLI MADYA", "AHLI_MADYA"), ("AHLI MUDA", "AHLI_MUDA"),
    ("AHLI PERTAMA", "AHLI_PERTAMA"), ("PENYELIA", "PENYELIA"), ("MAHIR", "MAHIR"), ("TERAMPIL", "TERAMPIL"),
    ("PEMULA", "PEMULA"),
)


def guess_jenjang(jenis: str, nama: str) -> str:
    """Position level from SIASN's names when the position is new to Abdi (adjust in the catalog later)."""
    n = nama.upper()
    if jenis == "PELAKSANA":
        return "PELAKSANA"
    if jenis == "FUNGSIONAL":
        for word, code in JENJANG_WORDS:
            if word in n:
                return code
        return "AHLI_PERTAMA"
    if any(w in n for w in ("SEKRETARIS JENDERAL", "DIREKTUR JENDERAL", "KEPALA BADAN NASIONAL", "INSPEKTUR JENDERAL")):
        return "JPT_MADYA"
    if any(w in n for w in ("SEKRETARIS DAERAH", "KEPALA DINAS", "KEPALA BADAN", "INSPEKTUR", "DIREKTUR",
                            "ASISTEN", "STAF AHLI", "SEKRETARIS DPRD", "KEPALA BIRO", "KEPALA PUSAT")):
        return "JPT_PRATAMA"
    if any(w in n for w in ("KEPALA BIDANG", "KEPALA BAGIAN", "SEKRETARIS", "CAMAT", "KEPALA SUBDIREKTORAT")):
        return "ADMINISTRATOR"
    return "PENGAWAS"


def _existing(table: str, key: str) -> set[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {key} FROM {table}")
        return {r[0] for r in cur.fetchall()}


def derive_entities(path: Path, out: Path, report: LoadReport, label: str) -> dict[str, str]:
    """First pass: write instansi/unor/jabatan CSVs for the ids the database does not know yet."""
    info = sniff(path)
    kab_rows = {}
    with connection.cursor() as cur:
        cur.execute("SELECT kode, provinsi_id, nama FROM org_kabkota")
        for kode, prov, nama in cur.fetchall():
            kab_rows[kode] = (prov, nama)
        cur.execute("SELECT kode, nama FROM org_provinsi")
        prov_by_name = {nama.upper(): kode for kode, nama in cur.fetchall()}
    kab_by_name = {nama.upper(): kode for kode, (prov, nama) in kab_rows.items()}
    have_inst = _existing("org_instansi", "instansi_id")
    have_unor = _existing("org_unor", "unor_id")
    have_jab = _existing("org_jabatan", "jabatan_id")
    inst: dict[str, tuple[str, int]] = {}
    unor: dict[str, tuple[str, str, str, int]] = {}
    jab: dict[str, tuple[str, str, int]] = {}
    lokasi_of_inst: dict[str, str] = {}
    maps = VALUE_MAPS["jenis_jabatan"]
    if info.empty:
        return kab_by_name
    for batch in read_batches(path, info, slow=True):
        cols = {k: v.to_pylist() for k, v in batch.columns.items() if k != "__field_count__"}
        blank_col = [""] * batch.num_rows

        def get(name: str, i: int, cols=cols, blank_col=blank_col) -> str:
            return (cols.get(name) or blank_col)[i].strip()

        for i in range(batch.num_rows):
            line = int(batch.lines[i])
            for id_col, name_col in (("instansi_induk_id", "instansi_induk_nama"),
                                     ("instansi_kerja_id", "instansi_kerja_nama")):
                iid = get(id_col, i)
                if iid and iid not in have_inst and iid not in inst:
                    inst[iid] = (get(name_col, i) or iid, line)
            iid = get("instansi_kerja_id", i) or get("instansi_induk_id", i)
            lok = get("lokasi_kerja_id", i)
            if lok in kab_rows and iid:
                lokasi_of_inst.setdefault(iid, lok)
            uid = get("unor_id", i)
            if uid and uid not in have_unor and uid not in unor and iid:
                unor[uid] = (iid, get("unor_nama", i) or uid, lok if lok in kab_rows else "", line)
            jid = get("jabatan_id", i)
            if jid and jid not in have_jab and jid not in jab:
                jenis = maps.get(_key(get("jenis_jabatan_id", i)), maps.get(_key(get("jenis_jabatan_nama", i)), ""))
                jab[jid] = (get("jabatan_nama", i) or jid, jenis, line)
    with (out / "instansi.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(specs.INSTANSI_REQ + specs.INSTANSI_OPT)
        for iid, (nama, line) in inst.items():
            jenis = _jenis_instansi(nama)
            bare = _strip_prefix(nama)
            kab = kab_by_name.get(bare) or kab_by_name.get(f"KABUPATEN {bare}") or ""
            prov = prov_by_name.get(bare.removeprefix("PROVINSI ").strip(), "")
            if jenis in ("KABUPATEN", "KOTA"):
                prov = kab_rows[kab][0] if kab else ""
            if not prov and iid in lokasi_of_inst and jenis != "PUSAT":
                prov = kab_rows[lokasi_of_inst[iid]][0]
            if jenis != "PUSAT" and not prov:
                report.warn(label, line, f"provinsi instansi '{nama}' tidak dapat ditentukan; instansi tidak dibuat")
                continue
            w.writerow([iid, nama, jenis, prov if jenis != "PUSAT" else "", kab if jenis in ("KABUPATEN", "KOTA") else ""])
    with (out / "unor.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(specs.UNOR_REQ + specs.UNOR_OPT)
        for uid, (iid, nama, lok, _line) in unor.items():
            w.writerow([uid, iid, "", nama, "", "", lok, ""])
    with (out / "jabatan.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(specs.JABATAN_REQ + specs.JABATAN_OPT)
        for jid, (nama, jenis, line) in jab.items():
            if not jenis:
                report.warn(label, line, f"jenis jabatan '{nama}' tidak dikenal (jenis_jabatan_id); jabatan tidak dibuat")
                continue
            jenjang = guess_jenjang(jenis, nama)
            level = codes.JENJANG_BY_CODE[jenjang]
            w.writerow([jid, nama, jenis, jenjang, level.kelas_min, "", level.bup, level.golongan_min or "",
                        level.golongan_max or ""])
    return kab_by_name


def load_siasn(path: Path, *, actor=None, actor_label: str = "", strict: bool = False,
               progress: Progress | None = None, today: dt.date | None = None) -> LoadReport:
    path = Path(path)
    report = LoadReport()
    label = path.name
    info = sniff(path)
    del info
    pegawai_spec = dataclasses.replace(specs.SPECS["pegawai.csv"], header_required=NEEDED, header_known=COLUMNS)
    with tempfile.TemporaryDirectory(prefix="abdi-siasn-") as tmp:
        tmpdir = Path(tmp)
        kab_by_name = derive_entities(path, tmpdir, report, label)
        translator = SiasnTranslator(value_maps(), kab_by_name)
        plan = [
            (specs.SPECS["instansi.csv"], tmpdir / "instansi.csv", None, f"{label} (instansi baru)"),
            (specs.SPECS["unor.csv"], tmpdir / "unor.csv", None, f"{label} (unor baru)"),
            (specs.SPECS["jabatan.csv"], tmpdir / "jabatan.csv", None, f"{label} (jabatan baru)"),
            (pegawai_spec, path, translator, label),
        ]
        return run_load(plan, kind="siasn", actor=actor, actor_label=actor_label, strict=strict,
                        progress=progress, today=today, report=report, hashed=[path])
