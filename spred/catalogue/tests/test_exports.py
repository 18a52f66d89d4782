"""Exports of a search result as CSV, XLSX and JSON in the open catalogue format."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from spred.catalogue import exports
from spred.catalogue.case_schema.building import build_catalogue_schema
from spred.catalogue.case_schema.validation import validate_catalogue_document
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, CaseContact, Solution
from spred.catalogue.tests.discovery_world import (
    SECRET,
    DiscoveryWorld,
    build_world,
    index_everything,
    make_case,
)
from spred.catalogue.tests.factories import editor
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation: Organisation, other_organisation: Organisation) -> DiscoveryWorld:
    return build_world(organisation, other_organisation)


def body(response: Any) -> bytes:
    if isinstance(response, StreamingHttpResponse) or response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def csv_rows(response: Any) -> list[dict[str, str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "spreadsheet programs need the byte-order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_sheet(response: Any) -> Any:
    return load_workbook(io.BytesIO(body(response))).active


def json_document(response: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(body(response))
    return document


# --------------------------------------------------------------------------------------------
# Formula injection


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+45 11 22 33 44", "'+45 11 22 33 44"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tskjult", "'\tskjult"),
        ("\rskjult", "'\rskjult"),
        ("Almindelig tekst = fin", "Almindelig tekst = fin"),
        ("", ""),
    ],
)
def test_cells_that_would_run_as_formulas_get_an_apostrophe(value: str, expected: str) -> None:
    assert exports.neutralise(value) == expected


def test_csv_and_xlsx_neutralise_formulas_and_never_write_one(
    client: Client, world: DiscoveryWorld
) -> None:
    make_case(
        world.organisation,
        title='=HYPERLINK("http://ondt.example","Klik")',
        slug="formel-i-titlen",
        summary="@SUM(1+1) og mere",
        lessons="-1+1",
        days_ago=1,
    )
    index_everything()

    rows = csv_rows(client.get("/katalog/eksport.csv?sort=newest"))
    first = rows[0]
    assert first["slug"] == "formel-i-titlen"
    assert first["title"] == '\'=HYPERLINK("http://ondt.example","Klik")'
    assert first["summary"] == "'@SUM(1+1) og mere"
    assert first["lessons"] == "'-1+1"

    sheet = xlsx_sheet(client.get("/katalog/eksport.xlsx?sort=newest"))
    header = [cell.value for cell in sheet[1]]
    assert header == list(exports.COLUMNS)
    row = {header[i]: cell for i, cell in enumerate(sheet[2])}
    assert row["title"].value == '\'=HYPERLINK("http://ondt.example","Klik")'
    assert row["summary"].value == "'@SUM(1+1) og mere"
    formulas = [c.coordinate for line in sheet.iter_rows() for c in line if c.data_type == "f"]
    assert formulas == []
    assert row["year"].value == 2022, "numbers stay numbers"

    # JSON is data for programs and keeps the text exactly.
    document = json_document(client.get("/katalog/eksport.json?sort=newest"))
    assert document["cases"][0]["title"] == '=HYPERLINK("http://ondt.example","Klik")'


def test_control_characters_do_not_break_the_workbook(
    client: Client, world: DiscoveryWorld
) -> None:
    make_case(world.organisation, title="Klokke\x07tekst", slug="klokke", days_ago=1)
    index_everything()
    sheet = xlsx_sheet(client.get("/katalog/eksport.xlsx?sort=newest"))
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("title") + 1).value == "Klokketekst"


# --------------------------------------------------------------------------------------------
# What is written


def test_csv_has_the_format_columns_and_one_row_per_published_entry_in_result_order(
    client: Client, world: DiscoveryWorld
) -> None:
    response = client.get("/katalog/eksport.csv?sort=title")
    assert isinstance(response, StreamingHttpResponse), "large exports are streamed"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert list(rows[0]) == list(exports.COLUMNS)
    titles = [row["title"] for row in rows]
    assert titles == [
        "Chatbot til borgerservice",
        "Digital selvbetjening i skolen",
        "Robotstøvsugere på plejecentret",
        "Sengesensor",
        "Sensorer i natteplejen",
    ]
    assert {row["type"] for row in rows} == {"case", "solution"}
    night = next(row for row in rows if row["slug"] == "sensorer-i-natteplejen")
    assert night["policy_areas"] == "aeldre-og-pleje"
    assert night["organisation"] == world.organisation.cvr
    assert night["partners"].startswith(f"{world.other_organisation.cvr}|privat-leverandoer|")
    assert night["solutions"] == "sengesensor", "a draft solution is never named"
    assert night["contact_name"] == "Karen Kontakt"
    assert night["contact_consent_text_version"] == "2026-1"
    chatbot = next(row for row in rows if row["slug"] == "chatbot-til-borgerservice")
    assert chatbot["licence"] == "EUPL-1.2"
    assert chatbot["stage"] == ""
    assert SECRET not in body(client.get("/katalog/eksport.csv")).decode()


def test_the_export_follows_the_search_and_its_filters(
    client: Client, world: DiscoveryWorld
) -> None:
    rows = csv_rows(client.get("/katalog/eksport.csv?q=robotter"))
    assert [row["slug"] for row in rows] == ["robotstoevsugere-paa-plejecentret"]
    rows = csv_rows(client.get("/katalog/eksport.csv?kind=solution&sort=title"))
    assert [row["slug"] for row in rows] == ["chatbot-til-borgerservice", "sengesensor"]
    rows = csv_rows(client.get("/katalog/eksport.csv?area=skole&area=borgerservice&sort=title"))
    assert [row["slug"] for row in rows] == [
        "chatbot-til-borgerservice",
        "digital-selvbetjening-i-skolen",
    ]
    assert csv_rows(client.get("/katalog/eksport.csv?q=findesslethikke")) == []


def test_a_contact_is_exported_only_while_consent_stands(
    client: Client, world: DiscoveryWorld
) -> None:
    contact = CaseContact.objects.get(case__slug="sensorer-i-natteplejen")
    contact.withdrawn_at = timezone.now()
    contact.save()
    rows = {row["slug"]: row for row in csv_rows(client.get("/katalog/eksport.csv"))}
    for slug in ("sensorer-i-natteplejen", "robotstoevsugere-paa-plejecentret"):
        assert rows[slug]["contact_name"] == ""
        assert rows[slug]["contact_email"] == ""
    document = json_document(client.get("/katalog/eksport.json"))
    assert all("contact" not in case for case in document["cases"])
    sheet = xlsx_sheet(client.get("/katalog/eksport.xlsx"))
    values = {cell.value for line in sheet.iter_rows() for cell in line}
    assert "Karen Kontakt" not in values
    assert "karen.kontakt@example.org" not in values


def test_the_json_export_is_the_open_format_and_validates(
    client: Client, world: DiscoveryWorld
) -> None:
    response = client.get("/katalog/eksport.json?sort=newest")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json_document(response)
    assert document["format"] == "spred-katalog"
    assert document["version"] == "1.0"
    assert [s["slug"] for s in document["solutions"]] == [
        "sengesensor",
        "chatbot-til-borgerservice",
    ]
    assert [c["slug"] for c in document["cases"]] == [c.slug for c in world.cases]
    assert validate_catalogue_document(document) == []
    assert list(Draft202012Validator(build_catalogue_schema()).iter_errors(document)) == []
    night = document["cases"][0]
    assert night["solution"] == ""
    assert night["solutions"] == ["sengesensor"]
    assert night["contact"]["email"] == "karen.kontakt@example.org"
    assert night["partners"][0]["description"].startswith("=HYPERLINK")


def test_downloads_are_named_with_the_date_and_not_cached(
    client: Client, world: DiscoveryWorld
) -> None:
    today = timezone.localdate().isoformat()
    for extension in ("csv", "xlsx", "json"):
        response = client.get(f"/katalog/eksport.{extension}")
        assert response.status_code == 200
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="spred-katalog-{today}.{extension}"'
        )
        assert response["Cache-Control"] == "no-store"
    xlsx = client.get("/katalog/eksport.xlsx")
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_an_export_larger_than_the_limit_is_refused_with_a_message(
    client: Client, world: DiscoveryWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 4)
    for extension in ("csv", "xlsx", "json"):
        response = client.get(f"/katalog/eksport.{extension}?q=&area=aeldre-og-pleje")
        # Three entries fit; the whole catalogue (five) does not.
        assert response.status_code == 200
        response = client.get(f"/katalog/eksport.{extension}", follow=True)
        assert response.redirect_chain[0][0].startswith("/katalog/?")
        page = response.content.decode()
        assert "en eksport kan rumme" in page
        assert "Afgræns søgningen" in page


def test_exports_take_a_fixed_number_of_queries(
    client: Client, world: DiscoveryWorld, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        make_case(world.organisation, title=f"Ekstra case {n}", slug=f"ekstra-{n}")
    index_everything()
    for extension in ("csv", "json"):
        with django_assert_max_num_queries(25):
            body(client.get(f"/katalog/eksport.{extension}"))


def test_the_columns_are_the_importers_field_names() -> None:
    from spred.catalogue.importing import format as import_format

    fields = set(import_format.CASE_FIELDS) | set(import_format.SOLUTION_FIELDS)
    fields.discard("contact")
    fields |= {f"contact_{name}" for name in import_format.CONTACT_FIELDS}
    assert set(exports.COLUMNS) == fields


def test_organisation_references_use_the_most_stable_identifier(reference_data: Any) -> None:
    aarhus = reference_data.municipality("751")
    midt = reference_data.region_organisation(1082)
    assert exports.organisation_ref(aarhus) == "751"
    assert exports.organisation_ref(midt) == "1082"
    ministry = reference_data.ministry("FM")
    assert exports.organisation_ref(ministry) in {ministry.cvr, ministry.slug}


# --------------------------------------------------------------------------------------------
# Round trip


def test_a_json_export_imported_again_gives_the_same_records(
    client: Client, world: DiscoveryWorld
) -> None:
    from spred.catalogue.importing.runner import ImportOptions, import_file

    before = json_document(client.get("/katalog/eksport.json?sort=title"))
    exported = body(client.get("/katalog/eksport.json?sort=title"))
    Case.objects.filter(status=Status.PUBLISHED).delete()
    Solution.objects.filter(status=Status.PUBLISHED).delete()
    index_everything()
    assert json_document(client.get("/katalog/eksport.json"))["cases"] == []

    report = import_file(
        acting_user=editor(name="Ebba Redaktør"),
        data=exported,
        filename="katalog.json",
        options=ImportOptions(publish=True, override_reason="Genindlæst fra Spreds eksport."),
    )
    assert report.ok, [str(p) for p in report.problems]
    assert report.published == world.published_count
    index_everything()

    after = json_document(client.get("/katalog/eksport.json?sort=title"))
    assert after == before
