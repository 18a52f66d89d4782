"""Reads: filters and search on the organisation list, and memberships seen only by who may."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from spred.accounts.models import User
from spred.conftest import ReferenceData
from spred.core.testing import assert_queries_do_not_grow
from spred.organisations import selectors
from spred.organisations.choices import MembershipStatus, OrganisationKind, Sector
from spred.organisations.models import Organisation
from spred.organisations.selectors import OrganisationFilter
from spred.organisations.tests.factories import (
    MembershipFactory,
    MembershipRequestFactory,
    OrganisationFactory,
    PublicWorkplaceFactory,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def _names(filters: OrganisationFilter) -> list[str]:
    return list(
        selectors.organisation_list(user=ANONYMOUS, filters=filters).values_list("name", flat=True)
    )


def test_kind_filter(reference_data: ReferenceData) -> None:
    assert len(_names(OrganisationFilter(kind=OrganisationKind.MUNICIPALITY))) == 98
    assert len(_names(OrganisationFilter(kind=OrganisationKind.REGION))) == 5
    assert len(_names(OrganisationFilter(kind=OrganisationKind.MINISTRY))) == 24


def test_sector_filter(reference_data: ReferenceData) -> None:
    PublicWorkplaceFactory.create(
        name="Plejecenter Egebakken", parent=reference_data.municipality("751")
    )
    OrganisationFactory.create(name="Lysbro ApS")
    municipal = _names(OrganisationFilter(sector=Sector.MUNICIPAL))
    assert len(municipal) == 99
    assert "Plejecenter Egebakken" in municipal
    assert _names(OrganisationFilter(sector=Sector.PRIVATE)) == ["Lysbro ApS"]
    assert len(_names(OrganisationFilter(sector=Sector.STATE))) == 24


def test_region_filter_uses_the_region_code(reference_data: ReferenceData) -> None:
    nordjylland = _names(OrganisationFilter(kind=OrganisationKind.MUNICIPALITY, region=1081))
    assert len(nordjylland) == 11
    assert "Aalborg Kommune" in nordjylland
    assert "Aarhus Kommune" not in nordjylland
    assert _names(OrganisationFilter(region=1099)) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ærø", ["Ærø Kommune"]),
        ("ÆRØ", ["Ærø Kommune"]),
        ("Ærø kommune", ["Ærø Kommune"]),
        ("  æRø   KOMMUNE ", ["Ærø Kommune"]),
        ("KØBENHAVN", ["Københavns Kommune"]),
        ("høje-taastrup", ["Høje-Taastrup Kommune"]),
        ("aalborg", ["Aalborg Kommune"]),
        ("findes ikke", []),
    ],
)
def test_name_search_ignores_case_including_danish_letters(
    reference_data: ReferenceData, query: str, expected: list[str]
) -> None:
    assert _names(OrganisationFilter(q=query)) == expected


def test_search_survives_a_nul_character(reference_data: ReferenceData) -> None:
    assert _names(OrganisationFilter(q="ærø\x00")) == ["Ærø Kommune"]


def test_search_also_finds_the_abbreviation(reference_data: ReferenceData) -> None:
    assert _names(OrganisationFilter(q="stm")) == ["Statsministeriet"]


def test_filters_combine(reference_data: ReferenceData) -> None:
    found = _names(
        OrganisationFilter(kind=OrganisationKind.MUNICIPALITY, region=1084, q="frederiks")
    )
    assert found == ["Frederiksberg Kommune", "Frederikssund Kommune"]


def test_the_list_fetches_region_and_parent_without_a_query_per_row(
    reference_data: ReferenceData,
) -> None:
    aarhus = reference_data.municipality("751")

    def render_rows() -> None:
        for organisation in selectors.organisation_list(user=ANONYMOUS):
            str(organisation.region)
            str(organisation.parent)

    def add_rows() -> None:
        for n in range(5):
            PublicWorkplaceFactory.create(name=f"Skole {n}", parent=aarhus)

    assert assert_queries_do_not_grow(render_rows, add_rows) == 1


def test_detail_by_slug_or_404(organisation: Organisation) -> None:
    assert selectors.organisation_detail(user=ANONYMOUS, slug="lysbro") == organisation
    with pytest.raises(Http404):
        selectors.organisation_detail(user=ANONYMOUS, slug="findes-ikke")


def test_children_are_the_workplaces_under_an_organisation(
    reference_data: ReferenceData,
) -> None:
    aarhus = reference_data.municipality("751")
    nursing_home = PublicWorkplaceFactory.create(name="Plejecenter Egebakken", parent=aarhus)
    PublicWorkplaceFactory.create(parent=reference_data.municipality("101"))
    assert list(selectors.organisation_children(user=ANONYMOUS, organisation=aarhus)) == [
        nursing_home
    ]


def test_sector_counts_cover_every_sector(reference_data: ReferenceData) -> None:
    counts = {row["sector"]: row["count"] for row in selectors.sector_counts(user=ANONYMOUS)}
    assert counts == {
        Sector.STATE: 24,
        Sector.REGIONAL: 5,
        Sector.MUNICIPAL: 98,
        Sector.PRIVATE: 0,
        Sector.CIVIL_SOCIETY: 0,
    }


def test_regions_in_code_order(reference_data: ReferenceData) -> None:
    codes = [r.code for r in selectors.region_list(user=ANONYMOUS)]
    assert codes == [1081, 1082, 1083, 1084, 1085]


def test_members_are_listed_only_for_who_may_manage_them(
    organisation: Organisation, org_admin: User, org_member: User, other_org_admin: User
) -> None:
    for user in (ANONYMOUS, org_member, other_org_admin):
        assert not selectors.organisation_members(user=user, organisation=organisation).exists()
    members = selectors.organisation_members(user=org_admin, organisation=organisation)
    assert {m.user for m in members} == {org_admin, org_member}


def test_pending_requests_are_scoped_to_organisations_one_administers(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    other_organisation: Organisation,
    other_org_admin: User,
    platform_admin_user: User,
) -> None:
    mine = MembershipRequestFactory.create(organisation=organisation)
    theirs = MembershipRequestFactory.create(organisation=other_organisation)
    assert list(selectors.pending_requests_for(user=org_admin)) == [mine]
    assert list(selectors.pending_requests_for(user=other_org_admin)) == [theirs]
    assert set(selectors.pending_requests_for(user=platform_admin_user)) == {mine, theirs}
    assert list(selectors.pending_requests_for(user=org_member)) == []
    # A requester sees their own membership, but it is not theirs to decide.
    assert list(selectors.pending_requests_for(user=mine.user)) == []
    assert list(selectors.pending_requests_for(user=ANONYMOUS)) == []


def test_memberships_of_lists_only_the_users_own(
    organisation: Organisation, org_admin: User, org_member: User
) -> None:
    MembershipRequestFactory.create(organisation=organisation)
    own = list(selectors.memberships_of(user=org_member))
    assert [(m.organisation, m.status) for m in own] == [(organisation, MembershipStatus.ACTIVE)]
    assert list(selectors.memberships_of(user=ANONYMOUS)) == []


def test_membership_for_decision_is_404_outside_scope(
    organisation: Organisation, org_admin: User, other_org_admin: User, org_member: User
) -> None:
    request = MembershipRequestFactory.create(organisation=organisation)
    assert selectors.membership_for_decision(user=org_admin, pk=request.pk) == request
    for user in (other_org_admin, org_member, ANONYMOUS):
        with pytest.raises(Http404):
            selectors.membership_for_decision(user=user, pk=request.pk)


def test_a_leaver_no_longer_counts(organisation: Organisation, org_admin: User) -> None:
    rejected = MembershipFactory.create(organisation=organisation, status=MembershipStatus.REJECTED)
    members = selectors.organisation_members(user=org_admin, organisation=organisation)
    # Rejected requests stay visible to the admin (with their status), for the record.
    assert rejected in members


def test_the_list_sorts_the_danish_way_whatever_the_case(db: None) -> None:
    from spred.organisations.choices import OrganisationKind
    from spred.organisations.tests.factories import OrganisationFactory

    for name in (
        "Åby Forening",
        "aabenraa Forening",
        "Ølstykke Forening",
        "Zealand Forening",
        "Ærø Forening",
        "API Forening",
    ):
        OrganisationFactory.create(name=name, kind=OrganisationKind.ASSOCIATION)
    names = list(
        selectors.organisation_list(
            user=AnonymousUser(),
            filters=selectors.OrganisationFilter(kind=OrganisationKind.ASSOCIATION),
        ).values_list("name", flat=True)
    )
    assert names == [
        "aabenraa Forening",
        "API Forening",
        "Zealand Forening",
        "Ærø Forening",
        "Ølstykke Forening",
        "Åby Forening",
    ]
