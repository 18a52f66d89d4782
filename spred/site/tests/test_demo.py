"""Demo mode: fictional content loads once and only in demo mode, and every page says it is
fictional while demo mode is on."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from spred.accounts.models import User
from spred.conftest import ReferenceData
from spred.core.testing import unchanged
from spred.organisations.demo import DEMO_PASSWORD
from spred.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

BANNER = "Demoversion med fiktive eksempler"


def _load_demo(*parts: str) -> str:
    """Load the demo; tests about people and pages load only that part, which is much faster
    than the catalogue and the barometer (whose loaders have their own tests)."""
    out = StringIO()
    call_command("load_demo", *(f"--only={part}" for part in parts), stdout=out)
    return out.getvalue()


def test_load_demo_is_refused_outside_demo_mode(reference_data: ReferenceData) -> None:
    with unchanged(Organisation, User, Membership), pytest.raises(CommandError) as caught:
        _load_demo()
    assert "only loaded in demo mode" in str(caught.value)


@override_settings(SPRED_DEMO=True)
def test_a_demo_login_works(reference_data: ReferenceData) -> None:
    _load_demo("people")
    client = Client()
    response = client.post(
        "/konto/login/", {"login": "leder@aarhus.demo.spred.dk", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/konto/min-side/").status_code == 200


PAGES = [
    ("/", None),
    ("/om-spred/", None),
    ("/tilgaengelighed/", None),
    ("/moduler/evaluering/", None),
    ("/organisationer/", None),
    ("/organisationer/lysbro/", None),
    ("/konto/login/", None),
    ("/konto/signup/", None),
    ("/konto/min-side/", "admin"),
    ("/konto/api-noegler/", "admin"),
    ("/organisationer/registrer/", "admin"),
    ("/findes-ikke/", None),
]


@pytest.mark.parametrize("demo", [True, False])
def test_the_demo_banner_is_on_every_page_only_in_demo_mode(
    organisation: Organisation,
    org_admin: User,
    client_for: Callable[[Any], Client],
    demo: bool,
) -> None:
    wrong = []
    with override_settings(SPRED_DEMO=demo):
        for path, who in PAGES:
            response = client_for(org_admin if who else None).get(path)
            if (BANNER in response.content.decode()) != demo:
                wrong.append(f"{path} ({response.status_code})")
    assert not wrong, f"banner {'missing' if demo else 'shown'} on: {wrong}"


@override_settings(SPRED_DEMO=True)
def test_the_banner_says_the_content_is_fictional(client: Client) -> None:
    body = client.get("/").content.decode()
    assert "Personer, cases og tal er ikke virkelige." in body


@override_settings(SPRED_DEMO=True)
def test_demo_organisations_are_marked_fictional_in_lists(
    reference_data: ReferenceData, client: Client
) -> None:
    _load_demo("people")
    body = client.get("/organisationer/", {"q": "egebakken"}).content.decode()
    assert "Plejecenter Egebakken" in body
    assert "fiktiv" in body
