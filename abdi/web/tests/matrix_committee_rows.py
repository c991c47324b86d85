"""Permission-matrix rows for talent-committee members: accounts whose only talent right is a ``KomiteTalenta``
grant, on top of a role that sees no talent data (an employee account without a NIP). Two such users play the
pseudo-roles below: ``committee`` (a grant for all of KAB-A) and ``committee_unit`` (a grant for unit A1 of
KAB-A). Each row is the talent row of ``matrix_feature_rows`` (same request, same targets) with the status
expected for both: "in" is A's object (for ``committee_unit``, a calibration session of unit A1 instead of A's
agency-wide one), "out" the other regency's, which must be a 404 (outside scope, CONTRACTS §7) wherever an object
is named (opening a session for B too); operations a committee member may never take are a 403 either way.
``test_permission_matrix`` runs them and checks that every talent page and operation has one."""

from __future__ import annotations

from dataclasses import replace

from abdi.web.tests.matrix import Row
from abdi.web.tests.matrix_feature_rows import FEATURE_API, FEATURE_WEB

COMMITTEE_ROLES = ("committee", "committee_unit")


def _pair(spec: str) -> tuple[int, int]:
    a, _, b = spec.partition("/")
    return int(a), int(b or a)


def _rows(base: dict, specs: dict) -> dict:
    """``key -> (expected for both pseudo-roles, changes to the base row)``."""
    out = {}
    for key, (spec, changes) in specs.items():
        out[key] = replace(base[key], expected=dict.fromkeys(COMMITTEE_ROLES, _pair(spec)), extra={}, **changes)
    return out


_UNIT_SESSION = {"body": {"nama": "Sesi", "tahun": "{talent_year}", "instansi_id": "{instansi}", "unor_id": "{unor}"}}
_W = "talent:"
COMMITTEE_WEB: dict[str, Row] = _rows(FEATURE_WEB, {
    f"{_W}home": ("200/404", {}),
    f"{_W}members": ("302/404", {}),
    f"{_W}recompute": ("403", {}),
    f"{_W}job": ("404", {}),
    f"{_W}card": ("200/404", {}),
    f"{_W}sessions": ("200", {"leak": ("sesi_link",)}),
    f"{_W}session_open": ("302/404", _UNIT_SESSION),
    f"{_W}committee": ("403", {}),
    f"{_W}session": ("200/404", {}),
    f"{_W}move": ("302/404", {}),
    f"{_W}session_close": ("302/404", {}),
    f"{_W}pools": ("200", {"leak": ("pool_name",)}),
    f"{_W}pool_create": ("403", {}),
    f"{_W}pools_refresh": ("403", {}),
    f"{_W}board": ("200/404", {"out_query": "instansi={instansi}"}),
    f"{_W}key_position_add": ("403", {}),
    f"{_W}successors_recompute": ("403", {}),
    f"{_W}key_position": ("200/404", {}),
    f"{_W}emergency": ("403/404", {}),
})

_T = "/api/v1/talent"
COMMITTEE_API: dict[tuple[str, str], Row] = _rows(FEATURE_API, {
    ("GET", f"{_T}/grid"): ("200/404", {}),
    ("GET", f"{_T}/grid/{{kotak}}/members"): ("200/404", {}),
    ("GET", f"{_T}/card/{{nip}}"): ("200/404", {}),
    ("POST", f"{_T}/recompute"): ("403", {}),
    ("GET", f"{_T}/jobs/{{job_id}}"): ("404", {}),
    ("GET", f"{_T}/sessions"): ("200", {"leak": ("sesi_json",)}),
    ("POST", f"{_T}/sessions"): ("201/404", _UNIT_SESSION),
    ("GET", f"{_T}/sessions/{{sesi_id}}"): ("200/404", {}),
    ("POST", f"{_T}/sessions/{{sesi_id}}/moves"): ("201/404", {}),
    ("POST", f"{_T}/sessions/{{sesi_id}}/close"): ("200/404", {}),
    ("POST", f"{_T}/committee"): ("403", {}),
    ("GET", f"{_T}/pools"): ("200", {"leak": ("pool_json",)}),
    ("POST", f"{_T}/pools"): ("403", {}),
    ("POST", f"{_T}/pools/refresh"): ("403", {}),
    ("GET", f"{_T}/key-positions"): ("200", {}),  # out: ?instansi_id=KAB-B answers without B's rows
    ("POST", f"{_T}/key-positions"): ("403", {}),
    ("GET", f"{_T}/key-positions/{{target_id}}"): ("200/404", {}),
    ("PUT", f"{_T}/key-positions/{{target_id}}/emergency"): ("403/404", {}),
    ("POST", f"{_T}/successors/recompute"): ("403", {}),
    ("GET", f"{_T}/bench-strength/{{instansi_id}}"): ("200/404", {}),
})
