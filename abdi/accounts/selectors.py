"""Reads of the accounts app: the users an admin manages, one of them with their grants."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from abdi.accounts.models import Role, Scope, Subordinate, User
from abdi.accounts.services import UserNotVisible, user_managed_by, user_scopes

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class InvalidUserCursor(ValueError):
    """A cursor that is not a username from this list."""


@dataclass(frozen=True)
class UserPage:
    items: list[User]
    next_cursor: str | None


def users_managed_queryset(actor: User) -> QuerySet:
    """The users ``actor`` manages (the same rule as ``services.user_managed_by``, as one query)."""
    access = actor.access
    if not access.may_manage_users:
        return User.objects.none()
    qs = User.objects.all()
    if access.national:
        return qs
    from abdi.people.models import Pegawai

    mine = sorted(access.instansi_ids)
    in_scope = Q(kind=Scope.Kind.INSTANSI, instansi_id__in=mine) | Q(kind=Scope.Kind.UNOR, unor__instansi_id__in=mine)
    has_inside = Exists(Scope.objects.filter(in_scope, user=OuterRef("pk")))
    has_outside = Exists(Scope.objects.filter(user=OuterRef("pk")).exclude(in_scope))
    has_any = Exists(Scope.objects.filter(user=OuterRef("pk")))
    own_record_inside = (Q(home_instansi_id__in=mine)
                         | Q(nip__in=Pegawai.objects.filter(instansi_id__in=mine).values("nip")))
    return (qs.filter(Q(has_inside) | (~Q(has_any) & own_record_inside)).exclude(has_outside)
            .exclude(role__in=[Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.AUDITOR])
            .exclude(is_superuser=True))


def user_list_for_user(actor: User, *, q: str = "", role: str = "", after_cursor: str | None = None,
                       limit: int = DEFAULT_LIMIT) -> UserPage:
    qs = users_managed_queryset(actor)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
                       | Q(nip=q))
    if role:
        qs = qs.filter(role="" if role == "-" else role)
    if after_cursor:
        if len(after_cursor) > 150:
            raise InvalidUserCursor(after_cursor)
        qs = qs.filter(username__gt=after_cursor)
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(qs.order_by("username")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return UserPage(items=rows, next_cursor=rows[-1].username if more and rows else None)


@dataclass(frozen=True)
class UserGrants:
    user: User
    scopes: list[str]
    subordinates: list[str]


def user_get_for_user(actor: User, username: str) -> UserGrants:
    user = User.objects.filter(username=username).first()
    if user is None or not user_managed_by(actor, user):
        raise UserNotVisible(username)
    return UserGrants(user=user, scopes=[str(s) for s in user_scopes(user)],
                      subordinates=sorted(Subordinate.objects.filter(supervisor=user).values_list("nip", flat=True)))
