"""Respondents with distinctive numbers (``HEMMELIG-…``) and a distinctive answer (987654
employees), and how to look for them in what a page or an export answers: the microdata tests
here and the site-wide walk (``site/tests/test_microdata_walk.py``) plant and seek the same."""

from __future__ import annotations

import json
from typing import Any

from spred.barometer.models import Respondent, Wave
from spred.barometer.services.imports import codebook_import, microdata_import
from spred.barometer.services.publishing import publish_wave
from spred.barometer.tests.factories import STRATA, Row, codebook_yaml, microdata_csv, strata_csv

SECRET_ID = "HEMMELIG-"


SECRET_ANSWER = "987654"


def secret_rows() -> list[Row]:
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


def secrets_of(wave: Wave) -> list[str]:
    answers = list(Respondent.objects.filter(wave=wave).values_list("answers", flat=True))
    return [
        SECRET_ID,
        SECRET_ANSWER,
        *(json.dumps(a) for a in answers),
        *(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in answers),
    ]


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def publish_secret_wave(wave: Wave, analyst: Any) -> Wave:
    """The test codebook and the secret respondents imported into ``wave``, which is published."""
    codebook_import(
        acting_user=analyst, wave=wave, content=codebook_yaml(), filename="kodebog.yaml"
    )
    microdata_import(
        acting_user=analyst,
        wave=wave,
        content=microdata_csv(secret_rows()),
        filename="mikrodata.csv",
        strata_content=strata_csv(),
        strata_filename="strata.csv",
    )
    publish_wave(acting_user=analyst, wave=wave)
    return wave
