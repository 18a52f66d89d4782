"""Who may see and do what in the Innovation Barometer.

Two worlds, each with its policies here:

* **The publication** — published waves and their disclosure-controlled cells — is the same
  for every visitor, analysts included (``PublishedWavePolicy`` and friends). Drafts exist only
  in the workspace.
* **The workspace** — draft waves, codebook versions, strata, imports and above all the
  microdata (``Respondent``) — belongs to analysts only: members of the ``Analytiker`` platform
  group. A platform administrator or a superuser is *not* an analyst by virtue of that; they
  get in only by being put in the group, so that access to microdata is always a deliberate,
  visible grant.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from spred.accounts.roles import is_analyst
from spred.barometer.choices import WaveStatus
from spred.barometer.models import (
    Codebook,
    DataImport,
    Indicator,
    PublishedEstimate,
    Question,
    Respondent,
    Stratum,
    Wave,
)
from spred.core.policies import Policy


def workspace_refusal() -> str:
    """What a write in the workspace answers someone who is not an analyst."""
    return _("Kun analytikere kan arbejde med Innovationsbarometerets data.")


class WorkspacePolicy(Policy[Wave]):
    """The analysts' workspace: every wave, draft or published, and all the work on them."""

    model = Wave
    actions: ClassVar[frozenset[str]] = frozenset(
        {"view", "create", "edit", "import", "preview", "publish", "unpublish", "delete"}
    )

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Wave]:
        return Wave.objects.all() if is_analyst(user) else Wave.objects.none()

    anonymous_actions: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def allows(cls, user: Any, action: str, obj: Wave | None) -> bool:
        if not is_analyst(user):
            return False
        if action == "view":
            return True
        if action == "unpublish":
            return obj is not None and obj.is_published
        if action == "delete":
            # A published wave is taken down first, so deleting is never the way to unpublish.
            return obj is not None and not obj.is_published
        return True


class CodebookPolicy(Policy[Codebook]):
    """Codebook versions are working material: analysts only. (The questions behind a published
    indicator reach the public through the indicator's own texts.)"""

    model = Codebook

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Codebook]:
        return Codebook.objects.all() if is_analyst(user) else Codebook.objects.none()


class QuestionPolicy(Policy[Question]):
    model = Question

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Question]:
        return Question.objects.all() if is_analyst(user) else Question.objects.none()


class StratumPolicy(Policy[Stratum]):
    """The design (strata, population counts) is analysts' material."""

    model = Stratum

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Stratum]:
        return Stratum.objects.all() if is_analyst(user) else Stratum.objects.none()


class RespondentPolicy(Policy[Respondent]):
    """Microdata. Analysts only; no page, API or export shows a single row of it."""

    model = Respondent

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Respondent]:
        return Respondent.objects.all() if is_analyst(user) else Respondent.objects.none()


class DataImportPolicy(Policy[DataImport]):
    model = DataImport

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[DataImport]:
        return DataImport.objects.all() if is_analyst(user) else DataImport.objects.none()


class IndicatorPolicy(Policy[Indicator]):
    """The definitions of the published measures are public."""

    model = Indicator
    actions: ClassVar[frozenset[str]] = frozenset({"view", "manage"})

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Indicator]:
        return Indicator.objects.all()

    @classmethod
    def allows(cls, user: Any, action: str, obj: Indicator | None) -> bool:
        if action == "view":
            return True
        return is_analyst(user)


# --------------------------------------------------------------------------------------------
# The publication: the same for every visitor


class PublishedWavePolicy(Policy[Wave]):
    """Published waves, for everyone alike — an analyst reading the public pages sees what the
    public sees. Drafts exist only in the analysts' workspace."""

    model = Wave

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Wave]:
        return Wave.objects.filter(status=WaveStatus.PUBLISHED)


class PublishedEstimatePolicy(Policy[PublishedEstimate]):
    """Cells of published waves only."""

    model = PublishedEstimate

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[PublishedEstimate]:
        return PublishedEstimate.objects.filter(wave__status=WaveStatus.PUBLISHED)


class PublishedIndicatorPolicy(Policy[Indicator]):
    """Indicators with at least one cell in a published wave: an indicator that so far exists
    only in a draft (or only as a definition) is not mentioned anywhere in the publication."""

    model = Indicator

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Indicator]:
        cells = PublishedEstimatePolicy.visible_to(user).filter(indicator=OuterRef("pk"))
        return Indicator.objects.filter(Exists(cells))
