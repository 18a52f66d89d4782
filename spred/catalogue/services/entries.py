"""Writing cases and solutions: creating them and changing their content.

A published case changes in place: its owners (and editors) edit it, and each change is
published at once as a new ``CaseRevision`` with the editors told, so they can look it over
and archive it if it does not hold.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from spred.accounts.roles import is_editor
from spred.catalogue import notifications
from spred.catalogue.choices import PartnerRole, Status
from spred.catalogue.inputs import CaseInput, PartnerInput, SolutionInput
from spred.catalogue.models import (
    Case,
    CasePartner,
    InnovationType,
    PolicyArea,
    Solution,
    Taxon,
    TechnologyCategory,
)
from spred.catalogue.policies import CasePolicy, SolutionPolicy, can_contribute
from spred.catalogue.revisions import case_snapshot, comparable
from spred.catalogue.services.contact import _set_case_input_contact
from spred.catalogue.services.revisions import _check_comment, _latest_revision, _write_revision
from spred.catalogue.services.shared import (
    Errors,
    _add,
    _full_clean,
    _refresh_search,
    _reindex_publication,
)
from spred.core.audit import service
from spred.core.policies import ActionNotAllowed
from spred.organisations.choices import PUBLIC_KINDS
from spred.organisations.identifiers import danish_slugify
from spred.organisations.models import Organisation

T = TypeVar("T", bound=Taxon)

CASE_FIELDS = (
    "title",
    "summary",
    "challenge",
    "solution_text",
    "results",
    "lessons",
    "spreading_potential",
    "stage",
    "evidence_level",
    "year",
    "kle_code",
)
SOLUTION_FIELDS = (
    "name",
    "summary",
    "description",
    "maturity",
    "kle_code",
    "licence",
    "source_url",
    "website",
    "price_indication",
)
#: Path words next to the slug in the catalogue's addresses (``cases/ny/``, ``cases/feed/``).
RESERVED_SLUGS = frozenset({"ny", "feed"})


def _clean_slugs(values: list[str]) -> list[str]:
    return list(dict.fromkeys(str(v).strip() for v in values if v is not None and str(v).strip()))


def _resolve_taxa(
    model: type[T], slugs: list[str], field: str, message: str, errors: Errors
) -> list[T]:
    wanted = _clean_slugs(slugs)
    # PostgreSQL refuses NUL in a query; such a slug cannot exist anyway.
    queryable = [s for s in wanted if "\x00" not in s]
    found = {t.slug: t for t in model._default_manager.filter(slug__in=queryable)}
    unknown = [s for s in wanted if s not in found]
    if unknown:
        _add(errors, field, message % {"slugs": ", ".join(unknown)})
    return [found[s] for s in wanted if s in found]


def _resolve_areas_and_technologies(
    data: CaseInput | SolutionInput, errors: Errors
) -> tuple[list[PolicyArea], list[TechnologyCategory]]:
    areas = _resolve_taxa(
        PolicyArea, data.policy_areas, "policy_areas", _("Ukendt fagområde: %(slugs)s"), errors
    )
    technologies = _resolve_taxa(
        TechnologyCategory,
        data.technologies,
        "technologies",
        _("Ukendt teknologi: %(slugs)s"),
        errors,
    )
    return areas, technologies


def _slug_for(
    model: type[Case] | type[Solution],
    *,
    wanted: str | None,
    base: str,
    fallback: str,
    errors: Errors,
) -> str:
    qs = model._default_manager.all()
    if wanted:
        wanted = wanted.strip()
        try:
            validate_slug(wanted)
        except ValidationError:
            _add(
                errors,
                "slug",
                _("Kortnavnet må kun indeholde små bogstaver a-z, tal og bindestreger."),
            )
            return wanted
        if len(wanted) > 220:
            _add(errors, "slug", _("Kortnavnet må højst være 220 tegn."))
        elif wanted in RESERVED_SLUGS or qs.filter(slug=wanted).exists():
            _add(errors, "slug", _("Kortnavnet %(slug)s er allerede i brug.") % {"slug": wanted})
        return wanted
    root = danish_slugify(base)[:200].strip("-") or fallback
    slug, n = root, 2
    while slug in RESERVED_SLUGS or qs.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


def _case_partners(case: Case, partners: list[PartnerInput], errors: Errors) -> list[CasePartner]:
    rows: list[CasePartner] = []
    seen: set[tuple[int, str]] = set()
    for n, partner in enumerate(partners, start=1):
        organisation = partner.organisation
        if not isinstance(organisation, Organisation) or organisation.pk is None:
            _add(errors, "partners", _("Partner %(n)s: ukendt organisation.") % {"n": n})
            continue
        if partner.role not in PartnerRole.values:
            _add(
                errors,
                "partners",
                _("Partner %(n)s (%(org)s): ukendt rolle %(role)s.")
                % {"n": n, "org": organisation.name, "role": partner.role},
            )
            continue
        if organisation.pk == case.organisation_id:
            _add(
                errors,
                "partners",
                _("%(org)s ejer casen og skal ikke også stå som partner.")
                % {"org": organisation.name},
            )
            continue
        key = (organisation.pk, partner.role)
        if key in seen:
            _add(
                errors,
                "partners",
                _("%(org)s står to gange som partner med samme rolle.")
                % {"org": organisation.name},
            )
            continue
        seen.add(key)
        row = CasePartner(
            case=case,
            organisation=organisation,
            role=partner.role,
            description=(partner.description or "").strip(),
        )
        try:
            row.full_clean(exclude=["case"], validate_unique=False)
        except ValidationError as exc:
            for message in exc.messages:
                _add(
                    errors,
                    "partners",
                    _("Partner %(n)s (%(org)s): %(message)s")
                    % {"n": n, "org": organisation.name, "message": message},
                )
            continue
        rows.append(row)
    return rows


def _apply_case_input(
    case: Case, data: CaseInput, acting_user: Any, errors: Errors, *, exclude: list[str]
) -> None:
    """Validate ``data`` onto ``case`` and save it with its relations (raises on any error)."""
    for name in CASE_FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            value = value.strip() if name not in {"stage", "evidence_level"} else value
        setattr(case, name, value)
    areas, technologies = _resolve_areas_and_technologies(data, errors)
    types = _resolve_taxa(
        InnovationType,
        data.innovation_types,
        "innovation_types",
        _("Ukendt innovationstype: %(slugs)s"),
        errors,
    )
    wanted_solutions = [s for s in _clean_slugs(data.solution_slugs) if "\x00" not in s]
    linkable = SolutionPolicy.visible_to(acting_user).filter(slug__in=wanted_solutions)
    found = {s.slug: s for s in linkable}
    if case.pk is not None:
        # Links the case has already stay possible, also for an editor who cannot see the
        # owner's draft solution they point to.
        found |= {s.slug: s for s in case.solutions.filter(slug__in=wanted_solutions)}
    unknown = [s for s in _clean_slugs(data.solution_slugs) if s not in found]
    if unknown:
        _add(
            errors, "solution_slugs", _("Ukendt løsning: %(slugs)s") % {"slugs": ", ".join(unknown)}
        )
    partners = _case_partners(case, list(data.partners), errors)
    _full_clean(case, errors, exclude=exclude)
    case.save()
    case.policy_areas.set(areas)
    case.technologies.set(technologies)
    case.innovation_types.set(types)
    case.solutions.set([found[s] for s in wanted_solutions if s in found])
    _replace_partners(case, partners)


def _replace_partners(case: Case, partners: list[CasePartner]) -> None:
    wanted = {(p.organisation_id, p.role): p for p in partners}
    for existing in list(case.partnerships.all()):
        key = (existing.organisation_id, existing.role)
        if key in wanted:
            update = wanted.pop(key)
            if existing.description != update.description:
                existing.description = update.description
                existing.save(update_fields=["description", "updated_at"])
        else:
            existing.delete()
    for row in wanted.values():
        row.case = case
        row.save()


@service
def case_create(
    *,
    acting_user: Any,
    organisation: Organisation,
    data: CaseInput,
    slug: str | None = None,
) -> Case:
    """A new draft case for ``organisation``, written by the acting user."""
    CasePolicy.require(acting_user, "create", None, _("Du kan ikke oprette cases."))
    if not can_contribute(acting_user, organisation):
        raise ActionNotAllowed(_("Du kan kun skrive cases for organisationer, du er medlem af."))
    errors: Errors = {}
    case = Case(organisation=organisation, status=Status.DRAFT, created_by=acting_user)
    case.slug = _slug_for(Case, wanted=slug, base=data.title, fallback="case", errors=errors)
    _apply_case_input(case, data, acting_user, errors, exclude=[] if slug else ["slug"])
    if data.contact is not None:
        _set_case_input_contact(case, data.contact, acting_user)
    _refresh_search("case", case.pk)
    return case


@service
def case_update(*, acting_user: Any, case: Case, data: CaseInput, comment: str = "") -> Case:
    """Change a case's content. On a published case the change is public at once: a new
    version is written (``comment`` says what changed) and the editors are told."""
    CasePolicy.require(acting_user, "edit", case, _("Du kan ikke redigere denne case."))
    errors: Errors = {}
    comment = _check_comment(comment, errors)
    _apply_case_input(case, data, acting_user, errors, exclude=[])
    if data.contact is not None:
        _set_case_input_contact(case, data.contact, acting_user)
    if case.status == Status.PUBLISHED:
        latest = _latest_revision(case)
        snapshot = case_snapshot(case)
        if latest is None or comparable(latest.snapshot) != comparable(snapshot):
            revision = _write_revision(
                case, acting_user=acting_user, comment=comment or _("Opdateret.")
            )
            if not is_editor(acting_user):
                notifications.notify_changed(case, by=acting_user, version=revision.number)
    _refresh_search("case", case.pk)
    return case


def _solution_suppliers(suppliers: list[Organisation], errors: Errors) -> list[Organisation]:
    rows: list[Organisation] = []
    for organisation in suppliers:
        if not isinstance(organisation, Organisation) or organisation.pk is None:
            _add(errors, "suppliers", _("Ukendt leverandør."))
        elif organisation.kind in PUBLIC_KINDS:
            _add(
                errors,
                "suppliers",
                _("%(org)s er en offentlig organisation, ikke en leverandør.")
                % {"org": organisation.name},
            )
        elif organisation not in rows:
            rows.append(organisation)
    return rows


def _apply_solution_input(
    solution: Solution, data: SolutionInput, errors: Errors, *, exclude: list[str]
) -> None:
    for name in SOLUTION_FIELDS:
        value = getattr(data, name)
        if isinstance(value, str) and name != "maturity":
            value = value.strip()
        setattr(solution, name, value)
    if solution.licence:
        from spred.catalogue.spdx import normalise_spdx, spdx_expression_problem

        if spdx_expression_problem(solution.licence) is None:
            solution.licence = normalise_spdx(solution.licence)
    areas, technologies = _resolve_areas_and_technologies(data, errors)
    suppliers = _solution_suppliers(list(data.suppliers), errors)
    _full_clean(solution, errors, exclude=exclude)
    solution.save()
    solution.policy_areas.set(areas)
    solution.technologies.set(technologies)
    solution.suppliers.set(suppliers)


@service
def solution_create(
    *,
    acting_user: Any,
    organisation: Organisation,
    data: SolutionInput,
    slug: str | None = None,
) -> Solution:
    """A new draft solution, kept in the catalogue by ``organisation``."""
    SolutionPolicy.require(acting_user, "create", None, _("Du kan ikke oprette løsninger."))
    if not can_contribute(acting_user, organisation):
        raise ActionNotAllowed(
            _("Du kan kun skrive løsninger for organisationer, du er medlem af.")
        )
    errors: Errors = {}
    solution = Solution(organisation=organisation, status=Status.DRAFT, created_by=acting_user)
    solution.slug = _slug_for(
        Solution, wanted=slug, base=data.name, fallback="loesning", errors=errors
    )
    _apply_solution_input(solution, data, errors, exclude=[] if slug else ["slug"])
    _refresh_search("solution", solution.pk)
    return solution


@service
def solution_update(*, acting_user: Any, solution: Solution, data: SolutionInput) -> Solution:
    """Change a solution. On a published solution the change is public at once and the editors
    are told."""
    SolutionPolicy.require(acting_user, "edit", solution, _("Du kan ikke redigere denne løsning."))
    errors: Errors = {}
    _apply_solution_input(solution, data, errors, exclude=[])
    if solution.status == Status.PUBLISHED and not is_editor(acting_user):
        notifications.notify_changed(solution, by=acting_user)
    _reindex_publication(solution)
    return solution
