"""Running an import: check everything, then write everything in one transaction — or nothing.

The order is deliberate. Every record is checked first and every problem collected, so the
editor gets the whole list at once. Only a file without problems is written, through the
catalogue's services (the same checks, permissions and audit trail as the pages), in one
transaction: a problem a service finds on row 900 rolls back rows 1–899 too and is reported like
the others. A dry run goes through the very same writes and rolls them back at the end, so it
finds exactly what a real run would.

Solutions are written before cases, so a case can link a solution from the same file by its slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from spred.catalogue.choices import Status
from spred.catalogue.importing.format import CASE, SOLUTION
from spred.catalogue.importing.readers import RawRecord, read_file
from spred.catalogue.importing.records import PreparedEntry, RecordChecker
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, CataloguePolicy, SolutionPolicy
from spred.catalogue.services.entries import case_create, solution_create
from spred.catalogue.services.workflow import (
    case_publish,
    case_return,
    case_submit,
    solution_publish,
    solution_return,
    solution_submit,
)
from spred.core.importing.problems import ImportProblem
from spred.core.importing.report import ImportReport, Progress
from spred.core.importing.tables import MAX_FILE_BYTES
from spred.core.policies import ActionNotAllowed
from spred.organisations.identifiers import danish_slugify

#: Service field names (CaseInput / SolutionInput) → the format's field names.
_CASE_FIELD_NAMES = {
    "solution_text": "solution",
    "solution_slugs": "solutions",
    "override_criteria": "",
    "comment": "",
    "__all__": "",
}
_SOLUTION_FIELD_NAMES = {"name": "title", "override_criteria": "", "comment": "", "__all__": ""}


@dataclass
class ImportOptions:
    #: Publish what is imported (as the acting editor) instead of leaving drafts.
    publish: bool = False
    #: Go through the whole import and roll it back.
    dry_run: bool = False
    #: Publish even where the editors' acceptance criteria are not met, with this reason
    #: (kept with the published version). Empty: such entries are reported as problems.
    override_reason: str = ""
    #: The demo loader: demo-only fields are read and honoured, and a record whose slug exists
    #: already is skipped, so loading twice changes nothing.
    demo: bool = False


@dataclass
class ImportedEntry:
    row: str
    kind: str
    title: str
    slug: str
    status: str
    organisation: str
    url: str = ""

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def kind_label(self) -> str:
        return str(_("Case")) if self.kind == CASE else str(_("Løsning"))


@dataclass
class CatalogueImportReport(ImportReport):
    """The report of a catalogue import: the entries stored (or, in a dry run, checked).
    ``skipped`` holds the slugs of records left alone because they exist (the demo loader)."""

    entries: list[ImportedEntry] = field(default_factory=list)

    def count(self, kind: str, status: str | None = None) -> int:
        return sum(
            1 for e in self.entries if e.kind == kind and (status is None or e.status == status)
        )

    @property
    def cases(self) -> int:
        return self.count(CASE)

    @property
    def solutions(self) -> int:
        return self.count(SOLUTION)

    @property
    def published(self) -> int:
        return sum(1 for e in self.entries if e.status == Status.PUBLISHED)

    @property
    def drafts(self) -> int:
        return sum(1 for e in self.entries if e.status == Status.DRAFT)


def import_file(
    *,
    acting_user: Any,
    data: bytes,
    filename: str,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> CatalogueImportReport:
    """Read and import a file. Raises ``ImportFileError`` when the file cannot be read at all
    and ``ActionNotAllowed`` when the user may not import."""
    _require_importer(acting_user)
    result = read_file(data, filename, max_bytes=max_bytes)
    return import_records(
        acting_user=acting_user,
        records=result.records,
        options=options,
        progress=progress,
        file_format=result.format,
        read_problems=result.problems,
    )


def _require_importer(user: Any) -> None:
    CataloguePolicy.require(
        user, "import", _("Kun redaktører og administratorer kan importere til kataloget.")
    )


def import_records(
    *,
    acting_user: Any,
    records: list[RawRecord],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    file_format: str = "json",
    read_problems: list[ImportProblem] | None = None,
) -> CatalogueImportReport:
    _require_importer(acting_user)
    options = options or ImportOptions()
    report = CatalogueImportReport(
        format=file_format, records=len(records), dry_run=options.dry_run
    )
    order = {r.row: r.index for r in records}
    problems = list(read_problems or [])

    checker = RecordChecker(allow_demo_fields=options.demo)
    # Solutions first: a case may link a solution of the same file.
    ordered = sorted(records, key=lambda r: (r.kind != SOLUTION, r.index))
    prepared: list[PreparedEntry] = []
    for n, record in enumerate(ordered, start=1):
        entry, found = checker.prepare(record)
        problems.extend(found)
        if entry is not None:
            prepared.append(entry)
        if progress:
            progress("check", n, len(ordered))

    if options.demo:
        prepared = _skip_existing(prepared, report)
    problems.extend(_check_slugs(prepared))
    problems.extend(_check_solution_refs(records, acting_user))
    if problems:
        report.problems = _in_file_order(problems, order)
        return report

    with transaction.atomic():
        problems = _write(prepared, acting_user, options, report, progress)
        if problems or options.dry_run:
            transaction.set_rollback(True)
    if problems:
        report.entries = []
        report.problems = _in_file_order(problems, order)
    else:
        report.written = not options.dry_run
    return report


def _in_file_order(problems: list[ImportProblem], order: dict[str, int]) -> list[ImportProblem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: order.get(p.row, -1))


# --------------------------------------------------------------------------------------------
# Checks across records


def _wanted_slug(entry: PreparedEntry) -> str:
    """The slug a record asks for, or the one it would get from its title."""
    return entry.slug or danish_slugify(entry.title)[:200].strip("-")


def _model(kind: str) -> type[Case] | type[Solution]:
    return Solution if kind == SOLUTION else Case


def _skip_existing(
    prepared: list[PreparedEntry], report: CatalogueImportReport
) -> list[PreparedEntry]:
    kept: list[PreparedEntry] = []
    for kind in (SOLUTION, CASE):
        of_kind = [e for e in prepared if e.kind == kind]
        for entry in of_kind:
            entry.slug = _wanted_slug(entry)
        taken = set(
            _model(kind)
            ._default_manager.filter(slug__in=[e.slug for e in of_kind])
            .values_list("slug", flat=True)
        )
        for entry in of_kind:
            if entry.slug in taken:
                report.skipped.append(str(entry.slug))
            else:
                kept.append(entry)
    return kept


def _check_slugs(prepared: list[PreparedEntry]) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    for kind in (SOLUTION, CASE):
        explicit = [e for e in prepared if e.kind == kind and e.slug]
        first_row: dict[str, str] = {}
        for entry in explicit:
            assert entry.slug is not None
            if entry.slug in first_row:
                problems.append(
                    ImportProblem(
                        entry.row,
                        "slug",
                        _("Kortnavnet %(slug)s bruges også i række %(row)s i filen.")
                        % {"slug": entry.slug, "row": first_row[entry.slug]},
                    )
                )
            else:
                first_row[entry.slug] = entry.row
        taken = set(
            _model(kind)
            ._default_manager.filter(slug__in=list(first_row))
            .values_list("slug", flat=True)
        )
        for entry in explicit:
            if entry.slug in taken and first_row.get(str(entry.slug)) == entry.row:
                problems.append(
                    ImportProblem(
                        entry.row,
                        "slug",
                        _(
                            "Kortnavnet %(slug)s er allerede i brug i kataloget. Vælg et "
                            "andet, eller lad feltet stå tomt."
                        )
                        % {"slug": entry.slug},
                    )
                )
    return problems


def _raw_slug(record: RawRecord) -> str:
    slug = record.data.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    title = record.data.get("title")
    return danish_slugify(title)[:200].strip("-") if isinstance(title, str) else ""


def _raw_refs(record: RawRecord) -> list[str]:
    refs = record.data.get("solutions")
    if not isinstance(refs, list):
        return []
    return [r.strip() for r in refs if isinstance(r, str) and r.strip()]


def _check_solution_refs(records: list[RawRecord], acting_user: Any) -> list[ImportProblem]:
    """Every solution a case links must be in the file or visible in the catalogue. Checked for
    every case, also one with other problems, so the first report lists everything."""
    in_file = {_raw_slug(r) for r in records if r.kind == SOLUTION}
    cases = [(r.row, _raw_refs(r)) for r in records if r.kind == CASE]
    wanted = {ref for _row, refs in cases for ref in refs} - in_file
    existing = set(
        SolutionPolicy.visible_to(acting_user)
        .filter(slug__in=[w for w in wanted if "\x00" not in w])
        .values_list("slug", flat=True)
    )
    problems: list[ImportProblem] = []
    for row, refs in cases:
        unknown = [r for r in refs if r not in in_file and r not in existing]
        if unknown:
            problems.append(
                ImportProblem(
                    row,
                    "solutions",
                    _(
                        "Ukendt løsning: %(slugs)s. Angiv kortnavnet på en løsning i kataloget "
                        "eller i samme fil."
                    )
                    % {"slugs": ", ".join(u[:60] for u in unknown[:10])},
                )
            )
    return problems


def _solution_refs_in_file(prepared: list[PreparedEntry]) -> dict[str, PreparedEntry]:
    """The slugs a case may use for a solution of the same file: its explicit slug, or the slug
    its title gives when it has none."""
    refs: dict[str, PreparedEntry] = {}
    for entry in prepared:
        if entry.kind == SOLUTION:
            refs.setdefault(_wanted_slug(entry), entry)
    return refs


# --------------------------------------------------------------------------------------------
# Writing


def _field(kind: str, name: str) -> str:
    names = _CASE_FIELD_NAMES if kind == CASE else _SOLUTION_FIELD_NAMES
    return names.get(name, name)


def _service_problems(entry: PreparedEntry, exc: ValidationError) -> list[ImportProblem]:
    if hasattr(exc, "error_dict"):
        return [
            ImportProblem(entry.row, _field(entry.kind, name), message)
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    return [ImportProblem(entry.row, "", message) for message in exc.messages]


def _write(
    prepared: list[PreparedEntry],
    acting_user: Any,
    options: ImportOptions,
    report: CatalogueImportReport,
    progress: Progress | None,
) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    in_file = _solution_refs_in_file(prepared)
    created_solutions: dict[int, Solution] = {}  # id(PreparedEntry) → Solution
    for n, entry in enumerate(prepared, start=1):
        try:
            obj: Case | Solution
            if entry.kind == SOLUTION:
                solution = _create_solution(entry, acting_user)
                created_solutions[id(entry)] = solution
                obj = solution
            else:
                refs = []
                for ref in entry.solution_refs:
                    source = in_file.get(ref)
                    if source is None:
                        refs.append(ref)
                    elif id(source) in created_solutions:
                        refs.append(created_solutions[id(source)].slug)
                    # A solution of the file that failed has its own problem; leaving the link
                    # out keeps this row from repeating it.
                obj = _create_case(entry, refs, acting_user)
            _apply_status(obj, entry, acting_user, options)
        except ValidationError as exc:
            problems.extend(_service_problems(entry, exc))
        except ActionNotAllowed as exc:
            problems.append(ImportProblem(entry.row, "organisation", exc.message))
        else:
            report.entries.append(
                ImportedEntry(
                    row=entry.row,
                    kind=entry.kind,
                    title=entry.title,
                    slug=obj.slug,
                    status=obj.status,
                    organisation=entry.organisation.name,
                    url=_url_of(obj),
                )
            )
        if progress:
            progress("write", n, len(prepared))
    return problems


def _url_of(obj: Case | Solution) -> str:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _create_solution(entry: PreparedEntry, acting_user: Any) -> Solution:
    assert entry.solution is not None
    return solution_create(
        acting_user=acting_user,
        organisation=entry.organisation,
        data=entry.solution,
        slug=entry.slug,
    )


def _create_case(entry: PreparedEntry, solution_slugs: list[str], acting_user: Any) -> Case:
    assert entry.case is not None
    entry.case.solution_slugs = solution_slugs
    return case_create(
        acting_user=acting_user,
        organisation=entry.organisation,
        data=entry.case,
        slug=entry.slug,
    )


def _apply_status(
    obj: Case | Solution, entry: PreparedEntry, acting_user: Any, options: ImportOptions
) -> None:
    if options.demo:
        status = entry.demo_status
    else:
        status = Status.PUBLISHED if options.publish else Status.DRAFT
    if status == Status.DRAFT:
        return
    if status == Status.PUBLISHED:
        _publish(obj, acting_user, entry.published_at, options.override_reason)
        return
    _submit(obj, acting_user)
    if status == Status.RETURNED:
        if isinstance(obj, Case):
            case_return(acting_user=acting_user, case=obj, comment=entry.review_comment)
        else:
            solution_return(acting_user=acting_user, solution=obj, comment=entry.review_comment)


def _submit(obj: Case | Solution, acting_user: Any) -> None:
    if isinstance(obj, Case):
        case_submit(acting_user=acting_user, case=obj)
    else:
        solution_submit(acting_user=acting_user, solution=obj)


def _publish(
    obj: Case | Solution, acting_user: Any, published_at: datetime | None, override_reason: str
) -> None:
    # An editor publishes a submitted entry; where the policy does not let them publish their
    # own draft directly, the entry goes through the submission step first.
    may_publish = (
        CasePolicy.can(acting_user, "review", obj)
        if isinstance(obj, Case)
        else SolutionPolicy.can(acting_user, "review", obj)
    )
    if not may_publish:
        _submit(obj, acting_user)
    comment = override_reason or _("Publiceret ved import.")
    if isinstance(obj, Case):
        case_publish(
            acting_user=acting_user,
            case=obj,
            published_at=published_at,
            comment=comment,
            override_criteria=bool(override_reason),
        )
    else:
        solution_publish(
            acting_user=acting_user,
            solution=obj,
            published_at=published_at,
            comment=comment,
            override_criteria=bool(override_reason),
        )


__all__ = [
    "CatalogueImportReport",
    "ImportOptions",
    "ImportedEntry",
    "import_file",
    "import_records",
]
