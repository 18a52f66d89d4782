"""The English catalogue is complete, and the interface really switches to English.

The catalogue is read with Babel, so this runs without GNU gettext installed. Whether the
catalogue covers every string in the source is checked by scripts/check_translations.py in
`make check`, which needs xgettext.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

EN_PO = Path(settings.BASE_DIR) / "spred" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _catalogue() -> Catalog:
    with EN_PO.open("rb") as handle:
        return read_po(handle, locale="en")


def _entries() -> list[Message]:
    return [message for message in _catalogue() if message.id]


def _forms(message: Message) -> list[str | None]:
    string = message.string
    return list(string) if isinstance(string, (list, tuple)) else [string]


def test_catalogue_has_entries() -> None:
    assert len(_entries()) > 100


def test_every_entry_has_an_english_translation() -> None:
    missing = [m.id for m in _entries() if not all(_forms(m))]
    assert missing == [], f"Entries without English in {EN_PO.name}: {missing}"


def test_no_entry_is_fuzzy() -> None:
    catalogue = _catalogue()
    assert not catalogue.fuzzy, "the catalogue header is marked fuzzy"
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert fuzzy == [], f"Fuzzy entries (Django ignores them): {fuzzy}"


def test_placeholders_fit_their_msgids() -> None:
    problems = [(m.id, [str(e) for e in errors]) for m, errors in _catalogue().check()]
    assert problems == []


def test_plural_entries_have_both_english_forms() -> None:
    plurals = [m for m in _entries() if m.pluralizable]
    assert plurals, "expected at least one plural entry"
    for message in plurals:
        assert len(_forms(message)) == 2, message.id


@pytest.fixture
def english_compiled() -> Iterator[None]:
    """Compile the catalogues (a build step; .mo files are not committed) and make Django reload
    them: changing LOCALE_PATHS clears Django's translation caches."""
    call_command("compile_translations", stdout=io.StringIO())
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield


@pytest.mark.django_db
def test_danish_is_the_default(client: Client, english_compiled: None) -> None:
    html = client.get(reverse("site:about")).content.decode()
    assert '<html lang="da"' in html
    assert '<h1 class="mt-6">Om Spred</h1>' in html


@pytest.mark.django_db
def test_accept_language_english_renders_english(client: Client, english_compiled: None) -> None:
    html = client.get(reverse("site:about"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert '<h1 class="mt-6">About Spred</h1>' in html
    assert "Om Spred" not in html


@pytest.mark.django_db
def test_language_cookie_renders_english(client: Client, english_compiled: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("organisations:list")).content.decode()
    assert '<html lang="en"' in html
    assert '<h1 class="mt-6">Organisations</h1>' in html
    assert "Search by name" in html


@pytest.mark.django_db
def test_language_switch_sets_english(client: Client, english_compiled: None) -> None:
    about = reverse("site:about")
    response = client.post(reverse("set_language"), {"language": "en", "next": about})
    assert response.status_code == 302
    assert response["Location"] == about
    html = client.get(about).content.decode()
    assert '<html lang="en"' in html
    assert "About Spred" in html
