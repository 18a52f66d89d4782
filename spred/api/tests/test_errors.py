"""Every API error is an RFC 7807 problem in Danish: 400, 401, 403, 404, 405, 413, 422 and 500."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from spred.accounts.models import ApiToken, User
from spred.accounts.services import api_token_revoke
from spred.core.api.testing import Auth, Unchanged, assert_problem, field_errors
from spred.core.policies import ActionNotAllowed
from spred.organisations import selectors, services

pytestmark = pytest.mark.django_db

NEW_ORG = {"name": "Fjordlys Robotteknik ApS", "kind": "company", "cvr": "30000005"}


def post_json(client: Client, path: str, body: object, **extra: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", **extra)


# --------------------------------------------------------------------------------------------
# 401: a write needs a valid personal token


class TestUnauthenticated:
    def test_missing_token(self, api: Client, unchanged: Unchanged) -> None:
        with unchanged():
            response = post_json(api, "/api/v1/organisations", NEW_ORG)
        body = assert_problem(response, 401, path="/api/v1/organisations")
        assert body["title"] == "Ikke logget ind"
        assert "Authorization: Bearer" in body["detail"]
        assert response["WWW-Authenticate"] == 'Bearer realm="spred"'

    @pytest.mark.parametrize(
        "header",
        [
            "Bearer spred_forfalsket-noegle-0000000000000000000000000",
            "Bearer ",
            "Bearer " + "x" * 500,
            "Basic YW5uYTpoZW1tZWxpZw==",
            "Token spred_abc",
            "Bearer spred_æøå",
        ],
    )
    def test_forged_or_malformed_token(
        self, api: Client, unchanged: Unchanged, header: str
    ) -> None:
        with unchanged():
            response = post_json(api, "/api/v1/organisations", NEW_ORG, HTTP_AUTHORIZATION=header)
        body = assert_problem(response, 401)
        assert "API-nøgle" in body["detail"]
        assert response["WWW-Authenticate"].startswith('Bearer realm="spred"')

    def test_a_refused_token_is_told_apart_from_a_missing_one(self, api: Client) -> None:
        response = post_json(
            api, "/api/v1/organisations", NEW_ORG, HTTP_AUTHORIZATION="Bearer spred_nope"
        )
        assert response["WWW-Authenticate"] == 'Bearer realm="spred", error="invalid_token"'
        assert "tilbagekaldt" in response.json()["detail"]

    def test_revoked_token(
        self,
        api: Client,
        token: tuple[ApiToken, str],
        token_user: User,
        auth: Auth,
        unchanged: Unchanged,
    ) -> None:
        api_token_revoke(acting_user=token_user, token=token[0])
        with unchanged():
            response = post_json(api, "/api/v1/organisations", NEW_ORG, **auth)
        assert_problem(response, 401)

    def test_expired_token(
        self, api: Client, token: tuple[ApiToken, str], auth: Auth, unchanged: Unchanged
    ) -> None:
        ApiToken.objects.filter(pk=token[0].pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        with unchanged():
            response = post_json(api, "/api/v1/organisations", NEW_ORG, **auth)
        assert_problem(response, 401)

    def test_deactivated_user(
        self, api: Client, token_user: User, auth: Auth, unchanged: Unchanged
    ) -> None:
        token_user.is_active = False
        token_user.save()
        with unchanged():
            response = post_json(api, "/api/v1/organisations", NEW_ORG, **auth)
        assert_problem(response, 401)

    def test_a_browser_session_is_not_a_token(self, token_user: User, unchanged) -> None:
        client = Client()
        client.force_login(token_user, backend="django.contrib.auth.backends.ModelBackend")
        with unchanged():
            response = post_json(client, "/api/v1/organisations", NEW_ORG)
        assert_problem(response, 401)

    def test_me_needs_a_token(self, api: Client) -> None:
        assert_problem(api.get("/api/v1/me"), 401, path="/api/v1/me")

    def test_reads_need_no_token_and_ignore_a_bad_one(self, api: Client) -> None:
        response = api.get("/api/v1/regions", HTTP_AUTHORIZATION="Bearer spred_nope")
        assert response.status_code == 200


# --------------------------------------------------------------------------------------------
# 403


def test_a_refused_action_is_403(
    api: Client, auth: Auth, unchanged: Unchanged, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise ActionNotAllowed("Du må ikke registrere organisationer.")

    monkeypatch.setattr(services, "organisation_register_private", refuse)
    with unchanged():
        response = post_json(api, "/api/v1/organisations", NEW_ORG, **auth)
    body = assert_problem(response, 403)
    assert body["title"] == "Ingen adgang"
    assert body["detail"] == "Du må ikke registrere organisationer."


# --------------------------------------------------------------------------------------------
# 404


def test_unknown_slug(api: Client) -> None:
    body = assert_problem(api.get("/api/v1/organisations/findes-ikke"), 404)
    assert body["title"] == "Findes ikke"
    assert body["instance"] == "/api/v1/organisations/findes-ikke"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/findes-ikke",
        "/api/v1/organisations/",
        "/api/v1/organisations/a/b",
        "/api/v1/regions/1084",
        "/api/v1/openapi.yaml",
        "/api/v2/organisations",
    ],
)
def test_unknown_path_under_the_api(api: Client, path: str) -> None:
    body = assert_problem(api.get(path), 404, path=path)
    assert body["title"] in {"Findes ikke", "Siden findes ikke"}


def test_unknown_path_names_the_documentation(api: Client) -> None:
    body = assert_problem(api.get("/api/v1/findes-ikke"), 404)
    assert "/api/v1/docs" in body["detail"]


def test_a_slug_with_a_nul_byte_is_404_not_500(api: Client) -> None:
    assert_problem(api.get("/api/v1/organisations/a%00b"), 404)


# --------------------------------------------------------------------------------------------
# 405


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/v1/organisations", {"GET", "POST"}),
        ("put", "/api/v1/organisations", {"GET", "POST"}),
        ("post", "/api/v1/regions", {"GET"}),
        ("patch", "/api/v1/organisations/x", {"GET"}),
        ("delete", "/api/v1/me", {"GET"}),
        ("post", "/api/v1/openapi.json", {"GET", "HEAD"}),
        ("options", "/api/v1/regions", {"GET"}),
    ],
)
def test_method_not_allowed(api: Client, method: str, path: str, allowed: set[str]) -> None:
    response = getattr(api, method)(path)
    body = assert_problem(response, 405, path=path)
    assert body["title"] == "Metoden er ikke tilladt"
    assert response["Allow"].split(", ") == sorted(allowed)
    assert method.upper() in body["detail"]


def test_head_answers_like_get_without_a_body(api: Client) -> None:
    response = api.head("/api/v1/regions")
    assert response.status_code == 200
    assert response.content == b""


# --------------------------------------------------------------------------------------------
# 413: the request-size middleware answers before the API reads the body


@override_settings(SPRED_MAX_REQUEST_BYTES=1024)
def test_oversized_body(api: Client, auth: Auth, unchanged: Unchanged) -> None:
    big = {**NEW_ORG, "website": "https://example.dk/" + "a" * 2000}
    with unchanged():
        response = post_json(api, "/api/v1/organisations", big, **auth)
    body = assert_problem(response, 413, path="/api/v1/organisations")
    assert body["title"] == "For stor forespørgsel"
    assert "MB" in body["detail"]


def test_oversized_body_at_the_real_limit(api: Client, auth: Auth, unchanged: Unchanged) -> None:
    from django.conf import settings

    padding = "a" * (settings.SPRED_MAX_REQUEST_BYTES + 1)
    with unchanged():
        response = post_json(api, "/api/v1/organisations", {**NEW_ORG, "name": padding}, **auth)
    assert_problem(response, 413)


# --------------------------------------------------------------------------------------------
# 400 and 422


def test_body_that_is_not_json(api: Client, auth: Auth, unchanged: Unchanged) -> None:
    with unchanged():
        response = api.post(
            "/api/v1/organisations", data="{ikke json", content_type="application/json", **auth
        )
    body = assert_problem(response, 400)
    assert body["detail"] == "Forespørgslens indhold kunne ikke læses som JSON."


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=kommune", "kind"),
        ("sector=offentlig", "sector"),
        ("region=1080", "region"),
        ("region=1086", "region"),
        ("region=84", "region"),
        ("region=nord", "region"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=fem", "limit"),
        ("offset=-1", "offset"),
        ("q=" + "x" * 101, "q"),
        ("q=a%00b", "q"),
    ],
)
def test_invalid_query_is_422(api: Client, query: str, field: str) -> None:
    response = api.get(f"/api/v1/organisations?{query}")
    body = assert_problem(response, 422)
    assert body["title"] == "Ugyldige data"
    assert field in field_errors(body), body
    error = next(e for e in body["errors"] if e["field"] == field)
    assert error["code"]


def test_validation_messages_are_danish(api: Client) -> None:
    body = assert_problem(api.get("/api/v1/organisations?limit=501&region=1080&kind=x"), 422)
    errors = field_errors(body)
    assert errors["limit"] == ["Må højst være 500."]
    assert errors["region"] == ["Skal være mindst 1081."]
    assert errors["kind"][0].startswith("Ugyldig værdi. Tilladte værdier: 'municipality', ")
    assert errors["kind"][0].endswith(" eller 'knowledge_institution'.")
    assert "limit: Må højst være 500." in body["detail"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({**NEW_ORG, "cvr": "12345678"}, "cvr", "kontrolcifferet passer ikke"),
        ({**NEW_ORG, "cvr": "0123456a"}, "cvr", "kun af cifre"),
        ({**NEW_ORG, "cvr": "1234"}, "cvr", "mindst 8 tegn"),
        ({**NEW_ORG, "kind": "municipality"}, "kind", "Tilladte værdier"),
        ({**NEW_ORG, "region": 1086}, "region", "Må højst være 1085"),
        ({**NEW_ORG, "region": "Hovedstaden"}, "region", "helt tal"),
        ({**NEW_ORG, "website": "ikke en adresse"}, "website", "URL"),
        ({**NEW_ORG, "name": "  "}, "name", ""),
        ({"kind": "company", "cvr": "30000005"}, "name", "Feltet skal udfyldes."),
        ([], "name", "Feltet skal udfyldes."),
    ],
)
def test_invalid_body_is_422_and_stores_nothing(
    api: Client, auth: Auth, unchanged: Unchanged, payload: object, field: str, message: str
) -> None:
    with unchanged():
        response = post_json(api, "/api/v1/organisations", payload, **auth)
    body = assert_problem(response, 422)
    errors = field_errors(body)
    assert field in errors, body
    assert any(message in m for m in errors[field]), errors


def test_an_empty_body_is_422(api: Client, auth: Auth, unchanged: Unchanged) -> None:
    with unchanged():
        response = api.post("/api/v1/organisations", content_type="application/json", **auth)
    body = assert_problem(response, 422)
    assert body["errors"] == [
        {"field": field, "message": "Feltet skal udfyldes.", "code": "missing"}
        for field in ("name", "kind", "cvr")
    ]


def test_unknown_region_on_post_is_422_not_500(
    api: Client, auth: Auth, unchanged: Unchanged
) -> None:
    # No reference data loaded: 1084 is a valid code that names no region in this database.
    with unchanged():
        response = post_json(api, "/api/v1/organisations", {**NEW_ORG, "region": 1084}, **auth)
    body = assert_problem(response, 422)
    assert body["errors"] == [
        {"field": "region", "message": "Regionen 1084 findes ikke.", "code": "region_unknown"}
    ]


def test_duplicate_cvr_names_the_holder(api: Client, auth: Auth, unchanged: Unchanged) -> None:
    first = post_json(api, "/api/v1/organisations", NEW_ORG, **auth)
    assert first.status_code == 201
    with unchanged():
        response = post_json(
            api,
            "/api/v1/organisations",
            {"name": "Kopi ApS", "kind": "company", "cvr": "DK 30 00 00 05"},
            **auth,
        )
    body = assert_problem(response, 422)
    [message] = field_errors(body)["cvr"]
    assert message == (
        "CVR-nummeret 30000005 er allerede registreret for Fjordlys Robotteknik ApS. "
        "Bed om at blive medlem af organisationen i stedet."
    )
    assert body["errors"][0]["code"]


# --------------------------------------------------------------------------------------------
# 500: logged, never shown


def _explode(**kwargs: object) -> None:
    raise RuntimeError("hemmelig intern detalje /srv/spred/settings.py")


@pytest.mark.parametrize("debug", [False, True])
def test_server_error_does_not_leak(
    quiet_api: Client,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    debug: bool,
) -> None:
    monkeypatch.setattr(selectors, "region_list", _explode)
    with override_settings(DEBUG=debug):
        response = quiet_api.get("/api/v1/regions")
    body = assert_problem(response, 500, path="/api/v1/regions")
    assert body["title"] == "Der opstod en fejl"
    assert "hemmelig" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    # The details go to Django's request log, where the site's error reporting picks them up.
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged
    assert logged[0].exc_info is not None


def test_a_failure_half_way_through_a_write_rolls_it_back(
    quiet_api: Client, auth: Auth, unchanged: Unchanged, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spred.organisations.models import Membership

    def broken_create(**kwargs: object) -> None:
        raise RuntimeError("membership table on fire")

    monkeypatch.setattr(Membership.objects, "create", broken_create)
    with unchanged():
        response = post_json(quiet_api, "/api/v1/organisations", NEW_ORG, **auth)
    assert_problem(response, 500)


# --------------------------------------------------------------------------------------------
# The API authenticates by token, not cookie: Django's CSRF check must not answer in its place


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/openapi.json", 405),
        ("/api/v1/docs", 405),
        ("/api/v1/regions", 405),
        ("/api/v1/findes-ikke", 404),
        ("/api/v1/organisations", 401),
    ],
)
def test_csrf_never_hides_the_problem(path: str, status: int) -> None:
    client = Client(enforce_csrf_checks=True)
    assert_problem(client.post(path, data="{}", content_type="application/json"), status)


def test_a_write_with_a_token_needs_no_csrf_token(auth: Auth) -> None:
    client = Client(enforce_csrf_checks=True)
    response = post_json(client, "/api/v1/organisations", NEW_ORG, **auth)
    assert response.status_code == 201, response.content
