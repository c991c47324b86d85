"""The resolved access of one user: what every selector needs to filter by scope.

Selectors in ``org`` and ``people`` read ``user.access`` (an ``Access``) and never the accounts tables, so
the apps below ``accounts`` stay free of imports from it (DESIGN: allowed dependencies).
"""

from __future__ import annotations

from dataclasses import dataclass

from abdi.accounts.models import Role

NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST})
SCOPED_ROLES = frozenset({Role.AGENCY_ADMIN, Role.UNIT_HR, Role.SUPERVISOR, Role.AUDITOR})
# Roles that need birth dates (and so may see the birth-date digits of a NIP), UU 27/2022.
PERSONAL_DATA_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN, Role.UNIT_HR, Role.AUDITOR})
# Roles that read the audit trail (national admin: all of it; the others: events placed in their scope).
AUDIT_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN, Role.AUDITOR})
# Roles that grant and revoke roles (an agency admin only inside their instansi).
USER_ADMIN_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN})


@dataclass(frozen=True)
class Access:
    """Role and scope of an acting user. ``national`` sees everything; otherwise the union of
    ``instansi_ids``, the unit subtrees under ``unor_paths``, the user's own ``self_nip`` and, for a
    supervisor, the subordinates assigned by name (``extra_nips``)."""

    role: str
    national: bool = False
    instansi_ids: frozenset[str] = frozenset()
    unor_ids: frozenset[str] = frozenset()
    unor_paths: tuple[str, ...] = ()
    self_nip: str = ""
    personal_data: bool = False
    extra_nips: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.instansi_ids or self.unor_paths or self.self_nip or self.extra_nips)

    @property
    def may_audit(self) -> bool:
        return self.role in AUDIT_ROLES and (self.national or bool(self.instansi_ids or self.unor_paths))

    @property
    def may_manage_users(self) -> bool:
        return self.role in USER_ADMIN_ROLES and (self.national or bool(self.instansi_ids))

    @property
    def org_scoped(self) -> bool:
        """Whether the user sees any part of the org tree (national or through scopes)."""
        return self.national or bool(self.instansi_ids or self.unor_paths)

    def may_see_personal(self, nip: str) -> bool:
        return self.personal_data or (bool(self.self_nip) and nip == self.self_nip)


NO_ACCESS = Access(role="")


def access_for(user) -> Access:
    """Resolve ``user``'s role and scopes (one query for scoped roles, three for supervisors, none otherwise)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    role = user.role
    if not role and user.is_superuser:
        role = Role.NATIONAL_ADMIN  # `abdi createsuperuser` gives a working national admin
    self_nip = user.nip or ""
    personal = role in PERSONAL_DATA_ROLES
    if role in NATIONAL_ROLES:
        return Access(role=role, national=True, self_nip=self_nip, personal_data=personal)
    if role not in SCOPED_ROLES:  # employee, or no role: only their own record
        return Access(role=role, self_nip=self_nip, personal_data=False)
    instansi_ids: set[str] = set()
    unor: dict[str, str] = {}
    for kind, instansi_id, unor_id, path in user.scopes.values_list("kind", "instansi_id", "unor_id", "unor__path"):
        if kind == "instansi" and instansi_id:
            instansi_ids.add(instansi_id)
        elif kind == "unor" and unor_id and path:  # a scope whose unit no longer exists grants nothing
            unor[unor_id] = path
    extra_nips: frozenset[str] = frozenset()
    if role == Role.SUPERVISOR:
        # A supervisor sees the units they lead (by the unit tree) and the people assigned to them by name.
        if self_nip:
            from abdi.org.models import Unor

            unor.update(Unor.objects.filter(pemimpin_nip=self_nip).values_list("unor_id", "path"))
        extra_nips = frozenset(user.subordinates.values_list("nip", flat=True))
    # A unit already inside another scoped subtree adds nothing; drop it to keep the filters short.
    paths = sorted(set(unor.values()))
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return Access(role=role, instansi_ids=frozenset(instansi_ids), unor_ids=frozenset(unor),
                  unor_paths=tuple(kept), self_nip=self_nip, personal_data=personal, extra_nips=extra_nips)
