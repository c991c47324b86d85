"""Permission-matrix rows of the feature modules: the SKP (issue 5), competency and talent (issue 6) screens and
API operations. ``test_permission_matrix`` adds them to its ``WEB`` and ``API`` tables; their targets (an SKP,
an evaluation, an objection, a 9-box, a session, a job, a key position, an assessment per regency) come from
``matrix_targets``."""

from __future__ import annotations

from abdi.web.tests.matrix import Row, expect

FEATURE_WEB: dict[str, Row] = {}
FEATURE_API: dict[tuple[str, str], Row] = {}

# --- SKP screens (issue 5): the same targets and order as the API rows below; a POST that the service
# refuses for the SKP's state (409/422) redirects back with the message, so it is a 302 like a success.
_W_NO_NIP = {"national_admin": "403", "national_analyst": "403", "agency_admin": "403/404", "unit_hr": "403/404",
             "auditor": "403/404", "norole": "404"}
_W_OWNER = {**_W_NO_NIP, "supervisor": "403/404"}
_W_PENILAI = {**_W_NO_NIP, "employee": "403/404"}
_K = "/kinerja"
_SEES_SKP = expect("200/404", national_admin="200", national_analyst="200", norole="404")
_HR_POST = expect("403/404", national_admin="302", national_analyst="403", agency_admin="302/404",
                  unit_hr="302/404", employee="403", norole="403")
FEATURE_WEB |= {
    "performance:home": Row("GET", f"{_K}/?tahun={{year}}", expect("200", employee="302")),
    "performance:skp_create": Row("POST", f"{_K}/skp/baru/", expect("403", supervisor="302", employee="302"),
                                  body={"tahun": "{year}"}),
    "performance:skp": Row("GET", f"{_K}/skp/{{skp}}/", _SEES_SKP),
    "performance:result_add": Row("POST", f"{_K}/skp/{{skp}}/hasil/", expect("403/404", **_W_OWNER, employee="302/404"),
                                  body={"uraian": "Laporan", "jenis": "UTAMA", "aspek_0": "KUANTITAS",
                                        "ind_uraian_0": "Jumlah", "target_0": "12"}),
    "performance:result_remove": Row("POST", f"{_K}/skp/{{skp}}/hasil/{{hasil}}/hapus/", expect(
        "403/404", **_W_OWNER, employee="302/404")),
    "performance:submit": Row("POST", f"{_K}/skp/{{skp}}/ajukan/", expect("403/404", **_W_OWNER, employee="302/404")),
    "performance:approve": Row("POST", f"{_K}/skp/{{skp}}/setujui/", expect(
        "403/404", **_W_PENILAI, supervisor="302/404")),
    "performance:return": Row("POST", f"{_K}/skp/{{skp}}/kembalikan/", expect(
        "403/404", **_W_PENILAI, supervisor="302/404"), body={"komentar": "Perbaiki target"}),
    "performance:expectation": Row("POST", f"{_K}/skp/{{skp}}/ekspektasi/", expect(
        "403/404", **_W_PENILAI, supervisor="302/404"), body={"nilai": "ADAPTIF", "uraian": "Cepat beradaptasi"}),
    "performance:comment": Row("POST", f"{_K}/skp/{{skp}}/komentar/", expect(
        "403/404", **{**_W_PENILAI, "supervisor": "302/404", "employee": "302/404"}), body={"teks": "Catatan"}),
    "performance:evaluation": Row("GET", f"{_K}/skp/{{skp}}/evaluasi/B01/", _SEES_SKP),
    "performance:realisation": Row("POST", f"{_K}/skp/{{skp}}/evaluasi/B01/realisasi/", expect(
        "403/404", **_W_OWNER, employee="302/404"), body={"hasil_id": "{hasil}", "realisasi": "1 laporan"}),
    "performance:rate": Row("POST", f"{_K}/skp/{{skp}}/evaluasi/B01/nilai/", expect(
        "403/404", **_W_PENILAI, supervisor="302/404"),
        body={"rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}),
    "performance:objection_file": Row("POST", f"{_K}/evaluasi/{{evaluasi}}/keberatan/", expect(
        "403", supervisor="404", employee="302/404"), body={"alasan": "Tidak sesuai bukti"}),
    "performance:objections": Row("GET", f"{_K}/keberatan/", expect("200")),
    "performance:objection_decide": Row("POST", f"{_K}/keberatan/{{keberatan}}/putus/", expect(
        "403", supervisor="302/404", employee="403/404"), body={"terima": "0", "keputusan": "Sesuai bukti"}),
    "performance:team": Row("GET", f"{_K}/tim/?tahun={{year}}", expect("200")),
    "performance:finalise": Row("POST", f"{_K}/tim/tetapkan/", expect("403", supervisor="302", employee="302"),
                                body={"tahun": "{year}"}),
    "performance:agency_pick": Row("GET", f"{_K}/instansi/", expect(
        "302", national_admin="200", national_analyst="200", employee="403", norole="403")),
    "performance:agency": Row("GET", f"{_K}/instansi/{{instansi}}/?tahun={{year}}", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403")),
    "performance:org_result": Row("POST", f"{_K}/instansi/{{instansi}}/kinerja-organisasi/", _HR_POST,
                                  body={"unor_id": "{unor}", "hasil": "BAIK", "tahun": "{year}"}),
    "performance:delegation": Row("POST", f"{_K}/instansi/{{instansi}}/delegasi/", _HR_POST,
                                  body={"nip": "{nip}", "penilai_nip": "", "alasan": "Kembali", "tahun": "{year}"}),
}

# --- competency screens (issue 6)
_C_FORM = {"tanggal": "2025-06-01", **{k: "3" for k in (
    "integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
    "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")}}
FEATURE_WEB |= {
    "competency:profile": Row("GET", "/kompetensi/pegawai/{nip}/", expect(
        "200/404", national_admin="200", national_analyst="200", norole="404")),
    "competency:assessment_save": Row("POST", "/kompetensi/pegawai/{nip}/asesmen/", expect(
        "403/404", national_admin="302", national_analyst="403", agency_admin="302/404", unit_hr="302/404",
        norole="404"), body=_C_FORM),
    "competency:standard": Row("GET", "/kompetensi/jabatan/J-STR/", expect("200")),
    "competency:standard_save": Row("POST", "/kompetensi/jabatan/J-FUN/simpan/", expect("403", national_admin="302"),
                                    body={"integritas": "3"}),
}

# --- talent screens (issue 6): as the talent API rows below (same targets); successful POSTs redirect (302)
_TW_SEES = {"national_admin": "200", "national_analyst": "200", "agency_admin": "200/404", "unit_hr": "200/404",
            "auditor": "200/404", "supervisor": "403", "employee": "403", "norole": "403"}
_TW_ADMIN = {"national_admin": "302", "agency_admin": "302/404"}
_TW_MOVE = {"agency_admin": "403/404", "unit_hr": "404", "auditor": "403/404"}
_TW = "/talenta"
FEATURE_WEB |= {
    "talent:home": Row("GET", f"{_TW}/?tahun={{talent_year}}&instansi={{instansi}}", expect("403", **_TW_SEES)),
    # without HTMX the members fragment sends the browser to the grid (outside scope: 404 first)
    "talent:members": Row("GET", f"{_TW}/kotak/5/?tahun={{talent_year}}&instansi={{instansi}}", expect(
        "403", national_admin="302", national_analyst="302", agency_admin="302/404", unit_hr="302/404",
        auditor="302/404")),
    "talent:recompute": Row("POST", f"{_TW}/hitung/", expect("403", **_TW_ADMIN),
                            body={"tahun": "{talent_year}", "instansi_id": "{instansi}"}),
    "talent:job": Row("GET", f"{_TW}/hitung/{{job}}/", expect("404", agency_admin="200/404")),
    "talent:card": Row("GET", f"{_TW}/pegawai/{{nip}}/", expect("403", **{**_TW_SEES, "employee": "200/403"})),
    "talent:sessions": Row("GET", f"{_TW}/kalibrasi/", expect("200", supervisor="403", employee="403", norole="403")),
    "talent:session_open": Row("POST", f"{_TW}/kalibrasi/buka/", expect("403"),
                               body={"tahun": "{talent_year}", "nama": "Sesi", "instansi_id": "{instansi}"}),
    "talent:committee": Row("POST", f"{_TW}/komite/", expect("403", **_TW_ADMIN),
                            body={"username": "{username}", "instansi_id": "{instansi}"}),
    "talent:session": Row("GET", f"{_TW}/kalibrasi/{{sesi}}/", expect("403", **{**_TW_SEES, "unit_hr": "404"})),
    "talent:move": Row("POST", f"{_TW}/kalibrasi/{{sesi}}/pindah/", expect("403", **_TW_MOVE),
                       body={"pegawai": "{nip}", "kotak": "8", "alasan": "Alasan"}),
    "talent:session_close": Row("POST", f"{_TW}/kalibrasi/{{sesi}}/tutup/", expect("403", **_TW_MOVE), body={}),
    "talent:pools": Row("GET", f"{_TW}/kelompok/", expect("200", supervisor="403", employee="403", norole="403")),
    "talent:pool_create": Row("POST", f"{_TW}/kelompok/baru/", expect("403", **_TW_ADMIN),
                              body={"nama": "Kelompok", "tingkat": "INSTANSI", "instansi_id": "{instansi}",
                                    "kotak": ["7", "8", "9"], "min_tahun_sebelum_pensiun": "2"}),
    "talent:pools_refresh": Row("POST", f"{_TW}/kelompok/segarkan/", expect("403", national_admin="302"),
                                body={"tahun": "{talent_year}"}),
    "talent:board": Row("GET", f"{_TW}/suksesi/", expect("200", supervisor="403", employee="403", norole="403")),
    # a unit id typed into the form that is unknown or outside scope: the same message back (302), nothing made
    "talent:key_position_add": Row("POST", f"{_TW}/suksesi/baru/", expect("403", national_admin="302",
                                                                        agency_admin="302"),
                                   body={"unor_id": "{unor}", "jabatan_id": "J-PEL"}),
    "talent:successors_recompute": Row("POST", f"{_TW}/suksesi/peringkat/", expect("403", **_TW_ADMIN),
                                       body={"instansi_id": "{instansi}"}),
    "talent:key_position": Row("GET", f"{_TW}/suksesi/{{target}}/", expect("403", **_TW_SEES)),
    "talent:emergency": Row("POST", f"{_TW}/suksesi/{{target}}/darurat/", expect(
        "403", **_TW_ADMIN, unit_hr="403/404", auditor="403/404"), body={"pegawai": ""}),
}

# --- SKP (issue 5): targets are SKPs of year SKP_YEAR ("in": A1's staff member, assessed by the supervisor; the
# employee's own; "out": the other regency's). Rows run in order within one role: an owner adds a result,
# deletes the first one, then submits; the supervisor approves, so "return" afterwards finds it approved (409).
_NO_NIP_403 = {"national_admin": "403", "national_analyst": "403", "agency_admin": "403/404", "unit_hr": "403/404",
               "auditor": "403/404", "norole": "404"}
_OWNER_ONLY = {**_NO_NIP_403, "national_admin": "403", "national_analyst": "403", "supervisor": "403/404"}
_PENILAI_ONLY = {**_NO_NIP_403, "employee": "403/404"}
_SKP = "/api/v1/skp"
FEATURE_API |= {
    ("GET", f"{_SKP}/mine"): Row("GET", f"{_SKP}/mine?tahun={{year}}", expect("404", employee="200")),
    ("POST", _SKP): Row("POST", _SKP, expect("403", supervisor="201/409", employee="409"), body={"tahun": "{year}"}),
    ("GET", f"{_SKP}/{{skp_id}}"): Row("GET", f"{_SKP}/{{skp}}", expect(
        "200/404", national_admin="200", national_analyst="200", norole="404")),
    ("POST", f"{_SKP}/{{skp_id}}/results"): Row("POST", f"{_SKP}/{{skp}}/results", expect(
        "403/404", **_OWNER_ONLY, employee="201/404"),
        body={"uraian": "Laporan", "indikator": [{"aspek": "KUANTITAS", "uraian": "Jumlah", "target": "12"}]}),
    ("DELETE", f"{_SKP}/{{skp_id}}/results/{{hasil_id}}"): Row("DELETE", f"{_SKP}/{{skp}}/results/{{hasil}}", expect(
        "403/404", **_OWNER_ONLY, employee="200/404")),
    ("POST", f"{_SKP}/{{skp_id}}/submit"): Row("POST", f"{_SKP}/{{skp}}/submit", expect(
        "403/404", **_OWNER_ONLY, employee="200/404"), body={}),
    ("POST", f"{_SKP}/{{skp_id}}/approve"): Row("POST", f"{_SKP}/{{skp}}/approve", expect(
        "403/404", **_PENILAI_ONLY, supervisor="200/404"), body={}),
    ("POST", f"{_SKP}/{{skp_id}}/return"): Row("POST", f"{_SKP}/{{skp}}/return", expect(
        "403/404", **_PENILAI_ONLY, supervisor="409/404"), body={"komentar": "Perbaiki target"}),
    ("PUT", f"{_SKP}/{{skp_id}}/expectations/{{nilai}}"): Row("PUT", f"{_SKP}/{{skp}}/expectations/ADAPTIF", expect(
        "403/404", **_PENILAI_ONLY, supervisor="200/404"), body={"uraian": "Cepat beradaptasi"}),
    ("POST", f"{_SKP}/{{skp_id}}/comments"): Row("POST", f"{_SKP}/{{skp}}/comments", expect(
        "403/404", **{**_PENILAI_ONLY, "supervisor": "201/404", "employee": "201/404"}), body={"teks": "Catatan"}),
    ("PUT", f"{_SKP}/{{skp_id}}/evaluations/{{periode}}/realisation/{{hasil_id}}"): Row(
        "PUT", f"{_SKP}/{{skp}}/evaluations/B01/realisation/{{hasil}}", expect(
            "403/404", **_OWNER_ONLY, employee="409/404"), body={"realisasi": "1 laporan"}),
    ("PUT", f"{_SKP}/{{skp_id}}/evaluations/{{periode}}"): Row("PUT", f"{_SKP}/{{skp}}/evaluations/B01", expect(
        "403/404", **_PENILAI_ONLY, supervisor="200/404"),
        body={"rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}),
    ("POST", f"{_SKP}/evaluations/{{evaluasi_id}}/objection"): Row(
        "POST", f"{_SKP}/evaluations/{{evaluasi}}/objection", expect("403", supervisor="404", employee="201/404"),
        body={"alasan": "Tidak sesuai bukti"}),
    ("GET", f"{_SKP}/objections"): Row("GET", f"{_SKP}/objections", expect("200")),
    ("POST", f"{_SKP}/objections/{{keberatan_id}}/decision"): Row(
        "POST", f"{_SKP}/objections/{{keberatan}}/decision", expect("403", supervisor="200/404", employee="403/404"),
        body={"terima": False, "keputusan": "Penilaian sesuai bukti"}),
    ("GET", f"{_SKP}/team"): Row("GET", f"{_SKP}/team?tahun={{year}}", expect("200")),
    ("POST", f"{_SKP}/team/finalise"): Row("POST", f"{_SKP}/team/finalise", expect(
        "403", supervisor="200", employee="200"), body={"tahun": "{year}"}),
    ("GET", f"{_SKP}/completion/{{instansi_id}}"): Row("GET", f"{_SKP}/completion/{{instansi}}?tahun={{year}}", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403")),
    ("PUT", f"{_SKP}/delegations/{{nip}}/{{tahun}}"): Row("PUT", f"{_SKP}/delegations/{{nip}}/{{year}}", expect(
        "403/404", national_admin="200", national_analyst="403", agency_admin="200/404", unit_hr="200/404",
        employee="403", norole="403"), body={"penilai_nip": "", "alasan": "Kembali ke struktur"}),
    ("PUT", f"{_SKP}/org-results/{{unor_id}}/{{tahun}}"): Row("PUT", f"{_SKP}/org-results/{{unor}}/{{year}}", expect(
        "403/404", national_admin="200", national_analyst="403", agency_admin="200/404", unit_hr="200/404",
        employee="403", norole="403"), body={"hasil": "BAIK"}),
    ("GET", f"{_SKP}/ratings"): Row("GET", f"{_SKP}/ratings?tahun={{year}}", expect("200"),
                                    out_query="instansi_id={instansi}", leak=("nip_tail",)),
}

# --- talent (issue 6): targets are the 9-box year TALENT_YEAR of A's and B's people, a calibration session, a
# recompute job and a key position per regency. Talent data is for national roles, agency admins, unit HR and
# auditors in scope (and committee members, tested in abdi/talent/tests); supervisors, employees and accounts
# without a role get 403; an employee sees their own card.
_T = "/api/v1/talent"
_T_SEES = {"national_admin": "200", "national_analyst": "200", "agency_admin": "200/404", "unit_hr": "200/404",
           "auditor": "200/404", "supervisor": "403", "employee": "403", "norole": "403"}
_T_ADMIN = {"national_admin": "{ok}", "agency_admin": "{ok}/404"}


def _admin(ok: str) -> dict:
    return {k: v.format(ok=ok) for k, v in _T_ADMIN.items()}


FEATURE_API |= {
    ("GET", f"{_T}/grid"): Row("GET", f"{_T}/grid?tahun={{talent_year}}&instansi_id={{instansi}}", expect("403", **_T_SEES)),
    ("GET", f"{_T}/grid/{{kotak}}/members"): Row("GET", f"{_T}/grid/5/members?tahun={{talent_year}}&instansi_id={{instansi}}",
                                                 expect("403", **_T_SEES)),
    ("GET", f"{_T}/card/{{nip}}"): Row("GET", f"{_T}/card/{{nip}}", expect("403", **{**_T_SEES, "employee": "200/403"})),
    ("POST", f"{_T}/recompute"): Row("POST", f"{_T}/recompute", expect("403", **_admin("202")),
                                     body={"tahun": "{talent_year}", "instansi_id": "{instansi}"}),
    ("GET", f"{_T}/jobs/{{job_id}}"): Row("GET", f"{_T}/jobs/{{job}}", expect("404", agency_admin="200/404")),
    ("GET", f"{_T}/sessions"): Row("GET", f"{_T}/sessions", expect(
        "200", supervisor="403", employee="403", norole="403")),
    ("POST", f"{_T}/sessions"): Row("POST", f"{_T}/sessions", expect("403"),
                                    body={"nama": "Sesi", "tahun": "{talent_year}", "instansi_id": "{instansi}"}),
    ("GET", f"{_T}/sessions/{{sesi_id}}"): Row("GET", f"{_T}/sessions/{{sesi}}", expect(
        "403", **{**_T_SEES, "unit_hr": "404"})),
    ("POST", f"{_T}/sessions/{{sesi_id}}/moves"): Row("POST", f"{_T}/sessions/{{sesi}}/moves", expect(
        "403", agency_admin="403/404", unit_hr="404", auditor="403/404"),
        body={"nip": "{nip}", "kotak": 8, "alasan": "Alasan"}),
    ("POST", f"{_T}/sessions/{{sesi_id}}/close"): Row("POST", f"{_T}/sessions/{{sesi}}/close", expect(
        "403", agency_admin="403/404", unit_hr="404", auditor="403/404"), body={}),
    ("POST", f"{_T}/committee"): Row("POST", f"{_T}/committee", expect("403", **_admin("201")),
                                     body={"username": "{username}", "instansi_id": "{instansi}"}),
    ("GET", f"{_T}/pools"): Row("GET", f"{_T}/pools", expect("200", supervisor="403", employee="403", norole="403")),
    ("POST", f"{_T}/pools"): Row("POST", f"{_T}/pools", expect("403", **_admin("201")),
                                 body={"nama": "Kelompok", "tingkat": "INSTANSI", "instansi_id": "{instansi}"}),
    ("POST", f"{_T}/pools/refresh"): Row("POST", f"{_T}/pools/refresh", expect("403", national_admin="200"),
                                         body={"tahun": "{talent_year}"}),
    ("GET", f"{_T}/key-positions"): Row("GET", f"{_T}/key-positions", expect(
        "200", supervisor="403", employee="403", norole="403"), out_query="instansi_id={instansi}",
        leak=("unor_json",)),
    ("POST", f"{_T}/key-positions"): Row("POST", f"{_T}/key-positions", expect("403", **_admin("201")),
                                         body={"unor_id": "{unor}", "jabatan_id": "J-PEL"}),
    ("GET", f"{_T}/key-positions/{{target_id}}"): Row("GET", f"{_T}/key-positions/{{target}}", expect("403", **_T_SEES)),
    ("PUT", f"{_T}/key-positions/{{target_id}}/emergency"): Row("PUT", f"{_T}/key-positions/{{target}}/emergency", expect(
        "403", national_admin="200", agency_admin="200/404", unit_hr="403/404", auditor="403/404"), body={"nip": ""}),
    ("POST", f"{_T}/successors/recompute"): Row("POST", f"{_T}/successors/recompute", expect("403", **_admin("200")),
                                                body={"instansi_id": "{instansi}"}),
    ("GET", f"{_T}/bench-strength/{{instansi_id}}"): Row("GET", f"{_T}/bench-strength/{{instansi}}", expect(
        "403", **_T_SEES)),
}

# --- competency (issue 6): profiles as the employee records; assessments written by HR roles in scope
_C = "/api/v1/competency"
_C_BODY = {"nip": "{nip}", "tanggal": "2025-05-01", **{k: 3 for k in (
    "integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
    "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")}}
_C_HR = {"national_admin": "{ok}", "national_analyst": "403", "agency_admin": "{ok}/404", "unit_hr": "{ok}/404",
         "supervisor": "403/404", "auditor": "403/404", "employee": "403/404", "norole": "404"}


def _hr(ok: str) -> dict:
    return {k: v.format(ok=ok) for k, v in _C_HR.items()}


FEATURE_API |= {
    ("GET", f"{_C}/profile/{{nip}}"): Row("GET", f"{_C}/profile/{{nip}}", expect(
        "200/404", national_admin="200", national_analyst="200", norole="404")),
    ("POST", f"{_C}/assessments"): Row("POST", f"{_C}/assessments", expect("403", **_hr("201")),
                                       body={**_C_BODY, "tanggal": "2025-06-01"}),
    ("PUT", f"{_C}/assessments/{{asesmen_id}}"): Row("PUT", f"{_C}/assessments/{{asesmen}}", expect("403", **_hr("200")),
                                                     body=_C_BODY),
    ("GET", f"{_C}/standards/{{jabatan_id}}"): Row("GET", f"{_C}/standards/J-STR", expect("200")),
    ("PUT", f"{_C}/standards/{{jabatan_id}}"): Row("PUT", f"{_C}/standards/J-FUN", expect("403", national_admin="200"),
                                                   body={"standar": {"integritas": 3}}),
}

# --- planning (issue 7): rows in their own modules ---------------------------------------------------------
from abdi.web.tests.matrix_penyetaraan_rows import PENYETARAAN_API, PENYETARAAN_WEB  # noqa: E402
from abdi.web.tests.matrix_planning_rows import PLANNING_API, PLANNING_WEB  # noqa: E402

FEATURE_WEB |= PLANNING_WEB | PENYETARAAN_WEB
FEATURE_API |= PLANNING_API | PENYETARAAN_API
