"""The JSON API under ``/api/v1/`` (CONTRACTS §7): one NinjaAPI, its authentication and error shape.

Auth: ``Authorization: Bearer <token>`` (``abdi token create``), or the Django session cookie (CSRF is checked
for unsafe methods). With an ``Authorization`` header the session is not consulted: a bad token is a 401.
Every error is ``{"detail": "...", "errors": [{"field": "...", "reason": "..."}]}``.
Each module mounts its router under its own prefix; endpoints get the acting user as ``request.auth``.
"""

from __future__ import annotations

import orjson
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth

from abdi.accounts.api_auth import user_for_token
from abdi.accounts.services import AccountError
from abdi.core.errors import Refused
from abdi.org.selectors import NotFound
from abdi.people.selectors import InvalidCursor


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token.strip())
        if user is None:
            raise AuthenticationError(401, "token tidak sah, kedaluwarsa atau dicabut (invalid, expired or "
                                           "revoked token)")
        request.user = user
        return user


class CookieSessionAuth(SessionAuth):
    """The Django session, unless the request carries an ``Authorization`` header (then the token decides)."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return None
        return super().__call__(request)


class FastJSONRenderer(JSONRenderer):
    """orjson writes dates, datetimes and plain structures natively: for a page of 50 employees the standard
    encoder's per-value hooks cost as much as the query (bench/api.py). Anything else (lazy translations,
    decimals, pydantic models) goes through ninja's usual encoder."""

    def render(self, request, data, *, response_status):
        return orjson.dumps(data, default=_fallback, option=orjson.OPT_NON_STR_KEYS)


def _fallback(value):
    return NinjaJSONEncoder().default(value)


api = NinjaAPI(
    renderer=FastJSONRenderer(),
    title="Abdi API", version="1", urls_namespace="api-v1",
    description="API JSON Abdi (CONTRACTS §7). Autentikasi: token bearer atau sesi peramban.",
    auth=[BearerAuth(), CookieSessionAuth()],
)


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def unrouted(request, rest: str = ""):  # noqa: ARG001
    """Any /api/v1/ path that matches no endpoint: the API's JSON 404, not Django's HTML page."""
    from django.http import JsonResponse

    return JsonResponse(error_body("tidak ditemukan (not found)"), status=404)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    return api.create_response(request, error_body(detail, errors), status=status)


def _field(loc) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("query", "path", "body", "header", "cookie", "filters")]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors = [{"field": _field(e.get("loc")), "reason": str(e.get("msg", "tidak sah"))} for e in exc.errors]
    return _error(request, 422, "masukan tidak sah (invalid input)", errors)


@api.exception_handler(InvalidCursor)
def _invalid_cursor(request, exc):
    return _error(request, 422, "masukan tidak sah (invalid input)",
                  [{"field": "cursor", "reason": "kursor tidak dikenal (not a cursor from this list)"}])


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return _error(request, 404, "tidak ditemukan (not found)")


@api.exception_handler(Http404)
def _http404(request, exc):
    return _error(request, 404, "tidak ditemukan (not found)")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    detail = exc.message if exc.message != "Unauthorized" else "perlu autentikasi (authentication required)"
    return _error(request, 401, detail)


@api.exception_handler(AccountError)
def _account_error(request, exc: AccountError):
    return _error(request, 422, "masukan tidak sah (invalid input)", [{"field": exc.field, "reason": exc.reason}])


@api.exception_handler(Refused)
def _refused(request, exc: Refused):
    """A feature service's refusal (SKP, competency, talent): its status, message and field."""
    errors = [{"field": exc.field, "reason": exc.message}] if exc.field else []
    return _error(request, exc.status, exc.message, errors)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja's "Cannot parse request body": bad input is a 422 here (CONTRACTS §7)
        return _error(request, 422, "masukan tidak sah (invalid input)",
                      [{"field": "body", "reason": "badan permintaan bukan JSON yang sah (the body is not valid JSON)"}])
    return _error(request, exc.status_code, str(exc))


api.add_router("/employees", "abdi.people.api.router")
api.add_router("/org", "abdi.org.api.router")
api.add_router("/org", "abdi.people.api_org.org_router")
api.add_router("/stats", "abdi.analytics.api_stats.router")
api.add_router("/audit", "abdi.core.api.router")
api.add_router("/rules", "abdi.core.api_rules.router")
api.add_router("/me", "abdi.accounts.api.me_router")
api.add_router("/users", "abdi.accounts.api.users_router")
api.add_router("/analytics", "abdi.analytics.api.router")
api.add_router("/skp", "abdi.performance.api.router")
api.add_router("/competency", "abdi.competency.api.router")
api.add_router("/talent", "abdi.talent.api.router")
api.add_router("/planning", "abdi.planning.api.router")
