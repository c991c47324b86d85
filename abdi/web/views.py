"""The shell of the web UI: home page (login and logout are Django's own views, see urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from abdi.org.selectors import access_of, org_names


@login_required
def home(request):
    access = access_of(request.user)
    names = org_names(instansi_ids=access.instansi_ids, unor_ids=access.unor_ids)
    context = {
        "access": access,
        "scope_instansi": sorted(names["instansi"].get(i, i) for i in access.instansi_ids),
        "scope_unor": sorted(names["unor"].get(u, u) for u in access.unor_ids),
    }
    return render(request, "web/home.html", context)
