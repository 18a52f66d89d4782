"""Waves in the Innovation Barometer's workspace: creating one, and changing its texts and
estimation settings.

Every write is a ``@service``: keyword-only, one transaction, audited as the acting user, and
refused with ``ActionNotAllowed`` for anyone but an analyst.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spred.barometer.choices import CiMethod, LonelyStratumPolicy
from spred.barometer.models import Wave
from spred.barometer.policies import WorkspacePolicy, workspace_refusal
from spred.core.audit import service

#: A wave's slug is its edition year; this one would collide with the workspace's addresses.
RESERVED_SLUGS = frozenset({"analyse"})


def _wave_fields_check(lonely_policy: str, ci_method: str) -> None:
    errors = {}
    if lonely_policy not in LonelyStratumPolicy.values:
        errors["lonely_policy"] = _("Vælg en af de mulige politikker.")
    if ci_method not in CiMethod.values:
        errors["ci_method"] = _("Vælg en af de mulige metoder.")
    if errors:
        raise ValidationError(errors)


@service
def wave_create(
    *,
    acting_user: Any,
    edition: int,
    title: str,
    reference_period: str,
    description: str = "",
    is_synthetic: bool = False,
    lonely_policy: str = LonelyStratumPolicy.FAIL,
    ci_method: str = CiMethod.LOGIT,
) -> Wave:
    WorkspacePolicy.require(acting_user, "create", None, workspace_refusal())
    _wave_fields_check(lonely_policy, ci_method)
    slug = str(edition)
    if Wave.objects.filter(edition=edition).exists():
        raise ValidationError(
            {"edition": _("Der findes allerede en bølge for %(year)s.") % {"year": edition}}
        )
    wave = Wave(
        edition=edition,
        slug=slug,
        title=title.strip(),
        reference_period=reference_period.strip(),
        description=description.strip(),
        is_synthetic=is_synthetic,
        lonely_policy=lonely_policy,
        ci_method=ci_method,
    )
    wave.full_clean()
    if not 1990 <= edition <= 2100:
        raise ValidationError({"edition": _("Angiv udgaven som et årstal, fx 2023.")})
    wave.save()
    return wave


@service
def wave_update(
    *,
    acting_user: Any,
    wave: Wave,
    title: str,
    reference_period: str,
    description: str,
    lonely_policy: str,
    ci_method: str,
) -> Wave:
    """Texts and the estimation settings. The settings take effect at the next publication
    (a published wave keeps its figures until it is published again)."""
    WorkspacePolicy.require(acting_user, "edit", wave, workspace_refusal())
    _wave_fields_check(lonely_policy, ci_method)
    wave.title = title.strip()
    wave.reference_period = reference_period.strip()
    wave.description = description.strip()
    wave.lonely_policy = lonely_policy
    wave.ci_method = ci_method
    wave.full_clean()
    wave.save()
    return wave
