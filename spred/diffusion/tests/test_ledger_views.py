"""The ledger's pages: who gets what (access matrix), the record form's GET and POST, the status,
confirm, reject, withdraw, edit and 'lært af' pages, the public list and the to-confirm list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    Redirect,
    ViewAccess,
    assert_access,
    client_for,
    csp_script_problems,
    public,
    scoped,
    signed_in,
    unchanged,
)
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom
from spred.diffusion.tests.world import LedgerWorld, make_adoption

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

pytestmark = pytest.mark.django_db

OLD = datetime(2022, 3, 1, 12, tzinfo=COPENHAGEN)


def url(name: str, *args: Any) -> str:
    return reverse(f"diffusion:{name}", args=args)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def access(ledger_world: LedgerWorld) -> AccessWorld:
    """Seen from Aarhus: its plain member is permitted, Odense's member holds the same role
    elsewhere, and the outsider is signed in without any organisation."""
    w = ledger_world
    verified = make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.PILOT, date(2023, 1, 5))],
        learned_from=[w.odense],
    )
    pending = make_adoption(
        w.aarhus,
        w.app,
        [(AdoptionStatus.OPERATING, date(2024, 2, 1))],
        verification=Verification.PENDING,
        recorded_by=w.editor,
    )
    draft = make_adoption(w.aarhus, w.draft, [(AdoptionStatus.PILOT, date(2024, 2, 1))])
    return AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: w.outsider,
            Audience.OTHER_ORGANISATION: w.odense_member,
            Audience.PERMITTED: w.aarhus_member,
        },
        objects={
            "verified": verified,
            "pending": pending,
            "draft": draft,
            "link": verified.learned_from.get(),
        },
    )


def _pk(name: str) -> Any:
    return lambda w: url("adoption", w[name].pk)


def _action(action: str, name: str) -> Any:
    return lambda w: url(action, w[name].pk)


def _still_pending(audience: Audience, response: HttpResponse, w: AccessWorld) -> None:
    expected = Verification.VERIFIED if audience is Audience.PERMITTED else Verification.PENDING
    assert Adoption.objects.get(pk=w["pending"].pk).verification == expected


ACCESS = (
    public("ledger list", url("ledger")),
    public("verified adoption", _pk("verified")),
    ViewAccess(
        "pending adoption",
        _pk("pending"),
        {
            Audience.ANONYMOUS: 404,
            Audience.NO_PERMISSION: 404,
            Audience.OTHER_ORGANISATION: 404,
            Audience.PERMITTED: 200,
        },
    ),
    ViewAccess(
        "adoption of a draft solution",
        _pk("draft"),
        {
            Audience.ANONYMOUS: 404,
            Audience.NO_PERMISSION: 404,
            Audience.OTHER_ORGANISATION: 404,
            Audience.PERMITTED: 200,
        },
    ),
    scoped("record form", url("record"), other_organisation=200),
    signed_in("to confirm", url("to_confirm")),
    scoped("change status form", _action("adoption_status", "verified")),
    scoped("confirm page (pending)", _action("adoption_confirm", "pending")),
    scoped(
        "confirm (pending)",
        _action("adoption_confirm", "pending"),
        Redirect("/spredning/ibrugtagninger/"),
        method="post",
        check=_still_pending,
    ),
    scoped("reconfirm page (verified)", _action("adoption_confirm", "verified")),
    scoped("reject page (pending)", _action("adoption_reject", "pending")),
    ViewAccess(
        "reject page (verified: nobody)",
        _action("adoption_reject", "verified"),
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 404,
            Audience.OTHER_ORGANISATION: 404,
            Audience.PERMITTED: 404,
        },
    ),
    scoped("edit form", _action("adoption_edit", "verified")),
    scoped("add 'lært af'", _action("learned_from_add", "verified")),
    scoped(
        "remove 'lært af'",
        lambda w: url("learned_from_remove", w["verified"].pk, w["link"].pk),
    ),
    ViewAccess(
        "withdraw (only the recorder: the editor)",
        _action("adoption_withdraw", "pending"),
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 404,
            Audience.OTHER_ORGANISATION: 404,
            Audience.PERMITTED: 404,
        },
    ),
)


@pytest.mark.parametrize("case", ACCESS, ids=str)
def test_access_matrix(case: ViewAccess, access: AccessWorld) -> None:
    assert_access(case, access)


def test_an_unknown_adoption_is_404(ledger_world: LedgerWorld) -> None:
    client = client_for(ledger_world.editor)
    assert client.get(url("adoption", 999999)).status_code == 404
    assert client.get(url("adoption_status", 999999)).status_code == 404


# ---------------------------------------------------------------------------------------------
# The public list


def test_the_public_list_shows_only_verified_adoptions_of_public_solutions(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    make_adoption(w.skanderborg, w.robot, [(AdoptionStatus.OPERATING, date(2023, 1, 1))])
    make_adoption(
        w.odense,
        w.app,
        [(AdoptionStatus.PILOT, date(2024, 1, 1))],
        verification=Verification.PENDING,
    )
    make_adoption(
        w.aarhus,
        w.app,
        [(AdoptionStatus.PILOT, date(2024, 1, 1))],
        verification=Verification.REJECTED,
    )
    make_adoption(w.aarhus, w.draft, [(AdoptionStatus.PILOT, date(2024, 1, 1))])
    for user in (None, w.aarhus_member, w.editor):
        page = client_for(user).get(url("ledger")).content.decode()
        rows = page.split("<tbody>")[1].split("</tbody>")[0]
        assert "Skanderborg" in rows
        assert "Træningsapp" not in rows
        assert "Hemmelig kladde" not in page  # not even among the filter's options
        assert "1 ibrugtagning<" in page


def test_the_public_list_filters_and_marks_unconfirmed(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(
        w.skanderborg, w.robot, [(AdoptionStatus.OPERATING, date(2021, 1, 1))], confirmed_at=OLD
    )
    make_adoption(w.odense, w.app, [(AdoptionStatus.PILOT, date(2024, 1, 1))])
    client = client_for(None)
    page = client.get(url("ledger"), {"loesning": "spiserobot"}).content.decode()
    assert "Skanderborg Kommune</th>" in page
    assert "Odense Kommune</th>" not in page
    assert "ubekræftet</span>" in page
    page = client.get(url("ledger"), {"status": AdoptionStatus.PILOT}).content.decode()
    assert "Odense Kommune</th>" in page
    assert "Skanderborg Kommune</th>" not in page
    # Region Syddanmark (1083) holds Odense, not Skanderborg.
    page = client.get(url("ledger"), {"region": "1083"}).content.decode()
    assert "Odense Kommune</th>" in page
    assert "Skanderborg Kommune</th>" not in page
    page = client.get(url("ledger"), {"organisation": w.aarhus.slug}).content.decode()
    assert "Ingen ibrugtagninger passer til filtrene" in page
    # Junk in the query is ignored rather than an error page.
    assert client.get(url("ledger"), {"region": "abc", "side": "x"}).status_code == 200


def test_the_public_list_is_empty_with_a_message(ledger_world: LedgerWorld) -> None:
    page = client_for(None).get(url("ledger")).content.decode()
    assert "Ingen verificerede ibrugtagninger endnu" in page
    assert not csp_script_problems(page)


def test_the_public_list_pages(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    from spred.diffusion.tests.world import municipality

    for code in (101, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169, 173, 175, 183,
                 185, 187, 190, 201, 210, 217, 219, 223, 230, 240, 250):  # fmt: skip
        make_adoption(municipality(code), w.robot, [(AdoptionStatus.PILOT, date(2023, 1, 1))])
    client = client_for(None)
    first = client.get(url("ledger")).content.decode()
    assert "Side 1 af 2" in first
    second = client.get(url("ledger"), {"side": "2"})
    assert "Side 2 af 2" in second.content.decode()


def test_members_find_the_to_confirm_list_from_the_ledger(ledger_world: LedgerWorld) -> None:
    page = client_for(ledger_world.aarhus_member).get(url("ledger")).content.decode()
    assert url("to_confirm") in page
    assert url("record") in page
    anonymous = client_for(None).get(url("ledger")).content.decode()
    assert url("to_confirm") not in anonymous


# ---------------------------------------------------------------------------------------------
# Recording


def test_the_record_form_preselects_the_solution_and_explains_verification(
    ledger_world: LedgerWorld,
) -> None:
    response = client_for(ledger_world.aarhus_member).get(url("record"), {"loesning": "spiserobot"})
    page = response.content.decode()
    assert '<option value="spiserobot" selected' in page
    assert "(Aarhus Kommune), er ibrugtagningen verificeret med det samme" in page
    assert "afventer den organisationens bekræftelse" in page
    # Only published solutions are offered; the draft is not.
    assert "hemmelig-kladde" not in page
    assert not csp_script_problems(page)


def _record_data(w: LedgerWorld, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": w.aarhus.slug,
        "solution": w.robot.slug,
        "status": AdoptionStatus.PILOT,
        "date": "2024-03-01",
        "reason": "",
        "scope_value": "250",
        "scope_unit": "borgere",
        "learned_from": w.odense.slug,
        "adapted": "Vi brugte den på dagcentre.",
    }
    data.update(overrides)
    return data


def test_a_member_records_a_verified_adoption(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    response = client_for(w.aarhus_member).post(url("record"), _record_data(w))
    adoption = Adoption.objects.get(organisation=w.aarhus, solution=w.robot)
    assert response.status_code == 302
    assert response["Location"] == adoption.get_absolute_url()
    assert adoption.verification == Verification.VERIFIED
    assert adoption.scope_value == 250
    assert adoption.learned_from.get().source == w.odense
    assert "verificeret" in messages_of(response)[0]


def test_recording_for_another_organisation_is_pending(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    response = client_for(w.odense_member).post(url("record"), _record_data(w, learned_from=""))
    adoption = Adoption.objects.get(organisation=w.aarhus, solution=w.robot)
    assert adoption.verification == Verification.PENDING
    assert "afventer bekræftelse fra Aarhus Kommune" in messages_of(response)[0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organisation": "findes-ikke"}, "Ukendt organisation"),
        ({"solution": "findes-ikke"}, "Ukendt løsning"),
        ({"solution": "hemmelig-kladde"}, "Ukendt løsning"),
        ({"date": "2999-01-01"}, "fremtiden"),
        ({"date": "i går"}, "åååå-mm-dd"),
        ({"status": AdoptionStatus.STOPPED}, "At stoppe er også læring"),
        ({"scope_unit": ""}, "hvad omfanget tæller"),
        ({"learned_from": "aarhus-kommune"}, "lært af sig selv"),
    ],
)
def test_bad_input_shows_a_danish_message_and_stores_nothing(
    ledger_world: LedgerWorld, overrides: dict[str, str], message: str
) -> None:
    w = ledger_world
    data = _record_data(w, **overrides)
    if overrides.get("learned_from") == "aarhus-kommune":
        data["learned_from"] = w.aarhus.slug
    with unchanged(Adoption, AdoptionEvent, LearnedFrom):
        response = client_for(w.aarhus_member).post(url("record"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_recording_the_same_pair_again_points_to_changing_status(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2023, 1, 1))])
    with unchanged(Adoption, AdoptionEvent):
        response = client_for(w.aarhus_member).post(url("record"), _record_data(w))
    assert "Skift status på den eksisterende registrering" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# One adoption


def test_the_detail_page_shows_history_scope_learned_from_and_actions(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    adoption = make_adoption(
        w.aarhus,
        w.robot,
        [
            (AdoptionStatus.CONSIDERING, date(2022, 1, 10)),
            (AdoptionStatus.PILOT, date(2022, 6, 1)),
            (AdoptionStatus.STOPPED, date(2023, 2, 1), "For dyr i drift."),
        ],
        confirmed_at=OLD,
        learned_from=[w.odense],
        scope_value=40,
        scope_unit="enheder",
    )
    public_page = client_for(None).get(adoption.get_absolute_url()).content.decode()
    assert "For dyr i drift." in public_page
    assert "Ubekræftet" in public_page
    assert "1. marts 2023" in public_page
    assert "Odense Kommune" in public_page
    assert "Tilpasset lokalt." in public_page
    assert "40 enheder" in public_page
    assert url("adoption_status", adoption.pk) not in public_page
    member_page = client_for(w.aarhus_member).get(adoption.get_absolute_url()).content.decode()
    for action in ("adoption_status", "adoption_confirm", "adoption_edit"):
        assert url(action, adoption.pk) in member_page
    assert url("adoption_reject", adoption.pk) not in member_page
    assert url("learned_from_add", adoption.pk) in member_page
    assert not csp_script_problems(member_page)


def test_changing_status_going_back_in_time_is_refused(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    adoption = make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2024, 1, 5))])
    client = client_for(w.aarhus_member)
    with unchanged(AdoptionEvent, adoption):
        response = client.post(
            url("adoption_status", adoption.pk),
            {"status": AdoptionStatus.OPERATING, "date": "2023-12-31"},
        )
    assert "tilbage i tiden" in response.content.decode()
    with unchanged(AdoptionEvent, adoption):
        response = client.post(
            url("adoption_status", adoption.pk),
            {"status": AdoptionStatus.STOPPED, "date": "2024-02-01"},
        )
    assert "hvorfor løsningen blev stoppet" in response.content.decode()
    with unchanged(AdoptionEvent, adoption):
        response = client.post(
            url("adoption_status", adoption.pk),
            {"status": AdoptionStatus.PILOT, "date": "2024-02-01"},
        )
    assert response.status_code == 200  # the current status is not offered: a form error
    response = client.post(
        url("adoption_status", adoption.pk),
        {"status": AdoptionStatus.OPERATING, "date": "2024-03-01"},
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.OPERATING
    assert "historikken" in messages_of(response)[0]


def test_the_status_form_defaults_to_today(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    adoption = make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2024, 1, 5))])
    page = client_for(w.aarhus_member).get(url("adoption_status", adoption.pk)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_confirm_and_reject_from_the_to_confirm_list(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    pending = make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.PILOT, date(2024, 1, 5))],
        verification=Verification.PENDING,
        recorded_by=w.odense_member,
        recorded_by_organisation=w.odense,
    )
    other = make_adoption(
        w.aarhus,
        w.app,
        [(AdoptionStatus.PILOT, date(2024, 1, 5))],
        verification=Verification.PENDING,
        recorded_by=w.odense_member,
    )
    due = make_adoption(
        w.aarhus, w.draft, [(AdoptionStatus.OPERATING, date(2021, 1, 5))], confirmed_at=OLD
    )
    fresh = make_adoption(w.skanderborg, w.robot, [(AdoptionStatus.OPERATING, date(2021, 1, 5))])
    client = client_for(w.aarhus_member)
    page = client.get(url("to_confirm")).content.decode()
    for adoption in (pending, other, due):
        assert url("adoption_confirm", adoption.pk) in page
    assert url("adoption_reject", pending.pk) in page
    assert url("adoption_reject", due.pk) not in page
    assert url("adoption_confirm", fresh.pk) not in page
    assert "Odense Kommune" in page
    response = client.post(url("adoption_confirm", pending.pk), {"next": url("to_confirm")})
    assert response["Location"] == url("to_confirm")
    pending.refresh_from_db()
    assert pending.verification == Verification.VERIFIED
    response = client.post(
        url("adoption_reject", other.pk), {"reason": "Forkert.", "next": url("to_confirm")}
    )
    assert response["Location"] == url("to_confirm")
    other.refresh_from_db()
    assert other.verification == Verification.REJECTED
    response = client.post(url("adoption_confirm", due.pk), {"next": "https://example.com/"})
    assert response["Location"] == due.get_absolute_url()  # no open redirect
    due.refresh_from_db()
    assert not due.is_unconfirmed
    assert "et år mere" in messages_of(response)[-1]


def test_the_reject_page_asks_first(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    pending = make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.PILOT, date(2024, 1, 5))],
        verification=Verification.PENDING,
    )
    with unchanged(pending):
        page = client_for(w.aarhus_member).get(url("adoption_reject", pending.pk))
    assert "Ja, afvis" in page.content.decode()


def test_the_recorder_withdraws_after_confirming(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    pending = make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.PILOT, date(2024, 1, 5))],
        verification=Verification.PENDING,
        recorded_by=w.odense_member,
    )
    client = client_for(w.odense_member)
    with unchanged(Adoption):
        assert (
            "Ja, træk den tilbage"
            in client.get(url("adoption_withdraw", pending.pk)).content.decode()
        )
    response = client.post(url("adoption_withdraw", pending.pk))
    assert response["Location"] == url("ledger")
    assert not Adoption.objects.filter(pk=pending.pk).exists()
    assert "trukket tilbage" in messages_of(response)[0]


def test_a_refused_action_shows_a_message_and_changes_nothing(ledger_world: LedgerWorld) -> None:
    """Between loading the page and pressing the button, someone else confirmed it."""
    w = ledger_world
    pending = make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.PILOT, date(2024, 1, 5))],
        verification=Verification.PENDING,
        recorded_by=w.odense_member,
    )
    client = client_for(w.odense_member)
    client.get(url("adoption_withdraw", pending.pk))
    Adoption.objects.filter(pk=pending.pk).update(
        verification=Verification.VERIFIED, verified_at=timezone.now()
    )
    assert client.post(url("adoption_withdraw", pending.pk)).status_code == 404


def test_editing_scope_and_learned_from(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    adoption = make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2024, 1, 5))])
    client = client_for(w.aarhus_member)
    response = client.post(
        url("adoption_edit", adoption.pk),
        {"scope_value": "12", "scope_unit": "", "source_case": "", "note": ""},
    )
    assert "hvad omfanget tæller" in response.content.decode()
    response = client.post(
        url("adoption_edit", adoption.pk),
        {"scope_value": "12", "scope_unit": "medarbejdere", "source_case": "", "note": "Godt."},
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert (adoption.scope_value, adoption.note) == (12, "Godt.")
    response = client.post(
        url("learned_from_add", adoption.pk), {"source": w.odense.slug, "adapted": "Menuen."}
    )
    assert response.status_code == 302
    link = adoption.learned_from.get()
    with unchanged(LearnedFrom):
        response = client.post(url("learned_from_add", adoption.pk), {"source": w.odense.slug})
    assert "allerede angivet" in response.content.decode()
    with unchanged(LearnedFrom):
        response = client.post(url("learned_from_add", adoption.pk), {"source": w.aarhus.slug})
    assert "Ukendt organisation" in response.content.decode()  # its own is not offered
    assert client.get(url("learned_from_remove", adoption.pk, link.pk + 1000)).status_code == 404
    response = client.post(url("learned_from_remove", adoption.pk, link.pk))
    assert response.status_code == 302
    assert not adoption.learned_from.exists()


def test_a_new_status_is_not_before_today_plus_one(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    adoption = make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2024, 1, 5))])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with unchanged(AdoptionEvent, adoption):
        response = client_for(w.aarhus_member).post(
            url("adoption_status", adoption.pk),
            {"status": AdoptionStatus.OPERATING, "date": tomorrow},
        )
    assert "fremtiden" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# In the browser: every ledger page passes axe-core's WCAG 2.1 A/AA rules


@pytest.mark.browser
def test_the_ledger_pages_pass_axe(
    transactional_db: Any, live_server: Any, ledger_world: LedgerWorld
) -> None:
    from spred.accounts.tests.factories import PASSWORD
    from spred.core.tests.browser import Browser, chromium, format_violations

    w = ledger_world
    verified = make_adoption(
        w.aarhus,
        w.robot,
        [
            (AdoptionStatus.PILOT, date(2022, 6, 1)),
            (AdoptionStatus.STOPPED, date(2023, 2, 1), "For dyr i drift."),
        ],
        confirmed_at=OLD,
        learned_from=[w.odense],
    )
    pending = make_adoption(
        w.aarhus,
        w.app,
        [(AdoptionStatus.PILOT, date(2024, 1, 5))],
        verification=Verification.PENDING,
        recorded_by=w.odense_member,
        recorded_by_organisation=w.odense,
    )
    with chromium() as driver:
        browser = Browser(driver, live_server.url)
        browser.reset()
        violations = []
        browser.visit(url("ledger"))
        violations += browser.axe()
        browser.visit(verified.get_absolute_url())
        violations += browser.axe("adoption (anonymous)")
        browser.log_in(w.aarhus_member.email, PASSWORD)
        for path in (
            url("ledger"),
            verified.get_absolute_url(),
            pending.get_absolute_url(),
            url("record") + "?loesning=spiserobot",
            url("to_confirm"),
            url("adoption_reject", pending.pk),
            url("adoption_edit", verified.pk),
            url("learned_from_add", verified.pk),
        ):
            browser.visit(path)
            assert browser.path() == path, f"{path} went to {browser.path()}"
            violations += browser.axe()
        browser.visit(url("adoption_status", verified.pk))
        browser.submit()  # no status chosen: the page shows its errors
        assert "Vælg en status" in browser.text_of("main")
        violations += browser.axe("status form with errors")
        assert not violations, format_violations(violations)


def test_lists_do_not_grow_a_query_per_row(ledger_world: LedgerWorld) -> None:
    from spred.core.testing import assert_queries_do_not_grow

    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2023, 1, 1))], confirmed_at=OLD)
    anonymous, member = client_for(None), client_for(w.aarhus_member)

    def add_rows() -> None:
        make_adoption(w.odense, w.robot, [(AdoptionStatus.PILOT, date(2023, 1, 1))])
        make_adoption(w.aarhus, w.app, [(AdoptionStatus.PILOT, date(2023, 1, 1))], confirmed_at=OLD)
        make_adoption(
            w.aarhus,
            w.draft,
            [(AdoptionStatus.PILOT, date(2023, 1, 1))],
            verification=Verification.PENDING,
            recorded_by_organisation=w.odense,
        )

    assert_queries_do_not_grow(
        lambda: (anonymous.get(url("ledger")), member.get(url("to_confirm"))), add_rows
    )


def test_the_admin_is_a_read_only_overview(ledger_world: LedgerWorld) -> None:
    from spred.accounts.tests.factories import UserFactory

    w = ledger_world
    adoption = make_adoption(w.aarhus, w.robot, [(AdoptionStatus.PILOT, date(2023, 1, 1))])
    admin = client_for(UserFactory.create(is_staff=True, is_superuser=True))
    listing = admin.get("/admin/diffusion/adoption/")
    assert listing.status_code == 200
    assert "Aarhus Kommune" in listing.content.decode()
    assert admin.get(f"/admin/diffusion/adoption/{adoption.pk}/change/").status_code == 200
    assert admin.get("/admin/diffusion/adoptionevent/").status_code == 200
    assert admin.get("/admin/diffusion/learnedfrom/").status_code == 200
    with unchanged(Adoption, adoption):
        assert admin.get("/admin/diffusion/adoption/add/").status_code == 403
        response = admin.post(f"/admin/diffusion/adoption/{adoption.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403


def test_the_record_button_carries_the_chosen_solution(ledger_world: LedgerWorld) -> None:
    page = client_for(ledger_world.aarhus_member).get(url("ledger"), {"loesning": "spiserobot"})
    assert f"{url('record')}?loesning=spiserobot" in page.content.decode()
