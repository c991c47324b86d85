"""Forms of the accounts screens: throttled sign-in, password change, token creation, role grants."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from abdi.accounts import throttle
from abdi.accounts.models import Role


def _lock_message(until) -> str:
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    at = timezone.localtime(until).strftime("%H:%M")
    text = ngettext(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, masuk dengan akun ini dikunci sementara; "
        "coba lagi dalam %(minutes)d menit (pukul %(at)s), atau hubungi admin instansi Anda.",
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, masuk dengan akun ini dikunci sementara; "
        "coba lagi dalam %(minutes)d menit (pukul %(at)s), atau hubungi admin instansi Anda.", minutes)
    return text % {"minutes": minutes, "at": at}


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form behind the lock-out of ``abdi.accounts.throttle``."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request)
        until = throttle.locked_until(username, ip)
        if until is not None:
            raise ValidationError(_lock_message(until), code="locked")
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if getattr(exc, "code", None) == "inactive":
                raise
            left, until = throttle.record_failure(username, ip)
            if until is not None:
                raise ValidationError(_lock_message(until), code="locked") from None
            raise ValidationError(
                gettext("Nama pengguna atau kata sandi salah. Sisa percobaan sebelum dikunci sementara: "
                        "%(left)s.") % {"left": left},
                code="invalid_login") from None
        throttle.record_success(username)
        return cleaned


class AuditedPasswordChangeForm(PasswordChangeForm):
    """Password change whose save is the audited service (``abdi.accounts.services.user_password_change``)."""

    def save(self, commit=True):
        from abdi.accounts.services import user_password_change

        return user_password_change(user=self.user, new_password=self.cleaned_data["new_password1"])


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Nama / keperluan"), max_length=60, required=False,
                           help_text=_("mis. integrasi SIASN, skrip laporan"))
    days = forms.IntegerField(label=_("Berlaku (hari)"), min_value=1, max_value=365, initial=90)


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    scopes = forms.CharField(
        label=_("Cakupan"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: instansi:ID atau unor:ID. Kosong untuk peran nasional dan pegawai."))
    nip = forms.CharField(label=_("NIP pengguna"), max_length=18, required=False,
                          help_text=_("Menautkan akun ke data kepegawaiannya sendiri"))
    subordinates = forms.CharField(
        label=_("Bawahan yang ditugaskan (khusus atasan)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu NIP per baris, di samping unit yang dipimpinnya"))

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = [(r.value, r.label) for r in Role if r.value in roles]

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class UserCreateForm(GrantForm):
    username = forms.RegexField(label=_("Nama pengguna"), max_length=150, regex=r"^[\w.@+-]+\Z",
                                error_messages={"invalid": _("Hanya huruf, angka dan @ . + - _")})
    password = forms.CharField(label=_("Kata sandi awal"), required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("Minimal 12 karakter, bukan sandi umum. Kosong: akun belum dapat masuk."))
    field_order = ["username", "role", "scopes", "nip", "subordinates", "password"]
