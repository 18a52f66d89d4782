"""The barometer part of the demo: four waves of synthetic data, imported and published the way
an analyst would do it.

The generator (``synthetic``) writes the three files of each wave in memory; they go through
the real import services as the demo analyst, and every wave is published through the real
publishing service. The waves are marked ``is_synthetic``, which every page that shows them
says. Loading again leaves waves that already exist alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from spred.accounts.models import User
from spred.barometer.indicators import sync_indicators
from spred.barometer.models import Wave
from spred.barometer.services.imports import codebook_import, microdata_import
from spred.barometer.services.publishing import publish_wave
from spred.barometer.services.waves import wave_create
from spred.barometer.synthetic import DEFAULT_SEED, EDITIONS, generate_wave

DEMO_ANALYST = "analytiker@demo.spred.dk"

WAVE_TITLES = {
    2015: "Innovationsbarometeret 2015",
    2017: "Innovationsbarometeret 2017",
    2020: "Innovationsbarometeret 2020",
    2023: "Innovationsbarometeret 2023",
}

DESCRIPTION = (
    "Syntetiske demodata genereret af Spred: en realistisk ramme og stikprøve, men ingen af "
    "besvarelserne er indsamlet fra rigtige arbejdspladser. Tallene ligger tæt på de "
    "offentliggjorte nøgletal, men er ikke de officielle."
)


@dataclass
class DemoReport:
    waves: int = 0
    respondents: int = 0
    cells: int = 0
    suppressed: int = 0


@transaction.atomic
def load_barometer_demo(*, seed: int = DEFAULT_SEED) -> DemoReport:
    """Create, import and publish the synthetic waves that do not exist yet — all of them or,
    should anything fail, none (one transaction, which is also much faster than one commit per
    service on a database file)."""
    analyst = User.objects.get(email=DEMO_ANALYST)
    sync_indicators()
    report = DemoReport()
    for edition in EDITIONS:
        if Wave.objects.filter(edition=edition).exists():
            continue
        generated = generate_wave(edition, seed=seed)
        wave = wave_create(
            acting_user=analyst,
            edition=edition,
            title=WAVE_TITLES[edition],
            reference_period=generated.reference_period,
            description=DESCRIPTION,
            is_synthetic=True,
        )
        codebook_import(
            acting_user=analyst,
            wave=wave,
            content=generated.codebook_yaml.encode(),
            filename=f"kodebog-{edition}.yaml",
        )
        imported = microdata_import(
            acting_user=analyst,
            wave=wave,
            content=generated.microdata_csv.encode(),
            filename=f"mikrodata-{edition}.csv",
            strata_content=generated.strata_csv.encode(),
            strata_filename=f"strata-{edition}.csv",
        )
        published = publish_wave(acting_user=analyst, wave=wave)
        report.waves += 1
        report.respondents += imported.respondents
        report.cells += published.cells
        report.suppressed += published.suppressed
    return report
