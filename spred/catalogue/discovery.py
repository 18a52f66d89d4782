"""Finding catalogue content and getting it out: the search page, autocomplete, exports, the
Atom feed and the DCAT-AP-DK description.

The search engine (``spred.search.engine``) answers with ids; every id is looked up again in
``selectors.public_cases()`` / ``public_solutions()`` before anything is shown or written, and
ids that are not there are dropped. The index holds published entries only, so this never
removes anything in normal operation — it is there for the moment between a status change and
the index catching up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from spred.catalogue import dcat, exports, selectors
from spred.catalogue.choices import EntryKind, EvidenceLevel, Maturity, Stage
from spred.catalogue.models import Case, InnovationType, PolicyArea, Solution, TechnologyCategory
from spred.core.dcat import CONTENT_TYPE as JSONLD
from spred.organisations import selectors as organisation_selectors
from spred.organisations.choices import Sector

if TYPE_CHECKING:
    from spred.search.engine import Sort

#: The facets of the search page, in the order they are shown, with their legends.
FACETS: tuple[tuple[str, Promise], ...] = (
    ("kind", gettext_lazy("Type")),
    ("area", gettext_lazy("Fagområde")),
    ("technology", gettext_lazy("Teknologi")),
    ("innovation_type", gettext_lazy("Innovationstype")),
    ("stage", gettext_lazy("Fase")),
    ("maturity", gettext_lazy("Modenhed")),
    ("evidence", gettext_lazy("Evidensniveau")),
    ("sector", gettext_lazy("Sektor")),
    ("region", gettext_lazy("Region")),
    ("organisation", gettext_lazy("Organisation")),
    ("year", gettext_lazy("År")),
)
FACET_KEYS = tuple(key for key, _legend in FACETS)

SORTS: tuple[tuple[str, Promise], ...] = (
    ("relevance", gettext_lazy("Bedst matchende")),
    ("newest", gettext_lazy("Nyeste først")),
    ("oldest", gettext_lazy("Ældste først")),
    ("title", gettext_lazy("Titel (A–Å)")),
)
SORT_KEYS = frozenset(key for key, _label in SORTS)

PER_PAGE = 20
#: Facet values shown before the rest are folded away under "Vis alle".
FACET_VALUES_SHOWN = 8
QUERY_MAX = 200
VALUE_MAX = 220
VALUES_PER_FACET_MAX = 50
AUTOCOMPLETE_LIMIT = 8

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------------------------
# Reading the query string


@dataclass(frozen=True)
class CatalogueQuery:
    """What the visitor asked for, cleaned: the same for the page, the exports and the links."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "newest"
    page: int = 1

    @property
    def has_filters(self) -> bool:
        return any(self.filters.values())

    def engine_query(self, *, page: int | None = None, per_page: int = PER_PAGE) -> Any:
        from spred.search.engine import SearchQuery

        return SearchQuery(
            text=self.text,
            filters={key: list(values) for key, values in self.filters.items() if values},
            sort=cast("Sort", self.sort),
            page=page or self.page,
            per_page=per_page,
        )

    def params(self, *, with_page: bool = False) -> QueryDict:
        params = QueryDict(mutable=True)
        if self.text:
            params["q"] = self.text
        for key in FACET_KEYS:
            for value in self.filters.get(key, ()):
                params.appendlist(key, value)
        params["sort"] = self.sort
        if with_page and self.page > 1:
            params["side"] = str(self.page)
        return params


def clean_text(value: str, limit: int) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def read_query(params: QueryDict) -> CatalogueQuery:
    """The query string as a CatalogueQuery. Junk is tolerated, never an error: an unknown
    sort falls back to the default, an impossible page to the first, oversized values are cut."""
    text = clean_text(params.get("q", ""), QUERY_MAX)
    filters: dict[str, tuple[str, ...]] = {}
    for key in FACET_KEYS:
        values = [clean_text(v, VALUE_MAX) for v in params.getlist(key)]
        unique = tuple(dict.fromkeys(v for v in values if v))[:VALUES_PER_FACET_MAX]
        if unique:
            filters[key] = unique
    sort = params.get("sort", "")
    if sort not in SORT_KEYS:
        sort = "relevance" if text else "newest"
    try:
        page = max(1, min(int(params.get("side", "1")), 10_000))
    except ValueError:
        page = 1
    return CatalogueQuery(text=text, filters=filters, sort=sort, page=page)


# --------------------------------------------------------------------------------------------
# Facet labels


def _taxonomy_labels(model: type[Any], values: Iterable[str]) -> dict[str, str]:
    # The vocabularies are public reference data; they have no policy of their own.
    return {t.slug: t.label for t in model._default_manager.filter(slug__in=list(values))}


def _choice_labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


def facet_labels(facet: str, values: Iterable[str], *, user: Any) -> dict[str, str]:
    """Labels in the visitor's language for the values of one facet; a value without a label
    (an organisation since removed, say) is shown as itself."""
    values = list(values)
    if not values:
        return {}
    if facet == "kind":
        return _choice_labels(EntryKind)
    if facet == "area":
        return _taxonomy_labels(PolicyArea, values)
    if facet == "technology":
        return _taxonomy_labels(TechnologyCategory, values)
    if facet == "innovation_type":
        return _taxonomy_labels(InnovationType, values)
    if facet == "stage":
        return _choice_labels(Stage)
    if facet == "maturity":
        return _choice_labels(Maturity)
    if facet == "evidence":
        return _choice_labels(EvidenceLevel)
    if facet == "sector":
        return _choice_labels(Sector)
    if facet == "region":
        return {
            str(region.code): region.name
            for region in organisation_selectors.region_list(user=user)
        }
    if facet == "organisation":
        organisations = organisation_selectors.organisation_list(user=user).filter(slug__in=values)
        return dict(organisations.values_list("slug", "name"))
    return {}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str


@dataclass
class FacetGroup:
    key: str
    legend: str
    options: list[FacetOption]

    @property
    def shown(self) -> list[FacetOption]:
        return self.options[:FACET_VALUES_SHOWN]

    @property
    def folded(self) -> list[FacetOption]:
        return self.options[FACET_VALUES_SHOWN:]

    @property
    def folded_selected(self) -> bool:
        return any(option.selected for option in self.folded)


def _input_id(facet: str, value: str) -> str:
    # Stable across requests, so htmx can give focus back to the same checkbox after a swap.
    safe = re.sub(r"[^a-zA-Z0-9_-]", lambda m: f"_{ord(m.group()):x}", value)
    return f"facet-{facet}-{safe}"


def facet_groups(
    engine_facets: Mapping[str, Sequence[Any]], query: CatalogueQuery, *, user: Any
) -> list[FacetGroup]:
    groups: list[FacetGroup] = []
    for key, legend in FACETS:
        counted = {str(v.value): int(v.count) for v in engine_facets.get(key, [])}
        order = [str(v.value) for v in engine_facets.get(key, [])]
        selected = query.filters.get(key, ())
        # A chosen value stays on the page even when nothing matches it any more, so it can
        # be unticked.
        order += [value for value in selected if value not in counted]
        if key == "year":
            order.sort(key=lambda v: (not v.isdigit(), -int(v) if v.isdigit() else 0, v))
        labels = facet_labels(key, order, user=user)
        options = [
            FacetOption(
                value=value,
                label=labels.get(value, value),
                count=counted.get(value, 0),
                selected=value in selected,
                input_id=_input_id(key, value),
            )
            for value in order
        ]
        if options:
            groups.append(FacetGroup(key=key, legend=str(legend), options=options))
    return groups


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class ResultItem:
    kind: str
    kind_label: str
    entry: Case | Solution
    url: str
    title_html: Any
    snippet_html: Any
    score: float


def public_entries(
    hits: Iterable[tuple[str, int]],
) -> tuple[dict[int, Case], dict[int, Solution]]:
    """The published cases and solutions among ``hits`` (kind, id), one query per kind."""
    hits = list(hits)
    case_ids = {int(pk) for kind, pk in hits if kind == EntryKind.CASE}
    solution_ids = {int(pk) for kind, pk in hits if kind == EntryKind.SOLUTION}
    cases = {c.pk: c for c in selectors.public_cases().filter(pk__in=case_ids)} if case_ids else {}
    solutions = (
        {s.pk: s for s in selectors.public_solutions().filter(pk__in=solution_ids)}
        if solution_ids
        else {}
    )
    return cases, solutions


def visible_hits(hits: Sequence[Any]) -> list[ResultItem]:
    """The engine's hits that are published, in the engine's order."""
    cases, solutions = public_entries((h.kind, h.object_id) for h in hits)
    labels = _choice_labels(EntryKind)
    items: list[ResultItem] = []
    for hit in hits:
        found = cases if hit.kind == EntryKind.CASE else solutions
        entry = found.get(int(hit.object_id)) if hit.kind in labels else None
        if entry is None:
            continue
        items.append(
            ResultItem(
                kind=hit.kind,
                kind_label=labels[hit.kind],
                entry=entry,
                url=entry.get_absolute_url(),
                title_html=hit.title_html,
                snippet_html=hit.snippet_html,
                score=float(hit.score),
            )
        )
    return items


class ResultPage:
    """What ``includes/pagination.html`` needs of a Django Page, for the engine's paging."""

    def __init__(self, number: int, pages: int, total: int) -> None:
        self.number = number
        self.paginator = _Pages(num_pages=max(pages, 1), count=total)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class _Pages:
    num_pages: int
    count: int


# --------------------------------------------------------------------------------------------
# The search page


@require_safe
def catalogue_search(request: HttpRequest) -> HttpResponse:
    from spred.search.engine import search

    query = read_query(request.GET)
    # A page past the end (an old link, a narrower filter) comes back as the last page.
    result = search(query.engine_query())
    items = visible_hits(result.hits)
    base_params = query.params().urlencode()
    context = {
        "query": query,
        "result": result,
        "items": items,
        "total": result.total,
        "page": ResultPage(result.page, result.pages, result.total),
        "facets": facet_groups(result.facets, query, user=request.user),
        "sorts": SORTS,
        "suggestions": [
            (
                suggestion,
                CatalogueQuery(suggestion, query.filters, "relevance").params().urlencode(),
            )
            for suggestion in result.suggestions
        ],
        "export_params": base_params,
        "export_limit": exports.EXPORT_LIMIT,
        "too_many_to_export": result.total > exports.EXPORT_LIMIT,
        "clear_params": CatalogueQuery(query.text, {}, query.sort).params().urlencode(),
    }
    template = (
        "catalogue/search.html#body" if getattr(request, "htmx", False) else "catalogue/search.html"
    )
    response = render(request, template, context)
    # The same address answers a whole page or, to htmx, a fragment: caches must keep both.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def catalogue_autocomplete(request: HttpRequest) -> JsonResponse:
    """Completions for the search field as JSON: ``{"completions": [{text, kind, kind_label,
    url}]}``. Completions that name an entry are checked against what is published."""
    from spred.search.engine import autocomplete

    prefix = clean_text(request.GET.get("q", ""), 100)
    if len(prefix) < 2:
        return JsonResponse({"query": prefix, "completions": []})
    completions = autocomplete(prefix, limit=AUTOCOMPLETE_LIMIT)
    named = [(c.kind or "", c.object_id) for c in completions if c.object_id is not None]
    cases, solutions = public_entries(named)
    labels = _choice_labels(EntryKind)
    found: list[dict[str, str]] = []
    for completion in completions:
        url = ""
        if completion.object_id is not None:
            entries = cases if completion.kind == EntryKind.CASE else solutions
            entry = entries.get(int(completion.object_id)) if completion.kind in labels else None
            if entry is None:
                continue
            url = entry.get_absolute_url()
        found.append(
            {
                "text": completion.text,
                "kind": completion.kind or "",
                "kind_label": labels.get(completion.kind or "", ""),
                "url": url,
            }
        )
    response = JsonResponse({"query": prefix, "completions": found})
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------------------------
# Exports


def _export_filename(extension: str) -> str:
    return f"spred-katalog-{timezone.localdate().isoformat()}.{extension}"


def _attachment(response: HttpResponseBase, extension: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(extension)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_hits(query: CatalogueQuery) -> list[tuple[str, int]] | None:
    """Every (kind, id) of the query's result in its order, or None when there are more than
    an export may hold."""
    from spred.search.engine import matching_ids

    ids = [(str(kind), int(pk)) for kind, pk in matching_ids(query.engine_query(page=1))]
    if len(ids) > exports.EXPORT_LIMIT:
        return None
    return ids


def _too_many(request: HttpRequest, query: CatalogueQuery) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Søgningen giver mere end %(limit)s poster, og det er det største antal, en "
            "eksport kan rumme. Afgræns søgningen med filtrene, og prøv igen."
        )
        % {"limit": f"{exports.EXPORT_LIMIT:,}".replace(",", ".")},
    )
    return redirect(reverse("catalogue:search") + "?" + query.params().urlencode())


def _records(hits: list[tuple[str, int]], kind: str) -> Iterator[dict[str, Any]]:
    ids = [pk for hit_kind, pk in hits if hit_kind == kind]
    if kind == EntryKind.CASE:
        cases = exports.prefetch_cases(selectors.public_cases(), selectors.public_solutions())
        for case in exports.in_order(cases, ids):
            yield exports.case_record(case)
    else:
        solutions = exports.prefetch_solutions(selectors.public_solutions())
        for solution in exports.in_order(solutions, ids):
            yield exports.solution_record(solution)


def _rows(hits: list[tuple[str, int]]) -> Iterator[dict[str, str | int]]:
    """Rows in the result's order, read a chunk at a time."""
    cases = exports.prefetch_cases(selectors.public_cases(), selectors.public_solutions())
    solutions = exports.prefetch_solutions(selectors.public_solutions())
    for start in range(0, len(hits), exports.CHUNK_SIZE):
        chunk = hits[start : start + exports.CHUNK_SIZE]
        case_ids = [pk for kind, pk in chunk if kind == EntryKind.CASE]
        solution_ids = [pk for kind, pk in chunk if kind == EntryKind.SOLUTION]
        found: dict[tuple[str, int], dict[str, Any]] = {}
        for case in exports.in_order(cases, case_ids):
            found[(EntryKind.CASE, case.pk)] = exports.case_record(case)
        for solution in exports.in_order(solutions, solution_ids):
            found[(EntryKind.SOLUTION, solution.pk)] = exports.solution_record(solution)
        for kind, pk in chunk:
            record = found.get((kind, pk))
            if record is not None:
                yield exports.flatten(kind, record)


@require_safe
def export_csv(request: HttpRequest) -> HttpResponseBase:
    query = read_query(request.GET)
    hits = export_hits(query)
    if hits is None:
        return _too_many(request, query)
    response = StreamingHttpResponse(
        exports.csv_lines(_rows(hits)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, "csv")


@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    query = read_query(request.GET)
    hits = export_hits(query)
    if hits is None:
        return _too_many(request, query)
    workbook = exports.xlsx_file(_rows(hits), title=_("Katalog"))
    response = FileResponse(
        workbook,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, "xlsx")


@require_safe
def export_json(request: HttpRequest) -> HttpResponseBase:
    query = read_query(request.GET)
    hits = export_hits(query)
    if hits is None:
        return _too_many(request, query)
    chunks = exports.json_chunks(_records(hits, EntryKind.SOLUTION), _records(hits, EntryKind.CASE))
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    return _attachment(response, "json")


# --------------------------------------------------------------------------------------------
# DCAT-AP-DK


@require_safe
def catalogue_dcat(request: HttpRequest) -> HttpResponse:
    document = dcat.catalogue_jsonld()
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{JSONLD}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
