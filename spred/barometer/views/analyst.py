"""The analysts' workspace (``/barometer/analyse/``): waves, imports, preview and publishing.

Only members of the Analytiker group get in. A signed-in user who is not an analyst gets 404 on
every page — the workspace does not admit to existing — and an anonymous visitor is sent to the
login page. No page shows an individual respondent: the workspace shows counts, the codebook and
estimates (the preview before disclosure control takes anything away, with what it would take
away marked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from spred.accounts.roles import is_analyst
from spred.barometer.choices import Area, Breakdown, GovernmentLevel, SizeBand, SuppressionReason
from spred.barometer.forms.analyst import (
    CodebookUploadForm,
    EstimationSettingsForm,
    MicrodataUploadForm,
    WaveCreateForm,
    WaveForm,
)
from spred.barometer.models import Wave
from spred.barometer.policies import WorkspacePolicy
from spred.barometer.selectors.workspace import (
    codebook_versions,
    current_codebook,
    design_summary,
    preview_wave,
    wave_imports,
    wave_strata,
    workspace_indicators,
    workspace_wave,
    workspace_waves,
)
from spred.barometer.services import imports, waves
from spred.barometer.services.publishing import PublishResult, publish_wave, unpublish_wave
from spred.barometer.tabulation import Cell
from spred.barometer.vectors import DOMAIN_SEPARATOR
from spred.core.forms import add_service_errors
from spred.core.importing.report import ImportRejected, ImportReport
from spred.core.pages import Crumb, confirm_page, require_or_404, submit, trail
from spred.core.policies import ActionNotAllowed

View = Callable[..., HttpResponse]

#: Problems shown on the page at most; the rest are counted (the command line lists them all).
REPORT_LIMIT = 500


def analyst_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_or_404(is_analyst(request.user))
        return view(request, *args, **kwargs)

    return wrapper


crumbs = trail((gettext_lazy("Analyse af Innovationsbarometeret"), "barometer:analyst_waves"))


def _wave_url(wave: Wave) -> str:
    return reverse("barometer:analyst_wave", args=[wave.slug])


def _wave_crumbs(wave: Wave, *items: Crumb) -> list[Crumb]:
    return crumbs((wave.title, _wave_url(wave)), *items)


def _read(upload: Any) -> bytes:
    return b"".join(upload.chunks())


@require_GET
@analyst_required
def wave_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "barometer/analyst/wave_list.html",
        {
            "waves": workspace_waves(user=request.user),
            "breadcrumbs": [(_("Analyse af Innovationsbarometeret"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@analyst_required
def wave_create(request: HttpRequest) -> HttpResponse:
    form = WaveCreateForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: waves.wave_create(acting_user=request.user, **data),
        success=lambda wave: _("Bølgen %(wave)s er oprettet.") % {"wave": wave},
    )
    if done:
        return redirect("barometer:analyst_wave", slug=done.result.slug)
    return render(
        request,
        "barometer/analyst/wave_form.html",
        {"form": form, "breadcrumbs": crumbs((_("Ny bølge"), None)), "creating": True},
    )


@require_GET
@analyst_required
def wave_detail(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    return render(
        request,
        "barometer/analyst/wave_detail.html",
        {
            "wave": wave,
            "codebook": current_codebook(user=request.user, wave=wave),
            "design": design_summary(user=request.user, wave=wave),
            "imports": wave_imports(user=request.user, wave=wave)[:20],
            "breadcrumbs": crumbs((wave.title, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@analyst_required
def wave_edit(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    form = WaveForm(request.POST or None, instance=wave)
    if submit(
        request,
        form,
        lambda data: waves.wave_update(acting_user=request.user, wave=wave, **data),
        success=_("Ændringerne er gemt."),
    ):
        return redirect("barometer:analyst_wave", slug=wave.slug)
    return render(
        request,
        "barometer/analyst/wave_form.html",
        {
            "form": form,
            "wave": wave,
            "breadcrumbs": _wave_crumbs(wave, (_("Redigér"), None)),
        },
    )


@require_GET
@analyst_required
def codebook_detail(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    return render(
        request,
        "barometer/analyst/codebook.html",
        {
            "wave": wave,
            "codebook": current_codebook(user=request.user, wave=wave),
            "versions": codebook_versions(user=request.user, wave=wave),
            "breadcrumbs": _wave_crumbs(wave, (_("Kodebog"), None)),
        },
    )


def _report_context(report: ImportReport | None) -> dict[str, Any]:
    if report is None:
        return {"report": None}
    return {
        "report": report,
        "shown_problems": report.problems[:REPORT_LIMIT],
        "hidden_problems": max(0, len(report.problems) - REPORT_LIMIT),
    }


@require_http_methods(["GET", "POST"])
@analyst_required
def codebook_upload(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    form = CodebookUploadForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.codebook_import(
                acting_user=request.user,
                wave=wave,
                content=_read(upload),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRejected as exc:
            report, status = exc.report, 422
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if result.dry_run:
                report = result.report
                messages.success(
                    request,
                    _("Kodebogen er i orden (%(n)s spørgsmål). Intet er gemt.")
                    % {"n": result.questions},
                )
            else:
                assert result.codebook is not None
                messages.success(
                    request,
                    _("Kodebogen er importeret som version %(version)s med %(n)s spørgsmål.")
                    % {"version": result.codebook.version, "n": result.questions},
                )
                return redirect("barometer:analyst_codebook", slug=wave.slug)
    return render(
        request,
        "barometer/analyst/codebook_upload.html",
        {
            "wave": wave,
            "form": form,
            **_report_context(report),
            "breadcrumbs": _wave_crumbs(wave, (_("Importér kodebog"), None)),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@analyst_required
def microdata_upload(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    design = design_summary(user=request.user, wave=wave)
    form = MicrodataUploadForm(
        request.POST or None, request.FILES or None, has_data=design.has_microdata
    )
    report: ImportReport | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = imports.microdata_import(
                acting_user=request.user,
                wave=wave,
                content=_read(data["file"]),
                filename=data["file"].name,
                strata_content=_read(data["strata_file"]),
                strata_filename=data["strata_file"].name,
                lonely_policy=data["lonely_policy"] or None,
                replace=bool(data.get("replace")),
                dry_run=data["dry_run"],
            )
        except ImportRejected as exc:
            report, status = exc.report, 422
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            counts = {"n": result.respondents, "strata": result.strata}
            if result.dry_run:
                report = result.report
                messages.success(
                    request,
                    _("Filerne er i orden: %(n)s besvarelser i %(strata)s strata. Intet er gemt.")
                    % counts,
                )
            else:
                messages.success(
                    request,
                    _("Mikrodata er importeret: %(n)s besvarelser i %(strata)s strata.") % counts,
                )
                if result.report.warnings:
                    messages.warning(
                        request,
                        _("Importen gav %(n)s advarsler; de står i importhistorikken.")
                        % {"n": len(result.report.warnings)},
                    )
                return redirect("barometer:analyst_wave", slug=wave.slug)
    return render(
        request,
        "barometer/analyst/microdata_upload.html",
        {
            "wave": wave,
            "form": form,
            "design": design,
            "codebook": current_codebook(user=request.user, wave=wave),
            **_report_context(report),
            "breadcrumbs": _wave_crumbs(wave, (_("Importér mikrodata"), None)),
        },
        status=status,
    )


@require_GET
@analyst_required
def strata_list(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    return render(
        request,
        "barometer/analyst/strata.html",
        {
            "wave": wave,
            "strata": wave_strata(user=request.user, wave=wave),
            "design": design_summary(user=request.user, wave=wave),
            "breadcrumbs": _wave_crumbs(wave, (_("Strata"), None)),
        },
    )


_LABELS: dict[str, dict[str, str]] = {
    Breakdown.LEVEL: {k: str(v) for k, v in GovernmentLevel.choices},
    Breakdown.AREA: {k: str(v) for k, v in Area.choices},
    Breakdown.SIZE: {k: str(v) for k, v in SizeBand.choices},
}


def _domain_label(cell: Cell) -> str:
    if cell.breakdown == Breakdown.TOTAL:
        return _("Hele den offentlige sektor")
    if cell.breakdown == Breakdown.LEVEL_AREA:
        level, area = cell.domain.split(DOMAIN_SEPARATOR, 1)
        return (
            f"{_LABELS[Breakdown.LEVEL].get(level, level)} · "
            f"{_LABELS[Breakdown.AREA].get(area, area)}"
        )
    return _LABELS[cell.breakdown].get(cell.domain, cell.domain)


def _number(value: float, decimals: int) -> str:
    return formats.number_format(round(value, decimals), decimals, use_l10n=True)


@dataclass(frozen=True)
class PreviewRow:
    """One cell as the preview shows it: the figures an analyst may see, and what disclosure
    control would do to the cell."""

    label: str
    value: str
    interval: str
    n: int
    df: int | None
    suppression: str
    suppression_label: str
    uncertain: bool


def _preview_row(cell: Cell, share: bool) -> PreviewRow:
    def show(value: float | None, decimals_share: int = 1) -> str:
        if value is None:
            return "–"
        return f"{_number(value * 100, decimals_share)} %" if share else _number(value, 2)

    interval = "–"
    if cell.ci_low is not None and cell.ci_high is not None:
        interval = f"{show(cell.ci_low)} – {show(cell.ci_high)}"
    return PreviewRow(
        label=_domain_label(cell),
        value=show(cell.estimate) if cell.n else _("ingen besvarelser"),
        interval=interval,
        n=cell.n,
        df=cell.df,
        suppression=cell.suppression,
        suppression_label=str(SuppressionReason(cell.suppression).label)
        if cell.suppression
        else "",
        uncertain=cell.uncertain,
    )


def _settings_form(request: HttpRequest, wave: Wave) -> EstimationSettingsForm:
    initial = {"lonely_policy": wave.lonely_policy, "ci_method": wave.ci_method}
    if request.method == "POST":
        return EstimationSettingsForm(request.POST)
    if "lonely_policy" in request.GET or "ci_method" in request.GET:
        return EstimationSettingsForm({**initial, **request.GET.dict()})
    return EstimationSettingsForm(initial=initial)


def _settings(form: EstimationSettingsForm, wave: Wave) -> tuple[str, str]:
    if form.is_bound and form.is_valid():
        return form.cleaned_data["lonely_policy"], form.cleaned_data["ci_method"]
    return wave.lonely_policy, wave.ci_method


@require_GET
@analyst_required
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    form = _settings_form(request, wave)
    lonely, ci = _settings(form, wave)
    tables = None
    error = ""
    try:
        tables = preview_wave(user=request.user, wave=wave, lonely_policy=lonely, ci_method=ci)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    except ActionNotAllowed as exc:  # pragma: no cover - the decorator lets analysts only in
        raise Http404 from exc
    indicators: list[dict[str, Any]] = []
    if tables is not None:
        by_indicator: dict[int, list[Cell]] = defaultdict(list)
        for cell in tables.cells:
            by_indicator[cell.indicator.pk].append(cell)
        for cells in by_indicator.values():
            indicator = cells[0].indicator
            share = bool(indicator.value_codes)
            groups: dict[str, list[PreviewRow]] = defaultdict(list)
            for cell in cells:
                groups[cell.breakdown].append(_preview_row(cell, share))
            indicators.append(
                {
                    "indicator": indicator,
                    "share": share,
                    "total": groups[Breakdown.TOTAL][0] if groups[Breakdown.TOTAL] else None,
                    "groups": [
                        (label, groups[key])
                        for key, label in Breakdown.choices
                        if key != Breakdown.TOTAL and groups[key]
                    ],
                    "suppressed": sum(1 for c in cells if c.is_suppressed),
                }
            )
    return render(
        request,
        "barometer/analyst/preview.html",
        {
            "wave": wave,
            "form": form,
            "tables": tables,
            "indicators": indicators,
            "error": error,
            "breadcrumbs": _wave_crumbs(wave, (_("Forhåndsvisning"), None)),
        },
    )


def _published(result: PublishResult) -> str:
    return _(
        "Bølgen er publiceret: %(cells)s celler, heraf %(suppressed)s skjult af diskretioneringen."
    ) % {"cells": result.cells, "suppressed": result.suppressed}


def _skipped(result: PublishResult) -> str:
    return ngettext(
        "%(n)s indikator blev ikke beregnet, fordi dens spørgsmål ikke er i kodebogen: %(titles)s.",
        "%(n)s indikatorer blev ikke beregnet, fordi deres spørgsmål ikke er i kodebogen: "
        "%(titles)s.",
        len(result.skipped),
    ) % {
        "n": len(result.skipped),
        "titles": ", ".join(i.title for i, _reason in result.skipped),
    }


@require_http_methods(["GET", "POST"])
@analyst_required
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    design = design_summary(user=request.user, wave=wave)
    form = _settings_form(request, wave)
    try:
        done = submit(
            request,
            form,
            lambda data: publish_wave(acting_user=request.user, wave=wave, **data),
            success=_published,
        )
    except ActionNotAllowed as exc:
        form.add_error(None, exc.message)
        done = None
    if done:
        if done.result.skipped:
            messages.warning(request, _skipped(done.result))
        return redirect("barometer:analyst_wave", slug=wave.slug)
    return render(
        request,
        "barometer/analyst/publish.html",
        {
            "wave": wave,
            "form": form,
            "design": design,
            "breadcrumbs": _wave_crumbs(wave, (_("Publicér"), None)),
        },
    )


def _confirm(
    request: HttpRequest,
    wave: Wave,
    *,
    action: Callable[[], Any],
    success: str,
    title: str,
    question: str,
    button: str,
    allowed: bool,
) -> HttpResponse:
    """``confirm_page`` for an action on the wave, which lands on the wave's page; an action the
    wave's state does not allow is refused with a message before anything is asked."""
    if not allowed:
        messages.error(request, _("Det kan ikke lade sig gøre for bølgen, som den er nu."))
        return redirect("barometer:analyst_wave", slug=wave.slug)
    return confirm_page(
        request,
        title=title,
        subject="",
        text=question,
        button=button,
        action=action,
        success=success,
        done_url=_wave_url(wave),
        back_url=_wave_url(wave),
        breadcrumbs=_wave_crumbs(wave, (title, None)),
        # The workspace's own page: it says when the wave's data are synthetic.
        template="barometer/analyst/confirm.html",
        context={"wave": wave},
    )


@require_http_methods(["GET", "POST"])
@analyst_required
def unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    return _confirm(
        request,
        wave,
        action=lambda: unpublish_wave(acting_user=request.user, wave=wave),
        success=_("Bølgen er afpubliceret. Dens tal er fjernet fra de offentlige sider."),
        title=_("Afpublicér bølgen"),
        question=_(
            "Vil du afpublicere %(wave)s? Alle bølgens publicerede tal fjernes straks fra de "
            "offentlige sider, API'et og de åbne data. Mikrodata og kodebog bliver liggende, så "
            "bølgen kan publiceres igen."
        )
        % {"wave": wave},
        button=_("Ja, afpublicér"),
        allowed=WorkspacePolicy.can(request.user, "unpublish", wave),
    )


@require_http_methods(["GET", "POST"])
@analyst_required
def microdata_delete(request: HttpRequest, slug: str) -> HttpResponse:
    wave = workspace_wave(user=request.user, slug=slug)
    design = design_summary(user=request.user, wave=wave)
    return _confirm(
        request,
        wave,
        action=lambda: imports.microdata_delete(acting_user=request.user, wave=wave),
        success=_("Bølgens mikrodata og strata er slettet."),
        title=_("Slet mikrodata"),
        question=_(
            "Vil du slette alle %(n)s besvarelser og %(strata)s strata i %(wave)s? Det kan ikke "
            "fortrydes; kodebogen bliver liggende."
        )
        % {"n": design.respondents, "strata": design.strata, "wave": wave},
        button=_("Ja, slet mikrodata"),
        allowed=design.has_microdata and not wave.is_published,
    )


@require_GET
@analyst_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "barometer/analyst/indicators.html",
        {
            "indicators": workspace_indicators(user=request.user),
            "breadcrumbs": crumbs((_("Indikatorer"), None)),
        },
    )
