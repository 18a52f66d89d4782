"""/api/v1/adoptions and the diffusion statistics: open reads, token writes, and no leaks of
pending or rejected records or of draft solutions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from spred.accounts.services import api_token_create
from spred.core.api.testing import assert_problem, field_errors
from spred.core.testing import assert_queries_do_not_grow
from spred.diffusion.choices import Verification
from spred.diffusion.models import Adoption
from spred.diffusion.tests.world import LedgerWorld, make_adoption

pytestmark = pytest.mark.django_db


def headers(user: Any) -> dict[str, Any]:
    _token, raw = api_token_create(acting_user=user, name="Test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def ledger(ledger_world: LedgerWorld) -> dict[str, Adoption]:
    w = ledger_world
    return {
        "verified": make_adoption(
            w.aarhus,
            w.robot,
            [("overvejer", date(2020, 3, 1)), ("i-drift", date(2021, 5, 1))],
            learned_from=[w.odense],
        ),
        "pending": make_adoption(
            w.odense, w.app, [("afproever", date(2022, 1, 3))], verification=Verification.PENDING
        ),
        "rejected": make_adoption(
            w.skanderborg,
            w.robot,
            [("afproever", date(2022, 1, 3))],
            verification=Verification.REJECTED,
        ),
        "draft": make_adoption(w.odense, w.draft, [("i-drift", date(2022, 1, 3))]),
    }


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content[:400]
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["id"] for item in body["items"]}


# --------------------------------------------------------------------------------------------
# Reading


def test_anonymous_sees_only_verified_adoptions_of_public_solutions(
    ledger: dict[str, Adoption],
) -> None:
    client = Client()
    assert ids(client.get("/api/v1/adoptions")) == {ledger["verified"].pk}
    for name in ("pending", "rejected", "draft"):
        assert_problem(client.get(f"/api/v1/adoptions/{ledger[name].pk}"), 404)
        assert ids(client.get("/api/v1/adoptions?verification=afventer")) == set()
        assert ids(client.get("/api/v1/adoptions?verification=afvist")) == set()


def test_the_session_is_not_used_for_reading(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    client = Client()
    client.force_login(ledger_world.editor)
    assert ids(client.get("/api/v1/adoptions")) == {ledger["verified"].pk}


def test_a_token_reaches_its_own_organisations_records_only(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    w = ledger_world
    odense = headers(w.odense_member)
    aarhus = headers(w.aarhus_member)
    client = Client()
    # Odense sees its own pending record and its adoption of its own draft solution.
    assert ids(client.get("/api/v1/adoptions", **odense)) == {
        ledger["verified"].pk,
        ledger["pending"].pk,
        ledger["draft"].pk,
    }
    assert client.get(f"/api/v1/adoptions/{ledger['pending'].pk}", **odense).status_code == 200
    # Another organisation's token sees none of them.
    assert ids(client.get("/api/v1/adoptions", **aarhus)) == {ledger["verified"].pk}
    for name in ("pending", "rejected", "draft"):
        assert_problem(client.get(f"/api/v1/adoptions/{ledger[name].pk}", **aarhus), 404)


def test_filters(ledger_world: LedgerWorld, ledger: dict[str, Adoption]) -> None:
    client = Client()
    editor = headers(ledger_world.editor)
    assert ids(client.get("/api/v1/adoptions?solution=spiserobot", **editor)) == {
        ledger["verified"].pk,
        ledger["rejected"].pk,
    }
    assert ids(client.get("/api/v1/adoptions?organisation=461", **editor)) == {
        ledger["pending"].pk,
        ledger["draft"].pk,
    }
    assert ids(client.get("/api/v1/adoptions?status=i-drift", **editor)) == {
        ledger["verified"].pk,
        ledger["draft"].pk,
    }
    assert ids(client.get("/api/v1/adoptions?verification=afvist", **editor)) == {
        ledger["rejected"].pk
    }
    body = assert_problem(client.get("/api/v1/adoptions?status=i-brug"), 422)
    assert "status" in field_errors(body)
    # A draft solution is unknown to anyone who cannot see it — the same answer as a typo.
    draft = assert_problem(client.get("/api/v1/adoptions?solution=hemmelig-kladde"), 422)
    typo = assert_problem(client.get("/api/v1/adoptions?solution=findes-ikke"), 422)
    assert field_errors(draft).keys() == field_errors(typo).keys() == {"solution"}
    assert_problem(client.get("/api/v1/adoptions?organisation=999"), 422)


def test_one_adoption_with_history_and_learned_from(ledger: dict[str, Adoption]) -> None:
    body = Client().get(f"/api/v1/adoptions/{ledger['verified'].pk}").json()
    assert body["organisation"]["municipality_code"] == "751"
    assert body["solution"]["slug"] == "spiserobot"
    assert body["status"] == "i-drift"
    assert body["adopted_on"] == "2021-05-01"
    assert [(e["status"], e["date"]) for e in body["history"]] == [
        ("overvejer", "2020-03-01"),
        ("i-drift", "2021-05-01"),
    ]
    assert [link["organisation"]["slug"] for link in body["learned_from"]] == [
        ledger["verified"].learned_from.get().source.slug
    ]
    assert body["unconfirmed"] is True  # confirmed in 2020, more than a year ago
    assert "recorded_by" not in body


def test_pagination(ledger: dict[str, Adoption], ledger_world: LedgerWorld) -> None:
    body = Client().get("/api/v1/adoptions?limit=1&offset=0", **headers(ledger_world.editor))
    assert body.json()["count"] == 4
    assert len(body.json()["items"]) == 1


# --------------------------------------------------------------------------------------------
# Writing


def post(path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return Client().post(path, json.dumps(data or {}), content_type="application/json", **extra)


def test_recording_needs_a_token(ledger_world: LedgerWorld) -> None:
    response = post(
        "/api/v1/adoptions",
        {
            "organisation": "751",
            "solution": "spiserobot",
            "status": "i-drift",
            "date": "2022-01-03",
        },
    )
    assert_problem(response, 401)
    assert not Adoption.objects.exists()


def test_a_member_records_a_verified_adoption(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    response = post(
        "/api/v1/adoptions",
        {
            "organisation": "751",
            "solution": "spiserobot",
            "status": "afproever",
            "date": "2022-01-03",
            "scope_value": 40,
            "scope_unit": "borgere",
            "learned_from": [{"organisation": "461", "adapted": "Kortere vagter."}],
        },
        **headers(w.aarhus_member),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/adoptions/{body['id']}"
    assert body["verification"] == "verificeret"
    assert body["learned_from"][0]["adapted"] == "Kortere vagter."
    assert Adoption.objects.get().scope_value == 40


def test_recording_for_another_organisation_is_pending(ledger_world: LedgerWorld) -> None:
    response = post(
        "/api/v1/adoptions",
        {"organisation": "461", "solution": "traeningsapp", "status": "i-drift",
         "date": "2022-01-03"},
        **headers(ledger_world.aarhus_member),
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["verification"] == "afventer"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"organisation": "999"}, "organisation"),
        ({"solution": "findes-ikke"}, "solution"),
        ({"solution": "hemmelig-kladde"}, "solution"),
        ({"date": "2999-01-01"}, "date"),
        ({"status": "stoppet"}, "reason"),
        ({"source_case": "findes-ikke"}, "source_case"),
        ({"learned_from": [{"organisation": "751"}]}, "learned_from"),
        ({"learned_from": [{"organisation": "0"}]}, "learned_from.0.organisation"),
    ],
)
def test_bad_input_is_a_422_on_the_field_and_nothing_is_stored(
    ledger_world: LedgerWorld, data: dict[str, Any], field: str
) -> None:
    base = {"organisation": "751", "solution": "spiserobot", "status": "i-drift",
            "date": "2022-01-03"}  # fmt: skip
    response = post("/api/v1/adoptions", {**base, **data}, **headers(ledger_world.editor))
    body = assert_problem(response, 422)
    assert field in field_errors(body), body
    assert not Adoption.objects.exists()


def test_an_existing_adoption_is_refused(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    response = post(
        "/api/v1/adoptions",
        {"organisation": "751", "solution": "spiserobot", "status": "udbredt",
         "date": "2023-01-03"},
        **headers(ledger_world.aarhus_member),
    )  # fmt: skip
    assert "solution" in field_errors(assert_problem(response, 422))


def test_someone_without_an_organisation_may_not_record(ledger_world: LedgerWorld) -> None:
    response = post(
        "/api/v1/adoptions",
        {"organisation": "751", "solution": "spiserobot", "status": "i-drift",
         "date": "2022-01-03"},
        **headers(ledger_world.outsider),
    )  # fmt: skip
    assert_problem(response, 403)


def test_confirming(ledger_world: LedgerWorld, ledger: dict[str, Adoption]) -> None:
    w = ledger_world
    pending = ledger["pending"]
    path = f"/api/v1/adoptions/{pending.pk}/confirm"
    assert_problem(post(path), 401)
    # Out of scope for another organisation: 404, not 403 — its existence does not leak.
    assert_problem(post(path, **headers(w.aarhus_member)), 404)
    # The editor sees it but is not a member of the organisation.
    assert_problem(post(path, **headers(w.editor)), 403)
    pending.refresh_from_db()
    assert pending.verification == Verification.PENDING
    response = post(path, **headers(w.odense_member))
    assert response.status_code == 200, response.content
    assert response.json()["verification"] == "verificeret"
    assert response.json()["unconfirmed"] is False
    # Anonymous visitors see it now.
    assert ids(Client().get("/api/v1/adoptions?organisation=461")) == {pending.pk}


# --------------------------------------------------------------------------------------------
# Diffusion statistics


def test_solution_diffusion(ledger_world: LedgerWorld, ledger: dict[str, Adoption]) -> None:
    response = Client().get("/api/v1/solutions/spiserobot/diffusion")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["solution"] == {"slug": "spiserobot", "name": "Spiserobot"}
    # Aarhus (verified) counts; Skanderborg (rejected) does not.
    assert body["adopters"] == 1
    assert body["municipalities"] == 1
    assert body["first_adoption"] == "2021-05-01"
    assert body["by_year"][0]["year"] == 2021


def test_diffusion_never_shows_a_draft_or_pending_record(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    client = Client()
    assert_problem(client.get("/api/v1/solutions/hemmelig-kladde/diffusion"), 404)
    # Not even for a token of the draft's own organisation.
    owner = headers(ledger_world.odense_member)
    assert_problem(client.get("/api/v1/solutions/hemmelig-kladde/diffusion", **owner), 404)
    app = client.get("/api/v1/solutions/traeningsapp/diffusion", **owner).json()
    assert app["adopters"] == 0
    assert app["by_year"] == []
    overall = client.get("/api/v1/diffusion").json()
    assert overall["solution"] is None
    assert overall["adopters"] == 1


def test_the_list_costs_the_same_queries_for_more_rows(
    ledger_world: LedgerWorld, ledger: dict[str, Adoption]
) -> None:
    from spred.diffusion.tests.world import municipality

    client = Client()
    codes = iter(["101", "147", "151", "153"])

    def add_rows() -> None:
        for code in codes:
            make_adoption(municipality(code), ledger_world.app, [("i-drift", date(2023, 1, 2))])

    count = assert_queries_do_not_grow(lambda: client.get("/api/v1/adoptions"), add_rows)
    assert count <= 3
    assert client.get("/api/v1/adoptions").json()["count"] == 5
