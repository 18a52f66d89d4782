"""No page is open to anonymous visitors unless this file says so.

The test walks every URL pattern the project serves — ours, allauth's, the admin's and the API's
— fills in parameters from sample objects, and GETs each one without signing in. A 2xx answer
from a pattern that is not on ``PUBLIC`` fails the test. A pattern with a parameter the test
cannot fill fails too: a new URL means deciding here whether it is public.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from spred.accounts.services import api_token_create
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipRequestFactory

#: Patterns anonymous visitors may open, by URL name (``namespace:name``), with the reason.
PUBLIC: dict[str, str] = {
    "site:home": "front page",
    "site:about": "Om Spred",
    "site:accessibility": "Tilgængelighedserklæring (required by law to be public)",
    "site:module": "what is coming in a module not built yet",
    "organisations:list": "the register of organisations is public",
    "organisations:detail": "the register of organisations is public",
    "site:healthz": "load balancer health check, says nothing but ok/error",
    "open_data": "how to use the open-data API",
    # The catalogue: published cases and solutions only (selectors.public_cases/solutions).
    "catalogue:search": "the catalogue's search page (published entries only)",
    "catalogue:autocomplete": "search suggestions from published entries",
    "catalogue:export_csv": "open data (CC0): published entries as CSV",
    "catalogue:export_xlsx": "open data (CC0): published entries as XLSX",
    "catalogue:export_json": "open data (CC0): published entries in the open format",
    "catalogue:case_feed": "Atom feed of newly published cases",
    "catalogue:dcat": "open data: DCAT-AP-DK description of the catalogue",
    "site:sitemap": "sitemap.xml for search engines: public pages only",
    "catalogue:case_detail": "a published (or archived) case; drafts answer 404",
    "catalogue:case_revision": "a published version of a public case",
    "catalogue:attachment_download": "an attachment of a public case",
    "catalogue:solution_detail": "a published (or archived) solution; drafts answer 404",
    "catalogue:contact_withdraw_link": "the contact person withdraws consent by e-mailed link",
    "catalogue:solution_publiccode": "a public solution as publiccode.yml (open metadata)",
    # The Innovation Barometer's publication: published waves' disclosure-controlled cells only.
    "barometer:index": "the barometer's key figures (published waves only)",
    # --- Spreading (diffusion) ---
    "diffusion:index": "diffusion statistics over all verified adoptions",
    # Ledger (B1): the open ledger — verified adoptions of public solutions only.
    "diffusion:ledger": "open data: verified adoptions of public solutions (public_adoptions)",
    "diffusion:adoption": "a verified adoption of a public solution; others answer 404",
    # Statistics pages (C): counts of verified adoptions of public solutions only.
    "diffusion:technology": "diffusion statistics for a technology category",
    "diffusion:solution": "diffusion statistics for a public solution; drafts answer 404",
    # Radar (G): published catalogue entries and verified adoptions only.
    "diffusion:radar": "the technology radar, computed from public data only",
    # Spreading guide (F): what the guide is, its phases and worksheets; no project data.
    "diffusion:guide": "the spreading guide's public introduction (projects only when signed in)",
    # Map (D): pictures of the open ledger only; drafts and unknown regions answer 404.
    "diffusion:map_solution_svg": "a public solution's municipality map as a picture",
    "diffusion:map_solution_png": "a public solution's municipality map as a picture",
    "diffusion:map_technology_svg": "a technology category's municipality map as a picture",
    "diffusion:map_technology_png": "a technology category's municipality map as a picture",
    # Recommendations and contact (E): an organisation's spreading page, computed from the open
    # ledger only (its own pending records only for its members). The contact form is login-only.
    "diffusion:organisation": "a public organisation's verified adoptions and recommendations",
    "barometer:indicator": "official statistics: one indicator (published waves only)",
    "barometer:indicator_figure_svg": "a published chart as a picture",
    "barometer:indicator_figure_png": "a published chart as a picture",
    "barometer:like_mine": "published figures for workplaces like one's own",
    "barometer:wave": "about a published wave",
    "barometer:method": "how the statistics are made",
    "barometer:data": "open data: the barometer's downloads",
    "barometer:estimates_csv": "open data (CC0): every published cell",
    "barometer:estimates_json": "open data (CC0): every published cell",
    "barometer:indicator_csv": "open data (CC0): one indicator's published cells",
    "barometer:indicator_json": "open data (CC0): one indicator's published cells",
    "barometer:dcat": "open data: DCAT-AP-DK description of the dataset",
    # allauth: signing in, signing up and getting back in must work before one is signed in.
    "account_login": "login form",
    "account_signup": "sign-up form",
    "account_reset_password": "forgotten password form",
    "account_reset_password_done": "'we sent you an e-mail'",
    "account_reset_password_from_key": "reset link (an invalid key shows 'link expired')",
    "account_reset_password_from_key_done": "'your password is changed'",
    "account_email_verification_sent": "'check your e-mail' after signing up",
    "account_confirm_email": "verification link (an invalid key shows 'link expired')",
    "account_inactive": "'your account is inactive'",
    # Django admin: only its login page.
    "admin:login": "admin login form",
    # API: reading open data needs no token (writes do).
    "api:openapi-json": "OpenAPI schema",
    "api:openapi-view": "API documentation",
    "api:list_regions": "open data",
    "api:list_organisations": "open data",
    "api:create_organisation": "same path as list_organisations; GET lists, POST needs a token",
    "api:get_organisation": "open data",
    "api:list_cases": "open data: published cases",
    "api:create_case": "same path as list_cases; GET lists, POST needs a token",
    "api:get_case": "open data: a published case (a token also reaches its own drafts)",
    "api:replace_case": "same path as get_case; PUT needs a token",
    "api:update_case": "same path as get_case; PATCH needs a token",
    "api:list_solutions": "open data: published solutions",
    "api:create_solution": "same path as list_solutions; GET lists, POST needs a token",
    "api:get_solution": "open data: a published solution",
    "api:replace_solution": "same path as get_solution; PUT needs a token",
    "api:update_solution": "same path as get_solution; PATCH needs a token",
    "api:search_catalogue": "open data: search across published cases and solutions",
    "api:json_schema": "the JSON Schema of the open catalogue format",
    "api:barometer_waves": "open data: published barometer waves",
    "api:barometer_indicators": "open data: barometer indicators with published figures",
    "api:barometer_estimates": "open data: published barometer cells",
    "api:barometer_indicator_estimates": "open data: published barometer cells",
    # Import and API (B2): the open ledger and its statistics; writes need a token. The import
    # page (diffusion:import, its example files) is login-only and not listed here.
    "api:list_adoptions": "open data: verified adoptions of public solutions",
    "api:create_adoption": "same path as list_adoptions; GET lists, POST needs a token",
    "api:get_adoption": "open data: a verified adoption of a public solution; others 404",
    "api:solution_diffusion": "open data: a public solution's diffusion statistics",
    "api:overall_diffusion": "open data: diffusion statistics over all verified adoptions",
}


def _first_technology_slug() -> str:
    # Statistics pages (C): the technology vocabulary comes from a data migration.
    from spred.catalogue.models import TechnologyCategory

    return TechnologyCategory.objects.order_by("position").values_list("slug", flat=True)[0]


@dataclass(frozen=True)
class Samples:
    organisation: Organisation
    user_pk: int
    token_pk: int
    membership_pk: int
    case_slug: str = "findes-ikke"  # a published case of ``organisation``, with an attachment
    solution_slug: str = "findes-ikke"  # a published solution of ``organisation``
    attachment_pk: int = 0
    adoption_pk: int = 0  # a verified adoption of ``solution_slug`` by a municipality (ledger)


Filler = Callable[[Samples], str]

#: How to fill each parameter, by (URL name, parameter). Deliberately not by parameter name
#: alone: ``slug`` means an organisation in one URL and a module in another.
PARAMETERS: dict[tuple[str, str], Filler] = {
    ("site:module", "slug"): lambda s: "spredning",
    ("organisations:detail", "slug"): lambda s: s.organisation.slug,
    ("organisations:edit", "slug"): lambda s: s.organisation.slug,
    ("organisations:request_membership", "slug"): lambda s: s.organisation.slug,
    ("organisations:members", "slug"): lambda s: s.organisation.slug,
    ("organisations:change_role", "slug"): lambda s: s.organisation.slug,
    ("organisations:change_role", "pk"): lambda s: str(s.membership_pk),
    ("organisations:remove_member", "slug"): lambda s: s.organisation.slug,
    ("organisations:remove_member", "pk"): lambda s: str(s.membership_pk),
    ("accounts:token_revoke", "pk"): lambda s: str(s.token_pk),
    ("organisations:membership_decide", "pk"): lambda s: str(s.membership_pk),
    ("organisations:membership_withdraw", "pk"): lambda s: str(s.membership_pk),
    ("account_confirm_email", "key"): lambda s: "ugyldig-noegle",
    ("account_reset_password_from_key", "uidb36"): lambda s: "1",
    ("account_reset_password_from_key", "key"): lambda s: "set-password",
    ("api:get_organisation", "slug"): lambda s: s.organisation.slug,
    **{
        (f"catalogue:{name}", "slug"): (lambda s: s.case_slug)
        for name in (
            "case_detail",
            "case_edit",
            "case_submit",
            "case_recall",
            "case_review",
            "case_archive",
            "case_unarchive",
            "case_delete",
            "case_revision",
            "contact_edit",
            "contact_withdraw",
            "attachment_add",
            "attachment_download",
            "attachment_remove",
        )
    },
    ("catalogue:case_revision", "number"): lambda s: "1",
    ("catalogue:contact_withdraw_link", "token"): lambda s: "ugyldigt-link",
    ("catalogue:attachment_download", "pk"): lambda s: str(s.attachment_pk),
    ("catalogue:attachment_remove", "pk"): lambda s: str(s.attachment_pk),
    **{
        (f"catalogue:{name}", "slug"): (lambda s: s.solution_slug)
        for name in (
            "solution_detail",
            "solution_edit",
            "solution_submit",
            "solution_recall",
            "solution_review",
            "solution_archive",
            "solution_unarchive",
            "solution_delete",
            "solution_publiccode",
        )
    },
    ("api:get_case", "slug"): lambda s: "findes-ikke",
    ("api:replace_case", "slug"): lambda s: "findes-ikke",
    ("api:update_case", "slug"): lambda s: "findes-ikke",
    ("api:get_solution", "slug"): lambda s: "findes-ikke",
    ("api:replace_solution", "slug"): lambda s: "findes-ikke",
    ("api:update_solution", "slug"): lambda s: "findes-ikke",
    ("api:json_schema", "name"): lambda s: "case.json",
    ("barometer:indicator", "slug"): lambda s: "innovation",
    ("barometer:indicator_figure_svg", "slug"): lambda s: "innovation",
    ("barometer:indicator_figure_svg", "figure"): lambda s: "omraade",
    ("barometer:indicator_figure_png", "slug"): lambda s: "innovation",
    ("barometer:indicator_figure_png", "figure"): lambda s: "omraade",
    ("barometer:wave", "slug"): lambda s: "2023",
    ("barometer:indicator_csv", "slug"): lambda s: "innovation",
    ("barometer:indicator_json", "slug"): lambda s: "innovation",
    # The analysts' workspace: login required, 404 for everyone but analysts.
    ("barometer:analyst_wave", "slug"): lambda s: "2023",
    ("barometer:analyst_wave_edit", "slug"): lambda s: "2023",
    ("barometer:analyst_codebook", "slug"): lambda s: "2023",
    ("barometer:analyst_codebook_upload", "slug"): lambda s: "2023",
    ("barometer:analyst_microdata_upload", "slug"): lambda s: "2023",
    ("barometer:analyst_microdata_delete", "slug"): lambda s: "2023",
    ("barometer:analyst_strata", "slug"): lambda s: "2023",
    ("barometer:analyst_preview", "slug"): lambda s: "2023",
    ("barometer:analyst_publish", "slug"): lambda s: "2023",
    ("barometer:analyst_unpublish", "slug"): lambda s: "2023",
    ("api:barometer_indicator_estimates", "slug"): lambda s: "innovation",
    # Ledger (B1): an adoption's pages; the actions are login-only, 404 out of scope.
    **{
        (f"diffusion:{name}", "pk"): (lambda s: str(s.adoption_pk))
        for name in (
            "adoption",
            "adoption_status",
            "adoption_confirm",
            "adoption_reject",
            "adoption_withdraw",
            "adoption_edit",
            "learned_from_add",
            "learned_from_remove",
        )
    },
    ("diffusion:learned_from_remove", "link"): lambda s: "1",
    # Statistics pages (C).
    ("diffusion:solution", "slug"): lambda s: s.solution_slug,
    ("diffusion:technology", "slug"): lambda s: _first_technology_slug(),
    # Map (D).
    ("diffusion:map_solution_svg", "slug"): lambda s: s.solution_slug,
    ("diffusion:map_solution_png", "slug"): lambda s: s.solution_slug,
    ("diffusion:map_technology_svg", "slug"): lambda s: _first_technology_slug(),
    ("diffusion:map_technology_png", "slug"): lambda s: _first_technology_slug(),
    # Spreading guide (F): projects are login-only and 404 outside their organisation.
    ("diffusion:guide_project", "pk"): lambda s: "1",
    ("diffusion:guide_close", "pk"): lambda s: "1",
    ("diffusion:guide_reopen", "pk"): lambda s: "1",
    ("diffusion:guide_worksheet", "pk"): lambda s: "1",
    ("diffusion:guide_worksheet", "worksheet"): lambda s: "tjek-ibrugtagning",
    # Recommendations and contact (E): contact is login-only and 404 unless allowed.
    ("diffusion:organisation", "slug"): lambda s: s.organisation.slug,
    ("diffusion:contact", "pk"): lambda s: str(s.adoption_pk),
    # Import and API (B2).
    ("api:get_adoption", "id"): lambda s: str(s.adoption_pk),
    ("api:confirm_adoption", "id"): lambda s: str(s.adoption_pk),
    ("api:solution_diffusion", "slug"): lambda s: s.solution_slug,
}

#: Django's own admin URLs are generated per registered model and all sit behind the admin's
#: staff check, so their parameters are filled by name.
ADMIN_PARAMETERS: dict[str, Filler] = {
    "object_id": lambda s: str(s.organisation.pk),
    "id": lambda s: str(s.user_pk),
    "content_type_id": lambda s: str(ContentType.objects.get_for_model(Organisation).pk),
    "url": lambda s: "findes-ikke/",
    "app_label": lambda s: "auth",
}


@dataclass(frozen=True)
class Pattern:
    route: str  # full route, as Django's ResolverMatch.route spells it
    name: str  # namespace:name, or the route for unnamed patterns
    namespace: str
    parameters: tuple[str, ...]


def _join(prefix: str, route: str) -> str:
    # Django drops the leading ^ of an included pattern when it joins routes.
    return prefix + (route[1:] if route.startswith("^") else route)


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[Pattern]:
    for entry in patterns:
        route = _join(prefix, str(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _walk(entry.url_patterns, route, inner)
            continue
        if isinstance(entry.pattern, RoutePattern):
            params = tuple(entry.pattern.converters)
        else:
            params = tuple(entry.pattern.regex.groupindex)
        name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or route
        yield Pattern(route, name, namespace, params)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def concrete_path(pattern: Pattern, samples: Samples) -> str:
    values: dict[str, str] = {}
    for param in pattern.parameters:
        filler = PARAMETERS.get((pattern.name, param))
        if filler is None and pattern.namespace == "admin":
            filler = ADMIN_PARAMETERS.get(param)
        if filler is None:
            pytest.fail(
                f"URL {pattern.route!r} ({pattern.name}) has a parameter {param!r} this test "
                f"cannot fill. Add it to PARAMETERS in {__name__} and decide whether the page "
                "belongs on the PUBLIC allow-list."
            )
        values[param] = filler(samples)
    # Regex groups first: "(?P<key>…)" would otherwise look like a route's "<key>".
    path = _REGEX_GROUP.sub(lambda m: values[m.group(1)], pattern.route)
    path = _ROUTE_PARAM.sub(lambda m: values[m.group(1)], path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


@pytest.fixture
def samples(organisation: Organisation, org_admin: Any) -> Samples:
    token, _raw = api_token_create(acting_user=org_admin, name="Prøvenøgle")
    request = MembershipRequestFactory.create(organisation=organisation)
    from spred.catalogue.tests.factories import published_samples

    case, solution, attachment = published_samples(organisation, org_admin)
    # Ledger (B1): a verified adoption, so the public adoption page answers 200.
    from spred.diffusion.tests.world import make_adoption
    from spred.organisations.tests.factories import MunicipalityFactory

    adoption = make_adoption(
        MunicipalityFactory.create(), solution, [("i-drift", date(2024, 1, 1))]
    )
    return Samples(
        organisation=organisation,
        user_pk=org_admin.pk,
        token_pk=token.pk,
        membership_pk=request.pk,
        case_slug=case.slug,
        solution_slug=solution.slug,
        attachment_pk=attachment.pk,
        adoption_pk=adoption.pk,
    )


@pytest.mark.django_db
def test_no_url_is_public_without_being_on_the_allow_list(samples: Samples) -> None:
    client = Client()
    patterns = all_patterns()
    open_without_permission: list[str] = []
    checked_paths: set[str] = set()
    for pattern in patterns:
        path = concrete_path(pattern, samples)
        match = resolve(path)
        # The filled-in path must reach the pattern under test, not a broader one before it.
        assert match.route == pattern.route, f"{path} resolved to {match.route}"
        if path in checked_paths:
            continue
        checked_paths.add(path)
        response = client.get(path)
        # Several patterns may share a path (one per HTTP method); the path is public if any
        # of them is on the allow-list.
        names = {p.name for p in patterns if p.route == pattern.route}
        if 200 <= response.status_code < 300 and not names & PUBLIC.keys():
            open_without_permission.append(f"{path} ({', '.join(sorted(names))})")
    assert not open_without_permission, (
        "Answered 2xx to an anonymous GET without being on the PUBLIC allow-list:\n  "
        + "\n  ".join(open_without_permission)
    )
    # Guard against a walk that silently finds nothing.
    assert len(checked_paths) > 40


def test_allow_list_names_only_existing_patterns() -> None:
    existing = {p.name for p in all_patterns()}
    stale = sorted(PUBLIC.keys() - existing)
    assert not stale, f"PUBLIC names URL patterns that no longer exist: {stale}"


def test_parameter_fillers_name_only_existing_patterns() -> None:
    existing = {(p.name, param) for p in all_patterns() for param in p.parameters}
    stale = sorted(PARAMETERS.keys() - existing)
    assert not stale, f"PARAMETERS fills parameters that no longer exist: {stale}"


@pytest.mark.django_db
def test_an_unknown_parameter_fails_loudly(samples: Samples) -> None:
    unknown = Pattern("katalog/<slug:case>/", "catalogue:detail", "catalogue", ("case",))
    with pytest.raises(pytest.fail.Exception, match="cannot fill"):
        concrete_path(unknown, samples)


@pytest.mark.django_db
def test_a_page_missing_from_the_allow_list_is_reported(
    samples: Samples, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check above must be able to fail: drop a truly public page from the list.
    monkeypatch.delitem(PUBLIC, "site:about")
    with pytest.raises(AssertionError, match="om-spred"):
        test_no_url_is_public_without_being_on_the_allow_list(samples)
