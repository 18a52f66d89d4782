"""python manage.py rebuild_search_index"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from spred.search.engine import SearchQuery, search
from spred.search.models import SearchDocument
from spred.search.tests.conftest import FakeProvider
from spred.search.tests.corpus import CORPUS

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(providers: dict[str, FakeProvider]) -> dict[str, FakeProvider]:
    for doc in CORPUS:
        providers[doc.kind].add(doc, published=doc.object_id != 2)  # case 2 is a draft
    return providers


def _run(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("published")
def test_rebuilds_everything_and_reports() -> None:
    output = _run()
    assert "case: 12 i indekset" in output
    assert "solution: 6 i indekset" in output
    assert "Søgeindekset er genopbygget: 18 dokumenter" in output
    assert search(SearchQuery("spiserobot")).total == 2
    assert search(SearchQuery("KOL")).total == 0  # the draft


@pytest.mark.usefixtures("published")
def test_one_kind() -> None:
    output = _run("--kind", "solution")
    assert "solution: 6 i indekset" in output
    assert "case:" not in output
    assert set(SearchDocument.objects.values_list("kind", flat=True)) == {"solution"}


@pytest.mark.usefixtures("published")
def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(CommandError, match="Ukendt art: evaluering"):
        _run("--kind", "evaluering")
    assert not SearchDocument.objects.exists()


def test_without_providers_there_is_nothing_to_do() -> None:
    with pytest.raises(CommandError, match="Ingen søgeudbydere"):
        _run()
