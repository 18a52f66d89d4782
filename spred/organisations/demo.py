"""The people and organisations of the demo: fictional, and marked as examples.

Everything here is invented for Spred's demonstration. Reference organisations (municipalities,
regions, ministries) are real; the people, workplaces and companies below are not.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.organisations.choices import MembershipRole, MembershipStatus, OrganisationKind
from spred.organisations.models import Membership, Organisation
from spred.organisations.slugs import unique_slug

DEMO_PASSWORD = "spred-demo-2026"  # noqa: S105 - a published demo password, demo mode only


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    job_title: str
    roles: tuple[str, ...] = ()
    organisation_key: str | None = None  # reference_key or demo slug
    org_role: str = MembershipRole.MEMBER
    status: str = MembershipStatus.ACTIVE
    superuser: bool = False
    what: str = ""


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    parent_key: str | None
    region_from_parent: bool = True
    employees: int | None = None
    website: str = ""


DEMO_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "Plejecenter Egebakken", OrganisationKind.PUBLIC_WORKPLACE, "municipality:751", employees=85
    ),
    DemoOrganisation(
        "Hjemmeplejen Syd", OrganisationKind.PUBLIC_WORKPLACE, "municipality:751", employees=140
    ),
    DemoOrganisation(
        "Børnehuset Solsikken", OrganisationKind.PUBLIC_WORKPLACE, "municipality:461", employees=22
    ),
    DemoOrganisation(
        "Jobcenter Vestkysten", OrganisationKind.PUBLIC_WORKPLACE, "municipality:561", employees=60
    ),
    DemoOrganisation(
        "Akutmodtagelsen, Regionshospital Nordøst",
        OrganisationKind.PUBLIC_WORKPLACE,
        "region:1081",
        employees=210,
    ),
    DemoOrganisation(
        "Borgerservice Nordbyen",
        OrganisationKind.PUBLIC_WORKPLACE,
        "municipality:101",
        employees=45,
    ),
    DemoOrganisation("Lysbro Velfærdsteknologi ApS", OrganisationKind.COMPANY, None, employees=18),
    DemoOrganisation("Datavej Analyse A/S", OrganisationKind.COMPANY, None, employees=42),
    DemoOrganisation(
        "Klyngen for Sundhedsinnovation Vest", OrganisationKind.CLUSTER, None, employees=9
    ),
    DemoOrganisation(
        "Fællesværket Socialøkonomi", OrganisationKind.SOCIAL_ECONOMY, None, employees=14
    ),
    DemoOrganisation("Foreningen Ældre i Bevægelse", OrganisationKind.ASSOCIATION, None),
)

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin@demo.spred.dk",
        "Anne Administrator",
        "Platformsadministrator",
        roles=(PlatformRole.ADMINISTRATOR,),
        superuser=True,
        what="platformsadministrator",
    ),
    DemoUser(
        "redaktoer@demo.spred.dk",
        "Rasmus Redaktør",
        "Redaktør i innovationscentret",
        roles=(PlatformRole.EDITOR,),
        what="redaktør i centret",
    ),
    DemoUser(
        "analytiker@demo.spred.dk",
        "Aisha Analytiker",
        "Analytiker",
        roles=(PlatformRole.ANALYST,),
        what="analytiker (Innovationsbarometeret)",
    ),
    DemoUser(
        "styregruppe@demo.spred.dk",
        "Søren Styregruppe",
        "Kontorchef",
        roles=(PlatformRole.STEERING,),
        what="styregruppemedlem",
    ),
    DemoUser(
        "leder@aarhus.demo.spred.dk",
        "Lene Leder",
        "Innovationschef",
        organisation_key="municipality:751",
        org_role=MembershipRole.ADMIN,
        what="administrator for Aarhus Kommune",
    ),
    DemoUser(
        "medarbejder@aarhus.demo.spred.dk",
        "Mikkel Medarbejder",
        "Sygeplejerske",
        organisation_key="municipality:751",
        org_role=MembershipRole.MEMBER,
        what="medlem af Aarhus Kommune",
    ),
    DemoUser(
        "ny@aarhus.demo.spred.dk",
        "Nanna Nyansat",
        "Pædagog",
        organisation_key="municipality:751",
        status=MembershipStatus.REQUESTED,
        what="har bedt om medlemskab af Aarhus Kommune",
    ),
    DemoUser(
        "direktoer@lysbro.demo.spred.dk",
        "Pia Privat",
        "Direktør",
        organisation_key="demo:lysbro-velfaerdsteknologi-aps",
        org_role=MembershipRole.ADMIN,
        what="administrator for en fiktiv virksomhed",
    ),
)


def _org(key: str) -> Organisation:
    if key.startswith("demo:"):
        return Organisation.objects.get(slug=key.removeprefix("demo:"))
    return Organisation.objects.get(reference_key=key)


@transaction.atomic
def load_organisations_demo() -> dict[str, int]:
    """The demo workplaces, companies and people with their roles and memberships, where they
    are not there yet. Returns how many of each were created."""
    created = {"organisations": 0, "users": 0, "memberships": 0}
    for spec in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(name=spec.name, is_demo=True).exists():
            continue
        parent = _org(spec.parent_key) if spec.parent_key else None
        org = Organisation(
            name=spec.name,
            kind=spec.kind,
            parent=parent,
            region=parent.region if parent else None,
            employees=spec.employees,
            website=spec.website,
            slug=unique_slug(spec.name),
            is_demo=True,
        )
        org.full_clean()
        org.save()
        created["organisations"] += 1
    for person in DEMO_USERS:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                person.email,
                DEMO_PASSWORD,
                name=person.name,
                job_title=person.job_title,
                is_superuser=person.superuser,
                is_staff=person.superuser,
            )
            created["users"] += 1
        EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        for role in person.roles:
            user.groups.add(Group.objects.get(name=role))
        if person.organisation_key:
            _m, made = Membership.objects.get_or_create(
                user=user,
                organisation=_org(person.organisation_key),
                defaults={
                    "role": person.org_role,
                    "status": person.status,
                    "decided_at": timezone.now()
                    if person.status == MembershipStatus.ACTIVE
                    else None,
                    "message": "Jeg er startet i hjemmeplejen og vil gerne dele vores erfaringer."
                    if person.status == MembershipStatus.REQUESTED
                    else "",
                },
            )
            created["memberships"] += int(made)
    return created
