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

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from abdi.accounts.api_auth import token_create
from abdi.api import api
from abdi.core.audit import audit_read
from abdi.talent.succession import SUKSESI_DEFAULT
from abdi.web.tests.matrix import ANON_API, ANON_WEB, NATIONAL, ROLES, USER_OF_ROLE, Row, expect
from abdi.web.tests.matrix_committee_rows import COMMITTEE_API, COMMITTEE_ROLES, COMMITTEE_WEB
from abdi.web.tests.matrix_feature_rows import FEATURE_API, FEATURE_WEB
from abdi.web.tests.matrix_planning_rows import add_markers as add_planning_markers
from abdi.web.tests.matrix_targets import TALENT_YEAR, assessment, skp_targets, talent_box, talent_targets

pytestmark = pytest.mark.django_db

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
WEB |= FEATURE_WEB

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
    # rule sets are national, not scoped: read by every role, written by national admins (a version from 2030)
    ("GET", "/api/v1/rules"): Row("GET", "/api/v1/rules", expect("200", norole="403")),
    ("GET", "/api/v1/rules/{code}"): Row("GET", "/api/v1/rules/talent.suksesi", expect("200", norole="403")),
    ("POST", "/api/v1/rules/{code}"): Row("POST", "/api/v1/rules/talent.suksesi", expect("403", national_admin="201"),
                                          body={"data": SUKSESI_DEFAULT, "valid_from": "2030-01-01"}),
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
API |= FEATURE_API


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
    a_scope |= skp_targets(a_person, penilai=users.supervisor_a1.nip, decides=users.supervisor_a1.nip)
    b_scope |= skp_targets(b_person, penilai=world.by_unit["B1"][0].nip, decides=world.by_unit["B0"][0].nip)
    employee_self |= skp_targets(users.employee_b.nip, penilai=world.by_unit["B1"][0].nip,
                                  decides=world.by_unit["B0"][0].nip, draft=True)
    for scope in (a_scope, b_scope, employee_self):
        scope["nip_tail"] = scope["nip"][8:]
    a_scope |= talent_targets(a_scope, owner=users.admin_a)
    b_scope |= talent_targets(b_scope, owner=users.admin_b)
    employee_self |= {k: v for k, v in b_scope.items() if k in ("sesi", "job", "target", "talent_year")}
    talent_box(users.employee_b.nip, "KAB-B")
    for scope in (a_scope, b_scope, employee_self):
        scope["asesmen"] = assessment(scope["nip"])
        add_planning_markers(scope)
    return SimpleNamespace(a=a_scope, b=b_scope, employee_self=employee_self)


def _targets_for(role: str, targets) -> tuple[dict, dict]:
    if role == "employee":
        return targets.employee_self, targets.a
    if role == "committee_unit":
        return targets.a_unit, targets.b
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


def _assert_rows(rows: dict, role: str, users, targets) -> None:
    """Every row of a matrix (pages by name, operations by (method, path)) checked for ``role``."""
    failures = []
    for key, row in rows.items():
        failures += _check(row, role, users, targets, name=key if isinstance(key, str) else " ".join(key))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_web_pages(role, users, targets):
    _assert_rows(WEB, role, users, targets)


@pytest.mark.parametrize("role", ROLES)
def test_api_operations(role, users, targets):
    _assert_rows(API, role, users, targets)


# --- talent-committee members (``matrix_committee_rows``) ------------------------------------------------
def test_committee_rows_cover_every_talent_page_and_operation():
    assert set(COMMITTEE_WEB) == {name for name in WEB if name.startswith("talent:")}
    assert set(COMMITTEE_API) == {op for op in API if op[1].startswith("/api/v1/talent/")}


@pytest.fixture
def committee(users, targets):
    """``komite-a`` on the talent committee of all of KAB-A and ``komite-a1`` on that of unit A1, both employee
    accounts without a NIP (no talent right besides the grant), granted as the screens do; a session of unit A1
    (the unit member's "in"), and a pool per regency whose name must not leak."""
    from abdi.accounts.models import Role
    from abdi.people.tests.world import make_user
    from abdi.talent.models import KelompokTalenta, SesiKalibrasi
    from abdi.talent.services import committee_grant

    users.committee_a = make_user("komite-a", Role.EMPLOYEE)
    users.committee_a1 = make_user("komite-a1", Role.EMPLOYEE)
    committee_grant(actor=users.admin_a, username="komite-a", instansi_id="KAB-A")
    committee_grant(actor=users.admin_a, username="komite-a1", instansi_id="KAB-A", unor_id="A1")
    unit = SesiKalibrasi.objects.create(nama="Kalibrasi A1", tahun=TALENT_YEAR, instansi_id="KAB-A", unor_id="A1",
                                        dibuat_oleh="komite-a1")
    targets.a_unit = {**targets.a, "sesi": unit.pk}
    for scope in (targets.a, targets.b):
        pool = KelompokTalenta.objects.create(nama=f"Kelompok-{scope['instansi']}", tingkat="INSTANSI",
                                              instansi_id=scope["instansi"], kotak=[7, 8, 9])
        scope |= {"pool_name": pool.nama, "pool_json": f'"nama":"{pool.nama}"',
                  "sesi_link": f"/talenta/kalibrasi/{scope['sesi']}/", "sesi_json": f'"id":{scope["sesi"]},'}
    return users


@pytest.mark.parametrize("role", COMMITTEE_ROLES)
def test_committee_member_pages(role, committee, targets):
    _assert_rows(COMMITTEE_WEB, role, committee, targets)


@pytest.mark.parametrize("role", COMMITTEE_ROLES)
def test_committee_member_api_operations(role, committee, targets):
    _assert_rows(COMMITTEE_API, role, committee, targets)
