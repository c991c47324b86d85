"""Account screens: my account (password, sign out everywhere), my API tokens, and, for admins, the
users they manage with their roles and scopes. Writes go through ``services``; reads through ``selectors``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from abdi.accounts.api_auth import TokenNotFound, token_create, token_revoke, tokens_of
from abdi.accounts.forms import AuditedPasswordChangeForm, GrantForm, TokenCreateForm, UserCreateForm
from abdi.accounts.models import Role
from abdi.accounts.selectors import InvalidUserCursor, user_get_for_user, user_list_for_user
from abdi.accounts.services import (
    AccountError,
    UserNotVisible,
    grantable_roles,
    scope_parse,
    user_grant_by,
    user_revoke,
    user_sign_out_everywhere,
)


@login_required
def account(request):
    return render(request, "accounts/account.html", {"tokens": tokens_of(request.user)[:5]})


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = AuditedPasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session; the others end with the old hash
        messages.success(self.request, _("Kata sandi diganti. Sesi lain dengan kata sandi lama telah berakhir."))
        return response


@login_required
@require_POST
def sign_out_everywhere(request):
    revoked = user_sign_out_everywhere(user=request.user, revoke_tokens=request.POST.get("tokens") == "1")
    logout(request)
    if revoked:
        text = ngettext("Anda telah keluar dari semua perangkat dan %(n)d token API dicabut. Silakan masuk lagi.",
                        "Anda telah keluar dari semua perangkat dan %(n)d token API dicabut. Silakan masuk lagi.",
                        revoked) % {"n": revoked}
    else:
        text = _("Anda telah keluar dari semua perangkat. Silakan masuk lagi.")
    messages.info(request, text)
    return redirect("web:login")


@login_required
def tokens(request):
    new_token = None
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_token, _ = token_create(request.user, days=form.cleaned_data["days"], actor=request.user,
                                    name=form.cleaned_data["name"] or "")
        form = TokenCreateForm()
    return render(request, "accounts/tokens.html", {"tokens": tokens_of(request.user), "form": form,
                                                    "new_token": new_token})


@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    try:
        row = token_revoke(user=request.user, token_id=token_id, actor=request.user)
    except TokenNotFound:
        raise Http404(_("Token tidak ditemukan")) from None
    messages.success(request, _("Token %(prefix)s… dicabut.") % {"prefix": row.prefix})
    return redirect("accounts:tokens")


# --- admins -----------------------------------------------------------------------------------------
def _require_admin(request):
    if not request.user.access.may_manage_users:
        raise PermissionDenied(_("Pengelolaan pengguna hanya untuk admin nasional dan admin instansi."))


@login_required
def user_list(request):
    _require_admin(request)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    role = (request.GET.get("role") or "").strip()[:20]
    cursor = (request.GET.get("cursor") or "").strip() or None
    try:
        page = user_list_for_user(request.user, q=q, role=role, after_cursor=cursor)
    except InvalidUserCursor:
        return HttpResponseBadRequest(_("Parameter 'cursor' tidak valid."))
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "role": role, "cursor": cursor,
                                                       "roles": Role.choices})


def _grant_args(form) -> dict:
    scopes = [scope_parse(line) for line in GrantForm.lines(form.cleaned_data["scopes"])]
    args = {"role": form.cleaned_data["role"], "scopes": scopes, "nip": form.cleaned_data["nip"].strip(),
            "subordinates": GrantForm.lines(form.cleaned_data["subordinates"])}
    if form.cleaned_data.get("password"):
        args["password"] = form.cleaned_data["password"]
    return args


def _apply(request, form, *, username: str, create: bool):
    try:
        user, _ = user_grant_by(actor=request.user, username=username, create=create, **_grant_args(form))
    except AccountError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        return None
    except UserNotVisible:
        form.add_error(None, _("Pengguna tidak ditemukan dalam cakupan Anda."))
        return None
    return user



@login_required
def user_create(request):
    _require_admin(request)
    roles = grantable_roles(request.user)
    form = UserCreateForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        user = _apply(request, form, username=form.cleaned_data["username"], create=True)
        if user is not None:
            text = _("Pengguna %(username)s dibuat.") % {"username": user.username}
            if not form.cleaned_data.get("password"):
                text += " " + _("Belum ada kata sandi: akun dapat masuk setelah kata sandi ditetapkan "
                                "(abdi changepassword).")
            messages.success(request, text)
            return redirect("accounts:user_detail", username=user.username)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_detail(request, username: str):
    _require_admin(request)
    try:
        grants = user_get_for_user(request.user, username)
    except UserNotVisible:
        raise Http404(_("Pengguna tidak ditemukan")) from None
    initial = {"role": grants.user.role or Role.EMPLOYEE, "scopes": "\n".join(grants.scopes),
               "nip": grants.user.nip, "subordinates": "\n".join(grants.subordinates)}
    form = GrantForm(request.POST or None, initial=initial, roles=grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        if _apply(request, form, username=username, create=False) is not None:
            messages.success(request, _("Peran dan cakupan %(username)s diperbarui.") % {"username": username})
            return redirect("accounts:user_detail", username=username)
    return render(request, "accounts/user_form.html", {"form": form, "grants": grants, "creating": False})


@login_required
@require_POST
def user_revoke_view(request, username: str):
    _require_admin(request)
    try:
        user_revoke(actor=request.user, username=username)
    except UserNotVisible:
        raise Http404(_("Pengguna tidak ditemukan")) from None
    except AccountError as exc:
        messages.error(request, exc.reason)
        return redirect("accounts:user_detail", username=username)
    messages.success(request, _("Peran %(username)s dicabut; akun hanya melihat data sendiri.") % {"username": username})
    return redirect("accounts:user_detail", username=username)
