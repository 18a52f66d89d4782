"""Reads for the Innovation Barometer's workspace. Each starts from a policy (``WorkspacePolicy``
and friends: analysts only — everyone else gets empty querysets and 404s). The public side reads
through ``selectors.public``.

No selector returns an individual respondent's answers to a page: the workspace selectors give
counts, ``respondents_for_estimation`` hands microdata to the estimation code only, and
``preview_wave`` gives the figures publishing would store, before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from spred.barometer.models import (
    Codebook,
    DataImport,
    Indicator,
    Respondent,
    Stratum,
    Wave,
)
from spred.barometer.policies import (
    CodebookPolicy,
    DataImportPolicy,
    IndicatorPolicy,
    QuestionPolicy,
    RespondentPolicy,
    StratumPolicy,
    WorkspacePolicy,
)
from spred.barometer.tabulation import WaveTables, compute_wave


def workspace_waves(*, user: Any) -> QuerySet[Wave]:
    return (
        WorkspacePolicy.visible_to(user)
        .annotate(
            respondent_count=Count("respondents", distinct=True),
            codebook_count=Count("codebooks", distinct=True),
        )
        .order_by("-edition")
    )


def workspace_wave(*, user: Any, slug: str) -> Wave:
    return WorkspacePolicy.get_visible_or_404(user, slug=slug)


def current_codebook(*, user: Any, wave: Wave) -> Codebook | None:
    """The newest codebook version of a wave with its questions and options."""
    questions = QuestionPolicy.visible_to(user).prefetch_related("options")
    return (
        CodebookPolicy.visible_to(user)
        .filter(wave=wave)
        .prefetch_related(Prefetch("questions", queryset=questions))
        .select_related("imported_by")
        .order_by("-version")
        .first()
    )


def codebook_versions(*, user: Any, wave: Wave) -> QuerySet[Codebook]:
    return (
        CodebookPolicy.visible_to(user)
        .filter(wave=wave)
        .annotate(question_count=Count("questions"))
        .select_related("imported_by")
        .order_by("-version")
    )


def wave_imports(*, user: Any, wave: Wave) -> QuerySet[DataImport]:
    return (
        DataImportPolicy.visible_to(user)
        .filter(wave=wave)
        .select_related("imported_by", "codebook")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class DesignSummary:
    """What an analyst needs to know about a wave's sample — counts only, no rows."""

    strata: int
    respondents: int
    population: int
    lonely_strata: int
    empty_strata: int

    @property
    def has_microdata(self) -> bool:
        return self.respondents > 0


def design_summary(*, user: Any, wave: Wave) -> DesignSummary:
    strata = StratumPolicy.visible_to(user).filter(wave=wave)
    per_stratum = list(
        strata.annotate(n=Count("respondents")).values_list("n", "population").order_by()
    )
    population = strata.aggregate(total=Sum("population"))["total"] or 0
    return DesignSummary(
        strata=len(per_stratum),
        respondents=RespondentPolicy.visible_to(user).filter(wave=wave).count(),
        population=population,
        # A stratum of one workplace that answered is a census, not a lonely stratum.
        lonely_strata=sum(1 for n, size in per_stratum if n == 1 and size > 1),
        empty_strata=sum(1 for n, _size in per_stratum if n == 0),
    )


def wave_strata(*, user: Any, wave: Wave) -> QuerySet[Stratum]:
    """The strata with their population and sample size (a count, not the rows)."""
    return (
        StratumPolicy.visible_to(user)
        .filter(wave=wave)
        .annotate(sample_size=Count("respondents"))
        .order_by("code")
    )


def respondents_for_estimation(*, user: Any, wave: Wave) -> QuerySet[Respondent]:
    """Microdata for the estimation code. Never render these: pass them to ``vectors`` and
    ``tabulation``, which turn them into aggregates."""
    return (
        RespondentPolicy.visible_to(user)
        .filter(wave=wave)
        .select_related("stratum")
        .order_by("external_id")
    )


def workspace_indicators(*, user: Any) -> QuerySet[Indicator]:
    return IndicatorPolicy.visible_to(user).order_by("position", "slug")


# --------------------------------------------------------------------------------------------
# The figures before publication


def wave_inputs(*, user: Any, wave: Wave) -> dict[str, Any]:
    """What ``compute_wave`` needs of a wave: its microdata, strata, newest codebook and the
    indicators. Raises ``ValidationError`` when the wave has no codebook yet."""
    codebook = current_codebook(user=user, wave=wave)
    if codebook is None:
        raise ValidationError(_("Bølgen har ingen kodebog endnu."))
    return {
        "respondents": respondents_for_estimation(user=user, wave=wave),
        "strata": wave_strata(user=user, wave=wave),
        "codebook": codebook,
        "indicators": list(workspace_indicators(user=user)),
    }


def preview_wave(
    *, user: Any, wave: Wave, lonely_policy: str | None = None, ci_method: str | None = None
) -> WaveTables:
    """The cells publishing would write, for the analyst's eyes only; nothing is stored."""
    WorkspacePolicy.require(
        user, "preview", wave, _("Kun analytikere kan se estimater før publicering.")
    )
    return compute_wave(
        wave, lonely_policy=lonely_policy, ci_method=ci_method, **wave_inputs(user=user, wave=wave)
    )
