"""CVR, EAN/GLN and municipality codes: valid ones pass, bad ones get a clear Danish message."""

from __future__ import annotations

import csv

import pytest
from django.core.exceptions import ValidationError

from spred.organisations.identifiers import (
    REFERENCE_DIR,
    danish_slugify,
    municipality_codes,
    normalise_cvr,
    validate_cvr,
    validate_ean,
    validate_municipality_code,
    validate_region_code,
)
from spred.organisations.tests.factories import (
    cvr_checksum_ok,
    invalid_checksum_cvr,
    valid_cvr,
)

# Real CVR numbers of public bodies (Københavns Kommune, Aarhus Kommune, Digitaliseringsstyrelsen).
REAL_CVRS = ["64942212", "55133018", "34051178"]


def _gln_check_digit(twelve: str) -> str:
    """GS1 check digit, written out independently of python-stdnum."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return str((10 - total % 10) % 10)


@pytest.mark.parametrize("cvr", REAL_CVRS)
def test_real_cvr_numbers_are_valid(cvr: str) -> None:
    assert cvr_checksum_ok(cvr)  # our own oracle agrees with the published numbers
    validate_cvr(cvr)


def test_generated_cvr_numbers_are_valid_and_distinct() -> None:
    numbers = [valid_cvr(n) for n in range(300)]
    assert len(set(numbers)) == 300
    for number in numbers:
        validate_cvr(number)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("1234567", "cvr_length", "Et CVR-nummer har 8 cifre."),
        ("123456789", "cvr_length", "Et CVR-nummer har 8 cifre."),
        ("1234567A", "cvr_format", "består kun af cifre"),
        ("ABCDEFGH", "cvr_format", "består kun af cifre"),
        ("04942212", "cvr_format", "kan ikke begynde med 0"),
        (invalid_checksum_cvr(), "cvr_checksum", "kontrolcifferet passer ikke"),
        ("64942213", "cvr_checksum", "kontrolcifferet passer ikke"),
    ],
)
def test_malformed_cvr_gets_a_danish_message(value: str, code: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_cvr(value)
    assert caught.value.code == code
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "compact"), [("64 94 22 12", "64942212"), ("DK64942212", "64942212"), ("", "")]
)
def test_cvr_is_normalised_before_validation(raw: str, compact: str) -> None:
    assert normalise_cvr(raw) == compact


def test_valid_gln_passes_and_a_wrong_check_digit_is_refused() -> None:
    body = "579800000123"
    good = body + _gln_check_digit(body)
    validate_ean(good)
    bad = body + str((int(_gln_check_digit(body)) + 1) % 10)
    with pytest.raises(ValidationError, match="kontrolcifferet passer ikke"):
        validate_ean(bad)


@pytest.mark.parametrize("value", ["57980000012", "57980000012345", "4006381333931"[:8]])
def test_ean_of_wrong_length_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="13 cifre"):
        validate_ean(value)


def test_there_are_98_municipality_codes_matching_the_data_file() -> None:
    codes = municipality_codes()
    assert len(codes) == 98
    with (REFERENCE_DIR / "municipalities.csv").open(encoding="utf-8") as handle:
        assert codes == {row["code"].zfill(3) for row in csv.DictReader(handle)}
    assert {"101", "147", "751", "851", "492", "825", "400"} <= codes


@pytest.mark.parametrize("code", ["101", "751", "851", "492"])
def test_real_municipality_codes_pass(code: str) -> None:
    validate_municipality_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "999",  # three digits, but not a municipality
        "100",
        "171",  # unused, between Høje-Taastrup (169) and Lyngby-Taarbæk (173)
        "411",  # Christiansø is not a municipality
    ],
)
def test_a_code_that_is_not_one_of_the_98_is_refused(code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_municipality_code(code)
    assert caught.value.code == "municipality_unknown"
    assert caught.value.messages == [
        f"{code} er ikke en af de 98 kommunekoder fra Danmarks Statistik."
    ]


@pytest.mark.parametrize("code", ["1O1", "10", "0101", "abc", ""])
def test_a_municipality_code_must_be_three_digits(code: str) -> None:
    with pytest.raises(ValidationError, match="tre cifre"):
        validate_municipality_code(code)


def test_region_codes_are_1081_to_1085() -> None:
    for code in range(1081, 1086):
        validate_region_code(code)
    for code in (1080, 1086, 84, 0):
        with pytest.raises(ValidationError, match="1081–1085"):
            validate_region_code(code)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("København", "koebenhavn"),
        ("Ærø Kommune", "aeroe-kommune"),
        ("Høje-Taastrup", "hoeje-taastrup"),
        ("Lysbro Velfærdsteknologi ApS", "lysbro-velfaerdsteknologi-aps"),
        ("Århus", "aarhus"),
    ],
)
def test_danish_slugs_spell_out_the_special_letters(text: str, slug: str) -> None:
    assert danish_slugify(text) == slug
