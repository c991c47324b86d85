"""Schemathesis against the live OpenAPI document ``/api/v1/openapi.json``, in-process over WSGI.

The caller is the agency admin of KAB-A (``users.admin_a``) with a bearer token, against the two-regency test
world. Cases are generated in both modes (valid and invalid input); generated path and query values are mixed
with the world's own keys (NIPs of A and B, unit ids, instansi ids, usernames), so the run reaches the 200 (in
scope) and 404 (out of scope) branches, not only "not found". Checks: no 5xx, the status code is documented,
and the body matches the documented schema. A failure prints a curl line to reproduce it; the server's
traceback is in the captured log (``django.request``).

One pytest test per operation, each a plain Hypothesis test over ``operation.as_strategy()``:
``schemathesis.pytest.from_fixture`` (4.32.5) sets ``node._nodeid``, which pytest 9.2 no longer has.

Runs once, on PostgreSQL (marker ``schemathesis``; ``make test-sqlite`` deselects it).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from abdi.accounts.api_auth import token_create
from abdi.people.tests.world import UNITS

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

OPENAPI = "/api/v1/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 40  # per operation; derandomized, so every run sends the same requests


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, used inside the test's transaction.

    The handler closes "old" connections at each request's start and end; inside the test's atomic block
    that would close the connection the world lives in (Django's own test client disconnects the same
    receiver), so it is disconnected for the duration of the test."""
    app = get_wsgi_application()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield app
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(users):
    token, _row = token_create(users.admin_a, actor_label="test")
    return {"Authorization": f"Bearer {token}"}


def _world_values(world, users) -> dict[str, list[str]]:
    """Real values for parameters of these names: in and out of admin A's scope, and one that exists nowhere."""
    return {
        "key": sorted(world.a_nips) + sorted(world.b_nips) + ["199001012015011999"],
        "nip": sorted(world.a_nips) + sorted(world.b_nips),
        "unor_id": sorted(UNITS) + ["ZZ"],
        "instansi_id": ["KAB-A", "KAB-B", "KAB-X"],
        "username": sorted(u.username for u in vars(users).values()) + ["tidak-ada"],
    }


@pytest.fixture
def api_schema(wsgi_app, world, users):
    """The live OpenAPI document, with hooks that mix the world's own keys into generated parameters."""
    schema = schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app)
    pools = _world_values(world, users)

    def mix(values: dict) -> st.SearchStrategy:
        # Each string parameter with a known name keeps its generated value or takes a real one (~ half
        # the time each); negative cases with non-string values are left as generated.
        values = dict(values or {})
        choices = {name: st.one_of(st.just(v), st.sampled_from(pools[name]))
                   for name, v in values.items() if name in pools and isinstance(v, str)}
        if not choices:
            return st.just(values)
        return st.fixed_dictionaries(choices).map(lambda chosen: {**values, **chosen})

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        return mix(path_parameters)

    @schema.hook
    def flatmap_query(context, query):
        return mix(query)

    return schema


def _operations() -> list[tuple[str, str]]:
    # The operations to fuzz, read at collection from the same NinjaAPI that serves the live document (so a
    # new endpoint is fuzzed without touching this file); each test then loads the live document over WSGI.
    from abdi.api import api

    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return sorted((method.upper(), path) for path, methods in paths.items() for method in methods)


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda v: v)
def test_api_conforms_to_its_openapi(api_schema, bearer, method, path):
    operation = api_schema[path][method]
    cases = st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode])

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(case=cases)
    def fuzz(case):
        case.call_and_validate(headers=bearer, checks=CHECKS)

    fuzz()
