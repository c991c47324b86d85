"""The roster as a SIASN "Export Data ASN" (``siasn_roster.csv``, CONTRACTS §3b) — value mapping.

Same people, same order and same values as ``pegawai.csv``, in SIASN's column names and value formats.
The loader reads it back with this mapping (codes are Abdi's, names are SIASN's):

========================  ===========================================================================
column(s)                 value
========================  ===========================================================================
``pns_id``                the ``pns_id`` of pegawai.csv
``nip_baru``/``nip_lama`` ``nip`` / ``nip_lama``
``nama``, ``gelar_*``     as in pegawai.csv
all dates                 **DD-MM-YYYY** (``tanggal_lahir``, ``tmt_cpns``, ``tmt_pns``, ``tmt_golongan``,
                          ``tmt_jabatan``); empty where pegawai.csv is empty
``jenis_kelamin``         L → ``M``, P → ``F``
``jenis_pegawai_id/nama`` PNS at a central agency ``1``/``PNS Pusat``; PNS at a region ``2``/``PNS Daerah``;
                          PPPK ``3``/``PPPK`` (a name containing "PPPK" marks PPPK)
``kedudukan_hukum_id/     AKTIF ``01``/``Aktif``; CLTN ``02``/``CLTN``; TUGAS_BELAJAR ``03``/``Tugas Belajar``;
nama``                    PEMBERHENTIAN_SEMENTARA ``04``/``Pemberhentian Sementara``; PENSIUN ``99``/``Pensiun``;
                          BERHENTI ``66``/``Diberhentikan``; MENINGGAL ``77``/``Meninggal``
``status_cpns_pns``       CPNS → ``C``, PNS → ``P``, PPPK → empty
``gol_awal_*``,           PNS: id ``11``…``14``, ``21``…``24``, ``31``…``34``, ``41``…``45`` and name ``I/a`` …
``gol_akhir_*``           ``IV/e``; PPPK: id ``101``…``117`` and name ``I`` … ``XVII``. ``gol_awal`` is the
                          entry rank (PNS: by education; PPPK: the grade), ``gol_akhir`` the current one
``mk_tahun``/``mk_bulan`` years and months of service from ``tmt_cpns`` to 31 December of ``year``
``jenis_jabatan_id/nama`` ``1``/``Struktural``, ``2``/``Fungsional``, ``4``/``Pelaksana``
``jabatan_id/nama``       jabatan.csv's ``jabatan_id``/``nama``
``tingkat_pendidikan_     SD ``05``/``SD``; SMP ``10``/``SLTP``; SMA ``15``/``SLTA``; D1 ``20``/``Diploma I``;
id/nama``                 D2 ``25``/``Diploma II``; D3 ``30``/``Diploma III``; D4 ``35``/``Diploma IV``;
                          S1 ``40``/``S-1/Sarjana``; S2 ``45``/``S-2``; S3 ``50``/``S-3``
``lokasi_kerja_id/nama``  the work regency: Kemendagri code (``32.73``) / its name (``KOTA BANDUNG``)
``unor_id/nama``          unor.csv's ``unor_id``/``nama``
``instansi_induk_*``,     instansi.csv's ``instansi_id``/``nama`` (both the same: nobody is seconded)
``instansi_kerja_*``
everything else           empty (birthplace, religion, marital status, NIK, phone, e-mail, address, NPWP,
                          BPJS, virtual card, decree numbers and dates, majors, KPPN, satuan kerja)
========================  ===========================================================================
"""

from __future__ import annotations

COLUMNS: tuple[str, ...] = tuple("""pns_id nip_baru nip_lama nama gelar_depan gelar_belakang tempat_lahir_id
tempat_lahir_nama tanggal_lahir jenis_kelamin agama_id agama_nama jenis_kawin_id jenis_kawin_nama nik nomor_hp
email email_gov alamat npwp_nomor bpjs jenis_pegawai_id jenis_pegawai_nama kedudukan_hukum_id
kedudukan_hukum_nama status_cpns_pns kartu_asn_virtual nomor_sk_cpns tanggal_sk_cpns tmt_cpns nomor_sk_pns
tanggal_sk_pns tmt_pns gol_awal_id gol_awal_nama gol_akhir_id gol_akhir_nama tmt_golongan mk_tahun mk_bulan
jenis_jabatan_id jenis_jabatan_nama jabatan_id jabatan_nama tmt_jabatan tingkat_pendidikan_id
tingkat_pendidikan_nama pendidikan_id pendidikan_nama tahun_lulus kpkn_id kpkn_nama lokasi_kerja_id
lokasi_kerja_nama unor_id unor_nama instansi_induk_id instansi_induk_nama instansi_kerja_id instansi_kerja_nama
satuan_kerja_induk_id satuan_kerja_induk_nama satuan_kerja_kerja_id satuan_kerja_kerja_nama""".split())

JENIS_KELAMIN = ("M", "F")  # by sex index L, P
# by (jenis_pegawai, pusat/daerah) → (id, nama)
JENIS_PEGAWAI = {("PNS", "PUSAT"): ("1", "PNS Pusat"), ("PNS", "DAERAH"): ("2", "PNS Daerah"),
                 ("PPPK", "PUSAT"): ("3", "PPPK"), ("PPPK", "DAERAH"): ("3", "PPPK")}
KEDUDUKAN_HUKUM = {"AKTIF": ("01", "Aktif"), "CLTN": ("02", "CLTN"), "TUGAS_BELAJAR": ("03", "Tugas Belajar"),
                   "PEMBERHENTIAN_SEMENTARA": ("04", "Pemberhentian Sementara"), "PENSIUN": ("99", "Pensiun"),
                   "BERHENTI": ("66", "Diberhentikan"), "MENINGGAL": ("77", "Meninggal")}
STATUS_CPNS_PNS = {"CPNS": "C", "PNS": "P", "PPPK": ""}
JENIS_JABATAN = {"STRUKTURAL": ("1", "Struktural"), "FUNGSIONAL": ("2", "Fungsional"),
                 "PELAKSANA": ("4", "Pelaksana")}
TINGKAT_PENDIDIKAN = {"SD": ("05", "SD"), "SMP": ("10", "SLTP"), "SMA": ("15", "SLTA"), "D1": ("20", "Diploma I"),
                      "D2": ("25", "Diploma II"), "D3": ("30", "Diploma III"), "D4": ("35", "Diploma IV"),
                      "S1": ("40", "S-1/Sarjana"), "S2": ("45", "S-2"), "S3": ("50", "S-3")}


def golongan_id(code: str) -> str:
    """SIASN id of a PNS rank (``III/a`` → ``31``) or PPPK grade (``IX`` → ``109``)."""
    from abdi.reference import codes

    if "/" in code:
        roman, letter = code.split("/")
        return f"{('I', 'II', 'III', 'IV').index(roman) + 1}{'abcde'.index(letter) + 1}"
    return str(100 + codes.PPPK_RANK[code])
