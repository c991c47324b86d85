"""Writes of the accounts app: creating users and granting their role and scopes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from abdi.accounts.access import NATIONAL_ROLES, SCOPED_ROLES
from abdi.accounts.models import Role, Scope, User
from abdi.core.audit import audit_record

NIP_RE = re.compile(r"^\d{18}$")


class AccountError(ValueError):
    """Bad input for an account change: ``field`` and ``reason`` name the problem."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ScopeTargetNotFound(AccountError):
    """The instansi or unit named by a scope does not exist."""


@dataclass(frozen=True)
class ScopeSpec:
    kind: str  # instansi | unor
    target_id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.target_id}"


def scope_parse(text: str) -> ScopeSpec:
    """``instansi:ID`` or ``unor:ID`` → ``ScopeSpec``."""
    kind, sep, target = text.partition(":")
    kind, target = kind.strip().lower(), target.strip()
    if not sep or kind not in Scope.Kind.values or not target:
        raise AccountError("scope", f"'{text}' bukan KIND:ID dengan KIND instansi atau unor "
                                    f"(expected KIND:ID, KIND being instansi or unor)")
    return ScopeSpec(kind, target)


def _check_role_scopes(role: str, scopes: list[ScopeSpec]) -> None:
    if role not in Role.values:
        raise AccountError("role", f"peran tidak dikenal '{role}' (unknown role); pilih salah satu: "
                                   + ", ".join(Role.values))
    if role in NATIONAL_ROLES and scopes:
        raise AccountError("scope", f"peran {role} berlaku nasional, tanpa --scope "
                                    f"(a national role takes no --scope)")
    if role == Role.EMPLOYEE and scopes:
        raise AccountError("scope", "peran employee hanya melihat data sendiri, tanpa --scope "
                                    "(an employee sees only their own record; use --nip)")
    if role in SCOPED_ROLES and not scopes:
        raise AccountError("scope", f"peran {role} memerlukan minimal satu --scope instansi:ID atau unor:ID "
                                    f"(role {role} needs at least one --scope)")


def _scope_rows(user: User, scopes: list[ScopeSpec]) -> list[Scope]:
    from abdi.org.models import Instansi, Unor

    wanted_instansi = {s.target_id for s in scopes if s.kind == Scope.Kind.INSTANSI}
    wanted_unor = {s.target_id for s in scopes if s.kind == Scope.Kind.UNOR}
    found_instansi = set(Instansi.objects.filter(pk__in=wanted_instansi).values_list("pk", flat=True))
    found_unor = set(Unor.objects.filter(pk__in=wanted_unor).values_list("pk", flat=True))
    missing = sorted([f"instansi:{i}" for i in wanted_instansi - found_instansi]
                     + [f"unor:{u}" for u in wanted_unor - found_unor])
    if missing:
        raise ScopeTargetNotFound("scope", "tidak ditemukan (not found): " + ", ".join(missing))
    rows = [Scope(user=user, kind=Scope.Kind.INSTANSI, instansi_id=i) for i in sorted(wanted_instansi)]
    rows += [Scope(user=user, kind=Scope.Kind.UNOR, unor_id=u) for u in sorted(wanted_unor)]
    return rows


def user_grant(*, username: str, role: str, scopes: Iterable[ScopeSpec] = (), nip: str | None = None,
               password: str | None = None, actor: User | None = None) -> tuple[User, bool]:
    """Create ``username`` or update it: set its role, replace its scopes, optionally link its NIP and set
    its password. Returns ``(user, created)``. Raises ``AccountError`` (nothing changed) on bad input.

    A new user without a password cannot sign in until one is set (``abdi changepassword``).
    ``actor`` is who made the change, for the audit trail.
    """
    scopes = list(dict.fromkeys(scopes))
    if not username or len(username) > 150:
        raise AccountError("username", "nama pengguna kosong atau lebih dari 150 karakter (empty or too long)")
    if nip is not None:
        nip = nip.strip()
        if nip and not NIP_RE.match(nip):
            raise AccountError("nip", f"'{nip}' bukan NIP 18 digit (a NIP has 18 digits)")
    _check_role_scopes(role, scopes)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        before = None if created else {"role": user.role, "nip": user.nip,
                                       "scopes": [str(s) for s in user_scopes(user)]}
        if created:
            user = User(username=username)
        effective_nip = user.nip if nip is None else nip
        if role == Role.EMPLOYEE and not effective_nip:
            raise AccountError("nip", "peran employee memerlukan --nip (the employee role needs --nip)")
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise AccountError("password", " ".join(exc.messages)) from exc
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.role = role
        user.nip = effective_nip
        if created:
            user.save()
        else:
            user.save(update_fields=["role", "nip", "password"])
        rows = _scope_rows(user, scopes)
        Scope.objects.filter(user=user).delete()
        Scope.objects.bulk_create(rows)
        audit_record(actor=actor, action="user.grant", object_type="user", object_id=username, before=before,
                     after={"role": role, "nip": effective_nip, "scopes": [str(s) for s in scopes],
                            "password_set": password is not None},
                     actor_label="" if actor is not None else "cli")
    user.forget_access()
    return user, created


def user_scopes(user: User) -> list[ScopeSpec]:
    return [ScopeSpec(s.kind, s.target_id) for s in user.scopes.order_by("kind", "instansi_id", "unor_id")]
