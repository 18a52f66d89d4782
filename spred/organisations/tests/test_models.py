"""Organisation invariants: sector from kind, what needs a code or a parent, DB constraints."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spred.organisations.choices import OrganisationKind, Sector
from spred.organisations.models import Membership, Organisation, Region
from spred.organisations.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PublicWorkplaceFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "sector"),
    [
        (OrganisationKind.REGION, Sector.REGIONAL),
        (OrganisationKind.MINISTRY, Sector.STATE),
        (OrganisationKind.STATE_AGENCY, Sector.STATE),
        (OrganisationKind.KNOWLEDGE_INSTITUTION, Sector.STATE),
        (OrganisationKind.COMPANY, Sector.PRIVATE),
        (OrganisationKind.CLUSTER, Sector.PRIVATE),
        (OrganisationKind.SOCIAL_ECONOMY, Sector.CIVIL_SOCIETY),
        (OrganisationKind.FOUNDATION, Sector.CIVIL_SOCIETY),
        (OrganisationKind.ASSOCIATION, Sector.CIVIL_SOCIETY),
    ],
)
def test_sector_follows_from_kind(kind: str, sector: str) -> None:
    organisation = OrganisationFactory.create(kind=kind, cvr=None)
    organisation.refresh_from_db()
    assert organisation.sector == sector


def test_every_kind_has_a_sector() -> None:
    # A new kind without a sector would crash on save; catch it here instead.
    for kind in OrganisationKind:
        if kind == OrganisationKind.MUNICIPALITY:
            organisation = MunicipalityFactory.build()
        elif kind == OrganisationKind.PUBLIC_WORKPLACE:
            organisation = PublicWorkplaceFactory.build(parent=MunicipalityFactory.create())
        else:
            organisation = OrganisationFactory.build(kind=kind)
        assert organisation.derive_sector() in Sector.values


def test_municipality_is_municipal() -> None:
    assert MunicipalityFactory.create().sector == Sector.MUNICIPAL


def test_a_public_workplace_belongs_to_its_parents_sector() -> None:
    region_org = OrganisationFactory.create(kind=OrganisationKind.REGION, cvr=None)
    ministry = OrganisationFactory.create(kind=OrganisationKind.MINISTRY, cvr=None)
    assert PublicWorkplaceFactory.create().sector == Sector.MUNICIPAL
    assert PublicWorkplaceFactory.create(parent=region_org).sector == Sector.REGIONAL
    assert PublicWorkplaceFactory.create(parent=ministry).sector == Sector.STATE


def test_search_text_is_the_casefolded_name_and_short_name() -> None:
    organisation = OrganisationFactory.create(name="Ærø Kommune Test", short_name="ÆKT")
    organisation.refresh_from_db()
    assert organisation.search_text == "ærø kommune test ækt"


def _clean_errors(organisation: Organisation) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    return caught.value.message_dict


def test_a_municipality_needs_its_code() -> None:
    organisation = OrganisationFactory.build(
        kind=OrganisationKind.MUNICIPALITY, cvr=None, region=RegionFactory.create()
    )
    assert (
        "En kommune skal have en kommunekode." in _clean_errors(organisation)["municipality_code"]
    )


def test_only_a_municipality_has_a_municipality_code() -> None:
    organisation = OrganisationFactory.build(municipality_code="101", region=RegionFactory.create())
    assert "Kun kommuner har en kommunekode." in _clean_errors(organisation)["municipality_code"]


def test_an_unknown_municipality_code_is_refused_and_nothing_is_saved() -> None:
    before = Organisation.objects.count()
    organisation = MunicipalityFactory.build(municipality_code="999", region=RegionFactory.create())
    errors = _clean_errors(organisation)
    assert errors["municipality_code"] == [
        "999 er ikke en af de 98 kommunekoder fra Danmarks Statistik."
    ]
    assert Organisation.objects.count() == before


def test_a_public_workplace_needs_a_public_parent() -> None:
    orphan = PublicWorkplaceFactory.build(parent=None, region=RegionFactory.create())
    assert "parent" in _clean_errors(orphan)
    company = OrganisationFactory.create()
    under_company = PublicWorkplaceFactory.build(parent=company, region=company.region)
    assert _clean_errors(under_company)["parent"] == [
        "En offentlig arbejdsplads skal høre under en offentlig organisation."
    ]


def test_an_organisation_cannot_be_its_own_parent() -> None:
    workplace = PublicWorkplaceFactory.create()
    workplace.parent = workplace
    assert _clean_errors(workplace)["parent"] == ["En organisation kan ikke høre under sig selv."]


def test_unknown_region_code_is_refused_with_a_danish_message() -> None:
    before = Region.objects.count()
    region = Region(code=1090, name="Region Bornholm", slug="region-bornholm")
    assert _region_errors(region)["code"] == ["Regionskoden skal være en af 1081–1085."]
    assert Region.objects.count() == before


def _region_errors(region: Region) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        region.full_clean()
    return caught.value.message_dict


def test_database_refuses_a_region_code_outside_1081_to_1085() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code=1090, name="Region X", slug="region-x")


def test_database_refuses_a_municipality_without_code() -> None:
    # save() bypasses clean(); the check constraint is the last line of defence.
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory.create(kind=OrganisationKind.MUNICIPALITY, cvr=None)


def test_database_refuses_a_code_on_a_non_municipality() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory.create(municipality_code="101")


def test_cvr_and_municipality_code_are_unique_in_the_database() -> None:
    first = OrganisationFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory.create(cvr=first.cvr)
    MunicipalityFactory.create(municipality_code="751")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Aarhus igen",
            slug="aarhus-igen",
            kind=OrganisationKind.MUNICIPALITY,
            municipality_code="751",
        )


def test_one_membership_per_user_and_organisation() -> None:
    membership = MembershipFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, organisation=membership.organisation)


def test_organisations_are_ordered_by_name_and_link_to_their_page() -> None:
    OrganisationFactory.create(name="Østjysk Innovation", slug="oestjysk")
    OrganisationFactory.create(name="Aabenraa Analyse", slug="aabenraa-analyse")
    names = list(Organisation.objects.values_list("name", flat=True))
    assert names == sorted(names)
    assert Organisation.objects.get(slug="oestjysk").get_absolute_url() == (
        "/organisationer/oestjysk/"
    )


def test_str_and_public_flag() -> None:
    workplace = PublicWorkplaceFactory.create(name="Plejecenter Egebakken")
    assert str(workplace) == "Plejecenter Egebakken"
    assert workplace.is_public
    assert not OrganisationFactory.create().is_public
    membership = MembershipFactory.create(user__name="Mikkel", organisation=workplace)
    assert str(membership) == "Mikkel – Plejecenter Egebakken (Medlem)"
    assert membership.is_active
