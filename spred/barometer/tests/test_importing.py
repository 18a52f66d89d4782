"""Importing codebooks and microdata: every rule, every problem listed, all or nothing."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from spred.accounts.models import User
from spred.barometer.choices import ImportKind, LonelyStratumPolicy
from spred.barometer.importing.codebook import read_codebook
from spred.barometer.models import (
    AnswerOption,
    Codebook,
    DataImport,
    Question,
    Respondent,
    Stratum,
    Wave,
)
from spred.barometer.services.imports import codebook_import, microdata_delete, microdata_import
from spred.barometer.tests.factories import (
    CODEBOOK,
    STRATA,
    Row,
    codebook_yaml,
    default_rows,
    microdata_csv,
    strata_csv,
)
from spred.core.importing.problems import ImportProblem
from spred.core.importing.report import ImportRejected
from spred.core.testing import unchanged

pytestmark = pytest.mark.django_db

STORED = (Codebook, Question, AnswerOption, Respondent, Stratum, DataImport)


@contextmanager
def rejected(wave: Wave, *fragments: str) -> Iterator[list[ImportProblem]]:
    """The import must fail with problems mentioning every fragment, and store nothing."""
    problems: list[ImportProblem] = []
    with unchanged(*STORED, wave), pytest.raises(ImportRejected) as caught:
        yield problems
    problems.extend(caught.value.report.errors)
    text = "\n".join(str(p) for p in problems)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def import_codebook(user: User, wave: Wave, document: dict[str, Any], **kwargs: Any) -> Any:
    return codebook_import(
        acting_user=user,
        wave=wave,
        content=codebook_yaml(document),
        filename="kodebog.yaml",
        **kwargs,
    )


def import_microdata(
    user: User, wave: Wave, content: bytes | None = None, strata: bytes | None = None, **kw: Any
) -> Any:
    return microdata_import(
        acting_user=user,
        wave=wave,
        content=microdata_csv() if content is None else content,
        filename=kw.pop("filename", "mikrodata.csv"),
        strata_content=strata_csv() if strata is None else strata,
        strata_filename=kw.pop("strata_filename", "strata.csv"),
        **kw,
    )


def codebook_with(**changes: Any) -> dict[str, Any]:
    """The test codebook with question changes: ``codebook_with(TYPE={"type": "bad"})``."""
    document = copy.deepcopy(CODEBOOK)
    for question in document["questions"]:
        question.update(changes.get(question["code"], {}))
    return document


# --------------------------------------------------------------------------------------------
# Codebook


def test_a_codebook_is_stored_with_questions_options_and_conditions(
    wave: Wave, analyst: User
) -> None:
    result = import_codebook(analyst, wave, CODEBOOK)
    codebook = result.codebook
    assert codebook.version == 1
    assert [q.code for q in codebook.questions.all()] == ["INNOV", "TYPE", "SCORE", "STAFF"]
    follow_up = codebook.questions.get(code="TYPE")
    assert follow_up.asked_if == {"question": "INNOV", "in": ["1"]}
    assert follow_up.dont_know_codes == ["8"]
    assert list(follow_up.options.values_list("code", flat=True)) == ["1", "2", "3", "8"]
    assert DataImport.objects.get(kind=ImportKind.CODEBOOK).imported_by == analyst


def test_a_new_import_is_a_new_version(wave: Wave, analyst: User) -> None:
    import_codebook(analyst, wave, CODEBOOK)
    second = import_codebook(analyst, wave, CODEBOOK)
    assert second.codebook.version == 2
    assert wave.current_codebook == second.codebook


def test_dry_run_checks_and_stores_nothing(wave: Wave, analyst: User) -> None:
    with unchanged(*STORED):
        result = import_codebook(analyst, wave, CODEBOOK, dry_run=True)
    assert result.dry_run
    assert result.questions == 4


def test_codebook_json_is_read_too(wave: Wave, analyst: User) -> None:
    import json

    result = codebook_import(
        acting_user=analyst,
        wave=wave,
        content=json.dumps(CODEBOOK).encode(),
        filename="kodebog.json",
    )
    assert result.questions == 4


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        (
            {**CODEBOOK, "questions": [*CODEBOOK["questions"], CODEBOOK["questions"][0]]},
            "Spørgsmålskoden INNOV findes allerede",
        ),
        (codebook_with(TYPE={"type": "ranking"}), "Ukendt spørgsmålstype"),
        (codebook_with(INNOV={"options": []}), "skal have svarmuligheder"),
        (codebook_with(STAFF={"options": [{"code": "1", "label": "x"}]}), "ingen svarmuligheder"),
        (
            codebook_with(TYPE={"asked_if": {"question": "SCORE", "in": ["1"]}}),
            "ikke er et tidligere spørgsmål",
        ),
        (
            codebook_with(TYPE={"asked_if": {"question": "NOPE", "in": ["1"]}}),
            "ikke er et tidligere spørgsmål",
        ),
        (
            codebook_with(TYPE={"asked_if": {"question": "INNOV", "in": ["7"]}}),
            "nævner svarkoderne 7",
        ),
        (codebook_with(INNOV={"dont_know": ["9"]}), "'Ved ikke'-koden 9 er ikke en af"),
        (codebook_with(INNOV={"text": {"en": "only English"}}), "mangler en dansk tekst"),
        (codebook_with(SCORE={"options": [{"code": "høj", "label": "Høj"}]}), "skal være tal"),
        (codebook_with(INNOV={"code": "weight"}), "reserveret"),
    ],
)
def test_codebook_rules(wave: Wave, analyst: User, document: dict[str, Any], fragment: str) -> None:
    with rejected(wave, fragment):
        import_codebook(analyst, wave, document)


def test_every_codebook_problem_is_listed_at_once(wave: Wave, analyst: User) -> None:
    document = codebook_with(
        INNOV={"dont_know": ["9"]},
        TYPE={"type": "ranking"},
        SCORE={"asked_if": {"question": "NOPE", "in": ["1"]}},
    )
    with rejected(wave, "INNOV", "TYPE", "SCORE") as problems:
        import_codebook(analyst, wave, document)
    assert len(problems) == 3


def test_unreadable_codebook_files(wave: Wave, analyst: User) -> None:
    for content, fragment in [
        (b"questions: [unclosed", "ikke gyldig YAML"),
        (b"\xff\xfe not text", "ikke gemt som UTF-8"),
        (b"- just a list", "liste 'questions'"),
        (b"!!python/object/apply:os.system ['echo hi']", "ikke gyldig YAML"),
    ]:
        with rejected(wave, fragment):
            codebook_import(acting_user=analyst, wave=wave, content=content, filename="k.yaml")


def test_codebook_for_another_wave_is_refused(wave: Wave, analyst: User) -> None:
    with rejected(wave, "til bølgen 2017"):
        import_codebook(analyst, wave, {**CODEBOOK, "wave": 2017})


def test_a_new_codebook_must_fit_the_stored_microdata(loaded_wave: Wave, analyst: User) -> None:
    without_score_option_5 = codebook_with(
        SCORE={
            "options": [{"code": str(i), "label": f"Trin {i}"} for i in range(1, 5)]
            + [{"code": "8", "label": "Ved ikke"}]
        }
    )
    with rejected(loaded_wave, "eksisterende mikrodata", "Ukendt svarkode 5"):
        import_codebook(analyst, loaded_wave, without_score_option_5)


def test_read_codebook_has_no_side_effects_on_a_bad_scalar_wave() -> None:
    spec, report = read_codebook(b"wave: tyve\nquestions: []", "k.yaml")
    assert spec is None
    assert any("årstal" in p.reason for p in report.errors)


# --------------------------------------------------------------------------------------------
# Microdata


def test_microdata_and_strata_are_stored(wave_with_codebook: Wave, analyst: User) -> None:
    result = import_microdata(analyst, wave_with_codebook)
    assert result.respondents == 16
    assert result.strata == 4
    assert Stratum.objects.filter(wave=wave_with_codebook).count() == 4
    first = Respondent.objects.get(wave=wave_with_codebook, external_id="R001")
    assert first.answers == {"INNOV": "1", "TYPE": ["1", "2"], "SCORE": "4", "STAFF": 12}
    assert first.stratum.code == "K-DAG"
    assert first.weight == pytest.approx(10.0)
    skipped = Respondent.objects.get(wave=wave_with_codebook, external_id="R003")
    assert skipped.answers == {"INNOV": "2", "STAFF": 8}
    record = DataImport.objects.get(kind=ImportKind.MICRODATA)
    assert (record.rows, record.strata, record.imported_by) == (16, 4, analyst)


def test_microdata_from_xlsx(wave_with_codebook: Wave, analyst: User) -> None:
    def as_xlsx(csv_bytes: bytes) -> bytes:
        import csv

        book = Workbook()
        sheet = book.active
        for row in csv.reader(io.StringIO(csv_bytes.decode())):
            # Numbers as numbers, the way a spreadsheet holds them.
            sheet.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    result = import_microdata(
        analyst,
        wave_with_codebook,
        as_xlsx(microdata_csv()),
        as_xlsx(strata_csv()),
        filename="mikrodata.xlsx",
        strata_filename="strata.xlsx",
    )
    assert result.respondents == 16
    assert Respondent.objects.get(external_id="R001").answers["SCORE"] == "4"


def test_semicolon_separated_csv_with_decimal_commas(
    wave_with_codebook: Wave, analyst: User
) -> None:
    text = microdata_csv([Row("A1", "K-DAG", {"INNOV": "1", "TYPE": "1;3"}, weight="20,5")])
    # Re-write as a Danish spreadsheet would export it.
    import csv

    rows = list(csv.reader(io.StringIO(text.decode())))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    strata = strata_csv([("K-DAG", "kommune", "dagtilbud", "10-49", 40)])
    with pytest.raises(ImportRejected) as caught:
        import_microdata(analyst, wave_with_codebook, out.getvalue().encode(), strata)
    # The one respondent makes a lonely stratum; the separator and the decimal comma were read.
    reasons = [p.reason for p in caught.value.report.errors]
    assert len(reasons) == 1
    assert "kun én besvarelse" in reasons[0]


def test_unknown_question_column(wave_with_codebook: Wave, analyst: User) -> None:
    rows = [Row(r.id, r.stratum, {**r.answers, "EXTRA": "1"}) for r in default_rows()]
    with rejected(wave_with_codebook, "kolonne EXTRA: Ukendt spørgsmålskode") as problems:
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows, extra_columns=["EXTRA"]))
    # One problem for the column, not one per row.
    assert len(problems) == 1


def test_unknown_answer_codes(wave_with_codebook: Wave, analyst: User) -> None:
    rows = default_rows()
    rows[0].answers["INNOV"] = "7"
    rows[4].answers["TYPE"] = "1;9"
    with rejected(
        wave_with_codebook, "række 2, kolonne INNOV: Ukendt svarkode 7", "række 6, kolonne TYPE"
    ):
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))


@pytest.mark.parametrize("weight", ["0", "-3", "tung", ""])
def test_non_positive_or_missing_weights(
    wave_with_codebook: Wave, analyst: User, weight: str
) -> None:
    rows = default_rows()
    rows[1].weight = weight
    with rejected(wave_with_codebook, "række 3, kolonne weight: Vægten skal være et tal større"):
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))


def test_stratum_without_population_count(wave_with_codebook: Wave, analyst: User) -> None:
    strata = strata_csv([s for s in STRATA if s[0] != "S-ADM"])
    with rejected(wave_with_codebook, "Stratum S-ADM har intet populationstal") as problems:
        import_microdata(analyst, wave_with_codebook, strata=strata)
    assert len(problems) == 4  # one per respondent in that stratum


def test_population_smaller_than_the_respondents(wave_with_codebook: Wave, analyst: User) -> None:
    strata = strata_csv([(*s[:4], 3) if s[0] == "K-DAG" else s for s in STRATA])
    with rejected(wave_with_codebook, "Stratum K-DAG har 4 besvarelser, men populationen er kun 3"):
        import_microdata(analyst, wave_with_codebook, strata=strata)


def test_answer_to_a_question_that_was_not_asked(wave_with_codebook: Wave, analyst: User) -> None:
    rows = default_rows()
    rows[2].answers["TYPE"] = "1"  # R003 answered "no" to INNOV
    with rejected(wave_with_codebook, "række 4, kolonne TYPE: Svar på et spørgsmål, der ikke blev"):
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))


def test_a_stratum_with_one_respondent_is_an_error_by_default(
    wave_with_codebook: Wave, analyst: User
) -> None:
    rows = [r for r in default_rows() if r.stratum != "S-ADM"] + [Row("X1", "S-ADM", {})]
    with rejected(wave_with_codebook, "Stratum S-ADM har kun én besvarelse", "vælg en politik"):
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))


def test_a_lonely_stratum_is_a_warning_with_a_policy(
    wave_with_codebook: Wave, analyst: User
) -> None:
    rows = [r for r in default_rows() if r.stratum != "S-ADM"] + [Row("X1", "S-ADM", {})]
    result = import_microdata(
        analyst,
        wave_with_codebook,
        microdata_csv(rows),
        lonely_policy=LonelyStratumPolicy.CERTAINTY,
    )
    assert [w.reason for w in result.report.warnings if "kun én" in w.reason]
    wave_with_codebook.refresh_from_db()
    assert wave_with_codebook.lonely_policy == LonelyStratumPolicy.CERTAINTY
    assert "kun én besvarelse" in " ".join(DataImport.objects.get(rows=13).warnings)


def test_duplicate_ids(wave_with_codebook: Wave, analyst: User) -> None:
    rows = default_rows()
    rows[5].id = rows[0].id
    with rejected(wave_with_codebook, "række 7, kolonne id: Id'et står også i række 2"):
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))


def test_classification_must_match_the_stratum(wave_with_codebook: Wave, analyst: User) -> None:
    rows = default_rows()
    rows[0].level = "region"
    rows[1].area = "kultur"
    rows[2].size = "galaktisk"
    with rejected(
        wave_with_codebook,
        "række 2, kolonne level: Passer ikke til stratum K-DAG",
        "række 3, kolonne area: Passer ikke til stratum K-DAG",
        "række 4, kolonne size: Ukendt størrelse",
    ):
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))


def test_bad_strata_file(wave_with_codebook: Wave, analyst: User) -> None:
    strata = strata_csv(
        [*STRATA, ("K-DAG", "kommune", "dagtilbud", "10-49", 5), ("Z", "amt", "x", "1-9", 0)]
    )
    with rejected(
        wave_with_codebook,
        "Stratum K-DAG står mere end én gang",
        "Ukendt forvaltningsniveau 'amt'",
        "Populationen skal være et helt tal",
    ):
        import_microdata(analyst, wave_with_codebook, strata=strata)


def test_every_microdata_problem_is_listed(wave_with_codebook: Wave, analyst: User) -> None:
    rows = default_rows()
    rows[0].answers["INNOV"] = "7"
    rows[1].weight = "0"
    rows[2].answers["TYPE"] = "1"
    rows[6].id = rows[5].id
    with rejected(wave_with_codebook) as problems:
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))
    assert {(p.row, p.field) for p in problems} == {
        ("2", "INNOV"),
        ("3", "weight"),
        ("4", "TYPE"),
        ("8", "id"),
    }


def test_microdata_need_a_codebook(wave: Wave, analyst: User) -> None:
    with unchanged(*STORED), pytest.raises(ValidationError, match="kodebogen"):
        import_microdata(analyst, wave)


def test_replacing_microdata_needs_confirmation(loaded_wave: Wave, analyst: User) -> None:
    before = set(Respondent.objects.values_list("pk", flat=True))
    with unchanged(*STORED), pytest.raises(ValidationError, match="erstattes"):
        import_microdata(analyst, loaded_wave)
    result = import_microdata(analyst, loaded_wave, replace=True)
    assert result.data_import.replaced
    after = set(Respondent.objects.values_list("pk", flat=True))
    assert len(after) == 16
    assert not before & after


def test_a_published_wave_keeps_its_data(loaded_wave: Wave, analyst: User) -> None:
    from spred.barometer.services.publishing import publish_wave

    publish_wave(acting_user=analyst, wave=loaded_wave)
    with unchanged(*STORED), pytest.raises(ValidationError, match="Afpublicér"):
        import_microdata(analyst, loaded_wave, replace=True)
    # A dry run is still allowed: checking a file changes nothing.
    assert import_microdata(analyst, loaded_wave, dry_run=True).respondents == 16


def test_microdata_dry_run(wave_with_codebook: Wave, analyst: User) -> None:
    with unchanged(*STORED):
        result = import_microdata(analyst, wave_with_codebook, dry_run=True)
    assert result.respondents == 16


def test_microdata_delete(loaded_wave: Wave, analyst: User) -> None:
    assert microdata_delete(acting_user=analyst, wave=loaded_wave) == 16
    assert not Stratum.objects.filter(wave=loaded_wave).exists()


@pytest.mark.parametrize("filename", ["mikrodata.csv", "mikrodata.txt", "mikrodata"])
def test_a_text_file_or_one_without_extension_is_read_as_csv(
    wave_with_codebook: Wave, analyst: User, filename: str
) -> None:
    result = import_microdata(analyst, wave_with_codebook, filename=filename, dry_run=True)
    assert result.respondents == 16


@pytest.mark.parametrize(
    ("content", "filename", "fragment"),
    [
        pytest.param(
            None,
            "mikrodata.json",
            "mikrodata: Filtypen kendes ikke; brug CSV eller XLSX.",
            id="unknown-type",
        ),
        pytest.param(b"", "mikrodata.csv", "mikrodata: Filen er tom.", id="empty"),
        pytest.param(
            b"PK\x03\x04 not a workbook",
            "mikrodata.xlsx",
            "mikrodata: Regnearket er i stykker",
            id="broken-xlsx",
        ),
        pytest.param(
            b"id;stratum\n\xff\xfe",
            "mikrodata.csv",
            "mikrodata: Filen er ikke gemt som UTF-8",
            id="not-utf-8",
        ),
        pytest.param(
            b"plain text",
            "mikrodata.xlsx",
            "Filen hedder .xlsx, men er ikke et Excel-regneark",
            id="xlsx-not-a-zip",
        ),
    ],
)
def test_unreadable_microdata_files(
    wave_with_codebook: Wave, analyst: User, content: bytes | None, filename: str, fragment: str
) -> None:
    with rejected(wave_with_codebook, fragment):
        import_microdata(analyst, wave_with_codebook, content, filename=filename)


def test_every_header_problem_is_listed(wave_with_codebook: Wave, analyst: User) -> None:
    content = microdata_csv().replace(b"id,stratum,weight,", b"id,stratum,stratum,,", 1)
    with rejected(
        wave_with_codebook,
        "mikrodata, kolonne stratum: Kolonnen findes mere end én gang.",
        "mikrodata: Kolonne nr. 4 har ingen overskrift.",
    ) as problems:
        import_microdata(analyst, wave_with_codebook, content)
    assert len(problems) == 2


def test_too_many_rows(
    wave_with_codebook: Wave, analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spred.barometer.importing import tables

    monkeypatch.setattr(tables, "MAX_ROWS", 15)
    with rejected(wave_with_codebook, "mikrodata: Filen har mere end 15 rækker."):
        import_microdata(analyst, wave_with_codebook)


def test_an_oversized_xlsx_archive_is_refused(wave_with_codebook: Wave, analyst: User) -> None:
    import zipfile

    out = io.BytesIO()
    # The fastest compression level: the archive is still under 1 MB, and it takes half the time.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (210 * 1024 * 1024))
    with rejected(wave_with_codebook, "fylder over 200 MB, når det pakkes ud"):
        import_microdata(analyst, wave_with_codebook, out.getvalue(), filename="stor.xlsx")


def test_a_problem_never_echoes_other_answers(wave_with_codebook: Wave, analyst: User) -> None:
    rows = default_rows()
    rows[0].answers.update({"INNOV": "7", "STAFF": "918273"})
    with rejected(wave_with_codebook) as problems:
        import_microdata(analyst, wave_with_codebook, microdata_csv(rows))
    assert "918273" not in "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------------------------
# Commands


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_import_commands(tmp_path: Path, wave: Wave, analyst: User) -> None:
    out = io.StringIO()
    call_command(
        "import_barometer_codebook",
        str(_write(tmp_path, "kodebog.yaml", codebook_yaml())),
        "--wave",
        "2023",
        stdout=out,
    )
    assert "codebook version 1" in out.getvalue()
    out = io.StringIO()
    call_command(
        "import_barometer_microdata",
        str(_write(tmp_path, "mikrodata.csv", microdata_csv())),
        "--strata",
        str(_write(tmp_path, "strata.csv", strata_csv())),
        "--wave",
        "2023",
        "--user",
        analyst.email,
        stdout=out,
    )
    assert "Imported 16 respondents in 4 strata" in out.getvalue()


def test_import_command_lists_problems_and_stores_nothing(
    tmp_path: Path, wave_with_codebook: Wave, analyst: User
) -> None:
    rows = default_rows()
    rows[0].answers["INNOV"] = "7"
    out = io.StringIO()
    with unchanged(*STORED), pytest.raises(CommandError, match="not imported"):
        call_command(
            "import_barometer_microdata",
            str(_write(tmp_path, "m.csv", microdata_csv(rows))),
            "--strata",
            str(_write(tmp_path, "s.csv", strata_csv())),
            "--wave",
            "2023",
            stdout=out,
        )
    report = out.getvalue()
    assert "Kontrolrapport" in report
    assert "Ukendt svarkode 7" in report
    assert "Filen har 1 fejl. Intet er gemt." in report


def test_import_command_report_shows_reasons_as_written(
    tmp_path: Path, wave: Wave, analyst: User
) -> None:
    out = io.StringIO()
    document = codebook_with(TYPE={"asked_if": "INNOV"})
    with pytest.raises(CommandError, match="not imported"):
        call_command(
            "import_barometer_codebook",
            str(_write(tmp_path, "k.yaml", codebook_yaml(document))),
            "--wave",
            "2023",
            stdout=out,
        )
    assert "{question: KODE, in: [svarkoder]}" in out.getvalue()


def test_commands_act_only_as_an_analyst(tmp_path: Path, wave: Wave, editor: User) -> None:
    with pytest.raises(CommandError, match="Analytiker"):
        call_command(
            "import_barometer_codebook",
            str(_write(tmp_path, "k.yaml", codebook_yaml())),
            "--wave",
            "2023",
            "--user",
            editor.email,
        )


def test_codebook_command_can_create_the_wave(tmp_path: Path, analyst: User) -> None:
    call_command(
        "import_barometer_codebook",
        str(_write(tmp_path, "k.yaml", codebook_yaml({**CODEBOOK, "wave": 2025}))),
        "--wave",
        "2025",
        "--reference-period",
        "2023–2024",
        stdout=io.StringIO(),
    )
    assert Wave.objects.get(edition=2025).codebooks.count() == 1


def test_commands_take_as_and_still_understand_user(
    tmp_path: Path, wave: Wave, analyst: User
) -> None:
    # --as is the option every writing command shares; --user is kept for existing scripts.
    for option in ("--as", "--user"):
        call_command(
            "import_barometer_codebook",
            str(_write(tmp_path, "k.yaml", codebook_yaml())),
            "--wave",
            "2023",
            option,
            analyst.email,
            stdout=io.StringIO(),
        )
