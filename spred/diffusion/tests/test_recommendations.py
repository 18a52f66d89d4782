from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser

from spred.catalogue.choices import Status
from spred.catalogue.services import solution_archive
from spred.diffusion.analysis import recommendations as rec
from spred.diffusion.choices import IN_USE_STATUSES, AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.diffusion.selectors import recommendations as selectors
from spred.diffusion.selectors.ledger import public_adoptions
from spred.diffusion.selectors.recommendations import recommendation_report, recommendations_for
from spred.diffusion.services.ledger import adoption_change_status, adoption_confirm
from spred.diffusion.tests.peer_world import IN_USE, STOPPED, PeerWorld, build_peer_world
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipFactory


@pytest.fixture
def peer_world(ledger_world: LedgerWorld) -> PeerWorld:
    return build_peer_world(ledger_world)


def _names(items: list[Any]) -> list[str]:
    return [r.solution.name for r in items]


# -- the pure computation ------------------------------------------------------------------


def test_size_bands_have_closed_lower_bounds() -> None:
    assert rec.size_band(None) is None
    assert rec.size_band(29_999) == 0
    assert rec.size_band(30_000) == 1
    assert rec.size_band(49_999) == 1
    assert rec.size_band(50_000) == 2
    assert rec.size_band(100_000) == 3
    assert rec.size_band_label(2) == "50.000–100.000 indbyggere"


def test_haversine_gives_kilometres() -> None:
    # Aarhus to Odense seats: about 84 km as the crow flies.
    km = rec.haversine_km(56.15, 10.21, np.array([55.40, 56.15]), np.array([10.39, 10.21]))
    assert 80 < km[0] < 90
    assert km[1] == pytest.approx(0.0)


def _peer(pk: int, name: str, **kw: object) -> rec.Peer:
    return rec.Peer(id=pk, name=name, group=rec.MUNICIPALITY, **kw)  # type: ignore[arg-type]


def test_a_small_group_does_not_outrank_a_large_one_by_luck() -> None:
    """'2 of 2' neighbours must not beat '14 of 20' on size — the smoothing in the score.

    Without the + 2 in k / (n + 2), Smal would win: 2/2 + 0.5 * 2/22 > 14/20 + 0.5 * 14/22."""
    # Us and our only two located neighbours; 20 municipalities of our size with no location.
    peers = [_peer(1, "Os", population=60_000, latitude=56.0, longitude=10.0)]
    peers += [
        _peer(2, "Nabo A", population=10_000, latitude=56.0, longitude=10.1),
        _peer(3, "Nabo B", population=10_000, latitude=56.1, longitude=10.0),
    ]
    peers += [_peer(10 + i, f"K{i:02d}", population=60_000) for i in range(20)]
    items = [rec.Item(100, "Bred"), rec.Item(200, "Smal")]
    in_use = [(10 + i, 100) for i in range(14)] + [(2, 200), (3, 200)]
    outcome = rec.recommend(target_id=1, peers=peers, items=items, in_use=in_use)
    assert outcome.profile.neighbours == ("Nabo A", "Nabo B")
    assert [s.solution_id for s in outcome.suggestions] == [100, 200]
    assert outcome.suggestions[0].reasons == (
        "14 af 20 kommuner på jeres størrelse bruger Bred",
        "14 af 22 andre kommuner bruger den",
    )
    assert outcome.suggestions[1].reasons == (
        "2 af jeres 2 nabokommuner bruger Smal",
        "2 af 22 andre kommuner bruger den",
    )


def test_ties_are_broken_by_danish_name_order() -> None:
    peers = [_peer(1, "Os"), _peer(2, "Nabo"), _peer(3, "Genbo")]
    items = [rec.Item(3, "Åben"), rec.Item(1, "Ært"), rec.Item(2, "Zebra"), rec.Item(4, "Abe")]
    in_use = [(peer, item) for peer in (2, 3) for item in (1, 2, 3, 4)]
    outcome = rec.recommend(target_id=1, peers=peers, items=items, in_use=in_use)
    assert [s.solution_id for s in outcome.suggestions] == [4, 2, 1, 3]
    assert len({s.score for s in outcome.suggestions}) == 1


def test_an_organisation_that_cannot_adopt_gets_nothing() -> None:
    peers = [rec.Peer(1, "Firma", group=None), _peer(2, "Kommune"), _peer(3, "Anden kommune")]
    outcome = rec.recommend(
        target_id=1, peers=peers, items=[rec.Item(1, "X")], in_use=[(2, 1), (3, 1)]
    )
    assert outcome.suggestions == ()
    assert outcome.profile.group is None


def test_the_pure_function_drops_pairs_outside_the_world() -> None:
    peers = [_peer(1, "Os"), _peer(2, "Nabo"), _peer(3, "Genbo")]
    outcome = rec.recommend(
        target_id=1,
        peers=peers,
        items=[rec.Item(5, "X")],
        in_use=[(2, 5), (3, 5), (99, 5), (2, 77)],
    )
    assert [s.solution_id for s in outcome.suggestions] == [5]
    assert outcome.suggestions[0].reasons == ("2 af 2 andre kommuner bruger X",)


# -- the three rules against thin or foreign evidence ----------------------------------------


def test_a_solution_one_peer_uses_is_not_recommended_but_one_two_peers_use_is() -> None:
    assert rec.MIN_USERS == 2
    peers = [_peer(1, "Os"), _peer(2, "A"), _peer(3, "B"), _peer(4, "C")]
    items = [rec.Item(1, "Fælles"), rec.Item(2, "Enlig"), rec.Item(3, "Par")]
    # A shares Fælles with us, so co-adoption alone gives Enlig a score above zero.
    in_use = [(1, 1), (2, 1), (2, 2), (2, 3), (3, 3)]
    outcome = rec.recommend(target_id=1, peers=peers, items=items, in_use=in_use)
    assert [s.solution_id for s in outcome.suggestions] == [3]
    # A combination only one organisation has is not given as a reason either.
    assert outcome.suggestions[0].reasons == ("2 af 3 andre kommuner bruger Par",)
    # A second user makes it a pattern.
    outcome = rec.recommend(target_id=1, peers=peers, items=items, in_use=[*in_use, (4, 2)])
    assert [s.solution_id for s in outcome.suggestions] == [2, 3]
    assert outcome.suggestions[0].reasons == ("2 af 3 andre kommuner bruger Enlig",)
    # Two organisations that share Fælles with us and use Enlig: now that is a reason.
    outcome = rec.recommend(target_id=1, peers=peers, items=items, in_use=[*in_use, (4, 2), (4, 1)])
    assert outcome.suggestions[0].reasons == (
        "2 af 2 organisationer, der som jer bruger Fælles, bruger også Enlig",
        "2 af 3 andre kommuner bruger den",
    )


def test_the_users_must_be_in_one_group_not_spread_over_several() -> None:
    """One other region and one of our municipalities: 1 + 1 is not two of a kind."""
    peers = [
        rec.Peer(1, "Region Os", group=rec.REGION, region_id=1, region_name="Region Os"),
        rec.Peer(2, "Region Anden", group=rec.REGION, region_id=2, region_name="Region Anden"),
        _peer(3, "Vores kommune", region_id=1),
        _peer(4, "Vores anden kommune", region_id=1),
        _peer(5, "Fremmed kommune", region_id=2),
    ]
    items = [rec.Item(1, "X")]
    spread = [(2, 1), (3, 1), (5, 1)]
    assert rec.recommend(target_id=1, peers=peers, items=items, in_use=spread).suggestions == ()
    outcome = rec.recommend(target_id=1, peers=peers, items=items, in_use=[*spread, (4, 1)])
    assert outcome.suggestions[0].reasons == (
        "Brugt i Region Os af 2 kommuner",
        "1 af 1 anden region bruger den",
    )


def test_co_adoption_only_counts_organisations_of_the_same_kind() -> None:
    state = [rec.Peer(pk, f"Ministerium {pk}", group=rec.STATE) for pk in (1, 2, 3)]
    towns = [_peer(pk, f"Kommune {pk}") for pk in (10, 11, 12)]
    items = [rec.Item(1, "Fælles"), rec.Item(2, "Hjemmepleje"), rec.Item(3, "Sagsbehandling")]
    in_use = [(1, 1)] + [(pk, item) for pk in (10, 11, 12) for item in (1, 2)]
    in_use += [(2, 1), (2, 3), (3, 1), (3, 3)]
    outcome = rec.recommend(target_id=1, peers=state + towns, items=items, in_use=in_use)
    # Hjemmepleje: three municipalities that share Fælles with us use it; no ministry does.
    # And the count of those sharing Fælles is of ministries only: 2 of 2, not 2 of 5.
    assert [s.solution_id for s in outcome.suggestions] == [3]
    assert outcome.suggestions[0].reasons == (
        "2 af 2 organisationer, der som jer bruger Fælles, bruger også Sagsbehandling",
        "2 af 2 andre statslige organisationer bruger den",
    )


def test_only_municipalities_have_neighbours() -> None:
    towns = [
        _peer(10 + i, f"K{i}", latitude=56.0 + i / 100, longitude=10.0, population=50_000)
        for i in range(3)
    ]
    items = [rec.Item(1, "X")]
    in_use = [(10, 1), (11, 1)]
    for group in (rec.STATE, f"{rec.WORKPLACE}:municipal"):
        target = rec.Peer(1, "Os", group=group, latitude=56.0, longitude=10.0)
        outcome = rec.recommend(
            target_id=1, peers=[target, *towns], items=items, in_use=in_use, location=(56.0, 10.0)
        )
        assert outcome.profile.neighbours == ()
        assert outcome.suggestions == ()
    town = _peer(1, "Os", latitude=56.0, longitude=10.0)
    outcome = rec.recommend(target_id=1, peers=[town, *towns], items=items, in_use=in_use)
    assert outcome.profile.neighbours == ("K0", "K1", "K2")
    assert outcome.suggestions[0].reasons == (
        "2 af jeres 3 nabokommuner bruger X",
        "2 af 3 andre kommuner bruger den",
    )


# -- on the ledger -----------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def test_reasons_carry_the_real_counts(peer_world: PeerWorld) -> None:
    result = recommendations_for(user=AnonymousUser(), organisation=peer_world.skanderborg)
    assert _names(result) == ["Spiserobot", "Bananrobot", "Vaskerobot", "Æblerobot"]
    assert result[0].reasons == [
        "2 af 3 organisationer, der som jer bruger Træningsapp, bruger også Spiserobot",
        "3 af jeres 6 nabokommuner bruger den",
        "4 af 29 kommuner på jeres størrelse bruger den",
        "Brugt i Region Midtjylland af 4 kommuner",
        "5 af 97 andre kommuner bruger den",
        "1 anden kommune er stoppet med den igen",
    ]
    # Kolding and Sønderborg: the same size, another region, no neighbours of ours.
    assert result[2].reasons == [
        "2 af 29 kommuner på jeres størrelse bruger Vaskerobot",
        "2 af 97 andre kommuner bruger den",
    ]
    assert result[0].score > result[1].score == result[2].score == result[3].score


def test_the_profile_names_who_the_organisation_was_compared_with(peer_world: PeerWorld) -> None:
    report = recommendation_report(user=AnonymousUser(), organisation=peer_world.skanderborg)
    profile = report.profile
    assert profile.neighbours == (
        "Odder Kommune",
        "Horsens Kommune",
        "Aarhus Kommune",
        "Favrskov Kommune",
        "Silkeborg Kommune",
        "Hedensted Kommune",
    )
    assert (profile.kind_peers, profile.size_peers, profile.region_peers) == (97, 29, 18)
    assert profile.size_band == "50.000–100.000 indbyggere"
    assert profile.region_name == "Region Midtjylland"
    assert profile.own_in_use == 1  # Træningsapp; the draft does not count


def test_anything_the_organisation_has_a_record_of_is_left_out(peer_world: PeerWorld) -> None:
    names = _names(recommendations_for(user=AnonymousUser(), organisation=peer_world.skanderborg))
    # Considering, stopped, in use, provided by itself, archived, draft.
    for left_out in ("Demensur", "Sengealarm", "Træningsapp", "Egen løsning"):
        assert left_out not in names
    assert "Arkiveret løsning" not in names
    assert "Hemmelig kladde" not in names


def test_pending_draft_and_considering_records_never_count(peer_world: PeerWorld) -> None:
    result = recommendations_for(user=AnonymousUser(), organisation=peer_world.skanderborg)
    text = " ".join(" ".join(r.reasons) for r in result)
    # Herning's pending and Holstebro's considering record would make it 6 of 29 / 7 of 97.
    assert "4 af 29" in text
    assert "5 af 97" in text
    assert "Hemmelig kladde" not in text


def test_a_members_own_pending_record_is_not_recommended_back(peer_world: PeerWorld) -> None:
    w = peer_world
    make_adoption(
        w.skanderborg,
        w.vaskerobot,
        IN_USE,
        verification=Verification.PENDING,
        recorded_by=w.base.outsider,
    )
    member = MembershipFactory.create(organisation=w.skanderborg).user
    public = _names(recommendations_for(user=AnonymousUser(), organisation=w.skanderborg))
    mine = _names(recommendations_for(user=member, organisation=w.skanderborg))
    assert "Vaskerobot" in public
    assert "Vaskerobot" not in mine
    # The counts come from the open ledger whoever asks.
    assert recommendations_for(user=member, organisation=w.skanderborg)[0].reasons == (
        recommendations_for(user=AnonymousUser(), organisation=w.skanderborg)[0].reasons
    )


def test_the_answer_is_the_same_every_time(peer_world: PeerWorld) -> None:
    runs = [
        [
            (r.solution.pk, r.score, tuple(r.reasons))
            for r in recommendations_for(user=None, organisation=peer_world.skanderborg)
        ]
        for _ in range(3)
    ]
    assert runs[0] == runs[1] == runs[2]


def test_limit(peer_world: PeerWorld) -> None:
    assert _names(recommendations_for(user=None, organisation=peer_world.skanderborg, limit=2)) == [
        "Spiserobot",
        "Bananrobot",
    ]


def test_the_open_ledger_is_filtered_in_one_place_only() -> None:
    """Every reader of the open ledger calls ``selectors.ledger.public_adoptions``: no other
    module of the app spells its filter (verified records of public organisations) out again."""
    import ast
    import pathlib

    import spred.diffusion

    spelled_out = []
    app = pathlib.Path(spred.diffusion.__file__).parent
    for path in app.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                keywords = {k.arg for k in node.keywords}
                if {"verification", "organisation__sector__in"} <= keywords:
                    spelled_out.append(f"{path.relative_to(app).as_posix()}:{node.lineno}")
    assert len(spelled_out) == 1, spelled_out
    assert spelled_out[0].startswith("selectors/ledger.py:"), spelled_out


def test_a_region_gets_recommendations_from_fewer_signals(peer_world: PeerWorld) -> None:
    w = peer_world
    make_adoption(Organisation.objects.get(reference_key="region:1083"), w.base.robot, IN_USE)
    result = recommendations_for(user=None, organisation=w.base.region_midt)
    assert _names(result)[0] == "Spiserobot"
    assert result[0].reasons == [
        "Brugt i Region Midtjylland af 4 kommuner",
        "1 af 4 andre regioner bruger den",
    ]
    report = recommendation_report(user=None, organisation=w.base.region_midt)
    assert report.profile.neighbours == ()
    assert report.profile.size_band == ""


def test_a_state_organisation_gets_kind_and_co_adoption_reasons(ledger_world: LedgerWorld) -> None:
    """From state peers only: Odense uses both solutions too, but a municipality is no
    ministry's peer (it would have made the first sentence "3 af 3")."""
    w = ledger_world
    stm, fm, um = (
        Organisation.objects.get(reference_key=f"ministry:{key}") for key in ("STM", "FM", "UM")
    )
    for ministry in (stm, um):
        make_adoption(ministry, w.app, IN_USE)
        make_adoption(ministry, w.robot, IN_USE)
    make_adoption(fm, w.app, IN_USE)
    make_adoption(w.odense, w.app, IN_USE)
    make_adoption(w.odense, w.robot, IN_USE)
    ministries = Organisation.objects.filter(reference_key__startswith="ministry:").count()
    report = recommendation_report(user=None, organisation=fm)
    assert _names(report.recommendations) == ["Spiserobot"]
    assert report.recommendations[0].reasons == [
        "2 af 2 organisationer, der som jer bruger Træningsapp, bruger også Spiserobot",
        f"2 af {ministries - 1} andre statslige organisationer bruger den",
    ]
    assert report.profile.kind_peers == ministries - 1
    assert report.profile.neighbours == ()


def test_a_state_organisation_is_not_recommended_what_only_municipalities_use(
    ledger_world: LedgerWorld,
) -> None:
    """The QA finding: a ministry was recommended municipal solutions because it shares one
    solution with municipalities."""
    w = ledger_world
    fm = Organisation.objects.get(reference_key="ministry:FM")
    stm = Organisation.objects.get(reference_key="ministry:STM")
    make_adoption(fm, w.app, IN_USE)
    for town in (w.aarhus, w.odense, w.skanderborg):
        make_adoption(town, w.app, IN_USE)
        make_adoption(town, w.robot, IN_USE)
    # One ministry using it as well is one organisation's choice, not a pattern.
    make_adoption(stm, w.robot, IN_USE)
    assert recommendations_for(user=None, organisation=fm) == []
    # The solution itself is recommendable: a municipality gets it.
    horsens = municipality(615)
    assert _names(recommendations_for(user=None, organisation=horsens)) == [
        "Spiserobot",
        "Træningsapp",
    ]


def test_a_public_workplace_is_compared_with_workplaces_not_neighbours(
    ledger_world: LedgerWorld,
) -> None:
    """A workplace is placed at its parent's seat (for "near me"), but nearness among
    municipalities says nothing about a nursing home: no neighbour signal."""
    from spred.organisations.tests.factories import PublicWorkplaceFactory

    w = ledger_world
    home = PublicWorkplaceFactory.create(name="Plejecenter Solbakken", parent=w.skanderborg)
    for parent in (w.aarhus, w.odense):
        other = PublicWorkplaceFactory.create(
            name=f"Plejecenter i {parent.short_name}", parent=parent
        )
        make_adoption(other, w.app, IN_USE)
    # Odder and Horsens, Skanderborg's two nearest: under the old rules "2 af de 6 nærmeste
    # kommuner bruger Spiserobot" came first.
    make_adoption(municipality(727), w.robot, IN_USE)
    make_adoption(municipality(615), w.robot, IN_USE)
    report = recommendation_report(user=None, organisation=home)
    assert report.profile.neighbours == ()
    # Nor are the region's municipalities its peers: workplaces like it are.
    assert (report.profile.kind_peers, report.profile.region_peers) == (2, 0)
    assert [(r.solution.name, r.reasons) for r in report.recommendations] == [
        ("Træningsapp", ["2 af 2 andre offentlige arbejdspladser bruger Træningsapp"]),
    ]


def test_nothing_to_recommend_is_an_empty_list(ledger_world: LedgerWorld) -> None:
    assert recommendations_for(user=None, organisation=ledger_world.skanderborg) == []
    # Also when the organisation uses everything the others use.
    make_adoption(ledger_world.aarhus, ledger_world.robot, IN_USE)
    make_adoption(
        ledger_world.skanderborg, ledger_world.robot, [(AdoptionStatus.PILOT, date(2024, 1, 1))]
    )
    assert recommendations_for(user=None, organisation=ledger_world.skanderborg) == []


# -- the prepared ledger kept between requests ---------------------------------------------
# Every test below asks once (so the arrays are kept), changes the ledger the way the site
# does, and asks again: the second answer must show the change at once.


def _robot_reasons(w: PeerWorld) -> list[str]:
    result = recommendations_for(user=None, organisation=w.skanderborg)
    assert _names(result)[0] == "Spiserobot"
    return result[0].reasons


def _same_arrays(a: rec.Ledger, b: rec.Ledger) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name))
        for name in ("org_ids", "item_ids", "matrix", "row_sums", "gave_up")
    )


def test_the_prepared_ledger_is_reused_and_kept_up_to_date(
    peer_world: PeerWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = peer_world
    reads: list[int] = []
    read = selectors._read_ledger

    def counting() -> rec.Ledger:
        reads.append(1)
        return read()

    def kept() -> rec.Ledger:
        assert selectors._prepared is not None
        return selectors._prepared[2]

    monkeypatch.setattr(selectors, "_read_ledger", counting)
    selectors._forget_prepared_ledger()
    assert recommendations_for(user=None, organisation=w.skanderborg)
    assert recommendations_for(user=None, organisation=w.horsens)
    assert len(reads) == 1

    # Adoptions added, confirmed, stopped, rejected: only the changed rows are read, and the
    # arrays come out as a full read would make them.
    make_adoption(w.randers, w.vaskerobot, IN_USE)
    make_adoption(w.randers, w.bananrobot, STOPPED)
    recommendations_for(user=None, organisation=w.skanderborg)
    herning_member = MembershipFactory.create(organisation=w.herning).user
    adoption_confirm(acting_user=herning_member, adoption=w.robot_adoptions["Herning"])
    recommendations_for(user=None, organisation=w.skanderborg)
    silkeborg_member = MembershipFactory.create(organisation=w.silkeborg).user
    adoption_change_status(
        acting_user=silkeborg_member,
        adoption=w.robot_adoptions["Silkeborg"],
        status=AdoptionStatus.STOPPED,
        date=date(2024, 6, 1),
        reason="Passede ikke til os.",
    )
    recommendations_for(user=None, organisation=w.skanderborg)
    assert len(reads) == 1
    assert _same_arrays(kept(), read())

    # A deleted adoption or a changed solution: everything is read again.
    Adoption.objects.get(organisation=w.kolding, solution=w.vaskerobot).delete()
    recommendations_for(user=None, organisation=w.skanderborg)
    assert len(reads) == 2
    w.aeblerobot.name = "Æblerobot 2"
    w.aeblerobot.save()
    recommendations_for(user=None, organisation=w.skanderborg)
    assert len(reads) == 3
    assert _same_arrays(kept(), read())


def test_a_newly_verified_adoption_counts_at_once(peer_world: PeerWorld) -> None:
    w = peer_world
    assert "4 af 29 kommuner på jeres størrelse bruger den" in _robot_reasons(w)
    herning_member = MembershipFactory.create(organisation=w.herning).user
    adoption_confirm(acting_user=herning_member, adoption=w.robot_adoptions["Herning"])
    reasons = _robot_reasons(w)
    assert "5 af 29 kommuner på jeres størrelse bruger den" in reasons
    assert "6 af 97 andre kommuner bruger den" in reasons


def test_a_status_change_counts_at_once(peer_world: PeerWorld) -> None:
    w = peer_world
    assert "4 af 29 kommuner på jeres størrelse bruger den" in _robot_reasons(w)
    silkeborg_member = MembershipFactory.create(organisation=w.silkeborg).user
    adoption_change_status(
        acting_user=silkeborg_member,
        adoption=w.robot_adoptions["Silkeborg"],
        status=AdoptionStatus.STOPPED,
        date=date(2024, 6, 1),
        reason="Passede ikke til os.",
    )
    reasons = _robot_reasons(w)
    assert "3 af 29 kommuner på jeres størrelse bruger den" in reasons
    assert reasons[-1] == "2 andre kommuner er stoppet med den igen"


def test_a_deleted_adoption_stops_counting_at_once(peer_world: PeerWorld) -> None:
    w = peer_world
    assert "Vaskerobot" in _names(recommendations_for(user=None, organisation=w.skanderborg))
    Adoption.objects.get(organisation=w.kolding, solution=w.vaskerobot).delete()
    assert "Vaskerobot" not in _names(recommendations_for(user=None, organisation=w.skanderborg))


def test_an_archived_solution_disappears_at_once(peer_world: PeerWorld) -> None:
    w = peer_world
    assert "Vaskerobot" in _names(recommendations_for(user=None, organisation=w.skanderborg))
    solution_archive(acting_user=w.base.editor, solution=w.vaskerobot)
    assert "Vaskerobot" not in _names(recommendations_for(user=None, organisation=w.skanderborg))


def test_an_unpublished_solution_disappears_from_recommendations_and_reasons(
    peer_world: PeerWorld,
) -> None:
    w = peer_world
    recommendations_for(user=None, organisation=w.kolding)
    # Kolding is recommended Træningsapp because it uses Spiserobot, like Aarhus and Horsens.
    before = recommendations_for(user=None, organisation=w.kolding)
    assert "Træningsapp" in _names(before)
    assert any("bruger Spiserobot" in reason for r in before for reason in r.reasons)
    w.base.robot.status = Status.DRAFT
    w.base.robot.save()
    after = recommendations_for(user=None, organisation=w.kolding)
    assert not any("Spiserobot" in reason for r in after for reason in r.reasons)
    assert "Spiserobot" not in _names(recommendations_for(user=None, organisation=w.skanderborg))


def test_a_renamed_solution_is_named_anew_at_once(peer_world: PeerWorld) -> None:
    w = peer_world
    _robot_reasons(w)
    w.base.robot.name = "Madrobot"
    w.base.robot.save()
    result = recommendations_for(user=None, organisation=w.skanderborg)
    assert result[0].reasons[0].endswith("bruger også Madrobot")


def test_the_prepared_ledger_holds_exactly_the_open_ledger(peer_world: PeerWorld) -> None:
    """The arrays are read without the policy's joins; they must hold the same pairs as
    ``public_adoptions`` (pending, rejected, considering, draft and private records out)."""
    make_adoption(
        peer_world.randers,
        peer_world.vaskerobot,
        IN_USE,
        verification=Verification.REJECTED,
        recorded_by=peer_world.base.outsider,
    )
    ledger = selectors._read_ledger()
    rows, cols = np.nonzero(ledger.matrix)
    in_use = set(zip(ledger.org_ids[rows].tolist(), ledger.item_ids[cols].tolist(), strict=True))
    rows, cols = np.nonzero(ledger.gave_up)
    stopped = set(zip(ledger.org_ids[rows].tolist(), ledger.item_ids[cols].tolist(), strict=True))
    basis = public_adoptions()
    expected_in_use = set(
        basis.filter(status__in=IN_USE_STATUSES).values_list("organisation_id", "solution_id")
    )
    expected_stopped = set(
        basis.filter(status=AdoptionStatus.STOPPED, adopted_on__isnull=False).values_list(
            "organisation_id", "solution_id"
        )
    )
    assert in_use == expected_in_use
    assert stopped == expected_stopped
    assert len(in_use) == 20
    assert len(stopped) == 2


def test_the_prepared_ledger_is_rebuilt_when_it_is_old(
    peer_world: PeerWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    read = selectors._read_ledger

    def counting() -> rec.Ledger:
        reads.append(1)
        return read()

    monkeypatch.setattr(selectors, "_read_ledger", counting)
    monkeypatch.setattr(selectors, "PREPARED_MAX_AGE_SECONDS", 0.0)
    recommendations_for(user=None, organisation=peer_world.skanderborg)
    recommendations_for(user=None, organisation=peer_world.skanderborg)
    assert len(reads) == 2
