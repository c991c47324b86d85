"""One page, two renderings: the whole page, or (for an HTMX request that is not a boosted navigation) only
the fragment that changes. Caches must keep them apart, hence ``Vary: HX-Request``."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx_partial(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def render_page_or_fragment(request, page: str, fragment: str, context: dict):
    response = render(request, fragment if is_htmx_partial(request) else page, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
