"""The catalogue's demo content: loaded through the importer, marked fictional, idempotent."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from spred.catalogue import demo
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.core.testing import unchanged
from spred.organisations.demo import load_organisations_demo
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# The loader's rules, on small files of our own


@pytest.fixture
def demo_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "companies.json").write_text(
        json.dumps([{"name": "Prøvefirma Demo ApS", "kind": "company", "employees": 4}]),
        encoding="utf-8",
    )
    solution = {
        "slug": "proeveloesning",
        "title": "Prøveløsning",
        "summary": "Kort.",
        "organisation": "proevefirma-demo-aps",
        "description": "Lang.",
        "technologies": ["robotter"],
        "website": "https://proeve.example.dk",
        "published_at": "2020-05-01",
    }
    cases = [
        {
            "slug": f"proevecase-{status}",
            "title": f"Prøvecase {status}",
            "summary": "Kort.",
            "organisation": "751",
            "solutions": ["proeveloesning"],
            "demo_status": status,
            "published_at": "2021-02-03",
            **({"review_comment": "Skriv resultaterne med tal."} if status == "returneret" else {}),
        }
        for status in ("publiceret", "kladde", "indsendt", "returneret")
    ]
    (tmp_path / "solutions.json").write_text(
        json.dumps({"format": "spred-katalog", "version": "1.0", "solutions": [solution]}),
        encoding="utf-8",
    )
    (tmp_path / "cases.json").write_text(
        json.dumps({"format": "spred-katalog", "version": "1.0", "cases": cases}),
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "DEMO_DATA", tmp_path)
    return tmp_path


def test_demo_statuses_dates_and_marks(reference_data: Any, demo_files: Path) -> None:
    load_organisations_demo()
    summary = demo.load_catalogue_demo()

    assert (summary.organisations, summary.solutions, summary.cases) == (1, 1, 4)
    status = dict(Case.objects.values_list("slug", "status"))
    assert status == {
        "proevecase-publiceret": Status.PUBLISHED,
        "proevecase-kladde": Status.DRAFT,
        "proevecase-indsendt": Status.SUBMITTED,
        "proevecase-returneret": Status.RETURNED,
    }
    published = Case.objects.get(slug="proevecase-publiceret")
    assert timezone.localtime(published.published_at).date().isoformat() == "2021-02-03"
    assert Case.objects.get(slug="proevecase-kladde").published_at is None
    returned = Case.objects.get(slug="proevecase-returneret")
    assert returned.review_comment == "Skriv resultaterne med tal."
    solution = Solution.objects.get()
    assert solution.status == Status.PUBLISHED
    assert solution.organisation.is_demo
    assert all(Case.objects.values_list("is_demo", flat=True))
    assert solution.is_demo

    # Again: nothing changes, and what exists is reported as skipped.
    with unchanged(Case, Solution, Organisation, LogEntry, published, solution):
        again = demo.load_catalogue_demo(stdout=io.StringIO())
    assert (again.solutions, again.cases, again.skipped) == (0, 0, 5)


def test_an_existing_real_entry_is_not_marked_as_demo(
    reference_data: Any, demo_files: Path
) -> None:
    from spred.catalogue.tests.factories import SolutionFactory

    real = SolutionFactory.create(slug="proeveloesning", status=Status.PUBLISHED)
    load_organisations_demo()
    demo.load_catalogue_demo()
    real.refresh_from_db()
    assert not real.is_demo


def test_broken_demo_files_are_reported_and_load_nothing(
    reference_data: Any, demo_files: Path
) -> None:
    (demo_files / "cases.json").write_text(
        json.dumps([{"title": "Uden organisation", "summary": "Kort."}]), encoding="utf-8"
    )
    load_organisations_demo()
    with unchanged(Case, Solution, Organisation), pytest.raises(demo.DemoDataError) as caught:
        demo.load_catalogue_demo()
    assert "cases.json[0], organisation: Feltet skal udfyldes." in str(caught.value)


def test_the_demo_editor_must_exist(reference_data: Any, demo_files: Path) -> None:
    with pytest.raises(demo.DemoDataError, match=r"redaktoer@demo\.spred\.dk"):
        demo.load_catalogue_demo()
