"""The demo adoptions as ``make run`` loads them (with the rest of the demo, loaded once): through
the importer, marked as fictional, without e-mails, and nothing changes the second time."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from spred.conftest import LoadedDemo
from spred.core.testing import unchanged
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.demo import load_diffusion_demo
from spred.diffusion.demo_data import generate
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.diffusion.tests.test_demo import demo_histories
from spred.organisations.choices import OrganisationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_loading_goes_through_the_importer_and_twice_changes_nothing(demo: LoadedDemo) -> None:
    histories = demo_histories()
    assert Adoption.objects.count() == len(histories)
    assert f"Spredning: {len(histories)} fiktive ibrugtagninger oprettet" in demo.output
    assert not Adoption.objects.filter(is_demo=False).exists()
    assert AdoptionEvent.objects.count() == sum(len(rows) for rows in histories.values())
    assert LearnedFrom.objects.count() == sum(
        len(rows[0]["learned_from"].split(";"))
        for rows in histories.values()
        if rows[0]["learned_from"]
    )
    pending = Adoption.objects.filter(verification=Verification.PENDING)
    assert pending.count() == sum(1 for rows in histories.values() if rows[0]["verified"] == "nej")
    for adoption in pending.select_related("organisation", "recorded_by_organisation"):
        # Recorded by another organisation: the municipality's region.
        recorder = adoption.recorded_by_organisation
        assert recorder is not None
        assert recorder.kind == OrganisationKind.REGION
        assert recorder.region_id == adoption.organisation.region_id
    # As many shown as unconfirmed as the file says were confirmed long ago, whenever it runs.
    verified = list(Adoption.objects.filter(verification=Verification.VERIFIED))
    long_ago = sum(
        1
        for rows in histories.values()
        if rows[0]["confirmed_on"]
        and date.fromisoformat(rows[0]["confirmed_on"]) < generate.UNCONFIRMED_BEFORE
    )
    assert 15 <= long_ago <= 80
    assert sum(1 for a in verified if a.is_unconfirmed) == long_ago
    assert (
        Adoption.objects.filter(status=AdoptionStatus.STOPPED, adopted_on__isnull=False).count()
        >= 20
    )
    assert demo.mails == 0  # invented organisations get no e-mail
    mail.outbox = []

    with unchanged(Adoption, AdoptionEvent, LearnedFrom):
        again = load_diffusion_demo()
    assert again.adoptions == 0
    assert again.skipped == len(histories)
    assert not mail.outbox

    # A missing adoption is put back, with its history, and nothing else is touched.
    gone = Adoption.objects.filter(learned_from__isnull=False).order_by("pk").first()
    assert gone is not None
    key = (gone.organisation_id, gone.solution_id, gone.status, gone.adopted_on)
    events = gone.events.count()
    gone.delete()
    topped_up = load_diffusion_demo()
    assert (topped_up.adoptions, topped_up.skipped) == (1, len(histories) - 1)
    back = Adoption.objects.get(organisation_id=key[0], solution_id=key[1])
    assert (back.organisation_id, back.solution_id, back.status, back.adopted_on) == key
    assert back.events.count() == events
    assert back.is_demo
    assert back.learned_from.exists()
