"""Org browser: agencies, then each agency's unit tree, expanded one level at a time (HTMX).

Reads go through ``abdi.org.selectors``. Staff counts come from the people app's own endpoint, which the
tree fragments ask for lazily, so that ``org`` stays free of imports from ``people``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from abdi.core.htmx import render_page_or_fragment
from abdi.org.selectors import (
    NotFound,
    access_of,
    instansi_get_for_user,
    instansi_list_for_user,
    unor_ancestors_for_user,
    unor_children_for_user,
)
from abdi.reference import codes

ADMIN_ROLES = ("national_admin", "agency_admin")


def _may_load(user) -> bool:
    access = access_of(user)
    return access is not None and access.role in ADMIN_ROLES


@login_required
def instansi_list(request):
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    jenis = (request.GET.get("jenis") or "").replace("\x00", "").strip()[:10]
    rows = instansi_list_for_user(request.user, q=q, jenis=jenis or None)
    if len(rows) == 1 and not (q or jenis):
        return redirect("org:tree", instansi_id=rows[0].instansi_id)
    access = access_of(request.user)
    context = {"rows": rows, "q": q, "jenis": jenis, "jenis_options": codes.JENIS_INSTANSI,
               "filtered": bool(q or jenis), "no_scope": access is None or not access.org_scoped,
               "may_load": _may_load(request.user)}
    return render_page_or_fragment(request, "org/instansi_list.html", "org/_instansi_rows.html", context)


@login_required
def unor_tree(request, instansi_id: str):
    try:
        instansi = instansi_get_for_user(request.user, instansi_id)
        nodes = unor_children_for_user(request.user, instansi_id=instansi_id)
    except NotFound:
        raise Http404(_("Instansi tidak ditemukan")) from None
    return render(request, "org/tree.html", {"instansi": instansi, "nodes": nodes,
                                             "may_load": _may_load(request.user)})


@login_required
def unor_children(request, instansi_id: str, unor_id: str):
    """The children of one unit: a fragment for HTMX, or a page of its own (links, no JavaScript)."""
    try:
        nodes = unor_children_for_user(request.user, instansi_id=instansi_id, parent_id=unor_id)
    except NotFound:
        raise Http404(_("Unit tidak ditemukan")) from None
    if request.headers.get("HX-Request") == "true":
        response = render(request, "org/_nodes.html", {"nodes": nodes, "instansi_id": instansi_id})
    else:
        instansi = instansi_get_for_user(request.user, instansi_id)
        crumbs = unor_ancestors_for_user(request.user, unor_id)
        response = render(request, "org/unit.html", {"instansi": instansi, "nodes": nodes, "crumbs": crumbs,
                                                     "unor_id": unor_id})
    patch_vary_headers(response, ("HX-Request",))
    return response
