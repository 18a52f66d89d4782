"""Publishing a wave of the Innovation Barometer, and taking it down again.

``publish_wave`` computes every cell with the estimation engine and disclosure control
(``tabulation``) and stores the cells in one transaction; ``unpublish_wave`` removes them. Both
are ``@service``s, for analysts only, like the workspace's other writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.barometer.choices import CiMethod, LonelyStratumPolicy, WaveStatus
from spred.barometer.models import Indicator, PublishedEstimate, Wave
from spred.barometer.policies import WorkspacePolicy
from spred.barometer.selectors.workspace import wave_inputs
from spred.barometer.tabulation import compute_wave
from spred.core.audit import service


@dataclass(frozen=True)
class PublishResult:
    cells: int
    suppressed: int
    skipped: list[tuple[Indicator, str]]
    replaced: int


@service
def publish_wave(
    *,
    acting_user: Any,
    wave: Wave,
    lonely_policy: str | None = None,
    ci_method: str | None = None,
) -> PublishResult:
    """Compute, protect and store every cell of the wave, and publish it. Publishing again
    replaces the cells in the same transaction, so readers never see a half-written wave.
    ``lonely_policy`` and ``ci_method``, when given, become the wave's settings."""
    WorkspacePolicy.require(acting_user, "publish", wave, _("Kun analytikere kan publicere."))
    # Serialise publications of the same wave.
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if lonely_policy is not None and lonely_policy not in LonelyStratumPolicy.values:
        raise ValidationError({"lonely_policy": _("Vælg en af de mulige politikker.")})
    if ci_method is not None and ci_method not in CiMethod.values:
        raise ValidationError({"ci_method": _("Vælg en af de mulige metoder.")})
    wave.lonely_policy = lonely_policy or wave.lonely_policy
    wave.ci_method = ci_method or wave.ci_method
    tables = compute_wave(wave, **wave_inputs(user=acting_user, wave=wave))
    if not tables.cells:
        raise ValidationError(_("Ingen indikatorer kunne beregnes for bølgen."))
    replaced, _details = PublishedEstimate.objects.filter(wave=wave).delete()
    PublishedEstimate.objects.bulk_create([c.as_model(wave) for c in tables.cells], batch_size=500)
    wave.status = WaveStatus.PUBLISHED
    wave.published_at = timezone.now()
    wave.published_by = acting_user
    wave.save(
        update_fields=[
            "status",
            "published_at",
            "published_by",
            "lonely_policy",
            "ci_method",
            "updated_at",
        ]
    )
    return PublishResult(
        cells=len(tables.cells),
        suppressed=tables.suppressed_count,
        skipped=tables.skipped,
        replaced=replaced,
    )


@service
def unpublish_wave(*, acting_user: Any, wave: Wave) -> int:
    """Take a wave off the public pages: its cells are removed and it is a draft again."""
    WorkspacePolicy.require(
        acting_user, "unpublish", wave, _("Bølgen er ikke publiceret, eller du er ikke analytiker.")
    )
    removed, _details = PublishedEstimate.objects.filter(wave=wave).delete()
    wave.status = WaveStatus.DRAFT
    wave.published_at = None
    wave.published_by = None
    wave.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return removed
