"""Finding an organisation from the reference a file or an API body gives for it.

Imports and API writes name organisations the way people know them: a DST municipality code
("751"), a region code ("1081"–"1085"), a CVR number (8 digits) or the organisation's slug on
Spred. The register of organisations is public, so the lookup needs no user to scope by.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from spred.organisations.models import Organisation

_MUNICIPALITY = re.compile(r"^\d{3}$")
_REGION = re.compile(r"^108[1-5]$")
_CVR = re.compile(r"^\d{8}$")


class OrganisationResolver:
    """Organisation references of the format: a DST municipality code ("751"), a region code
    ("1081"–"1085"), a CVR number (8 digits) or an organisation's slug. Answers are cached for
    the run, so a file that names Aarhus a thousand times asks once."""

    def __init__(self) -> None:
        self._cache: dict[str, Organisation | None] = {}

    @staticmethod
    def normalise(ref: Any) -> str | None:
        if isinstance(ref, bool):
            return None
        if isinstance(ref, int):
            ref = str(ref)
        if not isinstance(ref, str):
            return None
        return ref.strip()

    def resolve(self, ref: str) -> Organisation | None:
        if ref not in self._cache:
            self._cache[ref] = self._lookup(ref)
        return self._cache[ref]

    @staticmethod
    def _lookup(ref: str) -> Organisation | None:
        qs = Organisation.objects.all()
        if _MUNICIPALITY.match(ref):
            return qs.filter(municipality_code=ref).first()
        if _REGION.match(ref):
            return qs.filter(reference_key=f"region:{ref}").first()
        if _CVR.match(ref):
            return qs.filter(cvr=ref).first()
        return qs.filter(slug=ref).first()


def unknown_organisation(ref: str) -> str:
    return _(
        'Ukendt organisation "%(ref)s". Brug en kommunekode (fx 751), en regionskode '
        "(1081–1085), et CVR-nummer eller organisationens kortnavn fra Spred."
    ) % {"ref": ref[:80]}
