"""Users, their role and their scope.

A user holds exactly one role. National roles see the whole country; scoped roles see the union of their
``Scope`` rows (whole instansi, or unit subtrees); every role also sees the user's own record (``nip``).
The resolved, read-only view of this that selectors use is ``User.access`` (``abdi.accounts.access``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Admin nasional")
    NATIONAL_ANALYST = "national_analyst", _("Analis nasional")
    AGENCY_ADMIN = "agency_admin", _("Admin instansi")
    UNIT_HR = "unit_hr", _("Pengelola SDM unit")
    SUPERVISOR = "supervisor", _("Atasan (pejabat penilai)")
    EMPLOYEE = "employee", pgettext_lazy("role", "Pegawai")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A person who signs in. Roles and scopes are granted by ``abdi.accounts.services.user_set_role``."""

    nip = models.CharField("NIP", max_length=18, blank=True, default="", db_index=True,
                           help_text="Tautan ke data kepegawaian pengguna sendiri")
    role = models.CharField("peran", max_length=20, choices=Role.choices, blank=True, default="",
                            help_text="Kosong: tidak ada akses selain data sendiri")
    # The instansi the account belongs to: set by grants, kept when a role is revoked, so the agency's
    # admins still find the account (``abdi.accounts.services.user_managed_by``).
    home_instansi_id = models.CharField("instansi akun", max_length=40, blank=True, default="")
    # Raised by "sign out everywhere": every session signed before carries a stale hash and ends.
    session_epoch = models.PositiveIntegerField(default=0)

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

    def _get_session_auth_hash(self, secret=None):
        # Django ends a session whose stored hash no longer matches; mixing in the epoch lets
        # ``user_sign_out_everywhere`` end them all without touching the password or the session table.
        key_salt = "abdi.accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_epoch}", secret=secret,
                           algorithm="sha256").hexdigest()


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
    name = models.CharField("nama / keperluan", max_length=60, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"


class Subordinate(models.Model):
    """A civil servant assigned by name to a supervisor, on top of the units the supervisor leads
    (e.g. a team across units, or a delegation while the unit head is away)."""

    supervisor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="subordinates")
    nip = models.CharField("NIP", max_length=18)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bawahan"
        verbose_name_plural = "bawahan"
        constraints = [models.UniqueConstraint(fields=["supervisor", "nip"], name="subordinate_uniq")]

    def __str__(self) -> str:
        return f"{self.supervisor_id} → {self.nip}"


class LoginThrottle(models.Model):
    """Failed sign-ins counted per key (``user:<username>`` or ``ip:<address>``) in a sliding window;
    a key past the limit is locked until ``locked_until`` (``abdi.accounts.throttle``)."""

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "pembatasan masuk"
        verbose_name_plural = "pembatasan masuk"

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
