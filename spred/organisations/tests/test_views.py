"""Organisation pages: who gets what, filters and search, htmx fragments, bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from spred.accounts.models import User
from spred.conftest import ReferenceData
from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    Redirect,
    ViewAccess,
    assert_access,
    assert_queries_do_not_grow,
    max_queries,
    public,
    scoped,
    signed_in,
    unchanged,
)
from spred.organisations.choices import MembershipRole, MembershipStatus, OrganisationKind
from spred.organisations.models import Membership, Organisation
from spred.organisations.tests.factories import (
    AdminMembershipFactory,
    MembershipFactory,
    OrganisationFactory,
    PublicWorkplaceFactory,
    invalid_checksum_cvr,
    valid_cvr,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/organisationer/"


def _url(name: str) -> Callable[[AccessWorld], str]:
    return lambda world: reverse(f"organisations:{name}", args=[world["organisation"].slug])


def _edit_data(world: AccessWorld) -> dict[str, Any]:
    organisation = world["organisation"]
    return {
        "name": "Lysbro Nyt Navn ApS",
        "short_name": "",
        "website": "lysbro.example",
        "cvr": organisation.cvr,
        "ean": "",
        "employees": "12",
        "region": organisation.region_id,
    }


def _only_the_permitted_renamed(audience: Audience, response: Any, world: AccessWorld) -> None:
    stored = Organisation.objects.get(pk=world["organisation"].pk)
    if audience is Audience.PERMITTED:
        assert stored.name == "Lysbro Nyt Navn ApS"
        assert stored.website == "https://lysbro.example"
    else:
        assert stored.name == world["organisation"].name


def _requests_from_newcomers_only(audience: Audience, response: Any, world: AccessWorld) -> None:
    organisation = world["organisation"]
    pending = Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.REQUESTED
    )
    if audience is Audience.OTHER_ORGANISATION:
        # Not yet a member here: the request is made.
        assert pending.get().user == world.users[audience]
    else:
        assert not pending.exists()


def _member_url(name: str) -> Callable[[AccessWorld], str]:
    """A page about the plain member's membership of the organisation."""

    def url(world: AccessWorld) -> str:
        organisation = world["organisation"]
        member = world.users[Audience.NO_PERMISSION]
        membership = Membership.objects.get(user=member, organisation=organisation)
        return reverse(f"organisations:{name}", args=[organisation.slug, membership.pk])

    return url


def _only_the_permitted_promoted(audience: Audience, response: Any, world: AccessWorld) -> None:
    member = world.users[Audience.NO_PERMISSION]
    role = Membership.objects.get(user=member, organisation=world["organisation"]).role
    assert role == ("editor" if audience is Audience.PERMITTED else "member")


ACCESS = [
    public("list", LIST_URL),
    public("detail", lambda w: w["organisation"].get_absolute_url()),
    signed_in("register form", "/organisationer/registrer/"),
    scoped("edit form", _url("edit")),
    scoped(
        "edit (save)",
        _url("edit"),
        Redirect("/organisationer/lysbro/"),
        method="post",
        data=_edit_data,
        check=_only_the_permitted_renamed,
    ),
    scoped("members", _url("members")),
    scoped("remove member (confirm)", _member_url("remove_member")),
    scoped(
        "change role",
        _member_url("change_role"),
        Redirect("/organisationer/lysbro/medlemmer/"),
        method="post",
        data={"role": "editor"},
        check=_only_the_permitted_promoted,
    ),
    ViewAccess(
        "request membership",
        _url("request_membership"),
        {
            Audience.ANONYMOUS: LOGIN,
            # Members are told they already are one; the newcomer's request is made.
            Audience.NO_PERMISSION: Redirect("/organisationer/lysbro/"),
            Audience.OTHER_ORGANISATION: Redirect("/organisationer/lysbro/"),
            Audience.PERMITTED: Redirect("/organisationer/lysbro/"),
        },
        method="post",
        data={"message": "Jeg arbejder her."},
        check=_requests_from_newcomers_only,
    ),
    signed_in("request membership by GET", _url("request_membership"), status=405),
]


@pytest.mark.parametrize("case", ACCESS, ids=str)
def test_access(case: ViewAccess, access_world: AccessWorld) -> None:
    assert_access(case, access_world)


def test_the_matrix_fails_when_a_cell_is_wrong(access_world: AccessWorld) -> None:
    # The edit page must not be open to a plain member; claim it is and see the check object.
    wrong = scoped("edit form", _url("edit"), no_permission=200)
    with pytest.raises(AssertionError, match="signed in, no permission: expected 200, got 404"):
        assert_access(wrong, access_world)


def test_reference_organisations_cannot_be_edited_by_their_own_admin(
    reference_data: ReferenceData, client_for: Callable[[Any], Client]
) -> None:
    aarhus = reference_data.municipality("751")
    admin = AdminMembershipFactory.create(organisation=aarhus).user
    client = client_for(admin)
    assert client.get(f"/organisationer/{aarhus.slug}/rediger/").status_code == 404
    assert client.get(f"/organisationer/{aarhus.slug}/medlemmer/").status_code == 200


def test_platform_admin_may_edit_any_organisation(
    organisation: Organisation,
    platform_admin_user: User,
    client_for: Callable[[Any], Client],
) -> None:
    response = client_for(platform_admin_user).get("/organisationer/lysbro/rediger/")
    assert response.status_code == 200


# --------------------------------------------------------------------------------------------
# The list: filters, search, pagination, htmx


def _result_names(response: Any) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


@pytest.fixture
def reference_client(reference_data: ReferenceData) -> Client:
    return Client()


def test_list_filters_by_kind(reference_client: Client) -> None:
    response = reference_client.get(LIST_URL, {"kind": "ministry"})
    assert response.context["page"].paginator.count == 24
    assert "24 organisationer" in response.content.decode()


def test_list_filters_by_sector(reference_client: Client) -> None:
    response = reference_client.get(LIST_URL, {"sector": "regional"})
    assert _result_names(response) == [
        "Region Hovedstaden",
        "Region Midtjylland",
        "Region Nordjylland",
        "Region Sjælland",
        "Region Syddanmark",
    ]


def test_list_filters_by_region_code(reference_client: Client) -> None:
    response = reference_client.get(LIST_URL, {"region": "1081", "kind": "municipality"})
    assert response.context["page"].paginator.count == 11
    assert "Aalborg Kommune" in _result_names(response)


@pytest.mark.parametrize("query", ["ærø", "ÆRØ", "Ærø", "ærø kommune"])
def test_search_ignores_case_including_danish_letters(reference_client: Client, query: str) -> None:
    response = reference_client.get(LIST_URL, {"q": query})
    assert _result_names(response) == ["Ærø Kommune"]


def test_search_combines_with_filters(reference_client: Client) -> None:
    response = reference_client.get(
        LIST_URL, {"q": "frederiks", "kind": "municipality", "region": "1084"}
    )
    assert _result_names(response) == ["Frederiksberg Kommune", "Frederikssund Kommune"]


def test_empty_result_shows_a_helpful_message(reference_client: Client) -> None:
    response = reference_client.get(LIST_URL, {"q": "findes slet ikke"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "0 organisationer" in body
    assert "Ingen organisationer passer til søgningen" in body
    assert "<table" not in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region", "9999", "Ukendt region. Vælg en af de fem regioner på listen."),
        ("region", "abc", "Ukendt region. Vælg en af de fem regioner på listen."),
        ("kind", "rumstation", "Ukendt type. Vælg en af typerne på listen."),
        ("sector", "militaer", "Ukendt sektor. Vælg en af sektorerne på listen."),
    ],
)
def test_an_unknown_filter_value_gets_a_danish_message(
    reference_client: Client, field: str, value: str, message: str
) -> None:
    response = reference_client.get(LIST_URL, {field: value, "q": "aarhus"})
    assert response.status_code == 200
    assert message in response.content.decode()
    # The valid part of the search still applies.
    assert _result_names(response) == ["Aarhus Kommune"]


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("0", 6), ("-3", 6), ("9999", 6)])
def test_junk_page_numbers_fall_back_to_a_real_page(
    reference_client: Client, page: str, shown: int
) -> None:
    response = reference_client.get(LIST_URL, {"side": page})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert f"Side {shown} af 6" in response.content.decode()


def test_pagination_keeps_the_filters(reference_client: Client) -> None:
    response = reference_client.get(LIST_URL, {"kind": "municipality", "side": "2"})
    body = response.content.decode()
    assert "Side 2 af 4" in body
    assert "?kind=municipality&amp;side=3" in body
    assert "?kind=municipality&amp;side=1" in body


def test_htmx_request_gets_only_the_results_fragment(reference_client: Client) -> None:
    response = reference_client.get(LIST_URL, {"q": "ærø"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="organisation-results"')
    assert "Ærø Kommune" in body
    assert "<html" not in body
    assert "<header" not in body
    assert 'role="search"' not in body


def test_full_page_has_the_filter_form_and_the_results(reference_client: Client) -> None:
    body = reference_client.get(LIST_URL, {"q": "ærø"}).content.decode()
    assert "<html" in body
    assert 'role="search"' in body
    assert 'id="organisation-results"' in body


def test_list_query_count_does_not_grow_with_rows(reference_data: ReferenceData) -> None:
    client = Client()
    aarhus = reference_data.municipality("751")

    def fetch() -> None:
        assert client.get(LIST_URL, {"q": "plejecenter"}).status_code == 200

    def add_rows() -> None:
        for n in range(10):
            PublicWorkplaceFactory.create(name=f"Plejecenter {n}", parent=aarhus)

    PublicWorkplaceFactory.create(name="Plejecenter Egebakken", parent=aarhus)
    # Regions for the filter, the count, the page of rows (with region and parent joined).
    assert assert_queries_do_not_grow(fetch, add_rows) <= 3


def test_list_query_budget_when_signed_in(
    reference_data: ReferenceData, user: User, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(user)
    client.get(LIST_URL)
    # Two more than anonymous: the session and the user.
    with max_queries(5):
        assert client.get(LIST_URL).status_code == 200


# --------------------------------------------------------------------------------------------
# Detail


def test_unknown_slug_is_a_danish_404(client: Client, organisation: Organisation) -> None:
    response = client.get("/organisationer/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_detail_shows_facts_and_workplaces(reference_data: ReferenceData, client: Client) -> None:
    aarhus = reference_data.municipality("751")
    PublicWorkplaceFactory.create(name="Plejecenter Egebakken", parent=aarhus)
    body = client.get(aarhus.get_absolute_url()).content.decode()
    assert "Aarhus Kommune" in body
    assert "751" in body
    assert "Region Midtjylland" in body
    assert "Plejecenter Egebakken" in body
    assert "for at blive medlem af organisationen" in body  # anonymous: log in to join


def test_detail_offers_actions_by_role(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    outsider: User,
    client_for: Callable[[Any], Client],
) -> None:
    edit = "/organisationer/lysbro/rediger/"
    members = "/organisationer/lysbro/medlemmer/"
    join = "/organisationer/lysbro/bliv-medlem/"
    admin_page = client_for(org_admin).get("/organisationer/lysbro/").content.decode()
    assert edit in admin_page
    assert members in admin_page
    assert join not in admin_page
    member_page = client_for(org_member).get("/organisationer/lysbro/").content.decode()
    assert edit not in member_page
    assert members not in member_page
    assert join not in member_page
    assert "Se dine medlemskaber" in member_page
    outsider_page = client_for(outsider).get("/organisationer/lysbro/").content.decode()
    assert join in outsider_page
    assert edit not in outsider_page


def test_detail_query_budget(
    reference_data: ReferenceData, org_admin: User, client_for: Callable[[Any], Client]
) -> None:
    aarhus = reference_data.municipality("751")
    for n in range(5):
        PublicWorkplaceFactory.create(name=f"Skole {n}", parent=aarhus)
    with max_queries(3):
        assert Client().get(aarhus.get_absolute_url()).status_code == 200
    client = client_for(org_admin)
    client.get(aarhus.get_absolute_url())
    # 8: a signed-in non-member also costs the look-up of a pending join request of theirs.
    with max_queries(8):
        assert client.get(aarhus.get_absolute_url()).status_code == 200


# --------------------------------------------------------------------------------------------
# Registering a private organisation through the form


def _registration(**overrides: Any) -> dict[str, Any]:
    data = {"name": "Fællesværket Socialøkonomi", "kind": "social_economy", "cvr": valid_cvr(700)}
    data.update(overrides)
    return data


def test_register_through_the_form(
    user: User, client_for: Callable[[Any], Client], organisation: Organisation
) -> None:
    client = client_for(user)
    response = client.post("/organisationer/registrer/", _registration(website="faellesvaerket.dk"))
    created = Organisation.objects.get(cvr=valid_cvr(700))
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.website == "https://faellesvaerket.dk"
    assert Membership.objects.get(organisation=created).role == MembershipRole.ADMIN
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Fællesværket Socialøkonomi er registreret, og du er dens administrator."]


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("1234567", "Et CVR-nummer har 8 cifre."),
        ("12AB5678", "Et CVR-nummer består kun af cifre og kan ikke begynde med 0."),
        (invalid_checksum_cvr(), "CVR-nummeret er ikke gyldigt (kontrolcifferet passer ikke)."),
        ("", "Dette felt er påkrævet."),
    ],
)
def test_register_with_malformed_cvr_shows_a_danish_message_and_changes_nothing(
    user: User, client_for: Callable[[Any], Client], cvr: str, message: str
) -> None:
    client = client_for(user)
    with unchanged(Organisation, Membership):
        response = client.post("/organisationer/registrer/", _registration(cvr=cvr))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_register_with_duplicate_cvr_names_the_holder_and_changes_nothing(
    user: User, client_for: Callable[[Any], Client]
) -> None:
    cvr = valid_cvr(700)
    OrganisationFactory.create(name="Datavej Analyse A/S", cvr=cvr)
    client = client_for(user)
    with unchanged(Organisation, Membership):
        # Typed with a space, as people do; the clash is still found.
        response = client.post(
            "/organisationer/registrer/", _registration(cvr=f"{cvr[:4]} {cvr[4:]}")
        )
    assert response.status_code == 200
    assert (
        f"CVR-nummeret {cvr} er allerede registreret for Datavej Analyse A/S."
        in response.content.decode()
    )


def test_register_with_unknown_region_is_refused(
    user: User, client_for: Callable[[Any], Client], organisation: Organisation
) -> None:
    client = client_for(user)
    with unchanged(Organisation, Membership):
        response = client.post("/organisationer/registrer/", _registration(region="999999"))
    assert response.status_code == 200
    assert "Ukendt region. Vælg en af de fem regioner på listen." in response.content.decode()


def test_register_refuses_public_kinds(user: User, client_for: Callable[[Any], Client]) -> None:
    client = client_for(user)
    with unchanged(Organisation):
        response = client.post(
            "/organisationer/registrer/", _registration(kind=OrganisationKind.MUNICIPALITY)
        )
    assert response.status_code == 200
    assert "Vælg en privat eller civilsamfundsorganisation." in response.content.decode()


# --------------------------------------------------------------------------------------------
# Editing and joining


def test_edit_with_a_duplicate_cvr_names_the_holder_and_changes_nothing(
    organisation: Organisation,
    org_admin: User,
    other_organisation: Organisation,
    client_for: Callable[[Any], Client],
) -> None:
    data = {
        "name": "Lysbro Nyt Navn ApS",
        "cvr": other_organisation.cvr,
        "region": organisation.region_id,
    }
    with unchanged(organisation):
        response = client_for(org_admin).post("/organisationer/lysbro/rediger/", data)
    assert response.status_code == 200
    assert "er allerede registreret for Datavej Analyse A/S" in response.content.decode()


def test_a_membership_request_through_the_page(
    organisation: Organisation, org_admin: User, outsider: User, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(outsider)
    response = client.post("/organisationer/lysbro/bliv-medlem/", {"message": "Hej"}, follow=True)
    assert "Din anmodning er sendt." in response.content.decode()
    assert Membership.objects.get(user=outsider).status == MembershipStatus.REQUESTED
    again = client.post("/organisationer/lysbro/bliv-medlem/", {"message": "Hej"}, follow=True)
    assert "Du har allerede bedt om at blive medlem af" in again.content.decode()


def test_a_too_long_request_message_is_refused(
    organisation: Organisation, outsider: User, client_for: Callable[[Any], Client]
) -> None:
    with unchanged(Membership):
        response = client_for(outsider).post(
            "/organisationer/lysbro/bliv-medlem/", {"message": "x" * 1001}, follow=True
        )
    assert "Beskeden er for lang (højst 1.000 tegn)." in response.content.decode()


def test_members_page_lists_members_and_requests(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    client_for: Callable[[Any], Client],
) -> None:
    applicant = MembershipFactory.create(
        organisation=organisation, status=MembershipStatus.REQUESTED, user__name="Nanna Ny"
    ).user
    body = client_for(org_admin).get("/organisationer/lysbro/medlemmer/").content.decode()
    for person in (org_admin, org_member, applicant):
        assert person.email in body
    assert "Godkend" in body
    assert "Afvis" in body


# --------------------------------------------------------------------------------------------
# A pending join request is shown as pending, not as a fresh join form


def test_a_pending_request_is_shown_instead_of_the_join_form(
    organisation: Organisation, outsider: User, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(outsider)
    client.post(reverse("organisations:request_membership", args=[organisation.slug]), {})
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Din anmodning venter" in page
    assert "Bed om medlemskab" not in page
    request = Membership.objects.get(user=outsider, organisation=organisation)
    assert reverse("organisations:membership_withdraw", args=[request.pk]) in page


def test_an_admin_removes_a_member_after_confirming(
    organisation: Organisation, org_admin: User, org_member: User, client_for: Any
) -> None:
    membership = Membership.objects.get(user=org_member, organisation=organisation)
    url = reverse("organisations:remove_member", args=[organisation.slug, membership.pk])
    client = client_for(org_admin)
    confirm = client.get(url)
    assert "Ja, fjern medlemmet" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url, follow=True)
    assert f"{org_member} er ikke længere medlem af {organisation.name}." in (
        response.content.decode()
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_membership_of_another_organisation_is_not_found_under_this_one(
    organisation: Organisation,
    other_organisation: Organisation,
    org_admin: User,
    other_org_admin: User,
    client_for: Any,
) -> None:
    theirs = Membership.objects.get(user=other_org_admin, organisation=other_organisation)
    url = reverse("organisations:remove_member", args=[organisation.slug, theirs.pk])
    with unchanged(Membership):
        assert client_for(org_admin).post(url).status_code == 404


def test_a_fictional_workplace_is_marked_in_its_parents_list(
    organisation: Organisation, client: Any
) -> None:
    from spred.organisations.choices import OrganisationKind
    from spred.organisations.tests.factories import OrganisationFactory

    parent = OrganisationFactory.create(name="Fiktiv Kommune", kind=OrganisationKind.REGION)
    OrganisationFactory.create(
        name="Plejecenter Eksempel",
        kind=OrganisationKind.PUBLIC_WORKPLACE,
        parent=parent,
        is_demo=True,
    )
    body = client.get(parent.get_absolute_url()).content.decode()
    item = body[body.index("Plejecenter Eksempel") :]
    assert 'class="badge badge-small">fiktiv<' in item[: item.index("</li>")]
