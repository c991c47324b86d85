"""Helpers shared by the talent screens: refusals, query parsing, the user's scope, navigation, and the small
reads the filters need."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.core.forms import message_invalid, refusal
from abdi.org.selectors import MAX_LIMIT, instansi_list_for_user, org_names
from abdi.reference import codes
from abdi.talent import compute, rules
from abdi.talent.selectors import (
    Filters,
    TalentNotAllowed,
    TalentNotVisible,
    box_members_for_user,
    committee_covers,
    latest_year,
    talent_scope,
)
from abdi.talent.services import (
    TalentError,
)

PER_PAGE = 50
SCREEN_ROWS = MAX_LIMIT  # rows the sessions, pools and board screens show; beyond that they say so
ADMIN_ROLES = ("national_admin", "agency_admin")


# --- small helpers -------------------------------------------------------------------------------------------
def _guard(fn, *args, **kwargs):
    """A selector's refusals as HTTP: a role that never sees talent data 403, outside the scope 404."""
    try:
        return fn(*args, **kwargs)
    except TalentNotAllowed:
        raise PermissionDenied(_("Peran ini tidak melihat data talenta.")) from None
    except TalentNotVisible:
        raise Http404(_("Tidak ditemukan")) from None


def _screen_rows(request, fn, *args, notice: str, **kwargs) -> list:
    """The first ``SCREEN_ROWS`` rows of a paged list (``fn`` returns a ``TalentPage``); when there are more, the
    screen says so with ``notice`` (``%(n)d``: how many are shown) rather than cutting silently."""
    page = _guard(fn, *args, limit=SCREEN_ROWS, **kwargs)
    if page.next_cursor:
        messages.warning(request, notice % {"n": len(page.items)})
    return page.items


def _refusal(request, err: TalentError) -> None:
    refusal(request, err)


def _invalid(request, form) -> None:
    message_invalid(request, form)


def _with_query(url: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return url + ("?" + urlencode(query) if query else "")


def _scope(request):
    """The user's talent scope, read once per request."""
    if not hasattr(request, "_talent_scope"):
        request._talent_scope = talent_scope(request.user)
    return request._talent_scope


def _is_admin(request) -> bool:
    access = request.user.access
    return access.role in ADMIN_ROLES and (access.national or bool(access.instansi_ids))


def _is_national_admin(request) -> bool:
    access = request.user.access
    return access.role == "national_admin" and access.national


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _code(value) -> str:
    value = (value or "").strip()
    return value if len(value) <= 40 and "\x00" not in value else ""


def _year(request) -> int | None:
    """``?tahun=`` within 2000 … 2100, else the latest year with boxes (``None``: no boxes yet)."""
    value = _int(request.GET.get("tahun"))
    return value if value is not None and 2000 <= value <= 2100 else latest_year()


def _numbering(tahun: int) -> list[list[int]]:
    return compute.rules_for(tahun).data["nomor"]


def _nav(request, current: str) -> dict:
    scope = _scope(request)
    return {"current": current, "scoped": not scope.empty, "nip": getattr(request.user, "nip", "") or ""}


def _render(request, template: str, current: str, context: dict, status: int = 200):
    return render(request, template, {"nav": _nav(request, current), **context}, status=status)


# --- reads the selectors do not offer (small, for the filters' choices only) -------------------------------------
def _agencies(request) -> list[tuple[str, str]]:
    """``(instansi_id, nama)`` of the agencies in the user's talent scope: every agency for national roles, else
    the agencies of the role's scopes (whole or in part) and of the committee grants."""
    from abdi.org.models import Unor

    scope = _scope(request)
    if scope.national:
        return [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)]
    ids = set(scope.instansi_ids) | set(scope.committee_instansi)
    if scope.unor_paths:
        ids |= set(Unor.objects.filter(path__in=scope.unor_paths).values_list("instansi_id", flat=True))
    names = org_names(instansi_ids=ids)["instansi"] if ids else {}
    return sorted(((i, names.get(i, i)) for i in ids), key=lambda r: (r[1], r[0]))


def _units(request, instansi_id: str, levels: int = 2) -> list[tuple[str, str, int]]:
    """``(unor_id, nama, level)`` of the top ``levels`` levels of the agency's tree inside the talent scope."""
    from django.db.models import Q

    from abdi.core.scoping import path_prefix_q
    from abdi.org.models import Unor

    scope = _scope(request)
    qs = Unor.objects.filter(instansi_id=instansi_id)
    if not (scope.national or instansi_id in scope.instansi_ids):
        paths = Q(pk__in=[])
        for path in scope.unor_paths:
            paths |= path_prefix_q(path)
        qs = qs.filter(paths)
    rows = list(qs.order_by("path").values_list("unor_id", "nama", "depth")[:2000])
    if not rows:
        return []
    top = min(d for _u, _n, d in rows)
    return [(u, n, d - top) for u, n, d in rows if d - top < levels][:300]


def _job_of(user, job_id: int):
    """A recompute job the user queued (nobody else's; as the API)."""
    from abdi.talent.models import HitungKotak

    return HitungKotak.objects.filter(pk=job_id, oleh=user.username).first()


def _session_moves(sesi) -> list:
    return list(sesi.kalibrasi.select_related("pegawai").order_by("-waktu", "-id")[:500])


# --- the grid ------------------------------------------------------------------------------------------------
def _filters(request) -> Filters:
    get = request.GET
    jenjang = _code(get.get("jenjang"))
    gender = _code(get.get("jk"))
    return Filters(instansi_id=_code(get.get("instansi")), unor_id=_code(get.get("unit")),
                   jenjang=jenjang if jenjang in codes.JENJANG_BY_CODE else "",
                   jenis_kelamin=gender if gender in ("L", "P") else "")


def _filter_query(tahun: int, f: Filters) -> dict:
    return {"tahun": tahun, "instansi": f.instansi_id, "unit": f.unor_id, "jenjang": f.jenjang,
            "jk": f.jenis_kelamin}


def _cells(grid, numbering) -> list[dict]:
    """The 3×3 grid by rows (performance, top first) and columns (potential, left to right), each cell with its
    canonical box, the number shown, the count in force and the computed count, and a shade by share."""
    rows = []
    for r, kinerja in enumerate(rules.KINERJA):
        cells = []
        for c, potensial in enumerate(rules.POTENSIAL):
            box = rules.CANONICAL[r][c]
            n = grid.berlaku.get(box, 0)
            share = n / grid.total if grid.total else 0
            cells.append({"kotak": box, "nomor": numbering[r][c], "berlaku": n, "hitung": grid.hitung.get(box, 0),
                          "persen": round(share * 100), "potensial": potensial,
                          "shade": 0 if not n else min(5, 1 + int(share * 20))})
        rows.append({"kinerja": kinerja, "cells": cells})
    return rows


def _members_context(request, tahun: int, kotak: int, f: Filters, sesi=None) -> dict:
    page = max(1, _int(request.GET.get("halaman")) or 1)
    rows, total = _guard(box_members_for_user, request.user, tahun, kotak, f, limit=PER_PAGE,
                         offset=(page - 1) * PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    numbering = _numbering(tahun)
    may_move = bool(sesi is not None and sesi.status == "BUKA" and committee_covers(
        request.user, sesi.instansi_id, sesi.unor.path if sesi.unor_id and sesi.unor else ""))
    query = ({"sesi": sesi.pk} if sesi is not None else _filter_query(tahun, f))
    return {"kotak": kotak, "nomor": rules.display_number(kotak, {"nomor": numbering}), "members": rows,
            "total": total, "page": page, "pages": pages, "numbering": numbering, "sesi": sesi, "may_move": may_move,
            "targets": [(b, rules.display_number(b, {"nomor": numbering}), *rules.axes_of(b)) for b in range(1, 10)],
            "members_url": _with_query(reverse("talent:members", args=[kotak]), **query),
            "tahun": tahun}
