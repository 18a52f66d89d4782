"""Microdata never leave the workspace's aggregates: no page, API answer, export, admin page,
audit row or log line shows a respondent's number or answers — whoever asks, analysts included.

The respondents here carry distinctive numbers (``HEMMELIG-…``) and a distinctive answer
(987654 employees; ``secrets.py``). The walk of every URL pattern the project serves, as every
kind of visitor, is a site-wide test: ``site/tests/test_microdata_walk.py``.
"""

from __future__ import annotations

import json
import logging

import pytest
from auditlog.models import LogEntry

from spred.accounts.models import User
from spred.barometer.models import Respondent, Wave
from spred.barometer.services.imports import microdata_import
from spred.barometer.tests.factories import (
    microdata_csv,
    strata_csv,
)
from spred.barometer.tests.secrets import (
    SECRET_ANSWER,
    SECRET_ID,
    body_of,
    publish_secret_wave,
    secret_rows,
    secrets_of,
)
from spred.core.importing.report import ImportRejected
from spred.core.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_wave(wave: Wave, analyst: User) -> Wave:
    return publish_secret_wave(wave, analyst)


def test_the_admin_has_no_respondents(secret_wave: Wave, superuser: User) -> None:
    client = client_for(superuser)
    assert client.get("/admin/barometer/respondent/").status_code == 404
    index = body_of(client.get("/admin/"))
    assert "respondent" not in index.lower()
    for url in ["/admin/barometer/wave/", "/admin/barometer/dataimport/"]:
        body = body_of(client.get(url))
        assert not [s for s in secrets_of(secret_wave) if s in body]


def test_audit_rows_and_logs_hold_no_answers(
    secret_wave: Wave, analyst: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rows = secret_rows()
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
    leaks = [s for s in (SECRET_ANSWER, *secrets_of(secret_wave)[2:]) if any(s in t for t in texts)]
    assert not leaks
    # The offending value itself may be named — that is how the analyst finds the row.
    assert "Ukendt svarkode 7" in " ".join(caught.value.messages)


def test_the_walk_can_find_a_leak(secret_wave: Wave, analyst: User) -> None:
    # Guard against a check that cannot fail: plant a respondent's number in the wave's title.
    planted = Respondent.objects.filter(wave=secret_wave).first()
    assert planted is not None
    secret_wave.title = f"Bølge {planted.external_id}"
    secret_wave.save()
    body = body_of(client_for(analyst).get("/barometer/analyse/"))
    assert [s for s in secrets_of(secret_wave) if s in body] == [SECRET_ID]
