"""The published barometer cells as the public sees them: domain labels and order, number
formatting, ``PublicCell`` (a published estimate with nothing of a suppressed cell left in it)
and the test of change between two waves. Plain values in, plain values out — the reads are in
``selectors.public``."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spred.barometer.analysis.disclosure import DisclosurePolicy
from spred.barometer.analysis.estimation import Estimate, change_test
from spred.barometer.choices import (
    Area,
    Breakdown,
    GovernmentLevel,
    SizeBand,
    SuppressionReason,
)
from spred.barometer.models import Indicator, PublishedEstimate

# --------------------------------------------------------------------------------------------
# Domains: the cells' labels and the order they are shown in

#: The breakdowns a visitor chooses between on an indicator page, in order.
SINGLE_BREAKDOWNS: tuple[str, ...] = (Breakdown.LEVEL, Breakdown.AREA, Breakdown.SIZE)

_DOMAIN_CHOICES: dict[str, Sequence[tuple[str, Any]]] = {
    Breakdown.LEVEL: GovernmentLevel.choices,
    Breakdown.AREA: Area.choices,
    Breakdown.SIZE: SizeBand.choices,
}


def domain_codes(breakdown: str) -> list[str]:
    """Every domain a breakdown can have, in display order (not every one is published)."""
    if breakdown == Breakdown.TOTAL:
        return [""]
    if breakdown == Breakdown.LEVEL_AREA:
        return [f"{level}|{area}" for level in GovernmentLevel.values for area in Area.values]
    return [code for code, _label in _DOMAIN_CHOICES.get(breakdown, ())]


def is_valid_domain(breakdown: str, domain: str) -> bool:
    return breakdown in Breakdown.values and domain in domain_codes(breakdown)


def domain_label(breakdown: str, domain: str) -> str:
    if breakdown == Breakdown.TOTAL:
        return str(_("Hele den offentlige sektor"))
    if breakdown == Breakdown.LEVEL_AREA and "|" in domain:
        level, area = domain.split("|", 1)
        return f"{_label(GovernmentLevel.choices, level)} · {_label(Area.choices, area)}"
    return _label(_DOMAIN_CHOICES.get(breakdown, ()), domain)


def _label(choices: Sequence[tuple[str, Any]], code: str) -> str:
    return next((str(label) for value, label in choices if value == code), code)


def domain_position(breakdown: str, domain: str) -> int:
    codes = domain_codes(breakdown)
    return codes.index(domain) if domain in codes else len(codes)


# --------------------------------------------------------------------------------------------
# Numbers as the publication writes them


def disclosure_policy() -> DisclosurePolicy:
    """The thresholds of disclosure control, as the method page and the notes state them."""
    return DisclosurePolicy()


def uncertain_note() -> str:
    return _("Usikkert estimat: bygger på under %(limit)s besvarelser.") % {
        "limit": disclosure_policy().uncertain_below
    }


def is_share(indicator: Indicator) -> bool:
    """A share (answer codes that count as yes) is shown in per cent; otherwise a mean."""
    return bool(indicator.value_codes)


def _number(value: float, decimals: int) -> str:
    return formats.number_format(round(value, decimals), decimals, use_l10n=True)


def _percent_sign() -> str:
    # Danish writes a space before the per cent sign ("81 %"); English does not ("81%").
    return "%" if (get_language() or "da").startswith("en") else "\N{NO-BREAK SPACE}%"


def format_count(count: int) -> str:
    """A whole number with the language's thousands separator (1.800 in Danish)."""
    return formats.number_format(count, 0, use_l10n=True, force_grouping=True)


def format_value(value: float, *, share: bool) -> str:
    if share:
        return f"{_number(value * 100, 0)}{_percent_sign()}"
    return _number(value, 1)


def format_interval(low: float, high: float, *, share: bool) -> str:
    if share:
        return f"{_number(low * 100, 0)}–{_number(high * 100, 0)}{_percent_sign()}"
    return f"{_number(low, 1)}–{_number(high, 1)}"


def format_difference(diff: float, *, share: bool) -> str:
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    if share:
        points = _number(abs(diff) * 100, 1)
        return _("%(sign)s%(points)s procentpoint") % {"sign": sign, "points": points}
    return f"{sign}{_number(abs(diff), 2)}"


def format_p_value(p: float) -> str:
    if p < 0.001:
        return "p < " + _number(0.001, 3)
    return "p = " + _number(p, 3 if p < 0.01 else 2)


@dataclass(frozen=True)
class PublicCell:
    """One published cell as the public may see it. A suppressed cell has no figures at all —
    not the estimate, not the interval, not n, not the degrees of freedom."""

    wave_edition: int
    wave_slug: str
    indicator_slug: str
    breakdown: str
    domain: str
    label: str
    share: bool
    synthetic: bool
    suppression: str
    uncertain: bool
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    df: int | None
    n: int | None

    @property
    def suppressed(self) -> bool:
        return bool(self.suppression)

    @property
    def has_figures(self) -> bool:
        return not self.suppressed and self.estimate is not None

    @property
    def has_interval(self) -> bool:
        return self.has_figures and self.ci_low is not None and self.ci_high is not None

    @property
    def suppression_label(self) -> str:
        if not self.suppressed:
            return ""
        return _label(SuppressionReason.choices, self.suppression)

    @property
    def value_text(self) -> str:
        if not self.has_figures or self.estimate is None:
            return "–"
        return format_value(self.estimate, share=self.share)

    @property
    def n_text(self) -> str:
        return format_count(self.n) if self.n is not None and not self.suppressed else "–"

    @property
    def interval_text(self) -> str:
        if not self.has_interval or self.ci_low is None or self.ci_high is None:
            return ""
        return format_interval(self.ci_low, self.ci_high, share=self.share)

    @property
    def text(self) -> str:
        """ "81 % (78–84 %)", or "–" for a suppressed cell."""
        if not self.has_figures:
            return "–"
        interval = self.interval_text
        return f"{self.value_text} ({interval})" if interval else self.value_text

    @property
    def note(self) -> str:
        """Why a cell is empty or must be read with care; "" for an ordinary cell."""
        if self.suppressed:
            return _("Ikke offentliggjort: %(reason)s.") % {
                "reason": self.suppression_label.lower()
            }
        if self.uncertain:
            return uncertain_note()
        return ""

    def as_record(self) -> dict[str, Any]:
        """The row of the open-data files and the API."""
        return {
            "wave": self.wave_edition,
            "wave_slug": self.wave_slug,
            "indicator": self.indicator_slug,
            "breakdown": self.breakdown,
            "domain": self.domain,
            "domain_label": self.label,
            "estimate": self.estimate,
            "se": self.se,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "df": self.df,
            "n": self.n,
            "suppressed": self.suppressed,
            "reason": self.suppression or None,
            "reason_label": self.suppression_label or None,
            "uncertain": self.uncertain,
            "synthetic": self.synthetic,
        }


def public_cell(row: PublishedEstimate) -> PublicCell:
    suppressed = bool(row.suppression)

    def figure(value: Any) -> Any:
        return None if suppressed else value

    return PublicCell(
        wave_edition=row.wave.edition,
        wave_slug=row.wave.slug,
        indicator_slug=row.indicator.slug,
        breakdown=row.breakdown,
        domain=row.domain,
        label=domain_label(row.breakdown, row.domain),
        share=is_share(row.indicator),
        synthetic=row.wave.is_synthetic,
        suppression=row.suppression,
        uncertain=False if suppressed else row.uncertain,
        estimate=figure(row.estimate),
        se=figure(row.se),
        ci_low=figure(row.ci_low),
        ci_high=figure(row.ci_high),
        df=figure(row.df),
        n=figure(row.n),
    )


def cell_sort_key(cell: PublicCell) -> tuple[int, str, int, int]:
    return (
        -cell.wave_edition,
        cell.indicator_slug,
        list(Breakdown.values).index(cell.breakdown) if cell.breakdown in Breakdown.values else 99,
        domain_position(cell.breakdown, cell.domain),
    )


# --------------------------------------------------------------------------------------------
# The test of change between two waves


@dataclass(frozen=True)
class Change:
    """The change in one cell from an earlier wave to a later one, and its test.

    The waves are independent samples, so the standard error of the difference is the root of
    the sum of the two squared standard errors. With degrees of freedom for both cells the
    statistic is referred to a t distribution with the smaller of the two (the cautious choice);
    otherwise to the standard normal distribution.
    """

    earlier: PublicCell
    later: PublicCell
    diff: float
    se: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    df: int | None

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05

    @property
    def diff_text(self) -> str:
        return format_difference(self.diff, share=self.later.share)

    @property
    def p_text(self) -> str:
        return format_p_value(self.p_value)

    @property
    def verdict(self) -> str:
        if self.significant:
            return _("statistisk signifikant på 5 %-niveau")
        return _("ikke statistisk signifikant på 5 %-niveau")

    @property
    def sentence(self) -> str:
        return _("Fra %(earlier)s til %(later)s: %(diff)s (%(p)s), %(verdict)s.") % {
            "earlier": self.earlier.wave_edition,
            "later": self.later.wave_edition,
            "diff": self.diff_text,
            "p": self.p_text,
            "verdict": self.verdict,
        }


def _engine_estimate(cell: PublicCell) -> Estimate:
    assert cell.estimate is not None
    assert cell.se is not None
    return Estimate(
        estimate=cell.estimate,
        se=cell.se,
        ci_low=cell.ci_low if cell.ci_low is not None else math.nan,
        ci_high=cell.ci_high if cell.ci_high is not None else math.nan,
        df=cell.df or 0,
        n=cell.n or 0,
    )


def change_between(earlier: PublicCell, later: PublicCell) -> Change | None:
    """The test of change; None when either cell is suppressed or lacks a standard error."""
    if not (earlier.has_figures and later.has_figures):
        return None
    if earlier.se is None or later.se is None or earlier.estimate is None:
        return None
    if earlier.df and later.df:
        # The engine's test, so the publication and the analysts' workspace agree.
        tested = change_test(_engine_estimate(earlier), _engine_estimate(later))
        if math.isnan(tested.p_value):
            return None
        return Change(
            earlier=earlier,
            later=later,
            diff=tested.diff,
            se=tested.se,
            statistic=tested.statistic,
            p_value=tested.p_value,
            ci_low=tested.ci_low,
            ci_high=tested.ci_high,
            df=tested.df,
        )
    # A cell published without degrees of freedom: the large-sample (normal) version.
    from scipy import stats

    assert later.estimate is not None
    diff = later.estimate - earlier.estimate
    se = math.sqrt(earlier.se**2 + later.se**2)
    if se <= 0:
        return None
    statistic = diff / se
    critical = float(stats.norm.ppf(0.975))
    return Change(
        earlier=earlier,
        later=later,
        diff=diff,
        se=se,
        statistic=statistic,
        p_value=float(2 * stats.norm.sf(abs(statistic))),
        ci_low=diff - critical * se,
        ci_high=diff + critical * se,
        df=None,
    )


def consecutive_changes(cells: Sequence[PublicCell]) -> list[Change | None]:
    """For cells of one indicator and domain sorted oldest first: the change from each to the
    next (None where a cell is suppressed)."""
    return [change_between(a, b) for a, b in itertools.pairwise(cells)]
