"""No URL the project serves shows a respondent's number or answers to anyone: the walk of every
URL pattern, as an anonymous visitor, a member of an organisation, an editor, an administrator
(superuser) and an analyst, with the barometer's secret respondents published
(``barometer/tests/secrets.py``)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve

import spred.site.tests.test_url_allowlist as allowlist
from spred.accounts.models import User
from spred.accounts.services import api_token_create
from spred.barometer.models import Wave
from spred.barometer.tests.factories import WaveFactory
from spred.barometer.tests.secrets import body_of, publish_secret_wave, secrets_of
from spred.core.testing import client_for
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_wave(analyst: User) -> Wave:
    return publish_secret_wave(WaveFactory.create(), analyst)


@pytest.fixture
def samples(organisation: Organisation, org_admin: User) -> allowlist.Samples:
    token, _raw = api_token_create(acting_user=org_admin, name="Prøvenøgle")
    request = MembershipRequestFactory.create(organisation=organisation)
    return allowlist.Samples(
        organisation=organisation,
        user_pk=org_admin.pk,
        token_pk=token.pk,
        membership_pk=request.pk,
    )


def test_no_url_shows_microdata_to_anyone(
    secret_wave: Wave,
    samples: allowlist.Samples,
    org_member: User,
    editor: User,
    superuser: User,
    analyst: User,
) -> None:
    secrets = secrets_of(secret_wave)
    audiences: dict[str, Client] = {
        "anonymous": Client(),
        "member": client_for(org_member),
        "editor": client_for(editor),
        "admin": client_for(superuser),
        "analyst": client_for(analyst),
    }
    leaks: list[str] = []
    answered: dict[str, int] = dict.fromkeys(audiences, 0)
    workspace_pages = 0
    paths = sorted(
        {allowlist.concrete_path(p, samples) for p in allowlist.all_patterns()}
        # The barometer's own pages, also with the wave's slug the walk does not fill in.
        | {"/barometer/analyse/2023/strata/", "/barometer/data/estimater.csv"}
    )
    for path in paths:
        resolve(path)
        for name, client in audiences.items():
            response = client.get(path)
            if response.status_code == 200:
                answered[name] += 1
                workspace_pages += name == "analyst" and path.startswith("/barometer/analyse/")
            body = body_of(response)
            leaks += [f"{name} {path}: {s[:40]}" for s in secrets if s in body]
    assert not leaks, "Microdata leaked:\n  " + "\n  ".join(leaks)
    # The walk really reached the workspace as the analyst, and the public pages for everyone.
    assert workspace_pages >= 10
    assert answered["anonymous"] > 20
