"""Property-based test of the whole API against its own OpenAPI document (schemathesis).

schemathesis reads /api/v1/openapi.json from the real WSGI application (all middleware included),
generates valid and invalid requests for every operation and checks each answer: never a 5xx,
status codes, content types, headers and bodies as documented, invalid input refused, auth
enforced where declared, undeclared methods answered with 405.

Deterministic: a fixed seed, Hypothesis derandomised and without its example database, so a run
fails or passes the same way every time and on every machine. It takes minutes on both databases,
so it runs in ``make check`` (marker ``fuzz``), not in ``make test``.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 7807,
        "generation": {
            "deterministic": True,
            "database": "none",
            # Bounded so the whole test stays well under a minute on both databases.
            "max-examples": 40,
        },
        "phases": {"stateful": {"enabled": False}},
        # Mining string constants from the application's modules iterates sets of strings, whose
        # order changes with PYTHONHASHSEED from one process to the next: not reproducible.
        "analysis": {"constants": {"enabled": False}},
    }
)

pytestmark = pytest.mark.fuzz

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    ignored_auth,
]


# Loaded while pytest collects, so each operation becomes a test item of its own. Reading the
# document needs no database; the pytest plugin's lazy ``from_fixture`` variant is not usable with
# the installed pytest (it writes ``Node._nodeid``, which pytest 9.2 no longer has).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


# Transactional: the WSGI handler's request signals close a connection that is inside a test
# transaction, so each request must commit and the test database is flushed afterwards instead.
@pytest.mark.django_db(transaction=True)
@settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@schema.parametrize()
def test_api_conforms_to_its_openapi_document(
    case: Any, raw_token: str, loaded_reference: object
) -> None:
    # The reference data makes lists and details non-trivial (98 municipalities, 5 regions).
    # A valid token on every request, so writes get past 401 and reach validation and the
    # database; ignored_auth then probes each secured operation without and with a bad token.
    case.call_and_validate(headers={"Authorization": f"Bearer {raw_token}"}, checks=CHECKS)
