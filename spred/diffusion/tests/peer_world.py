"""A hand-made world for the recommendation, "near me" and contact tests, on top of
``ledger_world``. Seen from Skanderborg (50,000–100,000 inhabitants, Region Midtjylland, whose
six nearest municipalities are Odder, Horsens, Aarhus, Favrskov, Silkeborg and Hedensted):

* Skanderborg uses Træningsapp. So do Aarhus, Horsens and Odense.
* Spiserobot is in use in Horsens, Silkeborg, Randers, Kolding (all on Skanderborg's size) and
  Aarhus; Viborg (same size) stopped it; Holstebro only considers it; Herning's record is
  pending — those three must not count as users.
* Vaskerobot, Bananrobot and Æblerobot are each used by Kolding and Sønderborg (both on
  Skanderborg's size, both in Region Syddanmark): a three-way tie. Two users, because a solution
  only one organisation uses is not recommended (``recommendations.MIN_USERS``).
* Skanderborg considers Demensur and stopped Sengealarm (both used by Horsens), and provides
  Egen løsning (used by Horsens): none of them may be recommended.
* Arkiveret løsning (archived) is used by Horsens and Silkeborg; the draft by Horsens,
  Silkeborg and Skanderborg: neither may be recommended nor named in a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from spred.catalogue.choices import Status
from spred.catalogue.models import Solution
from spred.catalogue.tests.factories import SolutionFactory
from spred.core.testing import without_audit
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality
from spred.organisations.models import Organisation

History = list[tuple[str, date] | tuple[str, date, str]]

IN_USE: History = [
    (AdoptionStatus.PILOT, date(2022, 3, 1)),
    (AdoptionStatus.OPERATING, date(2023, 1, 1)),
]
STOPPED: History = [
    (AdoptionStatus.PILOT, date(2021, 5, 1)),
    (AdoptionStatus.STOPPED, date(2022, 5, 1), "For dyr i drift."),
]
CONSIDERING: History = [(AdoptionStatus.CONSIDERING, date(2024, 2, 1))]


@dataclass
class PeerWorld:
    base: LedgerWorld
    skanderborg: Organisation
    horsens: Organisation
    silkeborg: Organisation
    randers: Organisation
    kolding: Organisation
    viborg: Organisation
    holstebro: Organisation
    herning: Organisation
    soenderborg: Organisation
    vaskerobot: Solution
    bananrobot: Solution
    aeblerobot: Solution
    demensur: Solution
    sengealarm: Solution
    own: Solution
    archived: Solution
    robot_adoptions: dict[str, Adoption]


def _solution(name: str, slug: str, provider: Organisation, status: str = Status.PUBLISHED) -> Any:
    return SolutionFactory.create(name=name, slug=slug, organisation=provider, status=status)


@without_audit
def build_peer_world(w: LedgerWorld) -> PeerWorld:
    m = {code: municipality(code) for code in (615, 740, 730, 621, 791, 661, 657, 540)}
    horsens, silkeborg, randers, kolding = m[615], m[740], m[730], m[621]
    viborg, holstebro, herning, soenderborg = m[791], m[661], m[657], m[540]
    sk = w.skanderborg
    vaskerobot = _solution("Vaskerobot", "vaskerobot", w.odense)
    bananrobot = _solution("Bananrobot", "bananrobot", w.odense)
    aeblerobot = _solution("Æblerobot", "aeblerobot", w.odense)
    demensur = _solution("Demensur", "demensur", w.odense)
    sengealarm = _solution("Sengealarm", "sengealarm", w.odense)
    own = _solution("Egen løsning", "egen-loesning", sk)
    archived = _solution("Arkiveret løsning", "arkiveret-loesning", w.odense, Status.ARCHIVED)

    for org in (sk, w.aarhus, horsens, w.odense):
        make_adoption(org, w.app, IN_USE)
    robot = {
        org.short_name: make_adoption(org, w.robot, IN_USE)
        for org in (horsens, silkeborg, randers, kolding, w.aarhus)
    }
    robot["Viborg"] = make_adoption(viborg, w.robot, STOPPED)
    robot["Holstebro"] = make_adoption(holstebro, w.robot, CONSIDERING)
    robot["Herning"] = make_adoption(
        herning, w.robot, IN_USE, verification=Verification.PENDING, recorded_by=w.outsider
    )
    for solution in (vaskerobot, bananrobot, aeblerobot):
        make_adoption(kolding, solution, IN_USE)
        make_adoption(soenderborg, solution, IN_USE)
    for solution in (demensur, sengealarm, own, archived, w.draft):
        make_adoption(horsens, solution, IN_USE)
    for solution in (archived, w.draft):
        make_adoption(silkeborg, solution, IN_USE)
    make_adoption(sk, demensur, CONSIDERING)
    make_adoption(sk, sengealarm, STOPPED)
    make_adoption(sk, w.draft, IN_USE)
    return PeerWorld(
        base=w,
        skanderborg=sk,
        horsens=horsens,
        silkeborg=silkeborg,
        randers=randers,
        kolding=kolding,
        viborg=viborg,
        holstebro=holstebro,
        herning=herning,
        soenderborg=soenderborg,
        vaskerobot=vaskerobot,
        bananrobot=bananrobot,
        aeblerobot=aeblerobot,
        demensur=demensur,
        sengealarm=sengealarm,
        own=own,
        archived=archived,
        robot_adoptions=robot,
    )
