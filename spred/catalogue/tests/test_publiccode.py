"""publiccode.yml: the validator's exact messages, the import and export commands, the download."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections

from spred.catalogue.choices import Status
from spred.catalogue.models import Solution
from spred.catalogue.publiccode.checks import validate_publiccode
from spred.catalogue.publiccode.codes import is_language_tag
from spred.catalogue.publiccode.mapping import publiccode_record
from spred.catalogue.publiccode.reading import parse_publiccode
from spred.catalogue.publiccode.writing import dump_publiccode, solution_publiccode
from spred.catalogue.tests.factories import SolutionFactory, editor
from spred.core.testing import client_for, unchanged
from spred.organisations.choices import OrganisationKind
from spred.organisations.tests.factories import OrganisationFactory

FILES = Path(__file__).resolve().parent / "files" / "publiccode"
VALID = FILES / "valid-0.4.yml"


def problems(text: str) -> list[str]:
    return [str(p) for p in validate_publiccode(text)]


def valid_text() -> str:
    return VALID.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# The validator


def test_the_valid_file_has_no_problems() -> None:
    assert problems(valid_text()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing-key.yml", "developmentStatus: påkrævet nøgle mangler (1:1)"),
        (
            "wrong-type.yml",
            "localisation.localisationReady: skal være true eller false, ikke en tekst (52:3)",
        ),
        ("bad-spdx.yml", 'legal.license: ukendt SPDX-licens "Foo" (41:3)'),
        (
            "bad-language.yml",
            'localisation.availableLanguages[1]: ugyldig sprogkode "dk" '
            "(BCP 47, fx da, en eller en-GB) (55:7)",
        ),
        (
            "bad-date.yml",
            'releaseDate: ugyldig dato "2023-02-29" (skal skrives ÅÅÅÅ-MM-DD) (7:1)',
        ),
        (
            "bad-url.yml",
            'landingURL: ugyldig webadresse "borgerbooking punkt dk" '
            "(skal begynde med https://) (5:1)",
        ),
        (
            "unsafe-tag.yml",
            'name: YAML-mærket "!!python/object/apply:os.system" er ikke tilladt; '
            "brug kun almindelige værdier (3:7)",
        ),
    ],
)
def test_each_kind_of_problem(name: str, expected: str) -> None:
    assert problems((FILES / name).read_text(encoding="utf-8")) == [expected]


def test_an_unsafe_tag_is_refused_before_anything_is_built(monkeypatch: Any) -> None:
    import os

    def must_not_run(*args: Any) -> int:
        raise AssertionError("the YAML ran code")

    monkeypatch.setattr(os, "system", must_not_run)
    parsed = parse_publiccode((FILES / "unsafe-tag.yml").read_text(encoding="utf-8"))
    assert parsed.data is None


def test_aliases_broken_yaml_duplicates_and_the_wrong_root() -> None:
    assert problems("a: &x [1, 2]\nb: *x\n") == [
        "YAML-aliaser (*navn) er ikke tilladt; skriv værdien ud (2:4)"
    ]
    assert problems("name: [ikke lukket\n") == [
        "ugyldig YAML: expected ',' or ']', but got '<stream end>' (2:1)"
    ]
    assert problems(valid_text().replace("name: Borgerbooking", "name: A\nname: B")) == [
        "name: nøglen står to gange (4:1)"
    ]
    assert problems("- en liste\n") == ["filen skal være en sektion af nøgler (1:1)"]
    assert problems("") == ["filen er tom (1:1)"]
    assert problems(b"name: \xff\n") == ["filen er ikke gemt som UTF-8 (1:1)"]  # type: ignore[arg-type]


def test_version_and_description_rules() -> None:
    text = valid_text().replace('publiccodeYmlVersion: "0.4"', 'publiccodeYmlVersion: "0.1"')
    assert problems(text) == [
        'publiccodeYmlVersion: ukendt version "0.1" (Spred læser 0.2, 0.3, 0.4) (1:1)'
    ]
    text = valid_text().replace('publiccodeYmlVersion: "0.4"', "publiccodeYmlVersion: 0.4")
    assert problems(text) == [
        'publiccodeYmlVersion: skal være en tekst i anførselstegn, fx "0.4" (1:1)'
    ]
    for older in ("0.2", "0.3"):
        assert problems(valid_text().replace('"0.4"', f'"{older}"')) == []
    short = valid_text().replace(
        "    shortDescription: Tidsbestilling", "    shortDescription: " + "x" * 140 + " Tids"
    )
    assert problems(short) == ["description.da.shortDescription: højst 150 tegn (er 201) (27:5)"]


def test_maintenance_rules() -> None:
    no_contacts = valid_text().replace(
        "  contacts:\n    - name: Ida Jensen\n      email: ida.jensen@eksempel.dk\n"
        "      affiliation: Eksempel Kommune\n",
        "",
    )
    assert problems(no_contacts) == ["maintenance.contacts: påkrævet nøgle mangler (44:1)"]
    contract = no_contacts.replace("  type: internal", "  type: contract")
    assert problems(contract) == ["maintenance.contractors: påkrævet nøgle mangler (44:1)"]
    with_contractor = contract.replace(
        "  type: contract\n",
        '  type: contract\n  contractors:\n    - name: Leverandør A/S\n      until: "2027-13-01"\n',
    )
    assert problems(with_contractor) == [
        'maintenance.contractors[0].until: ugyldig dato "2027-13-01" '
        "(skal skrives ÅÅÅÅ-MM-DD) (48:7)"
    ]
    assert problems(no_contacts.replace("  type: internal", "  type: none")) == []


def test_language_tags() -> None:
    for good in ("da", "en-GB", "sr-Latn", "zh-Hant-TW", "sl-IT-nedis", "de-CH-1996", "kl"):
        assert is_language_tag(good), good
    for bad in ("dk", "en_GB", "xx", "en-QQ", "", "english", "da-"):
        assert not is_language_tag(bad), bad


def test_yaml_12_scalars() -> None:
    # "no" is the Norwegian language code, not false, and a date stays text.
    text = valid_text().replace("    - en-GB", "    - no")
    assert problems(text) == []
    parsed = parse_publiccode(text)
    assert parsed.data is not None
    assert parsed.data["releaseDate"] == "2024-02-29"
    assert parsed.data["localisation"]["availableLanguages"] == ["da", "no"]


# --------------------------------------------------------------------------------------------
# Mapping to a solution


def test_mapping_of_the_standard_fields() -> None:
    parsed = parse_publiccode(valid_text())
    assert parsed.data is not None
    record = publiccode_record(parsed.data, organisation="751")
    assert record["title"] == "Borgerbooking"
    assert record["summary"].startswith("Tidsbestilling til borgerservice")
    assert record["description"].endswith(
        "Funktioner:\n- Tidsbestilling på nettet og i app\n- Påmindelser på sms\n"
        "- Oversigt over dagens aftaler"
    )
    assert record["maturity"] == "velafproevet"
    assert record["technologies"] == ["digital-selvbetjening"]
    assert record["policy_areas"] == ["borgerservice"]
    assert record["licence"] == "EUPL-1.2"
    assert record["source_url"] == "https://git.eksempel.dk/kommune/borgerbooking.git"
    assert record["website"] == "https://borgerbooking.eksempel.dk"
    assert record["organisation"] == "751"


@pytest.mark.parametrize(
    ("status", "maturity"),
    [
        ("concept", "ide"),
        ("development", "udvikling"),
        ("beta", "afproevning"),
        ("stable", "velafproevet"),
        ("obsolete", "udfaset"),
    ],
)
def test_development_status_maps_to_maturity(status: str, maturity: str) -> None:
    parsed = parse_publiccode(
        valid_text().replace("developmentStatus: stable", f"developmentStatus: {status}")
    )
    assert parsed.data is not None
    assert publiccode_record(parsed.data)["maturity"] == maturity


# --------------------------------------------------------------------------------------------
# The import command


@pytest.fixture
def importer(reference_data: Any) -> Any:
    return editor(email="redaktoer@eksempel.dk")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_publiccode", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_a_file(importer: Any) -> None:
    out = run(str(VALID), "--organisation", "751", "--as", importer.email)

    solution = Solution.objects.get()
    assert "valid-0.4.yml: borgerbooking (Kladde)" in out
    assert "1 løsning importeret." in out
    assert solution.status == Status.DRAFT
    assert solution.organisation.municipality_code == "751"
    assert solution.maturity == "velafproevet"
    assert list(solution.technologies.values_list("slug", flat=True)) == ["digital-selvbetjening"]
    assert solution.created_by == importer


@pytest.mark.django_db
def test_import_publishes_and_dry_runs(importer: Any) -> None:
    with unchanged(Solution, LogEntry):
        out = run(str(VALID), "--organisation", "751", "--as", importer.email, "--dry-run")
    assert "Prøvekørsel uden fejl" in out

    run(str(VALID), "--organisation", "751", "--as", importer.email, "--publish")
    assert Solution.objects.get().status == Status.PUBLISHED


@pytest.mark.django_db
def test_a_directory_is_all_or_nothing(importer: Any, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "c").mkdir(parents=True)
    shutil.copy(VALID, tmp_path / "a" / "publiccode.yml")
    shutil.copy(FILES / "bad-spdx.yml", tmp_path / "b" / "c" / "publiccode.yaml")
    shutil.copy(FILES / "bad-date.yml", tmp_path / "b" / "ignored.yml")  # not a publiccode name

    out = io.StringIO()
    with unchanged(Solution, LogEntry), pytest.raises(CommandError) as caught:
        call_command(
            "import_publiccode",
            str(tmp_path),
            "--organisation",
            "751",
            "--as",
            importer.email,
            stdout=out,
        )
    assert out.getvalue().splitlines() == [
        'b/c/publiccode.yaml: legal.license: ukendt SPDX-licens "Foo" (41:3)'
    ]
    assert str(caught.value) == "1 fil er ugyldig – intet er importeret."


@pytest.mark.django_db
def test_exit_code_and_output_from_the_command_line(
    importer: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command line closes the database connections when it ends; the test's connection
    # has to stay open (PostgreSQL would otherwise lose the test transaction).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with unchanged(Solution), pytest.raises(SystemExit) as caught:
        execute_from_command_line(
            [
                "manage.py",
                "import_publiccode",
                str(FILES / "unsafe-tag.yml"),
                "--organisation",
                "751",
                "--as",
                importer.email,
            ]
        )
    assert caught.value.code == 1
    captured = capsys.readouterr()
    assert 'unsafe-tag.yml: name: YAML-mærket "!!python/object/apply:os.system"' in captured.out
    assert "1 fil er ugyldig – intet er importeret." in captured.err


@pytest.mark.django_db
def test_the_organisation_is_required(importer: Any) -> None:
    out = io.StringIO()
    with unchanged(Solution), pytest.raises(CommandError):
        call_command("import_publiccode", str(VALID), "--as", importer.email, stdout=out)
    assert "organisationen mangler" in out.getvalue()
    with unchanged(Solution), pytest.raises(CommandError, match="Ukendt organisation"):
        run(str(VALID), "--organisation", "findes-ikke", "--as", importer.email)


@pytest.mark.django_db
def test_import_needs_an_editor(reference_data: Any) -> None:
    with pytest.raises(CommandError, match="--as"):
        run(str(VALID), "--organisation", "751")


# --------------------------------------------------------------------------------------------
# Export


@pytest.fixture
def solution(importer: Any) -> Solution:
    supplier = OrganisationFactory.create(
        name="Svarhjul Digital ApS", kind=OrganisationKind.COMPANY, cvr="25313763"
    )
    run(str(VALID), "--organisation", "751", "--as", importer.email, "--publish")
    found = Solution.objects.get()
    found.kle_code = "16.00"
    found.price_indication = "ca. 80.000 kr. om året"
    found.save()
    found.suppliers.add(supplier)
    found.policy_areas.add(*found.policy_areas.model.objects.filter(slug="administration"))
    return found


SOLUTION_FIELDS = (
    "name",
    "summary",
    "description",
    "maturity",
    "licence",
    "source_url",
    "website",
    "kle_code",
    "price_indication",
)


def _content(solution: Solution) -> dict[str, Any]:
    return {
        **{name: getattr(solution, name) for name in SOLUTION_FIELDS},
        "organisation": solution.organisation_id,
        "slug": solution.slug,
        "policy_areas": sorted(solution.policy_areas.values_list("slug", flat=True)),
        "technologies": sorted(solution.technologies.values_list("slug", flat=True)),
        "suppliers": sorted(solution.suppliers.values_list("pk", flat=True)),
    }


@pytest.mark.django_db
def test_export_validates_and_imports_back_to_the_same_solution(
    solution: Solution, importer: Any, tmp_path: Path
) -> None:
    before = _content(solution)
    target = tmp_path / "publiccode.yml"
    out = io.StringIO()
    call_command("export_publiccode", solution.slug, "-o", str(target), stdout=out)

    text = target.read_text(encoding="utf-8")
    assert validate_publiccode(text) == []
    assert yaml.safe_load(text)["publiccodeYmlVersion"] == "0.4"

    solution.delete()
    run(str(target), "--as", importer.email)  # the organisation comes from x-spred
    assert _content(Solution.objects.get()) == before


@pytest.mark.django_db
def test_export_of_a_sparse_solution_still_validates(reference_data: Any) -> None:
    sparse = SolutionFactory.create(
        name="Kort", summary="Kort.", description="", website="", licence="MIT"
    )
    text = dump_publiccode(solution_publiccode(sparse))
    assert validate_publiccode(text) == []


@pytest.mark.django_db
def test_export_needs_a_licence(reference_data: Any) -> None:
    unlicensed = SolutionFactory.create(licence="")
    with pytest.raises(CommandError, match="ingen licens"):
        call_command("export_publiccode", unlicensed.slug, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Ingen løsning"):
        call_command("export_publiccode", "findes-ikke", stdout=io.StringIO())


@pytest.mark.django_db
def test_export_to_the_screen(solution: Solution) -> None:
    out = io.StringIO()
    call_command("export_publiccode", solution.slug, stdout=out)
    assert validate_publiccode(out.getvalue()) == []


@pytest.mark.django_db
def test_download_for_whoever_may_see_the_solution(solution: Solution) -> None:
    url = f"/katalog/loesninger/{solution.slug}/publiccode.yml"
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert validate_publiccode(response.content.decode()) == []

    draft = SolutionFactory.create(licence="MIT")
    assert (
        client_for(None).get(f"/katalog/loesninger/{draft.slug}/publiccode.yml").status_code == 404
    )
    unlicensed = SolutionFactory.create(licence="", status=Status.PUBLISHED)
    assert (
        client_for(None).get(f"/katalog/loesninger/{unlicensed.slug}/publiccode.yml").status_code
        == 404
    )


@pytest.mark.django_db
def test_the_solution_page_links_the_file(solution: Solution) -> None:
    link = f'href="/katalog/loesninger/{solution.slug}/publiccode.yml"'
    assert link in client_for(None).get(solution.get_absolute_url()).content.decode()
    unlicensed = SolutionFactory.create(licence="", status=Status.PUBLISHED)
    page = client_for(None).get(unlicensed.get_absolute_url()).content.decode()
    assert "publiccode.yml" not in page
