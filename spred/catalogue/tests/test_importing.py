"""import_catalogue: reading JSON, CSV and XLSX, checking every row, all-or-nothing writes.

Every refusal is checked to leave the database exactly as it was (``unchanged``).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone

from spred.accounts.tests.factories import UserFactory
from spred.catalogue import exports
from spred.catalogue.choices import Status
from spred.catalogue.importing import readers
from spred.catalogue.importing.format import TABLE_COLUMNS
from spred.catalogue.importing.readers import read_file
from spred.catalogue.importing.runner import ImportOptions, import_file
from spred.catalogue.models import Case, CaseContact, CasePartner, CaseRevision, Solution
from spred.catalogue.tests.factories import CaseFactory, SolutionFactory, editor
from spred.core.importing import tables
from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.policies import ActionNotAllowed
from spred.core.testing import client_for, csv_bytes, unchanged, xlsx_bytes
from spred.organisations.choices import OrganisationKind
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TRACKED = (Case, Solution, CasePartner, CaseContact, CaseRevision, LogEntry)


# --------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture
def importer(reference_data: Any) -> Any:
    return editor(email="redaktoer@eksempel.dk", name="Rasmus Redaktør")


@pytest.fixture
def company(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="Lysbro Velfærdsteknologi ApS",
        slug="lysbro-velfaerdsteknologi-aps",
        kind=OrganisationKind.COMPANY,
        cvr="25313763",
    )


def solution_record(**overrides: Any) -> dict[str, Any]:
    record = {
        "slug": "skaermbesoeg",
        "title": "Skærmbesøg",
        "summary": "Videoopkald mellem borger og hjemmepleje på en tablet.",
        "organisation": "lysbro-velfaerdsteknologi-aps",
        "description": "En tablet med én knap og et forløb for medarbejderne.",
        "technologies": ["telemedicin", "velfaerdsteknologi"],
        "policy_areas": ["aeldre-og-pleje"],
        "maturity": "velafproevet",
        "suppliers": ["25313763"],
        "licence": "eupl-1.2",
        "source_url": "https://kode.eksempel.dk/skaermbesoeg",
        "website": "https://eksempel.dk/skaermbesoeg",
        "price_indication": "ca. 150.000 kr. i etablering + 20.000 kr./år",
    }
    record.update(overrides)
    return record


def case_record(**overrides: Any) -> dict[str, Any]:
    record = {
        "slug": "skaermbesoeg-i-hjemmeplejen",
        "title": "Skærmbesøg i hjemmeplejen",
        "summary": "Hjemmeplejen erstattede hvert tredje besøg med et skærmbesøg.",
        "organisation": "751",
        "challenge": "Mange korte besøg handlede kun om at minde borgeren om medicin.",
        "solution": "Borgerne fik en tablet.\n\nMedarbejderne ringer op på faste tider.",
        "results": "30 procent færre kørte kilometer.",
        "lessons": "Start med få borgere.",
        "spreading_potential": "Alle kommuner med hjemmepleje.",
        "innovation_types": ["service"],
        "policy_areas": ["aeldre-og-pleje"],
        "technologies": ["telemedicin"],
        "partners": [
            {
                "organisation": "lysbro-velfaerdsteknologi-aps",
                "role": "privat-leverandoer",
                "description": "Leverede tablets.",
            },
            {"organisation": "1082", "role": "offentlig-partner"},
        ],
        "solutions": ["skaermbesoeg"],
        "stage": "implementeret",
        "evidence_level": "foer-efter",
        "year": 2022,
        "kle_code": "27.24.00",
        "contact": {
            "name": "Ida Jensen",
            "email": "ida.jensen@eksempel.dk",
            "job_title": "Projektleder",
            "consent_given_at": "2024-01-15T10:00:00+01:00",
            "consent_text_version": "2026-1",
        },
        "published_at": "2023-03-01",
    }
    record.update(overrides)
    return record


def envelope(solutions: list[dict[str, Any]], cases: list[dict[str, Any]]) -> bytes:
    document = {"format": "spred-katalog", "version": "1.0", "solutions": solutions, "cases": cases}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def run_import(user: Any, data: bytes, filename: str = "katalog.json", **options: Any) -> Any:
    return import_file(
        acting_user=user, data=data, filename=filename, options=ImportOptions(**options)
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_catalogue", *args, stdout=out)
    return out.getvalue()


TABLE_HEADER = [
    "type",
    "slug",
    "title",
    "summary",
    "organisation",
    "policy_areas",
    "technologies",
    "partners",
    "solutions",
    "year",
    "licence",
    "contact_name",
    "contact_email",
    "contact_consent_given_at",
    "contact_consent_text_version",
]
TABLE_ROWS = [
    [
        "solution",
        "skaermbesoeg",
        "Skærmbesøg",
        "Videoopkald på tablet.",
        "25313763",
        "aeldre-og-pleje",
        "telemedicin; velfaerdsteknologi",
        "",
        "",
        "",
        "EUPL-1.2",
        "",
        "",
        "",
        "",
    ],
    [
        "case",
        "skaermbesoeg-i-aarhus",
        "Skærmbesøg i Aarhus",
        "Færre kørte kilometer.",
        "751",
        "aeldre-og-pleje;sundhed",
        "telemedicin",
        "lysbro-velfaerdsteknologi-aps|privat-leverandoer|Leverede tablets.;"
        " 1082|offentlig-partner",
        "skaermbesoeg",
        "2022",
        "",
        "Ida Jensen",
        "ida@eksempel.dk",
        "2024-01-15T10:00:00+01:00",
        "2026-1",
    ],
]


def problems_of(report: Any) -> list[tuple[str, str]]:
    return [(p.row, p.field) for p in report.problems]


# --------------------------------------------------------------------------------------------
# Importing what is right


def test_json_import_creates_drafts_through_the_services(importer: Any, company: Any) -> None:
    report = run_import(importer, envelope([solution_record()], [case_record()]))

    assert report.ok, report.problems
    assert report.written
    solution = Solution.objects.get(slug="skaermbesoeg")
    case = Case.objects.get(slug="skaermbesoeg-i-hjemmeplejen")
    assert (solution.status, case.status) == (Status.DRAFT, Status.DRAFT)
    assert solution.licence == "EUPL-1.2"  # normalised to the SPDX spelling
    assert list(solution.suppliers.all()) == [company]
    assert case.organisation.municipality_code == "751"
    assert (
        case.solution_text == "Borgerne fik en tablet.\n\nMedarbejderne ringer op på faste tider."
    )
    assert list(case.solutions.all()) == [solution]
    assert sorted(p.organisation.slug for p in case.partnerships.all()) == sorted(
        [company.slug, Organisation.objects.get(reference_key="region:1082").slug]
    )
    assert case.contact.name == "Ida Jensen"
    assert case.created_by == importer
    # Every write is audited as the acting editor.
    entries = LogEntry.objects.get_for_object(case)
    assert entries.exists()
    assert {e.actor for e in entries} == {importer}


def test_publish_uses_the_records_publication_date(importer: Any, company: Any) -> None:
    report = run_import(
        importer,
        envelope([solution_record(published_at="2021-06-01")], [case_record()]),
        publish=True,
    )

    assert report.ok, report.problems
    case = Case.objects.get()
    assert case.status == Status.PUBLISHED
    assert timezone.localtime(case.published_at).date().isoformat() == "2023-03-01"
    assert case.revisions.count() == 1
    solution = Solution.objects.get()
    assert timezone.localtime(solution.published_at).date().isoformat() == "2021-06-01"
    assert report.published == 2


def test_publishing_an_import_tells_nobody_to_review_it(
    importer: Any, company: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    editor(email="anden.redaktoer@eksempel.dk")
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(importer, envelope([solution_record()], [case_record()]), publish=True)
    assert report.ok, report.problems
    assert not [m for m in mail.outbox if m.subject.startswith("Til behandling")]


def test_progress_is_reported_for_both_phases(importer: Any, company: Any) -> None:
    seen: list[tuple[str, int, int]] = []
    import_file(
        acting_user=importer,
        data=envelope([solution_record()], [case_record()]),
        filename="katalog.json",
        progress=lambda phase, done, total: seen.append((phase, done, total)),
    )
    assert seen == [("check", 1, 2), ("check", 2, 2), ("write", 1, 2), ("write", 2, 2)]


def test_publish_refuses_entries_below_the_acceptance_criteria_unless_overridden(
    importer: Any, company: Any
) -> None:
    thin = case_record(slug="tynd", results="", lessons="", solutions=[], partners=[])

    with unchanged(*TRACKED):
        report = run_import(importer, envelope([], [thin]), publish=True)
    assert [(p.row, p.field) for p in report.problems] == [("cases[0]", "")]
    assert "Kriterierne for publicering er ikke opfyldt" in report.problems[0].reason

    report = run_import(
        importer, envelope([], [thin]), publish=True, override_reason="Ældre case fra arkivet."
    )
    assert report.ok, report.problems
    case = Case.objects.get(slug="tynd")
    assert case.status == Status.PUBLISHED
    assert case.revisions.get().comment == "Ældre case fra arkivet."


def test_plain_json_list_with_types_and_defaults(importer: Any, company: Any) -> None:
    records: list[dict[str, Any]] = [
        {"type": "case", "title": "Uden slug", "summary": "Kort.", "organisation": "101"},
        {
            "type": "solution",
            "title": "Løsning uden slug",
            "summary": "Kort.",
            "organisation": "1081",
        },
        {"title": "Type mangler", "summary": "Bliver en case.", "organisation": "25313763"},
    ]
    report = run_import(importer, json.dumps(records).encode())

    assert report.ok, report.problems
    assert sorted(Case.objects.values_list("slug", flat=True)) == ["type-mangler", "uden-slug"]
    assert Solution.objects.get().slug == "loesning-uden-slug"
    # A case in the same file can link a solution by the slug its title gives.
    records.append(
        {
            "title": "Bruger løsningen",
            "summary": "Kort.",
            "organisation": "101",
            "solutions": ["ny-loesning"],
        }
    )
    records.append(
        {"type": "solution", "title": "Ny løsning", "summary": "Kort.", "organisation": "101"}
    )
    report = run_import(importer, json.dumps(records[3:]).encode())
    assert report.ok, report.problems
    assert list(
        Case.objects.get(slug="bruger-loesningen").solutions.values_list("slug", flat=True)
    ) == ["ny-loesning"]


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", True), (",", False), (";", False), (",", True)]
)
def test_csv_with_either_delimiter_and_with_or_without_bom(
    importer: Any, company: Any, delimiter: str, bom: bool
) -> None:
    data = csv_bytes([TABLE_HEADER, *TABLE_ROWS], delimiter=delimiter, bom=bom)
    report = run_import(importer, data, "katalog.csv")

    assert report.ok, report.problems
    case = Case.objects.get()
    assert case.title == "Skærmbesøg i Aarhus"
    assert case.year == 2022
    assert sorted(case.policy_areas.values_list("slug", flat=True)) == [
        "aeldre-og-pleje",
        "sundhed",
    ]
    assert case.partnerships.count() == 2
    assert case.partnerships.get(role="privat-leverandoer").description == "Leverede tablets."
    assert list(case.solutions.values_list("slug", flat=True)) == ["skaermbesoeg"]
    assert case.contact.email == "ida@eksempel.dk"
    assert Solution.objects.get().organisation == company


def test_xlsx(importer: Any, company: Any) -> None:
    rows: list[list[Any]] = [TABLE_HEADER, *[list(r) for r in TABLE_ROWS]]
    rows[2][4] = 751  # a number cell, as Excel stores a municipality code typed in
    rows[2][9] = 2022
    report = run_import(importer, xlsx_bytes(rows), "katalog.xlsx")

    assert report.ok, report.problems
    case = Case.objects.get()
    assert case.organisation.municipality_code == "751"
    assert case.year == 2022


def test_rows_are_numbered_as_the_spreadsheet_shows_them(importer: Any, company: Any) -> None:
    rows = [TABLE_HEADER, [""] * len(TABLE_HEADER), *TABLE_ROWS]
    rows[3] = [*rows[3]]
    rows[3][4] = "findes-ikke"  # organisation of the case, on spreadsheet row 4

    with unchanged(*TRACKED):
        report = run_import(importer, csv_bytes(rows), "katalog.csv")
    assert problems_of(report) == [("4", "organisation")]
    assert 'Ukendt organisation "findes-ikke"' in report.problems[0].reason


def test_command_imports_and_summarises(importer: Any, company: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "katalog.json", envelope([solution_record()], [case_record()]))

    out = command(str(path), "--as", importer.email, "--publish")

    assert "Importeret: 1 cases og 1 løsninger (2 publiceret)" in out
    assert Case.objects.get().status == Status.PUBLISHED


def test_command_dry_run_reports_and_writes_nothing(
    importer: Any, company: Any, tmp_path: Path
) -> None:
    path = write(tmp_path, "katalog.json", envelope([solution_record()], [case_record()]))

    with unchanged(*TRACKED):
        out = command(str(path), "--as", importer.email, "--dry-run")

    assert "Prøvekørsel uden fejl" in out
    assert "»Skærmbesøg i hjemmeplejen« (skaermbesoeg-i-hjemmeplejen, Aarhus Kommune)" in out


def test_dry_run_finds_what_only_the_services_see(importer: Any, company: Any) -> None:
    # The owner organisation as its own partner passes the record checks; the service refuses.
    record = case_record(
        partners=[{"organisation": "751", "role": "offentlig-partner"}], solutions=[]
    )
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([], [record]), dry_run=True)
    assert problems_of(report) == [("cases[0]", "partners")]
    assert "ejer casen" in report.problems[0].reason


# --------------------------------------------------------------------------------------------
# Who may import


def test_command_needs_an_editor(importer: Any, company: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "katalog.json", envelope([solution_record()], []))
    member = UserFactory.create(email="medlem@eksempel.dk")
    editor(email="endnu.en.redaktoer@eksempel.dk")

    with unchanged(*TRACKED):
        # Two editors: the command will not guess which one the audit trail should name.
        with pytest.raises(CommandError, match="Angiv, hvem kommandoen udføres som"):
            command(str(path))
        with pytest.raises(CommandError, match="hverken redaktør eller administrator"):
            command(str(path), "--as", member.email)
        with pytest.raises(CommandError, match="Ingen aktiv bruger"):
            command(str(path), "--as", "ukendt@eksempel.dk")
        with pytest.raises(ActionNotAllowed):
            run_import(member, envelope([solution_record()], []))


def test_without_as_the_command_runs_as_the_only_editor(
    importer: Any, company: Any, tmp_path: Path
) -> None:
    path = write(tmp_path, "katalog.json", envelope([solution_record()], []))
    command(str(path))
    solution = Solution.objects.get()
    assert LogEntry.objects.get_for_object(solution).first().actor == importer


def test_a_platform_admin_may_import(importer: Any, company: Any, platform_admin_user: Any) -> None:
    report = run_import(platform_admin_user, envelope([solution_record()], []))
    assert report.ok, report.problems


# --------------------------------------------------------------------------------------------
# Bad input: a clear message, and nothing stored


def refused_file(user: Any, data: bytes, filename: str) -> str:
    with unchanged(*TRACKED), pytest.raises(ImportFileError) as caught:
        run_import(user, data, filename)
    return caught.value.message


def test_broken_json(importer: Any) -> None:
    message = refused_file(importer, b'{"format": "spred-katalog", "cases": [', "katalog.json")
    assert message.startswith("Filen er ikke gyldig JSON")
    assert "linje 1" in message


def test_json_of_the_wrong_shape(importer: Any) -> None:
    assert "format" in refused_file(importer, b'{"cases": []}', "katalog.json")
    assert "version" in refused_file(
        importer, b'{"format": "spred-katalog", "version": "2.0"}', "katalog.json"
    )
    assert "liste af poster" in refused_file(importer, b'"tekst"', "katalog.json")


def test_broken_csv(importer: Any) -> None:
    assert "UTF-8" in refused_file(
        importer, "title;summary;organisation\nÆble;x;751\n".encode("latin-1"), "katalog.csv"
    )
    assert "CSV-filen kan ikke læses" in refused_file(
        importer, b'title;summary;organisation\n"Ikke lukket;x;751\n', "katalog.csv"
    )
    assert "Ukendte kolonner" in refused_file(
        importer, b"title;summary;organisation;farve\nA;B;751;gul\n", "katalog.csv"
    )
    assert "mangler kolonnerne organisation" in refused_file(
        importer, b"title;summary\nA;B\n", "katalog.csv"
    )


def test_xlsx_that_is_not_a_zip(importer: Any) -> None:
    message = refused_file(importer, b"title;summary;organisation\n", "katalog.xlsx")
    assert "er ikke et Excel-regneark" in message


def test_zip_that_is_not_a_workbook(importer: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("noter.txt", "ikke et regneark")
    assert "ikke en gyldig Excel-projektmappe" in refused_file(
        importer, buffer.getvalue(), "katalog.xlsx"
    )


def test_xlsx_zip_bomb_is_refused_before_it_is_opened(
    importer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on disk, 60 MB unpacked

    def must_not_open(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", must_not_open)
    assert "over 50 MB" in refused_file(importer, data, "katalog.xlsx")


def test_xlsx_with_a_suspicious_compression_ratio_or_too_many_parts(importer: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"a" * (5 * 1024 * 1024))
    assert "mistænkeligt stærkt komprimeret" in refused_file(
        importer, buffer.getvalue(), "katalog.xlsx"
    )

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(tables.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"del{n}.xml", "")
    assert "for mange dele" in refused_file(importer, buffer.getvalue(), "katalog.xlsx")


def test_openpyxl_reads_with_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_wrong_or_missing_extension(importer: Any) -> None:
    assert "Filtypen .txt kendes ikke" in refused_file(importer, b"[]", "katalog.txt")
    assert "ingen filtype" in refused_file(importer, b"[]", "katalog")
    assert "zip-arkiv" in refused_file(importer, xlsx_bytes([["title"]]), "katalog.csv")


def test_file_size_limit(importer: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    with unchanged(*TRACKED), pytest.raises(ImportFileError, match="Filen er for stor"):
        import_file(
            acting_user=importer,
            data=b"[" + b" " * 2000 + b"]",
            filename="katalog.json",
            max_bytes=readers.MAX_FILE_BYTES,
        )


def test_command_refuses_a_file_over_20_mb(importer: Any, tmp_path: Path) -> None:
    path = tmp_path / "stor.json"
    with path.open("wb") as handle:
        handle.truncate(readers.MAX_FILE_BYTES + 1)
    with unchanged(*TRACKED), pytest.raises(CommandError, match="er for stor"):
        command(str(path), "--as", importer.email)


def test_row_limit(importer: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    rows = [["title", "summary", "organisation"]] + [["T", "S", "751"]] * 4
    with unchanged(*TRACKED), pytest.raises(ImportFileError, match="mere end 3 poster"):
        run_import(importer, csv_bytes(rows), "katalog.csv")
    records = [{"title": "T", "summary": "S", "organisation": "751"}] * 4
    with pytest.raises(ImportFileError, match="mere end 3 poster"):
        run_import(importer, json.dumps(records).encode(), "katalog.json")


def test_unknown_organisation_and_taxonomy_slugs(importer: Any, company: Any) -> None:
    record = case_record(
        organisation="999",
        policy_areas=["aeldre-og-pleje", "rumfart"],
        technologies=["teleportering"],
        partners=[{"organisation": "12345678", "role": "fond"}],
        solutions=["findes-ikke"],
    )
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([], [record]))

    found = {p.field: p.reason for p in report.problems}
    assert found.keys() == {
        "organisation",
        "policy_areas[1]",
        "technologies[0]",
        "partners[0].organisation",
        "solutions",
    }
    assert found["organisation"].startswith('Ukendt organisation "999"')
    assert '"rumfart"' in found["policy_areas[1]"]
    assert "findes-ikke" in found["solutions"]


def test_every_problem_of_every_row_is_reported_at_once(importer: Any, company: Any) -> None:
    records = [
        {"title": "", "summary": "Kort.", "organisation": "751"},
        {"title": "OK", "summary": "Kort.", "organisation": "751", "stage": "faerdig"},
        {"title": "OK", "summary": "Kort.", "organisation": "751", "year": 1850},
        {"title": "OK", "summary": "Kort.", "organisation": "751"},
        {"title": "OK", "summary": "Kort.", "organisation": "751", "kle_code": "27-24"},
    ]
    with unchanged(*TRACKED):
        report = run_import(importer, json.dumps(records).encode())

    assert problems_of(report) == [
        ("[0]", "title"),
        ("[1]", "stage"),
        ("[2]", "year"),
        ("[4]", "kle_code"),
    ]


def test_ten_megabyte_description(importer: Any, company: Any) -> None:
    huge = "x" * (10 * 1024 * 1024)
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([solution_record(description=huge)], []))
        csv_report = run_import(
            importer,
            csv_bytes(
                [
                    ["type", "title", "summary", "organisation", "description"],
                    ["solution", "A", "B", "751", huge],
                ]
            ),
            "katalog.csv",
        )
    for result, row in ((report, "solutions[0]"), (csv_report, "2")):
        assert problems_of(result) == [(row, "description")]
        assert "20000" in result.problems[0].reason.replace(".", "")


def test_html_is_stored_as_text_and_shown_escaped(importer: Any, company: Any) -> None:
    script = '<script>alert("x")</script><b>fed</b>'
    record = case_record(summary=f"Resumé {script}", challenge=f"Udfordring {script}")
    report = run_import(importer, envelope([solution_record()], [record]), publish=True)
    assert report.ok, report.problems

    case = Case.objects.get()
    assert case.summary == f"Resumé {script}"
    html = client_for(None).get(case.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<b>fed</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_nul_characters_are_refused(importer: Any) -> None:
    record = {"title": "Med\x00nul", "summary": "Kort.", "organisation": "751"}
    with unchanged(*TRACKED):
        report = run_import(importer, json.dumps([record]).encode())
    assert problems_of(report) == [("[0]", "title")]


def test_duplicate_slugs_in_the_file(importer: Any, company: Any) -> None:
    cases = [
        case_record(solutions=[]),
        case_record(title="En anden", solutions=[]),
    ]
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([], cases))
    assert report.problems == [
        ImportProblem(
            "cases[1]",
            "slug",
            "Kortnavnet skaermbesoeg-i-hjemmeplejen bruges også i række cases[0] i filen.",
        )
    ]


def test_slug_that_exists_already(importer: Any, company: Any) -> None:
    SolutionFactory.create(slug="skaermbesoeg", organisation=company)
    CaseFactory.create(slug="skaermbesoeg-i-hjemmeplejen", organisation=company)

    with unchanged(*TRACKED):
        report = run_import(importer, envelope([solution_record()], [case_record()]))
    assert problems_of(report) == [("solutions[0]", "slug"), ("cases[0]", "slug")]
    assert "allerede i brug" in report.problems[0].reason


def test_demo_fields_are_refused_by_the_normal_importer(importer: Any, company: Any) -> None:
    record = case_record(demo_status="returneret", review_comment="Mangler tal.", solutions=[])
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([], [record]))
    assert {p.field for p in report.problems} == {"demo_status", "review_comment"}
    assert all("demo" in p.reason for p in report.problems)


def test_a_contact_without_consent_is_refused(importer: Any, company: Any) -> None:
    record = case_record(contact={"name": "Ida Jensen", "email": "ida@eksempel.dk"})
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([solution_record()], [record]))
    assert {p.field for p in report.problems} == {
        "contact.consent_given_at",
        "contact.consent_text_version",
    }


def test_fields_of_the_other_kind_and_unknown_fields(importer: Any, company: Any) -> None:
    records = [
        {"title": "A", "summary": "B", "organisation": "751", "maturity": "ide"},
        {"type": "solution", "title": "A", "summary": "B", "organisation": "751", "farve": "x"},
    ]
    with unchanged(*TRACKED):
        report = run_import(importer, json.dumps(records).encode())
    assert sorted(problems_of(report)) == [("[0]", "maturity"), ("[1]", "farve")]


def test_bad_licence_and_urls(importer: Any, company: Any) -> None:
    record = solution_record(licence="Foo-1.0", website="eksempel.dk", source_url="ftp://x.dk")
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([record], []))
    assert sorted(p.field for p in report.problems) == ["licence", "source_url", "website"]
    assert "Foo-1.0" in {p.field: p.reason for p in report.problems}["licence"]


def test_a_service_error_on_a_late_row_rolls_back_the_earlier_rows(
    importer: Any, company: Any
) -> None:
    good = case_record(slug="god", solutions=[])
    bad = case_record(
        slug="daarlig", solutions=[], partners=[{"organisation": "751", "role": "fond"}]
    )
    with unchanged(*TRACKED):
        report = run_import(importer, envelope([solution_record()], [good, bad]))
    assert problems_of(report) == [("cases[1]", "partners")]
    assert not report.written
    assert report.entries == []


def test_command_lists_every_problem_and_fails(importer: Any, company: Any, tmp_path: Path) -> None:
    rows = [TABLE_HEADER, *TABLE_ROWS]
    rows[2] = [*rows[2]]
    rows[2][4] = "ukendt-kommune"
    rows[2][5] = "rumfart"
    path = write(tmp_path, "katalog.csv", csv_bytes(rows))

    with unchanged(*TRACKED), pytest.raises(CommandError) as caught:
        command(str(path), "--as", importer.email)
    message = str(caught.value)
    assert message.splitlines()[0] == "katalog.csv: 2 problemer – intet er importeret."
    assert len(message.splitlines()) == 3
    assert '  række 3, organisation: Ukendt organisation "ukendt-kommune"' in message
    assert "  række 3, policy_areas" in message


def test_command_shows_a_progress_bar_for_long_files(
    importer: Any, company: Any, tmp_path: Path
) -> None:
    cases = [
        {"slug": f"case-{n}", "title": f"Case {n}", "summary": "Kort.", "organisation": "751"}
        for n in range(210)
    ]
    path = write(tmp_path, "mange.json", envelope([], cases))
    out = command(str(path), "--as", importer.email)
    assert "Importeret: 210 cases og 0 løsninger" in out
    assert Case.objects.count() == 210


def test_command_refuses_a_broken_file(importer: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "katalog.xlsx", b"ikke et regneark")
    with unchanged(*TRACKED), pytest.raises(CommandError, match=r"katalog\.xlsx: Filen hedder"):
        command(str(path), "--as", importer.email)


# --------------------------------------------------------------------------------------------
# Round trip with the JSON export


def _exported() -> dict[str, Any]:
    solutions = [
        exports.solution_record(s) for s in exports.prefetch_solutions(Solution.objects.all())
    ]
    cases = [
        exports.case_record(c)
        for c in exports.prefetch_cases(
            Case.objects.all(), Solution.objects.filter(status=Status.PUBLISHED)
        )
    ]
    return exports.json_document(solutions, cases)


def test_export_imports_back_to_the_same_content(importer: Any, company: Any) -> None:
    report = run_import(
        importer,
        envelope(
            [solution_record(published_at="2021-06-01T09:30:00+02:00")],
            [case_record(), case_record(slug="anden", title="Anden", year=None, contact=None)],
        ),
        publish=True,
    )
    assert report.ok, report.problems
    first = _exported()

    Case.objects.all().delete()
    Solution.objects.all().delete()
    data = json.dumps(first, ensure_ascii=False).encode()
    report = run_import(importer, data, publish=True)

    assert report.ok, report.problems
    assert _exported() == first


def test_example_files_import(importer: Any) -> None:
    from spred.catalogue.importing.examples import example_file

    for kind in ("json", "csv", "xlsx"):
        report = run_import(importer, example_file(kind), f"eksempel.{kind}", dry_run=True)
        assert report.ok, (kind, report.problems)
        assert (report.solutions, report.cases) == (1, 1)


def test_table_columns_are_the_exports_columns() -> None:
    assert set(exports.COLUMNS) <= set(TABLE_COLUMNS)


# --------------------------------------------------------------------------------------------
# Reading details


def test_csv_cells_become_json_shaped_records() -> None:
    result = read_file(csv_bytes([TABLE_HEADER, *TABLE_ROWS]), "k.csv")
    case = result.records[1]
    assert case.row == "3"
    assert case.data["partners"] == [
        {
            "organisation": "lysbro-velfaerdsteknologi-aps",
            "role": "privat-leverandoer",
            "description": "Leverede tablets.",
        },
        {"organisation": "1082", "role": "offentlig-partner"},
    ]
    assert case.data["contact"]["consent_text_version"] == "2026-1"
    assert case.data["year"] == 2022
    assert "licence" not in case.data  # empty cells are left out


def test_a_malformed_partner_cell_is_a_row_problem() -> None:
    rows = [["title", "summary", "organisation", "partners"], ["A", "B", "751", "751"]]
    result = read_file(csv_bytes(rows), "k.csv")
    assert [(p.row, p.field) for p in result.problems] == [("2", "partners[0]")]


def test_xlsx_sheet_dimensions_are_not_trusted() -> None:
    data = xlsx_bytes([["title", "summary", "organisation"], ["A", "B", "751"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'ref="A1:C2"', b'ref="A1:XFD1048576"')
            target.writestr(item, content)
    result = read_file(patched.getvalue(), "k.xlsx")
    assert [r.data for r in result.records] == [
        {"title": "A", "summary": "B", "organisation": "751"}
    ]


def test_a_formula_guard_written_by_the_export_is_undone_on_import() -> None:
    text = exports.neutralise("=1+1 og mere")
    data = f"title;summary;organisation\n{text};'-et minus;751\n'almindelig;x;751\n"
    result = readers.read_csv(data.encode())
    assert result.records[0].data["title"] == "=1+1 og mere"
    assert result.records[0].data["summary"] == "-et minus"
    # An apostrophe that guards nothing is the author's own and stays.
    assert result.records[1].data["title"] == "'almindelig"
