"""Microdata never leave the workspace's aggregates: no page, API answer, export, admin page,
audit row or log line shows a respondent's number or answers — whoever asks, analysts included.

The respondents here carry distinctive numbers (``HEMMELIG-…``) and a distinctive answer
(987654 employees). The test walks every URL pattern the project serves, as an anonymous
visitor, a member of an organisation, an editor, an administrator (superuser) and an analyst,
and looks for them in every response.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import resolve

import spred.site.tests.test_url_allowlist as allowlist
from spred.accounts.models import User
from spred.accounts.services import api_token_create
from spred.barometer.models import Respondent, Wave
from spred.barometer.services.imports import codebook_import, microdata_import
from spred.barometer.services.publishing import publish_wave
from spred.barometer.tests.factories import (
    STRATA,
    Row,
    codebook_yaml,
    microdata_csv,
    strata_csv,
)
from spred.core.importing.report import ImportRejected
from spred.core.testing import client_for
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipRequestFactory

pytestmark = pytest.mark.django_db

SECRET_ID = "HEMMELIG-"
SECRET_ANSWER = "987654"


def _secret_rows() -> list[Row]:
    rows = []
    patterns = [
        {"INNOV": "1", "TYPE": "1;2", "SCORE": "4", "STAFF": SECRET_ANSWER},
        {"INNOV": "1", "TYPE": "3", "SCORE": "5", "STAFF": "31"},
        {"INNOV": "2", "STAFF": "9"},
        {"INNOV": "1", "TYPE": "2", "SCORE": "3", "STAFF": "14"},
    ]
    number = 0
    for code, *_rest in STRATA:
        for pattern in patterns:
            number += 1
            rows.append(Row(f"{SECRET_ID}{number:04d}", code, dict(pattern)))
    return rows


@pytest.fixture
def secret_wave(wave: Wave, analyst: User) -> Wave:
    codebook_import(
        acting_user=analyst, wave=wave, content=codebook_yaml(), filename="kodebog.yaml"
    )
    microdata_import(
        acting_user=analyst,
        wave=wave,
        content=microdata_csv(_secret_rows()),
        filename="mikrodata.csv",
        strata_content=strata_csv(),
        strata_filename="strata.csv",
    )
    publish_wave(acting_user=analyst, wave=wave)
    return wave


def _secrets(wave: Wave) -> list[str]:
    answers = list(Respondent.objects.filter(wave=wave).values_list("answers", flat=True))
    return [
        SECRET_ID,
        SECRET_ANSWER,
        *(json.dumps(a) for a in answers),
        *(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in answers),
    ]


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


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
    secrets = _secrets(secret_wave)
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
            body = _body(response)
            leaks += [f"{name} {path}: {s[:40]}" for s in secrets if s in body]
    assert not leaks, "Microdata leaked:\n  " + "\n  ".join(leaks)
    # The walk really reached the workspace as the analyst, and the public pages for everyone.
    assert workspace_pages >= 10
    assert answered["anonymous"] > 20


def test_the_admin_has_no_respondents(secret_wave: Wave, superuser: User) -> None:
    client = client_for(superuser)
    assert client.get("/admin/barometer/respondent/").status_code == 404
    index = _body(client.get("/admin/"))
    assert "respondent" not in index.lower()
    for url in ["/admin/barometer/wave/", "/admin/barometer/dataimport/"]:
        body = _body(client.get(url))
        assert not [s for s in _secrets(secret_wave) if s in body]


def test_audit_rows_and_logs_hold_no_answers(
    secret_wave: Wave, analyst: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rows = _secret_rows()
    rows[0].answers["INNOV"] = "7"
    with pytest.raises(ImportRejected) as caught:
        microdata_import(
            acting_user=analyst,
            wave=secret_wave,
            content=microdata_csv(rows),
            filename="m.csv",
            strata_content=strata_csv(),
            strata_filename="s.csv",
            dry_run=True,
        )
    client_for(analyst).get("/barometer/analyse/2023/forhaandsvisning/")
    texts = [caplog.text, *caught.value.messages]
    texts += [json.dumps(e.changes) for e in LogEntry.objects.all()]
    texts += [str(e.additional_data) for e in LogEntry.objects.all()]
    leaks = [s for s in (SECRET_ANSWER, *_secrets(secret_wave)[2:]) if any(s in t for t in texts)]
    assert not leaks
    # The offending value itself may be named — that is how the analyst finds the row.
    assert "Ukendt svarkode 7" in " ".join(caught.value.messages)


def test_the_walk_can_find_a_leak(secret_wave: Wave, analyst: User) -> None:
    # Guard against a check that cannot fail: plant a respondent's number in the wave's title.
    planted = Respondent.objects.filter(wave=secret_wave).first()
    assert planted is not None
    secret_wave.title = f"Bølge {planted.external_id}"
    secret_wave.save()
    body = _body(client_for(analyst).get("/barometer/analyse/"))
    assert [s for s in _secrets(secret_wave) if s in body] == [SECRET_ID]
