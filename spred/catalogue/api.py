"""/api/v1/cases, /api/v1/solutions, /api/v1/search and /api/v1/schemas/….

Lists and search show published entries only (``public_cases()`` /
``public_solutions()``), with the filters of the catalogue's search page and the search engine's
order: relevance when ``q`` is given, newest first otherwise. A single entry is looked up within
what the caller may see, so the owner of a token also reaches the organisation's drafts; anything
else answers 404. Writes need a token and go through the catalogue's services.

Reading never uses the browser session: without an Authorization header the caller is anonymous.
"""

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Path, Query, Router
from ninja.pagination import paginate

from spred.accounts.token_auth import OPTIONAL_TOKEN, reading_user, token_auth
from spred.catalogue import exports
from spred.catalogue.api_schemas import (
    CaseIn,
    CaseListItem,
    CaseOut,
    CasePatch,
    CatalogueFilters,
    SearchFilters,
    SearchOut,
    SolutionIn,
    SolutionListItem,
    SolutionOut,
    SolutionPatch,
)
from spred.catalogue.case_schema import building as format_schemas
from spred.catalogue.choices import EntryKind
from spred.catalogue.forms.discovery import FACET_KEYS, QUERY_MAX, clean_text
from spred.catalogue.inputs import CaseInput, ContactInput, PartnerInput, SolutionInput
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.catalogue.selectors.discovery import facet_labels, visible_hits
from spred.catalogue.selectors.entries import (
    case_get,
    case_solutions,
    public_cases,
    public_solutions,
    solution_get,
)
from spred.catalogue.services.entries import (
    case_create,
    case_update,
    solution_create,
    solution_update,
)
from spred.core.api.pagination import LimitOffset
from spred.core.api.parameters import SLUG_PATH
from spred.core.policies import ActionNotAllowed, Policy
from spred.organisations.lookup import OrganisationResolver, unknown_organisation
from spred.organisations.models import Organisation

if TYPE_CHECKING:
    from spred.search.engine import Sort

router = Router(tags=["katalog"])

SCHEMA_NAMES = tuple(
    f"{name}{suffix}.json"
    for name in format_schemas.SCHEMA_NAMES
    for suffix in ("", f"-{format_schemas.FORMAT_VERSION}")
)
SchemaName = Literal[SCHEMA_NAMES]  # type: ignore[valid-type]
SCHEMA_CONTENT_TYPE = "application/schema+json"
SCHEMA_PATH = Path(..., description="case.json, solution.json eller catalogue.json")
SEARCH_LIMIT = Query(20, ge=1, le=100, description="Højst så mange træffere")
SEARCH_OFFSET = Query(0, ge=0, le=10_000, description="Spring så mange over")


#: Service field names that differ from the format's.
CASE_FIELD_NAMES = {"solution_text": "solution", "solution_slugs": "solutions"}
SOLUTION_FIELD_NAMES = {"name": "title"}
CASE_SECTIONS = {
    "challenge": "challenge",
    "solution": "solution_text",
    "results": "results",
    "lessons": "lessons",
    "spreading_potential": "spreading_potential",
}


# --------------------------------------------------------------------------------------------
# Output


def _slugs(items: Any) -> list[str]:
    return [item.slug for item in items.all()]


def _entry_meta(entry: Case | Solution) -> dict[str, Any]:
    return {
        "url": entry.get_absolute_url(),
        "status": entry.status,
        "organisation": exports.organisation_ref(entry.organisation),
        "organisation_name": entry.organisation.name,
        "organisation_slug": entry.organisation.slug,
        "published_at": entry.published_at,
        "updated_at": entry.updated_at,
        "is_demo": entry.is_demo,
    }


def case_list_item(case: Case) -> dict[str, Any]:
    return {
        **_entry_meta(case),
        "slug": case.slug,
        "title": case.title,
        "summary": case.summary,
        "policy_areas": _slugs(case.policy_areas),
        "technologies": _slugs(case.technologies),
        "innovation_types": _slugs(case.innovation_types),
        "stage": case.stage,
        "evidence_level": case.evidence_level,
        "year": case.year,
    }


def solution_list_item(solution: Solution) -> dict[str, Any]:
    return {
        **_entry_meta(solution),
        "slug": solution.slug,
        "title": solution.name,
        "summary": solution.summary,
        "policy_areas": _slugs(solution.policy_areas),
        "technologies": _slugs(solution.technologies),
        "maturity": solution.maturity,
    }


def case_out(case: Case, user: Any) -> dict[str, Any]:
    contact = exports.shown_contact(case)
    return {
        **case_list_item(case),
        **{name: getattr(case, attribute) for name, attribute in CASE_SECTIONS.items()},
        "kle_code": case.kle_code,
        "partners": [
            {
                "organisation": exports.organisation_ref(p.organisation),
                "organisation_name": p.organisation.name,
                "role": p.role,
                "description": p.description,
            }
            for p in case.partnerships.all()
        ],
        "solutions": list(case_solutions(user=user, case=case).values_list("slug", flat=True)),
        "contact": (
            {
                "name": contact.name,
                "email": contact.email,
                "job_title": contact.job_title,
                "phone": contact.phone,
                "consent_given_at": contact.consent_given_at,
                "consent_text_version": contact.consent_text_version,
            }
            if contact is not None
            else None
        ),
        "version": case.revision_number,
    }


def solution_out(solution: Solution) -> dict[str, Any]:
    return {
        **solution_list_item(solution),
        "description": solution.description,
        "kle_code": solution.kle_code,
        "suppliers": [exports.organisation_ref(o) for o in solution.suppliers.all()],
        "licence": solution.licence,
        "source_url": solution.source_url,
        "website": solution.website,
        "price_indication": solution.price_indication,
    }


# --------------------------------------------------------------------------------------------
# Input


class _Organisations:
    """Organisation references of one request, each looked up once."""

    def __init__(self) -> None:
        self.resolver = OrganisationResolver()

    def get(self, ref: str, field: str) -> Organisation:
        organisation = self.resolver.resolve(ref.strip())
        if organisation is None:
            raise ValidationError({field: ValidationError(unknown_organisation(ref), "unknown")})
        return organisation


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error with its fields named as in the format."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): items for field, items in error.error_dict.items()}
    )


def _contact(values: dict[str, Any] | None) -> ContactInput | None:
    if values is None:
        return None
    return ContactInput(
        name=values["name"],
        email=values["email"],
        job_title=values.get("job_title", ""),
        phone=values.get("phone", ""),
        consent_given_at=values["consent_given_at"],
        consent_text_version=values["consent_text_version"],
    )


def _partners(
    partners: Sequence[dict[str, Any]], organisations: _Organisations
) -> list[PartnerInput]:
    return [
        PartnerInput(
            organisation=organisations.get(p["organisation"], f"partners.{i}.organisation"),
            role=p["role"],
            description=p.get("description", ""),
        )
        for i, p in enumerate(partners)
    ]


def _case_input(values: dict[str, Any], organisations: _Organisations) -> CaseInput:
    return CaseInput(
        title=values["title"],
        summary=values["summary"],
        **{attribute: values.get(name, "") for name, attribute in CASE_SECTIONS.items()},
        innovation_types=list(values.get("innovation_types", [])),
        policy_areas=list(values.get("policy_areas", [])),
        technologies=list(values.get("technologies", [])),
        partners=_partners(values.get("partners", []), organisations),
        solution_slugs=list(values.get("solutions", [])),
        stage=values["stage"],
        evidence_level=values["evidence_level"],
        year=values.get("year"),
        kle_code=values.get("kle_code", ""),
        contact=_contact(values.get("contact")),
    )


def _case_values(case: Case) -> dict[str, Any]:
    """The case as it is, in the input's shape: what a PATCH starts from."""
    return {
        "title": case.title,
        "summary": case.summary,
        **{name: getattr(case, attribute) for name, attribute in CASE_SECTIONS.items()},
        "innovation_types": _slugs(case.innovation_types),
        "policy_areas": _slugs(case.policy_areas),
        "technologies": _slugs(case.technologies),
        "partners": [
            {"organisation": p.organisation.slug, "role": p.role, "description": p.description}
            for p in case.partnerships.all()
        ],
        "solutions": _slugs(case.solutions),
        "stage": case.stage,
        "evidence_level": case.evidence_level,
        "year": case.year,
        "kle_code": case.kle_code,
        "contact": None,
    }


#: Fields a PATCH may set to null to clear them; null elsewhere leaves the field as it is.
NULLABLE = frozenset({"year"})


def _patch(payload: Any) -> dict[str, Any]:
    return {
        name: value
        for name, value in payload.model_dump(exclude_unset=True).items()
        if value is not None or name in NULLABLE
    }


def _same_organisation(entry: Case | Solution, ref: str | None, organisations: Any) -> None:
    if ref is None:
        return
    if organisations.get(ref, "organisation").pk != entry.organisation_id:
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("Organisationen kan ikke ændres. Opret en ny post for den anden."),
                    "organisation_fixed",
                )
            }
        )


def _solution_input(values: dict[str, Any], organisations: _Organisations) -> SolutionInput:
    return SolutionInput(
        name=values["title"],
        summary=values["summary"],
        description=values.get("description", ""),
        technologies=list(values.get("technologies", [])),
        policy_areas=list(values.get("policy_areas", [])),
        kle_code=values.get("kle_code", ""),
        maturity=values["maturity"],
        suppliers=[
            organisations.get(ref, f"suppliers.{i}")
            for i, ref in enumerate(values.get("suppliers", []))
        ],
        licence=values.get("licence", ""),
        source_url=values.get("source_url", ""),
        website=values.get("website", ""),
        price_indication=values.get("price_indication", ""),
    )


def _solution_values(solution: Solution) -> dict[str, Any]:
    return {
        "title": solution.name,
        "summary": solution.summary,
        "description": solution.description,
        "technologies": _slugs(solution.technologies),
        "policy_areas": _slugs(solution.policy_areas),
        "kle_code": solution.kle_code,
        "maturity": solution.maturity,
        "suppliers": [o.slug for o in solution.suppliers.all()],
        "licence": solution.licence,
        "source_url": solution.source_url,
        "website": solution.website,
        "price_indication": solution.price_indication,
    }


# --------------------------------------------------------------------------------------------
# The two kinds of entry
#
# ninja needs one decorated function per operation (each with its own schemas for the OpenAPI
# document), so the endpoints below stay separate; what they do is written once, here and in
# the shared bodies, and told apart by one of these.


@dataclass(frozen=True)
class _Kind:
    """What the shared endpoint bodies need to know about cases or solutions."""

    #: The search engine's kind, and also the keyword the services take the entry by
    #: (``case_update(case=...)``).
    name: str
    policy: type[Policy[Any]]
    public: Callable[[], QuerySet[Any]]
    #: What ``list_item`` reads, fetched for a whole page at once.
    prefetch: tuple[str, ...]
    list_item: Callable[[Any], dict[str, Any]]
    get: Callable[..., Any]
    out: Callable[[Any, Any], dict[str, Any]]
    #: The entry in the input's shape: what a PATCH starts from.
    as_values: Callable[[Any], dict[str, Any]]
    as_input: Callable[[dict[str, Any], _Organisations], Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    #: Service field names that differ from the format's.
    field_names: dict[str, str]
    #: Marked for translation only: translated when raised, in the language of the request.
    cannot_edit: str
    detail_url_name: str


CASES = _Kind(
    name=EntryKind.CASE,
    policy=CasePolicy,
    public=public_cases,
    prefetch=("policy_areas", "technologies", "innovation_types"),
    list_item=case_list_item,
    get=case_get,
    out=case_out,
    as_values=_case_values,
    as_input=_case_input,
    create=case_create,
    update=case_update,
    field_names=CASE_FIELD_NAMES,
    cannot_edit=gettext_noop("Du kan ikke redigere denne case."),
    detail_url_name="api:get_case",
)
SOLUTIONS = _Kind(
    name=EntryKind.SOLUTION,
    policy=SolutionPolicy,
    public=public_solutions,
    prefetch=("policy_areas", "technologies"),
    list_item=solution_list_item,
    get=solution_get,
    out=lambda solution, _user: solution_out(solution),
    as_values=_solution_values,
    as_input=_solution_input,
    create=solution_create,
    update=solution_update,
    field_names=SOLUTION_FIELD_NAMES,
    cannot_edit=gettext_noop("Du kan ikke redigere denne løsning."),
    detail_url_name="api:get_solution",
)


# --------------------------------------------------------------------------------------------
# The endpoints' bodies, shared by both kinds


def _engine_filters(filters: CatalogueFilters, kind: str | None) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for key in FACET_KEYS:
        values = getattr(filters, key, None)
        if values:
            wanted[key] = [str(v) for v in values]
    if kind is not None:
        wanted["kind"] = [kind]
    return wanted


def _sort(filters: CatalogueFilters) -> "Sort":
    return filters.sort or ("relevance" if (filters.q or "").strip() else "newest")


def _engine_query(filters: CatalogueFilters, kind: str | None) -> Any:
    from spred.search.engine import SearchQuery

    return SearchQuery(
        text=clean_text(filters.q or "", QUERY_MAX),
        filters=_engine_filters(filters, kind),
        sort=_sort(filters),
    )


class _EngineList(Sequence[dict[str, Any]]):
    """The matches of a query as a sequence the paginator slices: the ids come from the
    engine, the entries of a page from the public queryset (ids not there are skipped)."""

    def __init__(self, kind: _Kind, filters: CatalogueFilters) -> None:
        from spred.search.engine import matching_ids

        self.kind = kind
        self.ids = [
            int(pk) for k, pk in matching_ids(_engine_query(filters, kind.name)) if k == kind.name
        ]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return next(iter(self._entries(self.ids[index : index + 1])))
        return list(self._entries(self.ids[index]))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._entries(self.ids)

    def _entries(self, ids: list[int]) -> Iterator[dict[str, Any]]:
        entries = self.kind.public().prefetch_related(*self.kind.prefetch)
        for entry in exports.in_order(entries, ids):
            yield self.kind.list_item(entry)


def _get(kind: _Kind, request: HttpRequest, slug: str) -> dict[str, Any]:
    user = reading_user(request)
    return kind.out(kind.get(user=user, slug=slug), user)


def _create(kind: _Kind, request: HttpRequest, payload: Any, response: HttpResponse) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    organisations = _Organisations()
    organisation = organisations.get(payload.organisation, "organisation")
    try:
        entry = kind.create(
            acting_user=user,
            organisation=organisation,
            data=kind.as_input(payload.model_dump(), organisations),
            slug=payload.slug or None,
        )
    except ValidationError as exc:
        raise _renamed(exc, kind.field_names) from exc
    response["Location"] = reverse(kind.detail_url_name, kwargs={"slug": entry.slug})
    # The only declared response is 201, so ninja answers with it.
    return kind.out(kind.get(user=user, slug=entry.slug), user)


def _write(kind: _Kind, request: HttpRequest, slug: str, payload: Any, *, partial: bool) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    entry = kind.get(user=user, slug=slug)
    if not kind.policy.can(user, "edit", entry):
        raise ActionNotAllowed(_(kind.cannot_edit))
    organisations = _Organisations()
    # PUT replaces the record (what is left out goes back to its default); PATCH changes only
    # what is sent.
    values = {**kind.as_values(entry), **_patch(payload)} if partial else payload.model_dump()
    _same_organisation(entry, values.pop("organisation", None), organisations)
    try:
        kind.update(
            acting_user=user, data=kind.as_input(values, organisations), **{str(kind.name): entry}
        )
    except ValidationError as exc:
        raise _renamed(exc, kind.field_names) from exc
    return kind.out(kind.get(user=user, slug=entry.slug), user)


# --------------------------------------------------------------------------------------------
# Lists through the search engine


@router.get(
    "/cases",
    response=list[CaseListItem],
    auth=None,
    summary=gettext_noop("Publicerede cases med filtre"),
    description=(
        "Publicerede cases. Filtrene er søgesidens: gentag en parameter for flere værdier "
        "(de udvider resultatet); forskellige filtre indsnævrer det. Med q er rækkefølgen "
        "relevans, ellers nyeste først."
    ),
)
@paginate(LimitOffset)
def list_cases(request: HttpRequest, filters: Query[CatalogueFilters]) -> Any:
    return _EngineList(CASES, filters)


@router.get(
    "/solutions",
    response=list[SolutionListItem],
    auth=None,
    summary=gettext_noop("Publicerede løsninger med filtre"),
    description="Publicerede løsninger med de samme filtre og den samme rækkefølge som cases.",
)
@paginate(LimitOffset)
def list_solutions(request: HttpRequest, filters: Query[CatalogueFilters]) -> Any:
    return _EngineList(SOLUTIONS, filters)


# --------------------------------------------------------------------------------------------
# Single entries


@router.get(
    "/cases/{slug}",
    response=CaseOut,
    auth=None,
    summary=gettext_noop("Én case"),
    description=(
        "En publiceret case. Med en API-nøgle også organisationens egne kladder og indsendte "
        "cases. Alt andet svarer 404."
    ),
    openapi_extra=OPTIONAL_TOKEN,
)
def get_case(request: HttpRequest, slug: str = SLUG_PATH) -> dict[str, Any]:
    return _get(CASES, request, slug)


@router.get(
    "/solutions/{slug}",
    response=SolutionOut,
    auth=None,
    summary=gettext_noop("Én løsning"),
    description=(
        "En publiceret løsning. Med en API-nøgle også organisationens egne kladder. Alt andet "
        "svarer 404."
    ),
    openapi_extra=OPTIONAL_TOKEN,
)
def get_solution(request: HttpRequest, slug: str = SLUG_PATH) -> dict[str, Any]:
    return _get(SOLUTIONS, request, slug)


# --------------------------------------------------------------------------------------------
# Writing


@router.post(
    "/cases",
    response={201: CaseOut},
    auth=token_auth,
    summary=gettext_noop("Opret en case som kladde (kræver API-nøgle)"),
    description=(
        "Opretter en kladde for organisationen, som nøglens ejer er medlem af. Posten har "
        "samme felter som Spreds åbne katalogformat. Kladden publiceres først, når "
        "redaktionen har godkendt den."
    ),
    openapi_extra={"responses": {201: {"headers": {"Location": {"schema": {"type": "string"}}}}}},
)
def create_case(request: HttpRequest, payload: CaseIn, response: HttpResponse) -> Any:
    return _create(CASES, request, payload, response)


@router.put(
    "/cases/{slug}",
    response=CaseOut,
    auth=token_auth,
    summary=gettext_noop("Erstat en case (kræver API-nøgle)"),
    description=(
        "Erstatter casens indhold; felter, der udelades, får standardværdien. Organisationen "
        "kan ikke ændres. En ændring af en publiceret case publiceres straks som en ny version."
    ),
)
def replace_case(request: HttpRequest, payload: CaseIn, slug: str = SLUG_PATH) -> Any:
    return _write(CASES, request, slug, payload, partial=False)


@router.patch(
    "/cases/{slug}",
    response=CaseOut,
    auth=token_auth,
    summary=gettext_noop("Ret felter i en case (kræver API-nøgle)"),
    description="Ændrer kun de felter, der sendes med.",
)
def update_case(request: HttpRequest, payload: CasePatch, slug: str = SLUG_PATH) -> Any:
    return _write(CASES, request, slug, payload, partial=True)


@router.post(
    "/solutions",
    response={201: SolutionOut},
    auth=token_auth,
    summary=gettext_noop("Opret en løsning som kladde (kræver API-nøgle)"),
    description="Opretter en kladde; felterne er Spreds åbne katalogformats.",
    openapi_extra={"responses": {201: {"headers": {"Location": {"schema": {"type": "string"}}}}}},
)
def create_solution(request: HttpRequest, payload: SolutionIn, response: HttpResponse) -> Any:
    return _create(SOLUTIONS, request, payload, response)


@router.put(
    "/solutions/{slug}",
    response=SolutionOut,
    auth=token_auth,
    summary=gettext_noop("Erstat en løsning (kræver API-nøgle)"),
    description="Erstatter løsningens indhold; organisationen kan ikke ændres.",
)
def replace_solution(request: HttpRequest, payload: SolutionIn, slug: str = SLUG_PATH) -> Any:
    return _write(SOLUTIONS, request, slug, payload, partial=False)


@router.patch(
    "/solutions/{slug}",
    response=SolutionOut,
    auth=token_auth,
    summary=gettext_noop("Ret felter i en løsning (kræver API-nøgle)"),
    description="Ændrer kun de felter, der sendes med.",
)
def update_solution(request: HttpRequest, payload: SolutionPatch, slug: str = SLUG_PATH) -> Any:
    return _write(SOLUTIONS, request, slug, payload, partial=True)


# --------------------------------------------------------------------------------------------
# Search across both kinds


@router.get(
    "/search",
    response=SearchOut,
    auth=None,
    summary=gettext_noop("Søg i cases og løsninger"),
    description=(
        "Søgning på tværs af cases og løsninger med søgesidens filtre, rækkefølge og "
        "antal pr. filterværdi (facets). Kun publiceret indhold."
    ),
)
def search_catalogue(
    request: HttpRequest,
    filters: Query[SearchFilters],
    limit: int = SEARCH_LIMIT,
    offset: int = SEARCH_OFFSET,
) -> dict[str, Any]:
    from spred.search.engine import SearchQuery, search

    first_page = offset // limit + 1
    skip = offset % limit
    wanted = _engine_filters(filters, None)
    if filters.kind:
        wanted["kind"] = [str(k) for k in filters.kind]
    text = clean_text(filters.q or "", QUERY_MAX)

    def page(number: int) -> Any:
        return search(
            SearchQuery(text=text, filters=wanted, sort=_sort(filters), page=number, per_page=limit)
        )

    result = page(first_page)
    # The engine answers a page past the end with the last page; here that is no hits.
    hits = list(result.hits) if result.page == first_page else []
    if skip and hits and result.pages > first_page:
        hits += list(page(first_page + 1).hits)
    hits = hits[skip : skip + limit]
    items = []
    for item in visible_hits(hits):
        entry = item.entry
        items.append(
            {
                "kind": item.kind,
                "slug": entry.slug,
                "title": entry.title,
                "summary": entry.summary,
                "url": item.url,
                "score": round(item.score, 6),
            }
        )
    facets = {}
    for key in FACET_KEYS:
        values = result.facets.get(key, [])
        labels = facet_labels(key, [str(v.value) for v in values], user=AnonymousUser())
        facets[key] = [
            {
                "value": str(v.value),
                "label": labels.get(str(v.value), str(v.value)),
                "count": int(v.count),
                "selected": bool(v.selected),
            }
            for v in values
        ]
    return {
        "items": items,
        "count": result.total,
        "facets": facets,
        "suggestions": list(result.suggestions),
    }


# --------------------------------------------------------------------------------------------
# The JSON Schemas of the format


@router.get(
    "/schemas/{name}",
    auth=None,
    summary=gettext_noop("JSON Schema for katalogformatet"),
    description=(
        "JSON Schema (draft 2020-12) for en case, en løsning eller en hel katalogfil i Spreds "
        "åbne format. Navnet uden version giver den gældende version."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Skemaet",
                "content": {SCHEMA_CONTENT_TYPE: {"schema": {"type": "object"}}},
            }
        }
    },
)
def json_schema(
    request: HttpRequest,
    name: SchemaName = SCHEMA_PATH,
) -> HttpResponse:
    base = str(name).removesuffix(".json").removesuffix(f"-{format_schemas.FORMAT_VERSION}")
    schema = format_schemas.build_schema(base)
    response = HttpResponse(
        json.dumps(schema, ensure_ascii=False, indent=2),
        content_type=f"{SCHEMA_CONTENT_TYPE}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
