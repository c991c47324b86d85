"""Users, their role and their scope.

A user holds exactly one role. National roles see the whole country; scoped roles see the union of their
``Scope`` rows (whole instansi, or unit subtrees); every role also sees the user's own record (``nip``).
The resolved, read-only view of this that selectors use is ``User.access`` (``abdi.accounts.access``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", "Admin nasional"
    NATIONAL_ANALYST = "national_analyst", "Analis nasional"
    AGENCY_ADMIN = "agency_admin", "Admin instansi"
    UNIT_HR = "unit_hr", "Pengelola SDM unit"
    SUPERVISOR = "supervisor", "Atasan (pejabat penilai)"
    EMPLOYEE = "employee", "Pegawai"
    AUDITOR = "auditor", "Auditor"


class User(AbstractUser):
    """A person who signs in. Roles and scopes are granted by ``abdi.accounts.services.user_set_role``."""

    nip = models.CharField("NIP", max_length=18, blank=True, default="", db_index=True,
                           help_text="Tautan ke data kepegawaian pengguna sendiri")
    role = models.CharField("peran", max_length=20, choices=Role.choices, blank=True, default="",
                            help_text="Kosong: tidak ada akses selain data sendiri")

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    @property
    def access(self):
        """The user's resolved role and scope, computed once per user object (one query at most)."""
        cached = self.__dict__.get("_access")
        if cached is None:
            from abdi.accounts.access import access_for

            cached = self.__dict__["_access"] = access_for(self)
        return cached

    def forget_access(self) -> None:
        self.__dict__.pop("_access", None)


class Scope(models.Model):
    """One org subtree a scoped role may see: a whole instansi, or a unit with everything below it."""

    class Kind(models.TextChoices):
        INSTANSI = "instansi", "Instansi"
        UNOR = "unor", "Unit organisasi"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scopes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # An org unit that grants access cannot vanish silently: revoke the scope first.
    instansi = models.ForeignKey("org.Instansi", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unor = models.ForeignKey("org.Unor", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             db_constraint=False)

    class Meta:
        verbose_name = "cakupan akses"
        verbose_name_plural = "cakupan akses"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="instansi", instansi__isnull=False, unor__isnull=True)
                           | Q(kind="unor", unor__isnull=False, instansi__isnull=True)),
                name="scope_kind_matches_target",
            ),
            models.UniqueConstraint(fields=["user", "instansi"], name="scope_user_instansi_uniq",
                                    condition=Q(kind="instansi")),
            models.UniqueConstraint(fields=["user", "unor"], name="scope_user_unor_uniq", condition=Q(kind="unor")),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target_id}"

    @property
    def target_id(self) -> str:
        return self.instansi_id if self.kind == self.Kind.INSTANSI else self.unor_id


class ApiToken(models.Model):
    """A bearer token for the JSON API (CONTRACTS §7). Only the SHA-256 of the token is stored; ``prefix``
    (its first 8 characters) lets people tell their tokens apart. Created by ``abdi token create``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
