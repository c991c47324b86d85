"""What every screen says about a form that does not validate: one message listing each field's errors."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _


def form_errors(form) -> str:
    return "; ".join(f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
                     for k, v in form.errors.items())


def message_invalid(request, form) -> None:
    messages.error(request, _("Isian tidak valid: %(errors)s") % {"errors": form_errors(form)})


def refusal_text(err) -> str:
    """A refused write (``core.errors.Refused``) as the message the user reads."""
    if err.field:
        return _("Tidak dapat disimpan (%(field)s): %(message)s") % {"field": err.field, "message": err.message}
    return _("Tidak dapat disimpan: %(message)s") % {"message": err.message}


def refusal(request, err) -> None:
    """What every screen does with a refused write: 404 and 403 as such; a conflict or invalid input as a
    message on the page the user is sent back to."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if err.status == 404:
        raise Http404(err.message)
    if err.status == 403:
        raise PermissionDenied(err.message)
    messages.error(request, refusal_text(err))


def form_step(request, back: str, form_class, do, done: str):
    """One POST step of a screen: validate ``form_class``, run ``do(cleaned_data)`` (a service call), and go
    back to ``back`` with ``done`` as the message, or with the form's errors or the refusal's (404 and 403 as
    such)."""
    from django.shortcuts import redirect

    from abdi.core.errors import Refused

    form = form_class(request.POST)
    if not form.is_valid():
        message_invalid(request, form)
        return redirect(back)
    try:
        do(form.cleaned_data)
    except Refused as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, done)
    return redirect(back)
