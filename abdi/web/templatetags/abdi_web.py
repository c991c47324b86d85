"""Template helpers shared by Abdi's pages."""

from __future__ import annotations

from django import template

from abdi.accounts.models import Role

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
        return "Tanpa peran"


@register.filter
def kode_label(code: str) -> str:
    """``TUGAS_BELAJAR`` → ``Tugas belajar``, ``JABATAN,UNOR`` → ``Jabatan, unor``: codes shown as words."""
    text = ", ".join(p.strip() for p in str(code or "").replace("_", " ").split(",") if p.strip())
    return text[:1].upper() + text[1:].lower() if text else "—"
