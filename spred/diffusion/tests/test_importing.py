"""Bulk import of adoptions: reading, every row's checks, histories, all-or-nothing, demo mode,
and the import_adoptions command."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from spred.core.importing.problems import ImportFileError
from spred.core.policies import ActionNotAllowed
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.importing.examples import example_file
from spred.diffusion.importing.format import COLUMNS
from spred.diffusion.importing.reading import read_adoption_file
from spred.diffusion.importing.results import AdoptionImportReport
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.diffusion.services.imports import adoptions_import, adoptions_import_file
from spred.diffusion.tests.world import LedgerWorld, make_adoption
from spred.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def csv_file(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return buffer.getvalue().encode("utf-8")


def run(user: Any, data: bytes, name: str = "ibrug.csv", **kwargs: Any) -> AdoptionImportReport:
    return adoptions_import_file(acting_user=user, data=data, filename=name, **kwargs)


def problems_of(report: AdoptionImportReport) -> set[tuple[str, str]]:
    return {(p.row, p.field) for p in report.problems}


def reasons(report: AdoptionImportReport) -> str:
    return " | ".join(str(p) for p in report.problems)


# --------------------------------------------------------------------------------------------
# Histories and the verified/pending rule


def test_rows_of_one_adoption_form_its_history_in_date_order(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    data = csv_file(
        {"organisation": "751", "solution": "spiserobot", "status": "i-drift", "date": "2022-06-01",
         "scope_value": "1200", "scope_unit": "borgere"},
        {"organisation": "751", "solution": "spiserobot", "status": "overvejer",
         "date": "2021-03-01", "learned_from": "461", "adapted": "Nye vagtplaner."},
        {"organisation": "751", "solution": "spiserobot", "status": "Afprøver",
         "date": "2021-09-15"},
    )  # fmt: skip
    report = run(w.aarhus_member, data)
    assert report.ok, reasons(report)
    assert report.written
    assert report.created == 1
    assert report.events == 3
    adoption = Adoption.objects.get(organisation=w.aarhus, solution=w.robot)
    assert [(e.status, e.date) for e in adoption.events.all()] == [
        (AdoptionStatus.CONSIDERING, date(2021, 3, 1)),
        (AdoptionStatus.PILOT, date(2021, 9, 15)),
        (AdoptionStatus.OPERATING, date(2022, 6, 1)),
    ]
    assert adoption.status == AdoptionStatus.OPERATING
    assert adoption.status_since == date(2022, 6, 1)
    assert adoption.adopted_on == date(2021, 9, 15)
    # A member of the adopting organisation declares it: verified.
    assert adoption.verification == Verification.VERIFIED
    assert (adoption.scope_value, adoption.scope_unit) == (1200, "borgere")
    link = LearnedFrom.objects.get(adoption=adoption)
    assert link.source == w.odense
    assert link.adapted == "Nye vagtplaner."
    assert not adoption.is_demo


def test_rows_for_another_organisation_are_pending_with_their_history(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    data = csv_file(
        {"organisation": "746", "solution": "traeningsapp", "status": "afproever",
         "date": "2022-02-01"},
        {"organisation": "746", "solution": "traeningsapp", "status": "stoppet",
         "date": "2023-01-15", "reason": "For få borgere."},
        {"organisation": "751", "solution": "traeningsapp", "status": "i-drift",
         "date": "2020-05-01"},
    )  # fmt: skip
    report = run(w.aarhus_member, data)
    assert report.ok, reasons(report)
    assert (report.verified, report.pending) == (1, 1)
    other = Adoption.objects.get(organisation=w.skanderborg)
    assert other.verification == Verification.PENDING
    assert other.recorded_by_organisation == w.aarhus
    assert other.status == AdoptionStatus.STOPPED
    assert other.adopted_on == date(2022, 2, 1)
    assert list(other.events.values_list("status", flat=True)) == ["afproever", "stoppet"]


def test_an_editor_imports_for_any_organisation_as_pending(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    data = csv_file(
        {"organisation": "Odense Kommune", "solution": "traeningsapp", "status": "i-drift",
         "date": "2021-01-04"},
    )  # fmt: skip
    report = run(w.editor, data)
    assert report.ok, reasons(report)
    adoption = Adoption.objects.get(organisation=w.odense, solution=w.app)
    assert adoption.verification == Verification.PENDING


def test_someone_without_an_organisation_may_not_import(ledger_world: LedgerWorld) -> None:
    data = csv_file(
        {"organisation": "751", "solution": "spiserobot", "status": "i-drift", "date": "2021-01-04"}
    )
    with pytest.raises(ActionNotAllowed):
        run(ledger_world.outsider, data)
    assert not Adoption.objects.exists()


def test_a_dry_run_reports_what_would_happen_and_stores_nothing(ledger_world: LedgerWorld) -> None:
    data = csv_file(
        {"organisation": "751", "solution": "spiserobot", "status": "i-drift", "date": "2021-01-04"}
    )
    report = run(ledger_world.aarhus_member, data, dry_run=True)
    assert report.ok
    assert report.dry_run
    assert not report.written
    assert [(a.organisation, a.verification) for a in report.adoptions] == [
        (ledger_world.aarhus.name, Verification.VERIFIED)
    ]
    assert not Adoption.objects.exists()
    assert not AdoptionEvent.objects.exists()


# --------------------------------------------------------------------------------------------
# Bad input: a clear message on the row and column, nothing stored


def row(**cells: str) -> dict[str, str]:
    base = {"organisation": "751", "solution": "spiserobot", "status": "i-drift",
            "date": "2021-01-04"}  # fmt: skip
    return {**base, **cells}


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"organisation": "999"}, "organisation", "Ukendt organisation"),
        ({"organisation": "Ingen Sådan Kommune"}, "organisation", "Ukendt organisation"),
        ({"solution": "findes-ikke"}, "solution", "Ukendt løsning"),
        ({"solution": "hemmelig-kladde"}, "solution", "ikke offentliggjort"),
        ({"status": "i brug"}, "status", "overvejer, afproever, i-drift, udbredt, stoppet"),
        ({"date": "4/1/2021"}, "date", "ÅÅÅÅ-MM-DD"),
        ({"status": "stoppet"}, "reason", "hvorfor"),
        ({"scope_value": "mange", "scope_unit": "borgere"}, "scope_value", "helt tal"),
        ({"scope_value": "12.5", "scope_unit": "borgere"}, "scope_value", "helt tal"),
        ({"scope_value": "10", "scope_unit": "kroner"}, "scope_unit", "borgere, enheder"),
        ({"scope_value": "10"}, "scope_unit", "omfanget tæller"),
        ({"source_case": "ingen-case"}, "source_case", "Ukendt case"),
        ({"learned_from": "751"}, "learned_from", "sig selv"),
        ({"learned_from": "461; 000"}, "learned_from", "Ukendt organisation"),
        ({"verified": "ja"}, "verified", "demo"),
        ({"confirmed_on": "2024-01-01"}, "confirmed_on", "demo"),
        ({"organisation": ""}, "organisation", "Skal udfyldes"),
    ],
)
def test_a_bad_cell_is_reported_and_nothing_is_stored(
    ledger_world: LedgerWorld, cells: dict[str, str], column: str, words: str
) -> None:
    good = row(organisation="461", solution="traeningsapp")
    report = run(
        ledger_world.aarhus_member,
        csv_file(good, row(**cells), columns=(*COLUMNS, "verified", "confirmed_on")),
    )
    assert not report.ok
    assert ("3", column) in problems_of(report), reasons(report)
    assert words in reasons(report)
    assert not Adoption.objects.exists()


def test_a_date_in_the_future_is_refused(ledger_world: LedgerWorld) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    report = run(ledger_world.aarhus_member, csv_file(row(date=tomorrow)))
    assert problems_of(report) == {("2", "date")}
    assert "fremtiden" in reasons(report)


def test_a_non_public_organisation_cannot_adopt(ledger_world: LedgerWorld) -> None:
    company = OrganisationFactory.create(name="Robotfirmaet ApS")
    report = run(ledger_world.editor, csv_file(row(organisation=company.slug)))
    assert problems_of(report) == {("2", "organisation")}
    assert "ikke en offentlig organisation" in reasons(report)


def test_duplicates_and_ambiguous_or_repeated_steps(ledger_world: LedgerWorld) -> None:
    report = run(
        ledger_world.aarhus_member,
        csv_file(
            row(date="2021-01-04"),
            row(date="2021-01-04"),  # the same row again
            row(status="afproever", date="2021-01-04"),  # another status the same day
            row(status="i-drift", date="2022-01-04"),  # no change of status
        ),
    )
    assert problems_of(report) == {("3", ""), ("4", "date"), ("5", "status")}
    assert "gentager række 2" in reasons(report)


def test_conflicting_adoption_details_across_rows(ledger_world: LedgerWorld) -> None:
    report = run(
        ledger_world.aarhus_member,
        csv_file(
            row(status="afproever", date="2021-01-04", scope_value="10", scope_unit="borgere"),
            row(status="i-drift", date="2022-01-04", scope_value="20", scope_unit="borgere"),
        ),
    )
    assert problems_of(report) == {("3", "scope_value")}


def test_unknown_and_missing_columns_refuse_the_file(ledger_world: LedgerWorld) -> None:
    with pytest.raises(ImportFileError, match="Ukendte kolonner"):
        run(ledger_world.aarhus_member, b"organisation;solution;status;date;farve\n")
    with pytest.raises(ImportFileError, match="mangler kolonnerne date"):
        run(ledger_world.aarhus_member, b"organisation;solution;status\n751;x;i-drift\n")


# --------------------------------------------------------------------------------------------
# Adding to an adoption already in the ledger


def test_later_history_may_be_added_to_an_existing_adoption(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [("afproever", date(2021, 1, 4))])
    data = csv_file(row(status="udbredt", date="2023-05-01", learned_from="461"))
    report = run(w.aarhus_member, data)
    assert report.ok, reasons(report)
    assert report.appended == 1
    assert report.created == 0
    adoption = Adoption.objects.get(organisation=w.aarhus, solution=w.robot)
    assert adoption.status == AdoptionStatus.WIDESPREAD
    assert adoption.events.count() == 2
    assert adoption.learned_from.get().source == w.odense


def test_history_before_the_latest_event_of_an_existing_adoption_is_refused(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [("afproever", date(2021, 1, 4))])
    report = run(w.aarhus_member, csv_file(row(status="overvejer", date="2020-06-01")))
    assert problems_of(report) == {("2", "date")}
    assert "kun tilføje senere statusændringer" in reasons(report)
    assert Adoption.objects.get().events.count() == 1


def test_an_existing_adoption_of_another_organisation_is_refused(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    make_adoption(w.odense, w.robot, [("afproever", date(2021, 1, 4))])
    report = run(w.aarhus_member, csv_file(row(organisation="461", date="2022-01-01")))
    assert problems_of(report) == {("2", "organisation")}
    make_adoption(
        w.aarhus, w.app, [("afproever", date(2021, 1, 4))], verification=Verification.PENDING
    )
    report = run(w.aarhus_member, csv_file(row(solution="traeningsapp", date="2022-01-01")))
    assert "ikke verificeret" in reasons(report)


def test_a_problem_found_while_writing_rolls_back_everything(
    ledger_world: LedgerWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.exceptions import ValidationError

    from spred.diffusion.services import ledger as services

    original = services.adoption_record

    def refuse_skanderborg(**kwargs: Any) -> Adoption:
        if kwargs["organisation"].pk == ledger_world.skanderborg.pk:
            raise ValidationError({"source": ["Nej."]})
        return original(**kwargs)

    monkeypatch.setattr(services, "adoption_record", refuse_skanderborg)
    report = run(ledger_world.aarhus_member, csv_file(row(), row(organisation="746")))
    assert [(p.row, p.field, p.reason) for p in report.problems] == [("3", "learned_from", "Nej.")]
    assert not report.written
    assert not report.adoptions
    assert not Adoption.objects.exists()


# --------------------------------------------------------------------------------------------
# Files


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_the_example_files_import_as_they_are(ledger_world: LedgerWorld, kind: str) -> None:
    report = run(ledger_world.editor, example_file(kind, "spiserobot"), f"eksempel.{kind}")
    assert report.ok, reasons(report)
    assert report.format == kind
    assert (report.created, report.events) == (2, 5)
    assert Adoption.objects.count() == 2


def test_xlsx_dates_and_numbers_are_read_as_text(ledger_world: LedgerWorld) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["organisation", "solution", "status", "date", "scope_value", "scope_unit"])
    sheet.append([751, "spiserobot", "i-drift", date(2021, 1, 4), 250, "enheder"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_adoption_file(buffer.getvalue(), "ark.xlsx")
    assert result.rows[0].row == "2"
    assert result.rows[0].data == {
        "organisation": "751",
        "solution": "spiserobot",
        "status": "i-drift",
        "date": "2021-01-04",
        "scope_value": "250",
        "scope_unit": "enheder",
    }


def test_a_zip_bomb_is_refused_before_it_is_opened() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(ImportFileError, match=r"pakkes ud|komprimeret"):
        read_adoption_file(buffer.getvalue(), "bombe.xlsx")


def test_a_file_claiming_to_be_xlsx_must_be_one() -> None:
    with pytest.raises(ImportFileError, match="ikke et Excel-regneark"):
        read_adoption_file(b"organisation;solution\n", "ark.xlsx")


def test_the_export_formula_guard_is_undone(ledger_world: LedgerWorld) -> None:
    report = run(
        ledger_world.aarhus_member,
        csv_file(row(note="'=1+1 er to", scope_value="1.200", scope_unit="borgere")),
    )
    assert report.ok, reasons(report)
    adoption = Adoption.objects.get()
    assert adoption.note == "=1+1 er to"
    assert adoption.scope_value == 1200


def test_json_objects_are_named_by_their_place(ledger_world: LedgerWorld) -> None:
    data = json.dumps([row(), row(organisation="999")]).encode()
    report = run(ledger_world.aarhus_member, data, "ibrug.json")
    assert problems_of(report) == {("[1]", "organisation")}


def test_progress_is_reported_for_both_phases(ledger_world: LedgerWorld) -> None:
    seen: list[tuple[str, int, int]] = []
    report = run(
        ledger_world.aarhus_member,
        csv_file(row(), row(organisation="461")),
        progress=lambda *a: seen.append(a),
    )
    assert report.ok
    assert seen == [("check", 1, 2), ("check", 2, 2), ("write", 1, 2), ("write", 2, 2)]


# --------------------------------------------------------------------------------------------
# Demo content


def test_demo_rows_are_refused_outside_demo_mode(ledger_world: LedgerWorld) -> None:
    with pytest.raises(ActionNotAllowed, match="demo"):
        adoptions_import(acting_user=ledger_world.editor, rows=[row()], demo=True)


def test_demo_rows_are_verified_as_the_file_says_and_marked(
    ledger_world: LedgerWorld, settings: Any
) -> None:
    settings.SPRED_DEMO = True
    w = ledger_world
    rows = [
        row(verified="ja", confirmed_on="2024-02-01"),
        row(status="udbredt", date="2023-03-01"),
        row(organisation="461", verified="nej"),
        row(organisation="746"),
    ]
    report = adoptions_import(acting_user=w.editor, rows=rows, demo=True)
    assert report.ok, reasons(report)
    aarhus = Adoption.objects.get(organisation=w.aarhus)
    assert aarhus.is_demo
    assert aarhus.verification == Verification.VERIFIED
    assert aarhus.status == AdoptionStatus.WIDESPREAD
    assert aarhus.events.count() == 2
    assert aarhus.confirmed_at is not None
    assert aarhus.confirmed_at.date() == date(2024, 2, 1)
    assert aarhus.is_unconfirmed
    odense = Adoption.objects.get(organisation=w.odense)
    assert odense.is_demo
    assert odense.verification == Verification.PENDING
    # Loading the same rows again changes nothing.
    again = adoptions_import(acting_user=w.editor, rows=rows, demo=True)
    assert again.ok
    assert len(again.skipped) == 3
    assert not again.adoptions
    assert Adoption.objects.count() == 3


# --------------------------------------------------------------------------------------------
# The command


def test_command_imports_and_dry_runs(ledger_world: LedgerWorld, tmp_path: Path) -> None:
    path = tmp_path / "ibrug.csv"
    path.write_bytes(csv_file(row()))
    out = io.StringIO()
    email = ledger_world.aarhus_member.email
    call_command("import_adoptions", str(path), "--dry-run", "--as", email, stdout=out)
    assert "Prøvekørsel uden fejl" in out.getvalue()
    assert not Adoption.objects.exists()
    call_command("import_adoptions", str(path), "--as", email, stdout=out)
    assert Adoption.objects.get().verification == Verification.VERIFIED


def test_command_lists_the_problems(ledger_world: LedgerWorld, tmp_path: Path) -> None:
    path = tmp_path / "ibrug.csv"
    path.write_bytes(csv_file(row(), row(solution="findes-ikke")))
    with pytest.raises(CommandError) as failure:
        call_command("import_adoptions", str(path), "--as", ledger_world.editor.email)
    assert "række 3, solution: Ukendt løsning" in str(failure.value)
    assert not Adoption.objects.exists()


def test_command_needs_someone_who_may_import(ledger_world: LedgerWorld, tmp_path: Path) -> None:
    path = tmp_path / "ibrug.csv"
    path.write_bytes(csv_file(row()))
    with pytest.raises(CommandError, match="kan ikke importere"):
        call_command("import_adoptions", str(path), "--as", ledger_world.outsider.email)
    with pytest.raises(CommandError, match="Ingen aktiv bruger"):
        call_command("import_adoptions", str(path), "--as", "ingen@eksempel.dk")


def test_the_json_example_in_the_format_description_imports(ledger_world: LedgerWorld) -> None:
    text = (Path(__file__).parents[3] / "docs" / "adoption-format.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    report = run(ledger_world.editor, example.encode(), "eksempel.json")
    assert report.ok, reasons(report)
    assert (report.created, report.events) == (2, 5)
    aarhus = Adoption.objects.get(organisation=ledger_world.aarhus)
    assert (aarhus.scope_value, aarhus.learned_from.get().source) == (1200, ledger_world.odense)


def test_command_without_as_runs_as_the_only_editor(
    ledger_world: LedgerWorld, tmp_path: Path
) -> None:
    path = tmp_path / "ibrug.csv"
    path.write_bytes(csv_file(row()))
    call_command("import_adoptions", str(path), stdout=io.StringIO())
    adoption = Adoption.objects.get()
    assert adoption.recorded_by == ledger_world.editor
    assert adoption.verification == Verification.PENDING


def test_a_draft_of_another_organisation_is_unknown_to_the_importer(
    ledger_world: LedgerWorld,
) -> None:
    # Aarhus's draft does not exist for Odense: the same answer as a solution that never did.
    report = run(ledger_world.odense_member, csv_file(row(solution="hemmelig-kladde")))
    typo = run(ledger_world.odense_member, csv_file(row(solution="hemmelig-kladd")))
    assert [p.reason.replace("hemmelig-kladde", "X") for p in report.problems] == [
        p.reason.replace("hemmelig-kladd", "X") for p in typo.problems
    ]
    assert problems_of(report) == problems_of(typo) == {("2", "solution")}
