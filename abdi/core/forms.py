"""What every screen says about a form that does not validate: one message listing each field's errors."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _


def form_errors(form) -> str:
    return "; ".join(f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
                     for k, v in form.errors.items())


def message_invalid(request, form) -> None:
    messages.error(request, _("Isian tidak valid: %(errors)s") % {"errors": form_errors(form)})
