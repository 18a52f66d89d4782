"""Danish identifiers: CVR numbers, EAN/GLN location numbers, municipality codes, slugs."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from stdnum import ean as stdnum_ean
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)

REFERENCE_DIR = Path(__file__).resolve().parent / "data"

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    """ASCII slug that spells æ/ø/å out instead of dropping them (København → koebenhavn)."""
    return slugify(text.translate(_DANISH_LETTERS))


# The three characters after "z" in ASCII stand in for æ, ø, å, so a plain byte-wise comparison
# (SQLite, PostgreSQL's C collation) puts them last and in the Danish order.
_DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def danish_sort_key(text: str) -> str:
    return text.casefold().translate(_DANISH_ORDER)[:200]


def normalise_cvr(value: str) -> str:
    return stdnum_cvr.compact(value or "")


def validate_cvr(value: str) -> None:
    try:
        stdnum_cvr.validate(value)
    except InvalidLength as exc:
        raise ValidationError(_("Et CVR-nummer har 8 cifre."), code="cvr_length") from exc
    except InvalidFormat as exc:
        raise ValidationError(
            _("Et CVR-nummer består kun af cifre og kan ikke begynde med 0."), code="cvr_format"
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            _("CVR-nummeret er ikke gyldigt (kontrolcifferet passer ikke)."), code="cvr_checksum"
        ) from exc
    except StdnumError as exc:
        raise ValidationError(_("CVR-nummeret er ikke gyldigt."), code="cvr_invalid") from exc


def normalise_ean(value: str) -> str:
    return stdnum_ean.compact(value or "")


def validate_ean(value: str) -> None:
    if len(value) != 13:
        raise ValidationError(_("Et EAN-/GLN-lokationsnummer har 13 cifre."), code="ean_length")
    try:
        stdnum_ean.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("EAN-/GLN-nummeret er ikke gyldigt (kontrolcifferet passer ikke)."),
            code="ean_checksum",
        ) from exc


@cache
def municipality_codes() -> frozenset[str]:
    """The 98 municipality codes from the reference data shipped with Spred."""
    with (REFERENCE_DIR / "municipalities.csv").open(encoding="utf-8") as handle:
        return frozenset(row["code"].zfill(3) for row in csv.DictReader(handle))


def validate_municipality_code(value: str) -> None:
    if not (len(value) == 3 and value.isdigit()):
        raise ValidationError(
            _("En kommunekode har tre cifre, fx 101 for København."), code="municipality_format"
        )
    if value not in municipality_codes():
        raise ValidationError(
            _("%(code)s er ikke en af de 98 kommunekoder fra Danmarks Statistik.")
            % {"code": value},
            code="municipality_unknown",
        )


REGION_CODES = frozenset({1081, 1082, 1083, 1084, 1085})


def validate_region_code(value: int) -> None:
    if value not in REGION_CODES:
        raise ValidationError(_("Regionskoden skal være en af 1081–1085."), code="region_unknown")
