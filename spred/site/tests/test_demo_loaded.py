"""The whole demo as ``make run`` loads it, loaded once for the test process: fictional
organisations and people with roles and memberships, the catalogue, the barometer's waves; and a
second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from spred.accounts.models import User
from spred.barometer.models import Wave
from spred.catalogue.models import Case, Solution
from spred.conftest import LoadedDemo, ReferenceData
from spred.core.testing import unchanged
from spred.organisations.choices import MembershipStatus
from spred.organisations.demo import DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS
from spred.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_load_demo_creates_the_fictional_content_once(demo: LoadedDemo) -> None:
    assert "Barometer: 4 synthetic waves" in demo.output
    assert f"{len(DEMO_ORGANISATIONS)} organisations, {len(DEMO_USERS)} users" in demo.output
    reference_data = ReferenceData()
    # The catalogue's fictional companies are demo organisations too (its own tests count them).
    demo_orgs = Organisation.objects.filter(
        is_demo=True, name__in=[o.name for o in DEMO_ORGANISATIONS]
    )
    assert demo_orgs.count() == len(DEMO_ORGANISATIONS)
    nursing_home = demo_orgs.get(name="Plejecenter Egebakken")
    assert nursing_home.parent == reference_data.municipality("751")
    assert nursing_home.region == reference_data.region(1082)
    # Reference organisations stay real: the demo never marks them as fictional.
    assert not Organisation.objects.filter(reference_key__isnull=False, is_demo=True).exists()
    leader = User.objects.get(email="leder@aarhus.demo.spred.dk")
    assert leader.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.get(user=leader).verified
    assert Membership.objects.get(user__email="ny@aarhus.demo.spred.dk").status == (
        MembershipStatus.REQUESTED
    )
    assert (
        User.objects.get(email="admin@demo.spred.dk").groups.filter(name="Administrator").exists()
    )
    # A second run changes nothing.
    with unchanged(Organisation, User, Membership, EmailAddress, Case, Solution, Wave):
        output = StringIO()
        call_command("load_demo", stdout=output)
    assert "0 organisations, 0 users, 0 memberships created" in output.getvalue()
