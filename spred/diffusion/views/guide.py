"""Pages of the spreading guide: thin — parse input, call selectors and services, render.

The guide itself (phases and worksheets) is public; projects are visible to the members of
their organisation only and answer 404 to everyone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spred.core.feedback import perform
from spred.core.pages import Crumb, confirm_page, require_or_404, submit, trail
from spred.core.pagination import paginate
from spred.core.policies import ActionNotAllowed
from spred.diffusion.analysis import assessment, guide
from spred.diffusion.choices import GuideSide
from spred.diffusion.forms.guide import GuideProjectForm, WorksheetForm
from spred.diffusion.models import GuideProject
from spred.diffusion.policies import GuideProjectPolicy
from spred.diffusion.selectors import guide as selectors
from spred.diffusion.services import guide as services

DRAFT = "kladde"
COMPLETE = "faerdig"


_spreading = trail((gettext_lazy("Spredning"), "diffusion:index"))
_in_guide = trail(
    (gettext_lazy("Spredning"), "diffusion:index"),
    (gettext_lazy("Spredningsguide"), "diffusion:guide"),
)


def _crumbs(*rest: Crumb) -> list[Crumb]:
    """The guide's crumbs: on the guide's own page the guide is not a link."""
    return _in_guide(*rest) if rest else _spreading((_("Spredningsguide"), None))


def _project_crumbs(project: GuideProject, *rest: Crumb) -> list[Crumb]:
    return _crumbs((project.title, project.get_absolute_url() if rest else None), *rest)


def _can(user: Any, project: GuideProject) -> dict[str, bool]:
    open_ = project.closed_at is None
    close = GuideProjectPolicy.can(user, "close", project)
    return {
        "edit": open_ and GuideProjectPolicy.can(user, "edit", project),
        "close": open_ and close,
        "reopen": not open_ and close,
    }


@require_GET
def guide_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    definition = guide.load_guide()
    page = None
    overview: list[selectors.ProjectOverview] = []
    if user.is_authenticated:
        page = paginate(request, selectors.guide_projects(user=user), per_page=10)
        overview = [
            selectors.ProjectOverview(p, assessment.project_status(p.side, p.answers.all()))
            for p in page.object_list
        ]
    phases = [
        {
            "phase": phase,
            "sharing": phase.for_side(GuideSide.SHARING),
            "adopting": phase.for_side(GuideSide.ADOPTING),
        }
        for phase in definition.phases
    ]
    return render(
        request,
        "diffusion/guide.html",
        {
            "phases": phases,
            "dimensions": definition.dimensions,
            "readiness_rule": assessment.readiness_rule(),
            "verdict_rule": assessment.verdict_rule(),
            "page": page,
            "overview": overview,
            "can_create": GuideProjectPolicy.can(user, "create"),
            "sharing_label": GuideSide.SHARING.label,
            "adopting_label": GuideSide.ADOPTING.label,
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_or_404(GuideProjectPolicy.can(user, "create"))
    organisations = selectors.guide_organisations(user=user)
    solutions = list(selectors.guide_solutions(user=user))
    chosen = next((s for s in solutions if s.slug == request.GET.get("loesning")), None)
    adoptions = list(selectors.guide_adoption_options(user=user, solution=chosen))
    form = GuideProjectForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        solutions=solutions,
        adoptions=adoptions,
        initial={"solution": chosen.slug} if chosen else None,
    )
    try:
        done = submit(
            request,
            form,
            lambda _data: services.guide_project_create(
                acting_user=user, **form.service_arguments()
            ),
            success=_(
                "Projektet er oprettet. Begynd med tjekket: giver spredning mening? Alle "
                "medlemmer af organisationen kan se og arbejde med projektet."
            ),
        )
    except ActionNotAllowed as exc:
        form.add_error("organisation", exc.message)
        done = None
    if done:
        return redirect(done.result)
    return render(
        request,
        "diffusion/guide_new.html",
        {
            "form": form,
            "solution": chosen,
            "breadcrumbs": _crumbs((_("Nyt spredningsprojekt"), None)),
        },
    )


def _phase_steps(status: assessment.ProjectStatus, current: int | None) -> list[dict[str, Any]]:
    """The phases as DKFDS step-indicator items: each links to its first unfinished worksheet
    (or its first, when all are finished)."""
    steps = []
    for phase_progress in status.progress.phases:
        sheets = phase_progress.sheets
        target = next((s for s in sheets if s.state != assessment.SheetState.DONE), sheets[0])
        steps.append(
            {
                "phase": phase_progress.phase,
                "progress": phase_progress,
                "worksheet": target.worksheet,
                "current": phase_progress.phase.number == current,
            }
        )
    return steps


@login_required
@require_GET
def guide_project(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.guide_project(user=user, pk=pk)
    saved = selectors.guide_answers(user=user, project=project)
    status = assessment.project_status(project.side, saved.values())
    current = status.progress.current_phase
    sheets = [
        {"progress": sheet, "saved": saved.get(sheet.worksheet.slug)}
        for sheet in status.progress.sheets
    ]
    return render(
        request,
        "diffusion/guide_project.html",
        {
            "project": project,
            "status": status,
            "steps": _phase_steps(status, current.number if current else None),
            "sheets": sheets,
            "chart": assessment.readiness_chart(status.readiness),
            "check_score": assessment.score_text(status.verdict.score),
            "readiness_rule": assessment.readiness_rule(),
            "verdict_rule": assessment.verdict_rule(),
            "can": _can(user, project),
            "breadcrumbs": _project_crumbs(project),
        },
    )


def _worksheet_of(project: GuideProject, slug: str) -> guide.Worksheet:
    worksheet = guide.load_guide().worksheet(slug)
    if worksheet is None or not worksheet.applies_to(project.side):
        raise Http404
    return worksheet


def _neighbours(
    project: GuideProject, worksheet: guide.Worksheet
) -> tuple[guide.Worksheet | None, guide.Worksheet | None]:
    order = guide.load_guide().worksheets(project.side)
    index = order.index(worksheet)
    previous = order[index - 1] if index > 0 else None
    following = order[index + 1] if index + 1 < len(order) else None
    return previous, following


def _worksheet_url(project: GuideProject, worksheet: guide.Worksheet) -> str:
    return reverse(
        "diffusion:guide_worksheet", kwargs={"pk": project.pk, "worksheet": worksheet.slug}
    )


def _after_saving(
    project: GuideProject,
    worksheet: guide.Worksheet,
    following: guide.Worksheet | None,
    *,
    completing: bool,
) -> GuideProject | str:
    """Where a saved worksheet leads: a draft stays on its sheet; a finished check goes to the
    project (its verdict is shown there), any other finished sheet on to the next one."""
    if not completing:
        return _worksheet_url(project, worksheet)
    if worksheet.check or following is None:
        return project
    return _worksheet_url(project, following)


@login_required
@require_http_methods(["GET", "POST"])
def guide_worksheet(request: HttpRequest, pk: int, worksheet: str) -> HttpResponse:
    user = request.user
    project = selectors.guide_project(user=user, pk=pk)
    definition = _worksheet_of(project, worksheet)
    can = _can(user, project)
    previous, following = _neighbours(project, definition)
    saved = selectors.guide_answers(user=user, project=project)
    sheet = saved.get(definition.slug)
    if request.method == "POST":
        form = WorksheetForm(request.POST, worksheet=definition, disabled=not can["edit"])
    else:
        form = WorksheetForm(
            initial=sheet.answers if sheet else None,
            worksheet=definition,
            disabled=not can["edit"],
        )
    completing = request.POST.get("handling") == COMPLETE
    try:
        done = submit(
            request,
            form,
            lambda _data: services.worksheet_save(
                acting_user=user,
                project=project,
                worksheet=definition.slug,
                answers=form.answers(),
                completed=completing,
            ),
            success=_("Arbejdsarket er gemt og markeret som færdigt.")
            if completing
            else _("Svarene er gemt som kladde. I kan fortsætte, når I vil."),
        )
    except ActionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect(project)
    if done:
        return redirect(_after_saving(project, definition, following, completing=completing))
    status = assessment.project_status(project.side, saved.values())
    phase = guide.load_guide().phase(definition.phase_number)
    return render(
        request,
        "diffusion/guide_worksheet.html",
        {
            "project": project,
            "worksheet": definition,
            "phase": phase,
            "sheet": sheet,
            "form": form,
            "can": can,
            "previous": previous,
            "following": following,
            "previous_url": _worksheet_url(project, previous) if previous else "",
            "following_url": _worksheet_url(project, following) if following else "",
            "steps": _phase_steps(status, phase.number),
            "verdict": status.verdict if definition.check else None,
            "check_score": assessment.score_text(status.verdict.score),
            "verdict_rule": assessment.verdict_rule() if definition.check else "",
            "breadcrumbs": _project_crumbs(project, (str(definition.title), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.guide_project(user=user, pk=pk)
    require_or_404(_can(user, project)["close"])
    return confirm_page(
        request,
        title=_("Afslut projektet"),
        subject=project.title,
        text=_(
            "Når projektet er afsluttet, kan svarene ikke længere ændres, men de kan stadig "
            "ses af organisationens medlemmer. I kan genåbne projektet senere."
        ),
        button=_("Ja, afslut projektet"),
        action=lambda: services.guide_project_close(acting_user=user, project=project),
        success=_("Projektet er afsluttet. Svarene kan stadig ses af organisationens medlemmer."),
        done_url=project.get_absolute_url,
        back_url=project.get_absolute_url(),
        breadcrumbs=_project_crumbs(project, (_("Afslut"), None)),
    )


@login_required
@require_POST
def guide_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.guide_project(user=user, pk=pk)
    require_or_404(_can(user, project)["reopen"])
    perform(
        request,
        lambda: services.guide_project_reopen(acting_user=user, project=project),
        _("Projektet er genåbnet."),
    )
    return redirect(project)
