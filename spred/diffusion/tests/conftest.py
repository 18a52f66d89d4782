from __future__ import annotations

import pytest

from spred.diffusion.tests.world import LedgerWorld, build_world


@pytest.fixture
def ledger_world(reference_data: object) -> LedgerWorld:
    return build_world()
