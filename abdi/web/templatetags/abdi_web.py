"""Template helpers shared by Abdi's pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from abdi.accounts.models import Role
from abdi.core import labels

register = template.Library()


@register.filter
def dom_id(value: str, prefix: str = "id") -> str:
    """A safe, stable HTML id for any key (unit ids may hold characters CSS selectors dislike)."""
    return f"{prefix}-{str(value).encode().hex()}"


@register.filter
def role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return gettext("Tanpa peran")


@register.filter
def kode_label(code: str) -> str:
    return labels.kode_label(code)
