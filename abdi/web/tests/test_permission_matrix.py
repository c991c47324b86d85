"""The permission matrix: every web page and every API operation, for every role, with a request inside and a
request outside that role's scope, and the status each must get (issue 3; DESIGN "Security model").

Completeness is enforced: every named URL pattern and every (method, path) of the OpenAPI document must have
a row in ``WEB`` or ``API``; adding a page or an endpoint without its row fails ``test_matrix_covers_*``.
Targets: "in" is a record, unit or user inside the role's scope (for the employee role: their own record);
"out" is one in the other regency (for the employee: someone else). National roles have no "outside", so
their "out" request reaches the other regency and must succeed. List endpoints are asked, "out", for the
other regency's rows and must answer without them (``leak`` strings must not appear).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from abdi.accounts.api_auth import token_create
from abdi.api import api
from abdi.core.audit import audit_read

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "national_admin", "national_analyst", "agency_admin", "unit_hr", "supervisor", "employee",
         "auditor", "norole")
USER_OF_ROLE = {"national_admin": "national_admin", "national_analyst": "national_analyst",
                "agency_admin": "admin_a", "unit_hr": "hr_a1", "supervisor": "supervisor_a1",
                "employee": "employee_b", "auditor": "auditor_a", "norole": "norole"}
NATIONAL = ("national_admin", "national_analyst")
A_SCOPED = ("agency_admin", "unit_hr", "supervisor", "auditor")


def expect(default: str, **per_role: str) -> dict[str, tuple[int, int]]:
    """``"200/404"`` for every role (anonymous excluded), overridden per role; returns role -> (in, out)."""
    table = {}
    for role in ROLES:
        spec = per_role.get(role, default)
        a, _, b = spec.partition("/")
        table[role] = (int(a), int(b or a))
    return table


@dataclass(frozen=True)
class Row:
    method: str
    url: str  # a template over the target fields: {nip} {unor} {instansi} {event} {username} {token}
    expected: dict[str, tuple[int, int]]
    body: dict | None = None
    out_query: str = ""  # for lists: the query that asks for the other regency
    leak: tuple[str, ...] = ()  # target fields whose "out" values must not appear in the answer
    extra: dict = field(default_factory=dict)


ANON_WEB, ANON_API = (302, 302), (401, 401)

# --- the web pages (URL name -> row); anonymous visitors are sent to the sign-in page --------------------
WEB: dict[str, Row] = {
    "web:home": Row("GET", "/", expect("200")),
    "set_language": Row("POST", "/i18n/setlang/", expect("302"), body={"language": "en", "next": "/"},
                        extra={"anonymous": (302, 302)}),
    "web:login": Row("GET", "/masuk/", expect("302"), extra={"anonymous": (200, 200)}),
    "web:logout": Row("POST", "/keluar/", expect("302"), extra={"anonymous": (302, 302)}),
    "people:list": Row("GET", "/pegawai/", expect("200"), out_query="instansi={instansi}", leak=("nip",)),
    "people:unor_counts": Row("GET", "/pegawai/jumlah-per-unit/?unor={unor}", expect("200"), leak=("unor_marker",)),
    "people:detail": Row("GET", "/pegawai/{nip}/", expect("200/404", national_admin="200", national_analyst="200",
                                                          norole="404")),
    # one instansi in scope: straight to its tree
    "org:instansi_list": Row("GET", "/organisasi/", expect("302", national_admin="200", national_analyst="200",
                                                           employee="200", norole="200")),
    "org:tree": Row("GET", "/organisasi/{instansi}/", expect(
        "200/404", national_admin="200", national_analyst="200", employee="404", norole="404")),
    "org:children": Row("GET", "/organisasi/{instansi}/unit/{unor}/", expect(
        "200/404", national_admin="200", national_analyst="200", employee="404", norole="404")),
    "audit:list": Row("GET", "/audit/", expect("403", national_admin="200", agency_admin="200", auditor="200"),
                      out_query="object_id={nip}", leak=("event_link",)),
    "audit:detail": Row("GET", "/audit/{event}/", expect(
        "403", national_admin="200", agency_admin="200/404", auditor="200/404")),
    "accounts:account": Row("GET", "/akun/", expect("200")),
    "accounts:password_change": Row("GET", "/akun/kata-sandi/", expect("200")),
    "accounts:sign_out_everywhere": Row("POST", "/akun/keluar-semua/", expect("302")),
    "accounts:tokens": Row("GET", "/akun/token/", expect("200")),
    "accounts:token_revoke": Row("POST", "/akun/token/{token}/cabut/", expect("302/404")),
    "accounts:user_list": Row("GET", "/akun/pengguna/", expect("403", national_admin="200", agency_admin="200"),
                              out_query="q={username}", leak=("user_link",)),
    "accounts:user_create": Row("GET", "/akun/pengguna/baru/", expect("403", national_admin="200",
                                                                      agency_admin="200")),
    "accounts:user_detail": Row("GET", "/akun/pengguna/{username}/", expect(
        "403", national_admin="200", agency_admin="200/404")),
    "accounts:user_revoke": Row("POST", "/akun/pengguna/{username}/cabut/", expect(
        "403", national_admin="302", agency_admin="302/404")),
    # analytics: the caller's own scope ("out": the other regency's agency); no org scope is a 403
    "analytics:dashboard": Row("GET", "/analitik/", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403"),
        out_query="cakupan=instansi&id={instansi}"),
    "analytics:instansi": Row("GET", "/analitik/instansi/{instansi}/", expect(
        "404", national_admin="200", national_analyst="200", agency_admin="200/404", auditor="200/404",
        employee="403", norole="403")),
    "analytics:scorecard": Row("GET", "/analitik/instansi/{instansi}/kartu/", expect(
        "404", national_admin="200", national_analyst="200", agency_admin="200/404", auditor="200/404",
        employee="403", norole="403")),
    "analytics:instansi_search": Row("GET", "/analitik/cari-instansi/?q={instansi}", expect(
        "403", national_admin="200", national_analyst="200")),  # the national dashboard's agency picker
    "analytics:export": Row("GET", "/analitik/grafik/golongan.csv", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403"),
        out_query="cakupan=instansi&id={instansi}"),
}

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
WEB |= {
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
WEB |= {
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
WEB |= {
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

# --- the API ((method, OpenAPI path) -> row); anonymous callers get 401 ---------------------------------------
_ADMINS = {"national_admin": "200", "agency_admin": "200/404"}
API: dict[tuple[str, str], Row] = {
    ("GET", "/api/v1/employees"): Row("GET", "/api/v1/employees", expect("200"), out_query="instansi_id={instansi}",
                                      leak=("nip",)),
    ("GET", "/api/v1/employees/{key}"): Row("GET", "/api/v1/employees/{nip}", expect(
        "200/404", national_admin="200", national_analyst="200", norole="404")),
    ("GET", "/api/v1/org/instansi"): Row("GET", "/api/v1/org/instansi", expect("200")),
    ("GET", "/api/v1/org/unor/{unor_id}"): Row("GET", "/api/v1/org/unor/{unor}", expect(
        "200/404", national_admin="200", national_analyst="200", employee="404", norole="404")),
    ("GET", "/api/v1/org/instansi/{instansi_id}"): Row("GET", "/api/v1/org/instansi/{instansi}", expect(
        "200/404", national_admin="200", national_analyst="200", employee="404", norole="404")),
    ("GET", "/api/v1/org/unor/{unor_id}/children"): Row("GET", "/api/v1/org/unor/{unor}/children", expect(
        "200/404", national_admin="200", national_analyst="200", employee="404", norole="404")),
    ("GET", "/api/v1/org/staff-counts"): Row("GET", "/api/v1/org/staff-counts?unor_id={unor}", expect("200"),
                                             leak=("unor_json",)),
    ("GET", "/api/v1/stats"): Row("GET", "/api/v1/stats", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403"),
        out_query="cakupan=instansi&id={instansi}"),
    ("GET", "/api/v1/audit/events"): Row("GET", "/api/v1/audit/events", expect(
        "403", national_admin="200", agency_admin="200", auditor="200"), out_query="object_id={nip}",
        leak=("event_json",)),
    ("GET", "/api/v1/audit/events/{event_id}"): Row("GET", "/api/v1/audit/events/{event}", expect(
        "403", national_admin="200", agency_admin="200/404", auditor="200/404")),
    ("GET", "/api/v1/me"): Row("GET", "/api/v1/me", expect("200")),
    ("GET", "/api/v1/me/tokens"): Row("GET", "/api/v1/me/tokens", expect("200")),
    ("POST", "/api/v1/me/tokens"): Row("POST", "/api/v1/me/tokens", expect("201"), body={"days": 1}),
    ("DELETE", "/api/v1/me/tokens/{token_id}"): Row("DELETE", "/api/v1/me/tokens/{token}", expect("200/404")),
    ("POST", "/api/v1/me/sign-out-everywhere"): Row("POST", "/api/v1/me/sign-out-everywhere", expect("200"),
                                                    body={}),
    ("GET", "/api/v1/users"): Row("GET", "/api/v1/users", expect("403", national_admin="200", agency_admin="200"),
                                  out_query="q={username}", leak=("user_json",)),
    ("POST", "/api/v1/users"): Row("POST", "/api/v1/users", expect(
        "403", national_admin="201", agency_admin="201/403"),
        body={"username": "baru-{case}", "role": "unit_hr", "scopes": ["unor:{unor}"]}),
    ("GET", "/api/v1/users/{username}"): Row("GET", "/api/v1/users/{username}", expect("403", **_ADMINS)),
    ("PUT", "/api/v1/users/{username}/grant"): Row("PUT", "/api/v1/users/{username}/grant", expect(
        "403", **_ADMINS), body={"role": "unit_hr", "scopes": ["unor:{unor}"]}),
    ("DELETE", "/api/v1/users/{username}/grant"): Row("DELETE", "/api/v1/users/{username}/grant",
                                                      expect("403", **_ADMINS)),
    ("GET", "/api/v1/analytics/dashboard"): Row("GET", "/api/v1/analytics/dashboard", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403"),
        out_query="cakupan=instansi&id={instansi}"),
    ("GET", "/api/v1/analytics/series/{chart}"): Row("GET", "/api/v1/analytics/series/golongan", expect(
        "200/404", national_admin="200", national_analyst="200", employee="403", norole="403"),
        out_query="cakupan=instansi&id={instansi}"),
    ("GET", "/api/v1/analytics/scorecard/{instansi_id}"): Row("GET", "/api/v1/analytics/scorecard/{instansi}", expect(
        "404", national_admin="200", national_analyst="200", agency_admin="200/404", auditor="200/404",
        employee="403", norole="403")),
}

# --- SKP (issue 5): targets are SKPs of year SKP_YEAR ("in": A1's staff member, assessed by the supervisor; the
# employee's own; "out": the other regency's). Rows run in order within one role: an owner adds a result,
# deletes the first one, then submits; the supervisor approves, so "return" afterwards finds it approved (409).
_NO_NIP_403 = {"national_admin": "403", "national_analyst": "403", "agency_admin": "403/404", "unit_hr": "403/404",
               "auditor": "403/404", "norole": "404"}
_OWNER_ONLY = {**_NO_NIP_403, "national_admin": "403", "national_analyst": "403", "supervisor": "403/404"}
_PENILAI_ONLY = {**_NO_NIP_403, "employee": "403/404"}
_SKP = "/api/v1/skp"
API |= {
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


API |= {
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


API |= {
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


# --- completeness --------------------------------------------------------------------------------------
def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("api/v1/"):
                continue  # the API is covered operation by operation below
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _named_patterns(p, ns)
        elif isinstance(p, URLPattern):
            if str(p.pattern).startswith("^api/v1/"):
                continue  # the JSON 404 catch-all
            yield f"{namespace}{p.name}" if p.name else f"<unnamed {p.pattern}>"


def _api_operations():
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method in ops:
            yield method.upper(), path


def test_matrix_covers_every_web_page():
    missing = sorted(set(_named_patterns()) - set(WEB))
    assert not missing, f"pages without a row in the permission matrix: {missing}"
    stale = sorted(set(WEB) - set(_named_patterns()))
    assert not stale, f"matrix rows for pages that no longer exist: {stale}"


def test_matrix_covers_every_api_operation():
    ops = set(_api_operations())
    missing = sorted(ops - set(API))
    assert not missing, f"API operations without a row in the permission matrix: {missing}"
    stale = sorted(set(API) - ops)
    assert not stale, f"matrix rows for API operations that no longer exist: {stale}"


# --- the targets --------------------------------------------------------------------------------------
@pytest.fixture
def targets(users, world):
    a_person, b_person = world.by_unit["A1"][1].nip, world.by_unit["B1"][3].nip
    a_event = audit_read(actor=users.national_admin, object_type="pegawai", object_id=a_person,
                         instansi_id="KAB-A", unor_path="/A0/A1/")
    b_event = audit_read(actor=users.national_admin, object_type="pegawai", object_id=b_person,
                         instansi_id="KAB-B", unor_path="/B0/B1/")
    a_scope = {"nip": a_person, "unor": "A1", "instansi": "KAB-A", "event": a_event.pk, "username": "sdm-a1"}
    b_scope = {"nip": b_person, "unor": "B1", "instansi": "KAB-B", "event": b_event.pk, "username": "pegawai-b"}
    for scope in (a_scope, b_scope):  # what a leaked row would look like in a page or a JSON answer
        # JSON markers are compared with the answer's spaces removed (the encoder's spacing is not the point)
        scope |= {"event_link": f"/audit/{scope['event']}/", "event_json": f'"id":{scope["event"]},',
                  "user_link": f"/akun/pengguna/{scope['username']}/",
                  "user_json": f'"username":"{scope["username"]}"',
                  "unor_marker": f"jml-{scope['unor'].encode().hex()}", "unor_json": f'"unor_id":"{scope["unor"]}"'}
    employee_self = {**b_scope, "nip": users.employee_b.nip}
    # the B side gets unit heads, so that its people have a pejabat penilai and an atasan pejabat penilai
    from abdi.org.models import Unor

    Unor.objects.filter(pk="B1").update(pemimpin_nip=world.by_unit["B1"][0].nip)
    Unor.objects.filter(pk="B0").update(pemimpin_nip=world.by_unit["B0"][0].nip)
    a_scope |= _skp_targets(a_person, penilai=users.supervisor_a1.nip, decides=users.supervisor_a1.nip)
    b_scope |= _skp_targets(b_person, penilai=world.by_unit["B1"][0].nip, decides=world.by_unit["B0"][0].nip)
    employee_self |= _skp_targets(users.employee_b.nip, penilai=world.by_unit["B1"][0].nip,
                                  decides=world.by_unit["B0"][0].nip, draft=True)
    for scope in (a_scope, b_scope, employee_self):
        scope["nip_tail"] = scope["nip"][8:]
    a_scope |= _talent_targets(a_scope, owner=users.admin_a)
    b_scope |= _talent_targets(b_scope, owner=users.admin_b)
    employee_self |= {k: v for k, v in b_scope.items() if k in ("sesi", "job", "target", "talent_year")}
    _talent_box(users.employee_b.nip, "KAB-B", "B1")
    for scope in (a_scope, b_scope, employee_self):
        scope["asesmen"] = _assessment(scope["nip"])
    return SimpleNamespace(a=a_scope, b=b_scope, employee_self=employee_self)


SKP_YEAR = 2026
TALENT_YEAR = 2025


def _talent_box(nip: str, instansi_id: str, unor_id: str) -> None:
    from abdi.talent.models import Kotak

    Kotak.objects.get_or_create(pegawai_id=nip, tahun=TALENT_YEAR, defaults={
        "sumbu_kinerja": "SESUAI", "sumbu_potensial": "MENENGAH", "kotak": 5, "nilai": 18, "standar": 18,
        "instansi_id": instansi_id, "unor_id": unor_id, "jenjang": "PELAKSANA", "jenis_kelamin": "L"})


def _assessment(nip: str) -> int:
    from abdi.competency.models import Asesmen

    levels = dict.fromkeys(("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                            "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"), 2)
    return Asesmen.objects.get_or_create(pegawai_id=nip, tanggal=dt.date(2025, 5, 1), defaults=levels)[0].pk


def _talent_targets(scope: dict, *, owner) -> dict:
    """A box of the scope's person, a calibration session of its agency, a recompute job of its admin and a key
    position in its unit."""
    from abdi.talent.models import HitungKotak, JabatanTarget, SesiKalibrasi

    _talent_box(scope["nip"], scope["instansi"], scope["unor"])
    sesi = SesiKalibrasi.objects.create(nama="Kalibrasi", tahun=TALENT_YEAR, instansi_id=scope["instansi"],
                                        dibuat_oleh="komite")
    job = HitungKotak.objects.create(tahun=TALENT_YEAR, instansi_id=scope["instansi"], oleh=owner.username)
    target = JabatanTarget.objects.create(instansi_id=scope["instansi"], unor_id=scope["unor"], jabatan_id="J-STR")
    return {"sesi": sesi.pk, "job": job.pk, "target": target.pk, "talent_year": TALENT_YEAR}


def _skp_targets(nip: str, *, penilai: str, decides: str, draft: bool = False) -> dict:
    """An SKP of ``nip`` for SKP_YEAR (submitted, or a draft for the owner's own steps), a final B01 rating of
    the year before (to object to) and an open objection on its B02 decided by ``decides``, and the year's
    annual rating (for the ratings list)."""
    from abdi.performance.models import Evaluasi, HasilKerja, Indikator, Keberatan, Skp, SkpRating

    skp = Skp.objects.create(pegawai_id=nip, tahun=SKP_YEAR, penilai_nip=penilai,
                             status=Skp.Status.DRAFT if draft else Skp.Status.DIAJUKAN)
    hasil = HasilKerja.objects.create(skp=skp, uraian="Rencana awal")
    Indikator.objects.create(hasil=hasil, aspek="KUANTITAS", uraian="Jumlah", target="1")
    before = Skp.objects.create(pegawai_id=nip, tahun=SKP_YEAR - 1, penilai_nip=penilai, status=Skp.Status.DISETUJUI)
    final = Evaluasi.objects.create(skp=before, periode="B01", rating_hasil_kerja="SESUAI",
                                    rating_perilaku_kerja="SESUAI", status="FINAL")
    objected = Evaluasi.objects.create(skp=before, periode="B02", rating_hasil_kerja="DI_BAWAH",
                                       rating_perilaku_kerja="SESUAI", status="FINAL")
    keberatan = Keberatan.objects.create(evaluasi=objected, alasan="Bukti belum dinilai", atasan_nip=decides,
                                         rating_hasil_semula="DI_BAWAH", rating_perilaku_semula="SESUAI")
    SkpRating.objects.create(pegawai_id=nip, tahun=SKP_YEAR, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                             rating_perilaku_kerja="SESUAI")
    return {"skp": skp.pk, "hasil": hasil.pk, "evaluasi": final.pk, "keberatan": keberatan.pk, "year": SKP_YEAR}


def _targets_for(role: str, targets) -> tuple[dict, dict]:
    if role == "employee":
        return targets.employee_self, targets.a
    return targets.a, targets.b


def _fill(template, values: dict):
    if isinstance(template, str):
        return template.format(**values)
    if isinstance(template, list):
        return [_fill(t, values) for t in template]
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    return template


def _request(client: Client, row: Row, values: dict, *, out: bool, case: str):
    values = {**values, "case": case}
    url = _fill(row.url, values)
    if out and row.out_query:
        url += ("&" if "?" in url else "?") + _fill(row.out_query, values)
    if row.method == "GET":
        return client.get(url)
    if row.method == "DELETE":
        return client.delete(url)
    body = _fill(row.body, values)
    if url.startswith("/api/"):
        return getattr(client, row.method.lower())(url, body or {}, content_type="application/json")
    return client.post(url, body or {})


def _client_for(role: str, users) -> Client:
    client = Client()
    if role != "anonymous":  # fresh from the database: "sign out everywhere" moves the session epoch on
        user = getattr(users, USER_OF_ROLE[role])
        client.force_login(type(user).objects.get(pk=user.pk))
    return client


def _check(row: Row, role: str, users, targets, *, name: str):
    expected = row.extra.get(role) or (
        (ANON_API if row.url.startswith("/api/") else ANON_WEB) if role == "anonymous" else row.expected[role])
    inside, outside = _targets_for(role, targets)
    failures = []
    for out, values, want in ((False, inside, expected[0]), (True, outside, expected[1])):
        values = dict(values)
        if "{token}" in row.url:
            owner = users.admin_b if out or role == "anonymous" else getattr(users, USER_OF_ROLE[role])
            values["token"] = token_create(owner)[1].pk
        client = _client_for(role, users)
        response = _request(client, row, values, out=out, case=f"{role}-{int(out)}")
        got = response.status_code
        if got != want:
            failures.append(f"{name} {role} {'out' if out else 'in'}: {row.method} -> {got}, expected {want}")
        elif out and got == 200 and role not in NATIONAL and role != "anonymous":
            body = response.content.decode()
            if row.url.startswith("/api/"):
                body = body.replace(" ", "")
            for key in row.leak:
                if str(values[key]) in body:
                    failures.append(f"{name} {role} out: leaks {key}={values[key]}")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_web_pages(role, users, targets):
    failures = []
    for name, row in WEB.items():
        failures += _check(row, role, users, targets, name=name)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_api_operations(role, users, targets):
    failures = []
    for (method, path), row in API.items():
        failures += _check(row, role, users, targets, name=f"{method} {path}")
    assert not failures, "\n".join(failures)
