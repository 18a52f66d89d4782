from __future__ import annotations

from datetime import date

import pytest

from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.tests.world import LedgerWorld, make_adoption

pytestmark = pytest.mark.django_db


def test_the_world_has_the_real_municipalities(ledger_world: LedgerWorld) -> None:
    assert ledger_world.aarhus.name.startswith("Aarhus")
    assert ledger_world.robot.technologies.count() == 1


def test_make_adoption_keeps_the_history_and_the_adoption_date(ledger_world: LedgerWorld) -> None:
    adoption = make_adoption(
        ledger_world.aarhus,
        ledger_world.robot,
        [
            (AdoptionStatus.CONSIDERING, date(2020, 1, 1)),
            (AdoptionStatus.PILOT, date(2020, 6, 1)),
            (AdoptionStatus.STOPPED, date(2021, 1, 1)),
        ],
    )
    assert adoption.adopted_on == date(2020, 6, 1)
    assert adoption.status == AdoptionStatus.STOPPED
    assert [e.status for e in adoption.events.all()] == ["overvejer", "afproever", "stoppet"]
