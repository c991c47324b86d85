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
    if role in SCOPED_ROLES and role != Role.SUPERVISOR and not scopes:
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
        if role == Role.SUPERVISOR and not scopes and not effective_nip:
            raise AccountError("scope", "peran supervisor memerlukan --scope atau --nip: atasan melihat unit "
                                        "yang dipimpinnya (a supervisor needs --scope, or --nip to lead units)")
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
        home = _scope_instansi(scopes) or {_nip_instansi(effective_nip) or ""}
        if len(home) == 1 and not next(iter(home)).startswith("?"):
            user.home_instansi_id = next(iter(home))
        if created:
            user.save()
        else:
            user.save(update_fields=["role", "nip", "password", "home_instansi_id"])
        rows = _scope_rows(user, scopes)
        Scope.objects.filter(user=user).delete()
        Scope.objects.bulk_create(rows)
        audit_record(actor=actor, action="user.grant", object_type="user", object_id=username, before=before,
                     after={"role": role, "nip": effective_nip, "scopes": [str(s) for s in scopes],
                            "password_set": password is not None},
                     actor_label="" if actor is not None else "cli",
                     instansi_id=user.home_instansi_id)
    user.forget_access()
    return user, created


def user_scopes(user: User) -> list[ScopeSpec]:
    return [ScopeSpec(s.kind, s.target_id) for s in user.scopes.order_by("kind", "instansi_id", "unor_id")]


# --- grants by a signed-in admin (web and API) --------------------------------------------------------
class GrantRefused(AccountError):
    """The acting admin may not make this grant (outside their instansi, or a role they may not give)."""


class UserNotVisible(LookupError):
    """No such user, or not one the acting admin manages (shown as 404)."""


# Roles an agency admin may give; national roles and auditors (who audit the agency) come from BKN.
AGENCY_GRANTABLE = frozenset({Role.AGENCY_ADMIN, Role.UNIT_HR, Role.SUPERVISOR, Role.EMPLOYEE})


def grantable_roles(actor: User) -> frozenset[str]:
    access = actor.access
    if not access.may_manage_users:
        return frozenset()
    return frozenset(Role.values) if access.national else AGENCY_GRANTABLE


def _scope_instansi(scopes: Iterable[ScopeSpec]) -> set[str]:
    from abdi.org.models import Unor

    scopes = list(scopes)
    ids = {s.target_id for s in scopes if s.kind == Scope.Kind.INSTANSI}
    unor_ids = [s.target_id for s in scopes if s.kind == Scope.Kind.UNOR]
    found = dict(Unor.objects.filter(pk__in=unor_ids).values_list("pk", "instansi_id"))
    ids |= {found.get(u, f"?{u}") for u in unor_ids}  # an unknown unit belongs to no instansi
    return ids


def _nip_instansi(nip: str) -> str | None:
    from abdi.people.models import Pegawai

    return Pegawai.objects.filter(nip=nip).values_list("instansi_id", flat=True).first() if nip else None


def user_managed_by(actor: User, user: User) -> bool:
    """Whether ``actor`` manages ``user``: national admins manage everyone; an agency admin manages users
    whose scopes all lie in their instansi and, for users without scopes, whose account or own record
    belongs to it."""
    access = actor.access
    if not access.may_manage_users:
        return False
    if access.national:
        return True
    if user.is_superuser or user.role in (Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.AUDITOR):
        return False
    scopes = user_scopes(user)
    if scopes:
        return _scope_instansi(scopes) <= access.instansi_ids
    return user.home_instansi_id in access.instansi_ids or _nip_instansi(user.nip) in access.instansi_ids


def _check_grant(actor: User, *, target: User | None, role: str, scopes: list[ScopeSpec], nip: str,
                 subordinates: list[str]) -> None:
    access = actor.access
    if role in Role.values and role not in grantable_roles(actor):  # unknown roles: a 422 from user_grant
        raise GrantRefused("role", f"Anda tidak dapat memberikan peran {role} (you may not grant this role)")
    if target is not None and target.pk == actor.pk:
        raise GrantRefused("username", "tidak dapat mengubah peran sendiri (you may not change your own role)")
    if access.national:
        return
    outside = sorted(_scope_instansi(scopes) - access.instansi_ids)
    if outside:
        raise GrantRefused("scope", "di luar instansi Anda (outside your instansi): " + ", ".join(outside))
    for field, nips in (("nip", [nip] if nip else []), ("subordinates", subordinates)):
        for n in nips:
            if _nip_instansi(n) not in access.instansi_ids:
                raise GrantRefused(field, f"NIP {n} tidak ada di instansi Anda (not in your instansi)")


def user_grant_by(*, actor: User, username: str, role: str, scopes: Iterable[ScopeSpec] = (),
                  nip: str | None = None, subordinates: Iterable[str] | None = None,
                  password: str | None = None, create: bool = False) -> tuple[User, bool]:
    """An admin's grant through the web or the API: ``user_grant`` behind the actor's authority.
    ``create`` refuses an existing username (409 on the API); otherwise the user must already be one the
    actor manages (``UserNotVisible``). ``subordinates`` (NIPs) replaces a supervisor's named team."""
    from abdi.accounts.models import Subordinate

    scopes = list(scopes)
    subs = sorted({s.strip() for s in subordinates or [] if s.strip()})
    for s in subs:
        if not NIP_RE.match(s):
            raise AccountError("subordinates", f"'{s}' bukan NIP 18 digit (a NIP has 18 digits)")
    if subs and role != Role.SUPERVISOR:
        raise AccountError("subordinates", "bawahan hanya untuk peran supervisor (only supervisors have them)")
    with transaction.atomic():
        target = User.objects.select_for_update().filter(username=username).first()
        if target is not None and create:
            raise AccountError("username", f"nama pengguna '{username}' sudah dipakai (already taken)")
        if target is None and not create:
            raise UserNotVisible(username)
        if target is not None and not user_managed_by(actor, target):
            raise UserNotVisible(username)
        _check_grant(actor, target=target, role=role, scopes=scopes,
                     nip=(nip if nip is not None else (target.nip if target else "")) or "", subordinates=subs)
        user, created = user_grant(username=username, role=role, scopes=scopes, nip=nip, password=password,
                                   actor=actor)
        before_subs = sorted(user.subordinates.values_list("nip", flat=True))
        if subordinates is not None and before_subs != subs:
            Subordinate.objects.filter(supervisor=user).delete()
            Subordinate.objects.bulk_create([Subordinate(supervisor=user, nip=s) for s in subs])
            audit_record(actor=actor, action="user.subordinates", object_type="user", object_id=username,
                         before={"subordinates": before_subs}, after={"subordinates": subs},
                         instansi_id=_audit_instansi(actor, scopes))
    return user, created


def _audit_instansi(actor: User, scopes: list[ScopeSpec]) -> str:
    ids = sorted(_scope_instansi(scopes) or actor.access.instansi_ids)
    return ids[0] if ids and not ids[0].startswith("?") else ""


def user_revoke(*, actor: User, username: str) -> User:
    """Take away a user's role, scopes and named subordinates (the account stays, seeing only its own
    record). Audited as ``user.revoke``."""
    from abdi.accounts.models import Subordinate

    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None or not user_managed_by(actor, user):
            raise UserNotVisible(username)
        if user.pk == actor.pk:
            raise GrantRefused("username", "tidak dapat mencabut peran sendiri (you may not revoke yourself)")
        scopes = user_scopes(user)
        before = {"role": user.role, "scopes": [str(s) for s in scopes],
                  "subordinates": sorted(user.subordinates.values_list("nip", flat=True))}
        home = _scope_instansi(scopes)
        if not user.home_instansi_id and len(home) == 1 and not next(iter(home)).startswith("?"):
            user.home_instansi_id = next(iter(home))  # stays with the agency that managed it
        Scope.objects.filter(user=user).delete()
        Subordinate.objects.filter(supervisor=user).delete()
        user.role = ""
        user.save(update_fields=["role", "home_instansi_id"])
        audit_record(actor=actor, action="user.revoke", object_type="user", object_id=username, before=before,
                     after={"role": "", "scopes": [], "subordinates": []},
                     instansi_id=_audit_instansi(actor, scopes))
    user.forget_access()
    return user


# --- the signed-in user's own account ---------------------------------------------------------------
def user_password_change(*, user: User, new_password: str) -> User:
    """Set a new password (validated by the form against the policy), audited; other sessions end."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="user.password_change", object_type="user", object_id=user.username)
    return user


def user_sign_out_everywhere(*, user: User, revoke_tokens: bool = False) -> int:
    """End every session of ``user`` (the epoch in the session hash moves on) and, if asked, revoke their
    API tokens. Returns how many tokens were revoked."""
    from django.db.models import F
    from django.utils import timezone

    from abdi.accounts.models import ApiToken

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        user.refresh_from_db(fields=["session_epoch"])
        revoked = 0
        if revoke_tokens:
            revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=user, action="user.sign_out_everywhere", object_type="user", object_id=user.username,
                     after={"session_epoch": user.session_epoch, "tokens_revoked": revoked})
    return revoked
