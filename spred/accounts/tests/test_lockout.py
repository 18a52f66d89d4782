"""Ten wrong passwords lock out that e-mail from that IP address — through the real login form.

django-axes counts per (e-mail, IP). A locked-out pair gets the Danish lockout page even with the
right password; the same person from another address, or another person from the same address,
still gets in.
"""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from spred.accounts.models import User
from spred.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/konto/login/"
ATTACKER_IP = "203.0.113.7"
OTHER_IP = "198.51.100.23"
LOCKOUT_TEXT = "Kontoen er midlertidigt spærret"


def _login(
    email: str, password: str, ip: str, headers: dict[str, str] | None = None
) -> tuple[Client, Any]:
    client = Client(REMOTE_ADDR=ip)
    response = client.post(LOGIN_URL, {"login": email, "password": password}, headers=headers)
    return client, response


def _signed_in(client: Client) -> bool:
    return client.get("/konto/min-side/").status_code == 200


def _fail_ten_times(email: str, ip: str = ATTACKER_IP) -> None:
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        client, response = _login(email, "forkert-kodeord", ip)
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200, f"attempt {attempt}"
            assert "Den angivne emailadresse og/eller adgangskode er ikke korrekt." in (
                response.content.decode()
            )
    assert not _signed_in(client)


@pytest.fixture
def victim(db: None) -> User:
    return UserFactory.create(email="lene@aarhus.example.dk")


def test_the_limit_is_ten() -> None:
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_correct_password_signs_in(victim: User) -> None:
    client, response = _login(victim.email, PASSWORD, ATTACKER_IP)
    assert response.status_code == 302
    assert _signed_in(client)


def test_ten_wrong_passwords_lock_out_that_email_from_that_address_only(victim: User) -> None:
    _fail_ten_times(victim.email)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (victim.email, ATTACKER_IP)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT

    # Now even the right password gets the lockout page, in Danish, and no session.
    client, response = _login(victim.email, PASSWORD, ATTACKER_IP)
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKOUT_TEXT in body
    assert "kan du først prøve igen om en time" in body
    assert not _signed_in(client)

    # Only that pair is locked: the same person from another address gets in …
    client, response = _login(victim.email, PASSWORD, OTHER_IP)
    assert response.status_code == 302
    assert _signed_in(client)
    # … and so does a colleague from the attacker's address.
    colleague = UserFactory.create(email="mikkel@aarhus.example.dk")
    client, response = _login(colleague.email, PASSWORD, ATTACKER_IP)
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_email_is_matched_regardless_of_case_and_spaces(victim: User) -> None:
    _fail_ten_times("  LENE@Aarhus.Example.DK ")
    _client, response = _login(victim.email, PASSWORD, ATTACKER_IP)
    assert response.status_code == 429


def test_a_forged_forwarded_for_header_does_not_lift_the_lockout(victim: User) -> None:
    # Only REMOTE_ADDR counts; a client-supplied X-Forwarded-For must not give a fresh address.
    _fail_ten_times(victim.email)
    _client, response = _login(
        victim.email, PASSWORD, ATTACKER_IP, headers={"X-Forwarded-For": OTHER_IP}
    )
    assert response.status_code == 429


def test_nine_failures_then_success_resets_the_count(victim: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(victim.email, "forkert-kodeord", ATTACKER_IP)
    _client, response = _login(victim.email, PASSWORD, ATTACKER_IP)
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    # A fresh run of failures starts from zero, so one more failure does not lock out.
    _login(victim.email, "forkert-kodeord", ATTACKER_IP)
    _client, response = _login(victim.email, PASSWORD, ATTACKER_IP)
    assert response.status_code == 302


def test_unknown_email_is_counted_and_locked_out_too(db: None) -> None:
    # Otherwise the lockout would reveal which addresses have an account.
    _fail_ten_times("findes.ikke@eksempel.dk")
    _client, response = _login("findes.ikke@eksempel.dk", "hvad-som-helst", ATTACKER_IP)
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
