"""Reads for contact with a verified adopter: which adoption a visitor may write about, and
whether anyone there can receive the message. Neither says who the recipients are."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from spred.diffusion.models import Adoption
from spred.diffusion.policies import AdoptionPolicy
from spred.organisations.choices import MembershipStatus


def contact_adoption(*, user: Any, pk: Any) -> Adoption:
    """The adoption the user wants to contact; 404 when it is out of scope or the user may not
    contact it (their own organisation's, or not verified)."""
    try:
        adoption = AdoptionPolicy.get_visible_or_404(user, pk=int(pk))
    except (ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    if not AdoptionPolicy.can(user, "contact", adoption):
        raise Http404
    return adoption


def contact_reachable(*, user: Any, adoption: Adoption) -> bool:
    """Whether anyone at the adopting organisation can receive a message — so the contact page
    can say so before the visitor writes rather than after. Says nothing about who."""
    return (
        AdoptionPolicy.visible_to(user)
        .filter(
            pk=adoption.pk,
            organisation__memberships__status=MembershipStatus.ACTIVE,
            organisation__memberships__user__is_active=True,
        )
        .exists()
    )
