"""load_reference: 5 regions, the 98 municipalities in the right regions, 24 ministries;
idempotent, and it puts back a value someone changed in the database."""

from __future__ import annotations

import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from spred.conftest import ReferenceData
from spred.core.testing import unchanged
from spred.organisations import reference
from spred.organisations.choices import OrganisationKind, Sector
from spred.organisations.models import Organisation, Region

pytestmark = pytest.mark.django_db

# The number of municipalities per region is a well-known fact, independent of the data file.
MUNICIPALITIES_PER_REGION = {
    "Region Nordjylland": 11,
    "Region Midtjylland": 19,
    "Region Syddanmark": 22,
    "Region Hovedstaden": 29,
    "Region Sjælland": 17,
}


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_everything() -> None:
    output = _run()
    assert Region.objects.count() == 5
    assert sorted(Region.objects.values_list("code", flat=True)) == [1081, 1082, 1083, 1084, 1085]
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {
        OrganisationKind.MUNICIPALITY: 98,
        OrganisationKind.REGION: 5,
        OrganisationKind.MINISTRY: 24,
    }
    assert "municipality: 98 created, 0 updated, 0 unchanged" in output
    assert "ministry: 24 created, 0 updated, 0 unchanged" in output
    assert "region: 5 created, 0 updated, 0 unchanged" in output
    assert "Reference data loaded" in output


@pytest.mark.parametrize(
    ("code", "name", "region_code"),
    [
        ("101", "Københavns Kommune", 1084),
        ("147", "Frederiksberg Kommune", 1084),
        ("400", "Bornholms Regionskommune", 1084),
        ("851", "Aalborg Kommune", 1081),
        ("751", "Aarhus Kommune", 1082),
        ("461", "Odense Kommune", 1083),
        ("492", "Ærø Kommune", 1083),
        ("259", "Køge Kommune", 1085),
        ("825", "Læsø Kommune", 1081),
    ],
)
def test_municipalities_have_their_dst_code_and_region(
    reference_data: ReferenceData, code: str, name: str, region_code: int
) -> None:
    municipality = Organisation.objects.get(municipality_code=code)
    assert municipality.name == name
    assert municipality.region is not None
    assert municipality.region.code == region_code
    assert municipality.kind == OrganisationKind.MUNICIPALITY
    assert municipality.sector == Sector.MUNICIPAL
    assert municipality.reference_key == f"municipality:{code}"


def test_every_region_has_its_known_number_of_municipalities(reference_data: ReferenceData) -> None:
    per_region = Counter(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).values_list(
            "region__name", flat=True
        )
    )
    assert per_region == MUNICIPALITIES_PER_REGION


def test_regions_are_also_organisations_in_their_own_region(reference_data: ReferenceData) -> None:
    for region in Region.objects.all():
        organisation = Organisation.objects.get(reference_key=f"region:{region.code}")
        assert organisation.kind == OrganisationKind.REGION
        assert organisation.region == region
        assert organisation.name == region.name


def test_ministries_are_state_organisations_without_region(reference_data: ReferenceData) -> None:
    ministries = Organisation.objects.filter(kind=OrganisationKind.MINISTRY)
    assert ministries.count() == 24
    assert set(ministries.values_list("sector", flat=True)) == {Sector.STATE}
    assert Organisation.objects.get(reference_key="ministry:STM").name == "Statsministeriet"


def test_a_second_run_reports_unchanged_and_changes_nothing(reference_data: ReferenceData) -> None:
    snapshot = {o.pk: (o.name, o.slug, o.updated_at) for o in Organisation.objects.all()}
    aarhus = Organisation.objects.get(municipality_code="751")
    with unchanged(Organisation, Region, aarhus):
        output = _run()
    assert "municipality: 0 created, 0 updated, 98 unchanged" in output
    assert "ministry: 0 created, 0 updated, 24 unchanged" in output
    assert "region: 0 created, 0 updated, 5 unchanged" in output
    assert "Reference data already up to date." in output
    assert {o.pk: (o.name, o.slug, o.updated_at) for o in Organisation.objects.all()} == snapshot


def test_a_changed_value_is_restored_and_reported(reference_data: ReferenceData) -> None:
    Organisation.objects.filter(municipality_code="101").update(
        population=1, name="Kbh", seat="Roskilde"
    )
    Region.objects.filter(code=1081).update(nuts="XX99")
    output = _run("--verbosity", "2")
    copenhagen = Organisation.objects.get(municipality_code="101")
    assert (copenhagen.name, copenhagen.population, copenhagen.seat) == (
        "Københavns Kommune",
        653664,
        "København",
    )
    assert copenhagen.search_text.startswith("københavns kommune")
    assert Region.objects.get(code=1081).nuts == "DK05"
    assert "municipality: 0 created, 1 updated, 97 unchanged" in output
    assert "region: 0 created, 1 updated, 4 unchanged" in output
    assert "~ Københavns Kommune: name, seat, population" in output
    assert "Reference data loaded: 2 changes." in output


def test_organisations_that_are_not_reference_data_are_left_alone(
    organisation: Organisation,
) -> None:
    with unchanged(organisation):
        reference.load_reference_data()


def test_a_bad_data_file_is_refused_as_a_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A municipality code that is not one of the 98 in the file stops the load; nothing is
    half-loaded."""
    for name in ("regions.csv", "municipalities.csv", "ministries.csv"):
        shutil.copy(reference.REFERENCE_DIR / name, tmp_path / name)
    municipalities = tmp_path / "municipalities.csv"
    lines = municipalities.read_text(encoding="utf-8").splitlines()
    lines.append("999,Atlantis,1084,Atlantis,1,2023,55.0,12.0")
    municipalities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(reference, "REFERENCE_DIR", tmp_path)
    with unchanged(Organisation, Region), pytest.raises(ValidationError) as caught:
        reference.load_reference_data()
    assert caught.value.message_dict["municipality_code"] == [
        "999 er ikke en af de 98 kommunekoder fra Danmarks Statistik."
    ]
