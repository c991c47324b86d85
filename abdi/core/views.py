"""The audit-trail screens: search by actor, object, action and date; one event with before → after.
Reads go through ``abdi.core.selectors`` (scope applied there)."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from abdi.core.htmx import render_page_or_fragment
from abdi.core.selectors import (
    AuditEventNotFound,
    AuditFilters,
    AuditNotAllowed,
    InvalidAuditCursor,
    audit_event_actor,
    audit_event_get_for_user,
    audit_event_list_for_user,
)

PAGE_SIZE = 50
TEXT_FILTERS = ("actor", "object_type", "object_id", "action")
OBJECT_TYPES = [("pegawai", pgettext_lazy("object type", "Pegawai")), ("user", pgettext_lazy("object type", "Pengguna")),
                ("api_token", pgettext_lazy("object type", "Token API")),
                ("load_batch", pgettext_lazy("object type", "Muat data"))]


def _text(request, name: str, max_length: int = 100) -> str:
    return (request.GET.get(name) or "").replace("\x00", "").strip()[:max_length]


def _date(request, name: str, errors: dict[str, str]) -> dt.date | None:
    raw = _text(request, name, 20)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("'%(raw)s' bukan tanggal TTTT-BB-HH") % {"raw": raw}
        return None


def filters_from_request(request) -> tuple[AuditFilters, dict[str, str]]:
    errors: dict[str, str] = {}
    values = {name: _text(request, name) for name in TEXT_FILTERS}
    date_from = _date(request, "dari", errors)
    date_to = _date(request, "sampai", errors)
    if date_from and date_to and date_from > date_to:
        errors["sampai"] = _("tanggal akhir sebelum tanggal awal")
    return AuditFilters(**values, date_from=date_from, date_to=date_to), errors


@login_required
def audit_list(request):
    filters, errors = filters_from_request(request)
    cursor = _text(request, "cursor", 30) or None
    try:
        page = audit_event_list_for_user(request.user, filters, after_cursor=cursor, limit=PAGE_SIZE)
    except AuditNotAllowed:
        raise PermissionDenied(_("Jejak audit hanya untuk admin dan auditor.")) from None
    except InvalidAuditCursor:
        page, errors["cursor"] = None, _("kursor tidak dikenal; mulai lagi dari halaman pertama")
    rows = [(e, audit_event_actor(e)) for e in page.items] if page else []
    context = {"page": page, "rows": rows, "f": filters, "errors": errors, "cursor": cursor,
               "object_types": OBJECT_TYPES,
               "raw": {k: _text(request, k, 20) for k in ("dari", "sampai")}}
    return render_page_or_fragment(request, "core/audit_list.html", "core/_audit_results.html", context)


@login_required
def audit_detail(request, event_id: int):
    try:
        if event_id >= 2**63:  # beyond a bigint: no such event
            raise AuditEventNotFound(event_id)
        event = audit_event_get_for_user(request.user, event_id)
    except AuditNotAllowed:
        raise PermissionDenied(_("Jejak audit hanya untuk admin dan auditor.")) from None
    except AuditEventNotFound:
        raise Http404(_("Kejadian audit tidak ditemukan")) from None

    def pretty(value):
        return None if value is None else json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)

    return render(request, "core/audit_detail.html", {
        "e": event, "actor": audit_event_actor(event), "before": pretty(event.before), "after": pretty(event.after)})
