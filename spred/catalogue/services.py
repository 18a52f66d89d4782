"""Writes to the catalogue: keyword-only, atomic, policy-checked, validated and audited.

Bad input raises ``ValidationError`` keyed by the field of ``CaseInput`` / ``SolutionInput`` it
concerns (``{"policy_areas": "Ukendt fagområde: xyz"}``), so forms, the importer and the API can
each put the message where it belongs. A refusal raises ``ActionNotAllowed``.

Every change of content or status refreshes the entry in the search index after the commit (the
index itself decides whether the entry is published and so belongs there).

A published case changes in place: its owners (and editors) edit it, and each change is published
at once as a new ``CaseRevision`` with the editors told, so they can look it over and archive it
if it does not hold. Review happens before the first publication.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import PurePath
from typing import Any, TypeVar
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.accounts.roles import is_editor
from spred.catalogue import notifications
from spred.catalogue.attachments import MAX_PER_CASE, check_upload
from spred.catalogue.choices import PartnerRole, Status
from spred.catalogue.consent import CONSENT_TEXTS, contact_for_token, withdrawal_token
from spred.catalogue.inputs import CaseInput, ContactInput, PartnerInput, SolutionInput
from spred.catalogue.models import (
    Attachment,
    Case,
    CaseContact,
    CasePartner,
    CaseRevision,
    InnovationType,
    PolicyArea,
    Solution,
    Taxon,
    TechnologyCategory,
)
from spred.catalogue.policies import CasePolicy, SolutionPolicy, can_contribute
from spred.catalogue.review import acceptance_checklist, solution_checklist, unmet
from spred.catalogue.revisions import case_snapshot, comparable
from spred.core.audit import service
from spred.core.policies import ActionNotAllowed
from spred.organisations.choices import PUBLIC_KINDS
from spred.organisations.identifiers import danish_slugify
from spred.organisations.models import Organisation

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=Taxon)
#: A catalogue entry, either kind: the shared workflow returns what it was given.
E = TypeVar("E", Case, Solution)
Errors = dict[str, list[str]]

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
REVISION_COMMENT_MAX = 500
#: Path words next to the slug in the catalogue's addresses (``cases/ny/``, ``cases/feed/``).
RESERVED_SLUGS = frozenset({"ny", "feed"})


# -- helpers --------------------------------------------------------------------------------


def _refresh_search(kind: str, pk: int) -> None:
    """Bring the entry's search document up to date once the write has committed."""

    def run() -> None:
        try:
            from spred.search.index import refresh
        except ImportError:  # the search app is optional for the catalogue to work
            return
        refresh(kind, pk)

    # robust: an index that cannot be updated must not turn a saved change into an error page;
    # the failure is logged and `rebuild_index` repairs it.
    transaction.on_commit(run, robust=True)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


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


def _full_clean(
    instance: models.Model, errors: Errors, *, exclude: list[str] | None = None
) -> None:
    """Validate the instance and raise everything found so far as one ValidationError."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    if errors:
        raise ValidationError(errors)


def _now_or_past(value: datetime | None, field: str, errors: Errors) -> datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        _add(errors, field, _("Tidspunktet kan ikke ligge i fremtiden."))
    return value


# -- the workflow, shared by cases and solutions ----------------------------------------------
#
# Each public case_*/solution_* service checks its own policy and then runs one of these.


def _search_kind(entry: Case | Solution) -> str:
    return "case" if isinstance(entry, Case) else "solution"


def _reindex(entry: Case | Solution) -> None:
    _refresh_search(_search_kind(entry), entry.pk)


def _reindex_publication(entry: Case | Solution) -> None:
    """After a change to what the public sees of the entry: a published case's search document
    names the published solutions it uses, so a solution's change reaches those cases too."""
    _reindex(entry)
    if isinstance(entry, Solution):
        for case_pk in entry.cases.filter(status=Status.PUBLISHED).values_list("pk", flat=True):
            _refresh_search("case", case_pk)


def _submit(entry: E, acting_user: Any) -> E:
    entry.status = Status.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.submitted_by = acting_user
    entry.full_clean()
    entry.save()
    notifications.notify_submitted(entry, by=acting_user)
    _reindex(entry)
    return entry


def _recall(entry: E) -> E:
    entry.status = Status.DRAFT
    entry.save()
    _reindex(entry)
    return entry


def _check_criteria(
    entry: Case | Solution, *, override: bool, comment: str, errors: Errors
) -> None:
    checklist = (
        acceptance_checklist(entry) if isinstance(entry, Case) else solution_checklist(entry)
    )
    missing = unmet(checklist)
    if not missing:
        return
    names = ", ".join(str(c.label).lower() for c in missing)
    if not override:
        _add(
            errors,
            "override_criteria",
            _(
                "Kriterierne for publicering er ikke opfyldt: %(missing)s. Send indholdet "
                "retur, eller sæt flueben ved »Publicér alligevel« og skriv hvorfor."
            )
            % {"missing": names},
        )
    elif not comment:
        _add(
            errors,
            "comment",
            _("Skriv i kommentaren, hvorfor der publiceres, selv om %(missing)s mangler.")
            % {"missing": names},
        )


def _publish(
    entry: E, acting_user: Any, published_at: datetime | None, comment: str, override: bool
) -> E:
    errors: Errors = {}
    comment = _check_comment(comment, errors)
    published_at = _now_or_past(published_at, "published_at", errors)
    _check_criteria(entry, override=override, comment=comment, errors=errors)
    if errors:
        raise ValidationError(errors)
    entry.status = Status.PUBLISHED
    entry.published_at = entry.published_at or published_at or timezone.now()
    entry.archived_at = None
    entry.review_comment = ""
    entry.full_clean()
    entry.save()
    if isinstance(entry, Case):
        _write_revision(entry, acting_user=acting_user, comment=comment or _("Publiceret."))
    notifications.notify_published(entry, by=acting_user, comment=comment)
    _reindex_publication(entry)
    return entry


def _return(entry: E, acting_user: Any, comment: str) -> E:
    comment = (comment or "").strip()
    if entry.status != Status.SUBMITTED:
        raise ValidationError(_("Kun indhold, der er sendt til redaktionen, kan sendes retur."))
    if not comment:
        raise ValidationError(
            {"comment": _("Skriv en kommentar, så forfatterne ved, hvad de skal rette.")}
        )
    entry.status = Status.RETURNED
    entry.review_comment = comment
    entry.full_clean()
    entry.save()
    notifications.notify_returned(entry, by=acting_user, comment=comment)
    _reindex(entry)
    return entry


def _archive(entry: E) -> E:
    if entry.status != Status.PUBLISHED:
        raise ValidationError(_("Kun publiceret indhold kan arkiveres."))
    entry.status = Status.ARCHIVED
    entry.archived_at = timezone.now()
    entry.save()
    _reindex_publication(entry)
    return entry


def _unarchive(entry: E) -> E:
    if entry.status != Status.ARCHIVED:
        raise ValidationError(_("Indholdet er ikke arkiveret."))
    entry.status = Status.PUBLISHED
    entry.archived_at = None
    entry.save()
    _reindex_publication(entry)
    return entry


def _delete(entry: Case | Solution) -> None:
    kind, pk = _search_kind(entry), entry.pk
    files = [a.file.name for a in entry.attachments.all()] if isinstance(entry, Case) else []
    entry.delete()
    _delete_files_after_commit(files)
    _refresh_search(kind, pk)


def _delete_files_after_commit(names: list[str]) -> None:
    if not names:
        return

    def run() -> None:
        field = Attachment._meta.get_field("file")
        assert isinstance(field, models.FileField)
        storage = field.storage
        for name in names:
            storage.delete(name)

    transaction.on_commit(run, robust=True)


# -- cases ----------------------------------------------------------------------------------


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


def _latest_revision(case: Case) -> CaseRevision | None:
    return case.revisions.order_by("-number").first()


def _write_revision(case: Case, *, acting_user: Any, comment: str) -> CaseRevision:
    case.revision_number = (
        max(case.revision_number, case.revisions.aggregate(n=models.Max("number"))["n"] or 0) + 1
    )
    case.save(update_fields=["revision_number", "updated_at"])
    return CaseRevision.objects.create(
        case=case,
        number=case.revision_number,
        snapshot=case_snapshot(case),
        comment=comment[:REVISION_COMMENT_MAX],
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )


def _check_comment(comment: str, errors: Errors) -> str:
    comment = (comment or "").strip()
    if len(comment) > REVISION_COMMENT_MAX:
        _add(
            errors,
            "comment",
            _("Kommentaren må højst være %(n)s tegn.") % {"n": REVISION_COMMENT_MAX},
        )
    return comment


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


@service
def case_submit(*, acting_user: Any, case: Case) -> Case:
    """Send the draft to the editors."""
    CasePolicy.require(acting_user, "submit", case, _("Casen kan ikke sendes til redaktionen nu."))
    return _submit(case, acting_user)


@service
def case_recall(*, acting_user: Any, case: Case) -> Case:
    """Take a submitted case back to draft before the editors have decided."""
    CasePolicy.require(
        acting_user, "recall", case, _("Casen kan ikke trækkes tilbage fra redaktionen.")
    )
    return _recall(case)


@service
def case_publish(
    *,
    acting_user: Any,
    case: Case,
    published_at: datetime | None = None,
    comment: str = "",
    override_criteria: bool = False,
) -> Case:
    """Publish a submitted case (an editor may also publish a draft of their own, e.g. an
    import). Writes version 1 (or the next version) of the case.

    ``published_at`` dates the first publication (an import of older cases); ignored when the
    case was published before. An unmet acceptance criterion refuses the publication unless
    ``override_criteria`` is set and ``comment`` says why."""
    CasePolicy.require(acting_user, "review", case, _("Du kan ikke publicere denne case."))
    return _publish(case, acting_user, published_at, comment, override_criteria)


@service
def case_return(*, acting_user: Any, case: Case, comment: str) -> Case:
    """Send a submitted case back to its owners with a comment (required)."""
    CasePolicy.require(acting_user, "review", case, _("Du kan ikke sende denne case retur."))
    return _return(case, acting_user, comment)


@service
def case_archive(*, acting_user: Any, case: Case) -> Case:
    """Take a published case out of search, lists and feeds; its page stays, marked archived."""
    CasePolicy.require(acting_user, "archive", case, _("Du kan ikke arkivere denne case."))
    return _archive(case)


@service
def case_unarchive(*, acting_user: Any, case: Case) -> Case:
    """Undo an archiving: the case is published again as it was."""
    CasePolicy.require(acting_user, "archive", case, _("Du kan ikke genåbne denne case."))
    return _unarchive(case)


@service
def case_delete(*, acting_user: Any, case: Case) -> None:
    """Delete a case that was never published (a draft or a returned case)."""
    CasePolicy.require(acting_user, "delete", case, _("Casen kan ikke slettes."))
    _delete(case)


# -- contact person -------------------------------------------------------------------------


def _set_case_input_contact(case: Case, contact: ContactInput, acting_user: Any) -> None:
    """The contact given with a CaseInput; its errors belong to the input's ``contact``."""
    try:
        _set_contact(case, contact, acting_user)
    except ValidationError as exc:
        raise ValidationError({"contact": exc.messages}) from exc


def _set_contact(case: Case, contact: ContactInput, acting_user: Any) -> CaseContact:
    errors: Errors = {}
    if contact.consent_text_version not in CONSENT_TEXTS:
        _add(
            errors,
            "consent_text_version",
            _("Ukendt version af samtykketeksten: %(version)s.")
            % {"version": contact.consent_text_version or "–"},
        )
    given_at: datetime | None = contact.consent_given_at
    if not isinstance(given_at, datetime):
        _add(errors, "consent_given_at", _("Angiv, hvornår samtykket blev givet."))
        given_at = None
    else:
        given_at = _now_or_past(given_at, "consent_given_at", errors)
    name = (contact.name or "").strip()
    email = (contact.email or "").strip()
    if not name:
        _add(errors, "name", _("Skriv kontaktpersonens navn."))
    if not email:
        _add(errors, "email", _("Skriv kontaktpersonens e-mailadresse."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            _add(errors, "email", _("Skriv en gyldig e-mailadresse."))
    if errors or given_at is None:
        raise ValidationError(errors)
    record = CaseContact.objects.filter(case=case).first() or CaseContact(case=case)
    news = (
        record.pk is None
        or record.withdrawn_at is not None
        or record.email != email
        or record.consent_given_at != given_at
    )
    record.name = name
    record.email = email
    record.job_title = (contact.job_title or "").strip()
    record.phone = (contact.phone or "").strip()
    record.consent_given_at = given_at
    record.consent_text_version = contact.consent_text_version
    record.withdrawn_at = None
    record.recorded_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    _full_clean(record, errors, exclude=["case"])
    record.save()
    if news:
        notifications.notify_contact_recorded(record, withdrawal_token(record))
    return record


@service
def contact_set(*, acting_user: Any, case: Case, contact: ContactInput) -> CaseContact:
    """Set (or replace) the case's contact person with the consent they gave."""
    CasePolicy.require(acting_user, "manage_contact", case, _("Du kan ikke ændre kontaktpersonen."))
    if case.status == Status.ARCHIVED:
        raise ValidationError(_("Casen er arkiveret. Genåbn den først."))
    record = _set_contact(case, contact, acting_user)
    _refresh_search("case", case.pk)
    return record


@service
def contact_withdraw(*, acting_user: Any, case: Case) -> CaseContact:
    """The contact person withdraws consent: the contact is hidden everywhere at once and the
    personal details are erased. When and under which text consent was given stays."""
    CasePolicy.require(acting_user, "manage_contact", case, _("Du kan ikke ændre kontaktpersonen."))
    record = CaseContact.objects.select_for_update().filter(case=case).first()
    if record is None or record.withdrawn_at is not None:
        raise ValidationError(_("Casen har ingen kontaktperson med samtykke."))
    _erase(record)
    _refresh_search("case", case.pk)
    return record


@service
def contact_withdraw_by_link(*, acting_user: Any, token: str) -> CaseContact:
    """The contact person withdraws consent with the link they were e-mailed (no account
    needed): the same as ``contact_withdraw``."""
    record = contact_for_token(token)
    CasePolicy.require(
        acting_user,
        "withdraw_by_link",
        record.case if record is not None else None,
        _("Linket virker ikke længere. Samtykket er måske allerede trukket tilbage."),
    )
    assert record is not None  # the policy refuses a link that names no standing consent
    record = CaseContact.objects.select_for_update().get(pk=record.pk)
    _erase(record)
    _refresh_search("case", record.case_id)
    return record


def _erase(record: CaseContact) -> None:
    record.name = ""
    record.email = ""
    record.phone = ""
    record.job_title = ""
    record.withdrawn_at = timezone.now()
    record.save()


# -- attachments ----------------------------------------------------------------------------


@service
def attachment_add(
    *, acting_user: Any, case: Case, uploaded_file: Any, title: str = ""
) -> Attachment:
    """Attach a file after checking its type by name and content and its size; nothing is
    stored when a check fails."""
    CasePolicy.require(acting_user, "attach", case, _("Du kan ikke tilføje bilag til casen."))
    kind = check_upload(uploaded_file)
    if case.attachments.count() >= MAX_PER_CASE:
        raise ValidationError(
            {"file": _("En case kan højst have %(n)s bilag.") % {"n": MAX_PER_CASE}}
        )
    original = PurePath(getattr(uploaded_file, "name", "") or "").name
    title = (title or "").strip() or PurePath(original).stem or _("Bilag")
    attachment = Attachment(
        case=case,
        title=title,
        content_type=kind.content_type,
        size=int(uploaded_file.size),
        uploaded_by=acting_user,
    )
    errors: Errors = {}
    _full_clean(attachment, errors, exclude=["file"])
    # A random stored name: the uploader's file name never reaches the file system.
    attachment.file.save(f"{uuid4().hex}.{kind.extension}", uploaded_file, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@service
def attachment_remove(*, acting_user: Any, attachment: Attachment) -> None:
    CasePolicy.require(
        acting_user, "attach", attachment.case, _("Du kan ikke fjerne bilag fra casen.")
    )
    name = attachment.file.name
    attachment.delete()
    _delete_files_after_commit([name])


# -- solutions ------------------------------------------------------------------------------


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


@service
def solution_submit(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "submit", solution, _("Løsningen kan ikke sendes til redaktionen nu.")
    )
    return _submit(solution, acting_user)


@service
def solution_recall(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "recall", solution, _("Løsningen kan ikke trækkes tilbage fra redaktionen.")
    )
    return _recall(solution)


@service
def solution_publish(
    *,
    acting_user: Any,
    solution: Solution,
    published_at: datetime | None = None,
    comment: str = "",
    override_criteria: bool = False,
) -> Solution:
    """Publish a submitted solution (or an editor's own draft); see ``case_publish``."""
    SolutionPolicy.require(
        acting_user, "review", solution, _("Du kan ikke publicere denne løsning.")
    )
    return _publish(solution, acting_user, published_at, comment, override_criteria)


@service
def solution_return(*, acting_user: Any, solution: Solution, comment: str) -> Solution:
    SolutionPolicy.require(
        acting_user, "review", solution, _("Du kan ikke sende denne løsning retur.")
    )
    return _return(solution, acting_user, comment)


@service
def solution_archive(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "archive", solution, _("Du kan ikke arkivere denne løsning.")
    )
    return _archive(solution)


@service
def solution_unarchive(*, acting_user: Any, solution: Solution) -> Solution:
    SolutionPolicy.require(
        acting_user, "archive", solution, _("Du kan ikke genåbne denne løsning.")
    )
    return _unarchive(solution)


@service
def solution_delete(*, acting_user: Any, solution: Solution) -> None:
    """Delete a solution that was never published."""
    SolutionPolicy.require(acting_user, "delete", solution, _("Løsningen kan ikke slettes."))
    _delete(solution)
