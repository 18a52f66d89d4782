"""Production settings pass Django's deploy check and refuse demo mode; every page sends a
Content-Security-Policy that forbids inline scripts, and no page has one.

Production settings are imported in a subprocess: they read the environment at import time,
and this test process already runs on the test settings.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from spred.accounts.models import User
from spred.accounts.services import api_token_create
from spred.core.testing import csp_script_problems
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipRequestFactory, PublicWorkplaceFactory

BASE_DIR = settings.BASE_DIR


def _production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SPRED_DEMO", "DATABASE_URL", "DEBUG"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "spred.example.dk",
            "DATABASE_URL": "postgres://spred:hemmeligt@db.example.dk:5432/spred",
        }
    )
    env.update(overrides)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in %r}, default=str))
"""

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "SPRED_DEMO",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
]


def _production_settings(**env: str) -> dict[str, Any]:
    result = _run(["-c", _READ_SETTINGS % SECURITY_SETTINGS], _production_env(**env))
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_production_passes_the_deploy_check() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_https_only_with_hsts_and_secure_cookies() -> None:
    values = _production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SPRED_DEMO"] is False
    assert values["ALLOWED_HOSTS"] == ["spred.example.dk"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://spred.example.dk"]


@pytest.mark.parametrize("value", ["1", "ja", "true"])
def test_production_refuses_demo_mode(value: str) -> None:
    result = _run(["manage.py", "check"], _production_env(SPRED_DEMO=value))
    assert result.returncode != 0
    assert "Demo mode (SPRED_DEMO)" in result.stderr
    assert "refused in production settings" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "for-kort"}, "SECRET_KEY must be a random value of at least 50"),
        (
            {"SECRET_KEY": "dev-only-insecure-key-change-me-in-production-0123456789"},
            "SECRET_KEY must be a random value of at least 50",
        ),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must name the host"),
        ({"DATABASE_URL": "sqlite:///tmp/x.sqlite3"}, "Production runs on PostgreSQL"),
    ],
)
def test_production_refuses_an_unsafe_environment(env: dict[str, str], message: str) -> None:
    result = _run(["manage.py", "check"], _production_env(**env))
    assert result.returncode != 0
    assert message in result.stderr


# --------------------------------------------------------------------------------------------
# Content-Security-Policy and inline scripts


def _csp_directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_pages_send_a_csp_that_forbids_inline_scripts(client: Client) -> None:
    directives = _csp_directives(client.get("/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src"]


@pytest.mark.django_db
def test_pages_send_referrer_policy_and_nosniff(client: Client) -> None:
    response = client.get("/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_script_check_finds_what_csp_would_block() -> None:
    page = (
        '<script src="/static/a.js"></script>'
        '<script type="application/json" id="data">{"a": 1}</script>'
        "<script>alert(1)</script>"
        '<button onclick="go()">x</button>'
        '<a href="javascript:void(0)">y</a>'
    )
    problems = csp_script_problems(page)
    assert len(problems) == 3
    assert "inline <script>" in problems[0]
    assert "onclick" in problems[1]
    assert "javascript:" in problems[2]


@pytest.fixture
def every_kind_of_page(
    organisation: Organisation, org_admin: User, org_member: User
) -> list[tuple[str, Any]]:
    """(path, user) pairs covering each template, with content that fills every block."""
    PublicWorkplaceFactory.create(parent__municipality_code="751")
    token, _raw = api_token_create(acting_user=org_admin, name="Integration")
    request = MembershipRequestFactory.create(organisation=organisation)
    return [
        ("/", None),
        ("/om-spred/", None),
        ("/tilgaengelighed/", None),
        ("/moduler/evaluering/", None),
        ("/organisationer/", None),
        ("/organisationer/?q=ingen-resultater", None),
        ("/organisationer/lysbro/", None),
        ("/organisationer/lysbro/", org_admin),
        ("/organisationer/lysbro/", request.user),
        ("/organisationer/registrer/", org_admin),
        ("/organisationer/lysbro/rediger/", org_admin),
        ("/organisationer/lysbro/medlemmer/", org_admin),
        ("/konto/login/", None),
        ("/konto/signup/", None),
        ("/konto/password/reset/", None),
        ("/konto/min-side/", org_admin),
        ("/konto/api-noegler/", org_admin),
        (f"/konto/api-noegler/{token.pk}/tilbagekald/", org_admin),
        ("/konto/anmodninger/", org_admin),
        (f"/konto/medlemskaber/{request.pk}/udmeld/", request.user),
        ("/findes-ikke/", None),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("demo", [False, True])
def test_no_page_has_inline_scripts(
    every_kind_of_page: list[tuple[str, Any]],
    client_for: Callable[[Any], Client],
    demo: bool,
) -> None:
    problems = []
    with override_settings(SPRED_DEMO=demo):
        for path, user in every_kind_of_page:
            response = client_for(user).get(path)
            assert response.status_code in (200, 404), f"{path}: {response.status_code}"
            assert "script-src 'self'" in response["Content-Security-Policy"]
            problems += [f"{path}: {p}" for p in csp_script_problems(response.content.decode())]
    assert not problems, "\n".join(problems)
