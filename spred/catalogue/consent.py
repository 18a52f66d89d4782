"""The consent a case's contact person gives to be shown on Spred, in versioned wording.

A consent record stores the version it was given under, so the exact text a person agreed to can
always be shown again. Never edit a published version: add a new one and make it ``CURRENT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.translation import get_language


@dataclass(frozen=True)
class ConsentText:
    version: str
    da: str
    en: str

    def text(self, language: str | None = None) -> str:
        language = language or get_language() or "da"
        return self.en if language.startswith("en") else self.da


CONSENT_TEXTS: dict[str, ConsentText] = {
    "2026-1": ConsentText(
        version="2026-1",
        da=(
            "Jeg giver samtykke til, at mit navn, min stilling, min e-mailadresse og mit "
            "telefonnummer (hvis jeg har oplyst det) vises offentligt på Spred som kontaktperson "
            "for denne case. Oplysningerne vises på casens side, i Spreds åbne data (API og "
            "eksport), så andre offentlige organisationer kan kontakte mig om casen. Jeg kan til "
            "enhver tid trække samtykket tilbage ved at bede min organisation eller Spreds "
            "redaktion om det. Så fjernes oplysningerne straks fra Spred og slettes; tilbage "
            "står kun, hvornår samtykket blev givet og trukket tilbage, og efter hvilken tekst."
        ),
        en=(
            "I consent to my name, job title, e-mail address and phone number (if given) being "
            "shown publicly on Spred as the contact person for this case. They are shown on the "
            "case's page and in Spred's open data (API and exports), so that other public "
            "organisations can contact me about the case. I can withdraw my consent at any "
            "time by asking my organisation or Spred's editors. The details are then removed "
            "from Spred at once and erased; only when consent was given and withdrawn, and "
            "under which text, is kept."
        ),
    ),
}

#: The version new consents are given under.
CURRENT = "2026-1"


def current_text() -> ConsentText:
    return CONSENT_TEXTS[CURRENT]


def consent_text(version: str) -> ConsentText | None:
    return CONSENT_TEXTS.get(version)


# -- withdrawal by link -----------------------------------------------------------------------
#
# The contact person need not have an account. When a consent is recorded, they get an e-mail
# with a link that withdraws it: as easy to withdraw as it was to give. The link names the
# consent record and the moment consent was given, so it stops working once a new consent
# (perhaps by another person) replaces that one. It does not expire.

_SALT = "spred.catalogue.contact-withdrawal"


def withdrawal_token(contact: Any) -> str:
    return signing.dumps(
        {"c": contact.pk, "g": contact.consent_given_at.isoformat()}, salt=_SALT, compress=True
    )


def contact_for_token(token: str) -> Any | None:
    """The consent record the link is for, while that consent stands; None otherwise."""
    from spred.catalogue.models import CaseContact

    try:
        data = signing.loads(token, salt=_SALT)
        pk, given = int(data["c"]), str(data["g"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    contact = CaseContact.objects.select_related("case").filter(pk=pk).first()
    if contact is None or contact.withdrawn_at is not None:
        return None
    if contact.consent_given_at.isoformat() != given:
        return None
    return contact
