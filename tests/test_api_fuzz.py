"""Schemathesis over the whole OpenAPI schema, through the Django WSGI app (issue 14, finding 5):
no server error, every status code and response body as documented. Bounded: a few examples per
operation (``CCHC_FUZZ_EXAMPLES``, default 10), so the run takes a few minutes at most."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from cchc.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "10"))
# Server errors and schema violations. Not "positive data acceptance" / "negative data
# rejection": business rules refuse well-shaped data (a code that exists, an agency outside the
# scope) and django-ninja's lax parsing accepts "0" as a date, both by design.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app ends each request with ``close_old_connections``, which on PostgreSQL would
    close the connection the test's transaction lives on; Django's own test client disconnects
    it the same way while it calls the app."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(province):
    from cchc.accounts.models import ApiToken

    _, raw = ApiToken.issue(province.admin, name="fuzz")
    return raw


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
