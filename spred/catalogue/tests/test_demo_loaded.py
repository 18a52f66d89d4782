"""The catalogue's demo content as ``make run`` loads it (with the rest of the demo, loaded once):
through the importer, marked as fictional, in every status, and nothing changes the second time.
The loader's rules are tested on small files of their own in ``test_catalogue_demo.py``."""

from __future__ import annotations

import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from spred.catalogue import demo as catalogue_demo
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, CasePartner, Solution
from spred.conftest import LoadedDemo
from spred.core.testing import unchanged
from spred.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_load_demo_loads_the_catalogue_once(demo: LoadedDemo) -> None:
    assert "Katalog:" in demo.output
    published_cases = Case.objects.filter(status=Status.PUBLISHED)
    assert published_cases.count() >= 80
    assert Solution.objects.count() >= 30
    assert not Case.objects.filter(is_demo=False).exists()
    assert not Solution.objects.filter(is_demo=False).exists()
    editor = catalogue_demo.User.objects.get(email=catalogue_demo.DEMO_EDITOR)
    assert not Case.objects.exclude(created_by=editor).exists()
    # The files' own publication dates, not the day of loading.
    assert published_cases.filter(published_at__year__lt=timezone.now().year).exists()
    # Every status the demo files ask for is there, with the editors' comment where returned.
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {Status.PUBLISHED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED} <= statuses
    assert not Case.objects.filter(status=Status.RETURNED, review_comment="").exists()
    # Companies from companies.json are demo organisations.
    companies = json.loads((catalogue_demo.DEMO_DATA / "companies.json").read_text())
    names = [company["name"] for company in companies]
    assert Organisation.objects.filter(name__in=names, is_demo=True).count() == len(names)

    with unchanged(Case, Solution, CasePartner, Organisation, LogEntry):
        call_command("load_demo", stdout=io.StringIO())
