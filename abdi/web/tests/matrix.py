"""The vocabulary of the permission matrix (``test_permission_matrix``): the roles, who plays each, and a row
(a request template with the status expected per role, inside and outside the role's scope)."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anonymous", "national_admin", "national_analyst", "agency_admin", "unit_hr", "supervisor", "employee",
         "auditor", "norole")
USER_OF_ROLE = {"national_admin": "national_admin", "national_analyst": "national_analyst",
                "agency_admin": "admin_a", "unit_hr": "hr_a1", "supervisor": "supervisor_a1",
                "employee": "employee_b", "auditor": "auditor_a", "norole": "norole",
                # talent-committee members without a talent role (``matrix_committee_rows``; not in ROLES)
                "committee": "committee_a", "committee_unit": "committee_a1"}
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
