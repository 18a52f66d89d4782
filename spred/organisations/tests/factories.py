"""Factories for regions, organisations and memberships.

Identifiers are valid by construction (CVR modulus 11, real municipality codes), so a test that
wants an invalid one has to say so.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import factory
from django.utils import timezone

from spred.accounts.tests.factories import UserFactory
from spred.organisations.choices import MembershipRole, MembershipStatus, OrganisationKind
from spred.organisations.models import Membership, Organisation, Region

REGION_NAMES = {
    1081: "Region Nordjylland",
    1082: "Region Midtjylland",
    1083: "Region Syddanmark",
    1084: "Region Hovedstaden",
    1085: "Region Sjælland",
}

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_checksum_ok(cvr: str) -> bool:
    """Modulus 11 as published by Erhvervsstyrelsen — written out here, independent of stdnum."""
    if len(cvr) != 8 or not cvr.isdigit() or cvr[0] == "0":
        return False
    return sum(w * int(d) for w, d in zip(CVR_WEIGHTS, cvr, strict=True)) % 11 == 0


@cache
def _valid_cvrs(count: int) -> tuple[str, ...]:
    # Start high so generated numbers never clash with the real ones used in tests (64942212 …).
    found = (str(n) for n in itertools.count(20_000_000) if cvr_checksum_ok(str(n)))
    return tuple(itertools.islice(found, count))


def valid_cvr(n: int) -> str:
    """The n-th valid CVR number above 20000000; distinct for distinct n."""
    size = 1024
    while n >= size:
        size *= 2
    return _valid_cvrs(size)[n]


def invalid_checksum_cvr() -> str:
    """Eight digits, not starting with 0, with a wrong check digit."""
    good = valid_cvr(0)
    return good[:7] + str((int(good[7]) + 1) % 10)


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    """There are exactly five regions; asking twice for a code returns the same row."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = 1084
    name = factory.LazyAttribute(lambda o: REGION_NAMES[o.code])
    slug = factory.LazyAttribute(lambda o: f"region-{o.code}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    """A private company unless told otherwise."""

    class Meta:
        model = Organisation

    # Annotated as Any so that subclasses may declare these differently.
    name: Any = factory.Sequence(lambda n: f"Testvirksomhed {n} ApS")
    slug: Any = factory.Sequence(lambda n: f"testvirksomhed-{n}")
    kind = OrganisationKind.COMPANY
    cvr: Any = factory.Sequence(valid_cvr)
    region: Any = factory.SubFactory(RegionFactory)


class MunicipalityFactory(OrganisationFactory):
    """A municipality with a real DST code (default 101 København); one row per code."""

    class Meta:
        model = Organisation
        django_get_or_create = ("municipality_code",)

    kind = OrganisationKind.MUNICIPALITY
    municipality_code = "101"
    name = factory.LazyAttribute(lambda o: f"Kommune {o.municipality_code}")
    slug = factory.LazyAttribute(lambda o: f"kommune-{o.municipality_code}")
    cvr = None


class PublicWorkplaceFactory(OrganisationFactory):
    kind = OrganisationKind.PUBLIC_WORKPLACE
    name = factory.Sequence(lambda n: f"Plejecenter {n}")
    slug = factory.Sequence(lambda n: f"plejecenter-{n}")
    parent = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("parent.region")
    cvr = None


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    """An active plain member unless told otherwise."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    decided_at: Any = factory.LazyFunction(timezone.now)


class AdminMembershipFactory(MembershipFactory):
    role = MembershipRole.ADMIN


class MembershipRequestFactory(MembershipFactory):
    status = MembershipStatus.REQUESTED
    decided_at = None
    message = "Jeg arbejder her og vil gerne dele vores erfaringer."


def organisation_with_admin(**kwargs: Any) -> tuple[Organisation, Any]:
    """A private organisation and its (only) admin."""
    organisation = OrganisationFactory.create(**kwargs)
    admin = AdminMembershipFactory.create(organisation=organisation).user
    return organisation, admin
