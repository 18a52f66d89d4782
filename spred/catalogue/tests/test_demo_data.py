"""The demo content (spred/catalogue/demo_data/*.json) checked against the catalogue specification.

These tests read the JSON files only; they do not need the catalogue's models or a database, so the
content can be validated independently of the loader. The allowed slugs are copied from the
specification on purpose: a change to a vocabulary must be a deliberate change here too.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from spred.organisations.choices import PUBLIC_KINDS, SELF_REGISTERED_KINDS
from spred.organisations.demo import DEMO_ORGANISATIONS
from spred.organisations.identifiers import REFERENCE_DIR, danish_slugify

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo_data"
TODAY = dt.date(2026, 11, 28)
FIRST_DEMO_YEAR = 2016
FIRST_PUBLISHED = dt.date(2019, 1, 1)

POLICY_AREAS = frozenset(
    {
        "aeldre-og-pleje",
        "sundhed",
        "hospital",
        "psykiatri",
        "social-og-handicap",
        "boern-og-unge",
        "dagtilbud",
        "skole",
        "uddannelse",
        "beskaeftigelse",
        "borgerservice",
        "administration",
        "teknik-og-miljoe",
        "klima-og-energi",
        "trafik-og-infrastruktur",
        "kultur-og-fritid",
        "beredskab",
    }
)
TECHNOLOGIES = frozenset(
    {
        "velfaerdsteknologi",
        "telemedicin",
        "softwarerobotter",
        "kunstig-intelligens",
        "sensorer-iot",
        "digital-selvbetjening",
        "data-og-analyse",
        "robotter",
        "vr-ar",
        "droner",
        "groen-teknologi",
    }
)
INNOVATION_TYPES = frozenset({"service", "produkt", "proces", "organisering", "kommunikation"})
MATURITIES = frozenset({"ide", "udvikling", "afproevning", "velafproevet", "udfaset"})
STAGES = frozenset({"ide", "afproevning", "implementeret", "udbredt"})
EVIDENCE_LEVELS = frozenset({"ingen", "foer-efter", "kontrolgruppe", "randomiseret"})
PARTNER_ROLES = frozenset(
    {
        "offentlig-partner",
        "privat-leverandoer",
        "vidensinstitution",
        "fond",
        "civilsamfund",
        "andet",
    }
)
DEMO_STATUSES = frozenset({"publiceret", "kladde", "indsendt", "returneret"})
REGION_CODES = frozenset({"1081", "1082", "1083", "1084", "1085"})
LICENCES = frozenset({"EUPL-1.2", "MIT", "MPL-2.0", "AGPL-3.0-only", "CC-BY-4.0"})

CASE_FIELDS = frozenset(
    {
        "slug",
        "title",
        "summary",
        "organisation",
        "challenge",
        "solution",
        "results",
        "lessons",
        "spreading_potential",
        "innovation_types",
        "policy_areas",
        "technologies",
        "partners",
        "solutions",
        "stage",
        "evidence_level",
        "year",
        "kle_code",
        "contact",
        "published_at",
        "demo_status",
        "review_comment",
    }
)
SOLUTION_FIELDS = frozenset(
    {
        "slug",
        "title",
        "summary",
        "organisation",
        "description",
        "technologies",
        "policy_areas",
        "kle_code",
        "maturity",
        "suppliers",
        "licence",
        "source_url",
        "website",
        "price_indication",
        "published_at",
    }
)
CASE_SECTIONS = ("challenge", "solution", "results", "lessons", "spreading_potential")
CONTACT_FIELDS = frozenset(
    {"name", "email", "job_title", "phone", "consent_given_at", "consent_text_version"}
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KLE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2})?)?$")
DEMO_EMAIL = re.compile(r"^[a-z0-9]+(?:\.[a-z0-9]+)*@demo\.spred\.dk$")
EXAMPLE_WEBSITE = re.compile(r"^https://([a-z0-9-]+\.)+example\.dk(/[a-z0-9/._-]*)?$")
SOURCE_URL = re.compile(r"^https://git\.example\.org/[a-z0-9/._-]+$")
ANY_URL = re.compile(r"https?://\S+")
# A sentence ends at . ! or ? followed by the start of a new sentence (or the end of the text);
# "ca. 20.000" and "fx" do not end one.
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ0-9»]|\s*$)")

SEARCH_WORDS = (
    "velfærdsteknologi",
    "spiserobot",
    "hjemmepleje",
    "hjemmeplejen",
    "borgere",
    "sundhedsplatform",
    "kunstig intelligens",
    "maskinlæring",
    "softwarerobot",
    "kronisk obstruktiv lungesygdom",
    "telemedicin",
    "sensorer",
    "ældre",
    "børn",
    "skole",
    "dagtilbud",
    "jobcenter",
    "klima",
)
#: Abbreviations the search tests look for as whole, upper-case words.
SEARCH_ACRONYMS = ("AI", "RPA", "KOL")


def _load(name: str) -> Any:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


@cache
def companies() -> list[dict[str, Any]]:
    return list(_load("companies.json"))


@cache
def solutions() -> list[dict[str, Any]]:
    return list(_load("solutions.json")["solutions"])


@cache
def cases() -> list[dict[str, Any]]:
    return list(_load("cases.json")["cases"])


def published_cases() -> list[dict[str, Any]]:
    return [c for c in cases() if c.get("demo_status", "publiceret") == "publiceret"]


def _csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def municipality_regions() -> dict[str, str]:
    return {row["code"].zfill(3): row["region_code"] for row in _csv("municipalities.csv")}


@cache
def ministry_slugs() -> frozenset[str]:
    return frozenset(danish_slugify(row["name"]) for row in _csv("ministries.csv"))


@cache
def company_slugs() -> frozenset[str]:
    return frozenset(danish_slugify(c["name"]) for c in companies())


@cache
def demo_org_slugs() -> dict[str, str]:
    return {danish_slugify(org.name): org.kind for org in DEMO_ORGANISATIONS}


def firm_slugs() -> frozenset[str]:
    """Organisations that sell things (companies), as opposed to associations, funds etc."""
    ours = {danish_slugify(c["name"]) for c in companies() if c["kind"] == "company"}
    return frozenset(ours | {slug for slug, kind in demo_org_slugs().items() if kind == "company"})


def private_slugs() -> frozenset[str]:
    demo_private = {slug for slug, kind in demo_org_slugs().items() if kind not in PUBLIC_KINDS}
    return company_slugs() | demo_private


def is_valid_ref(ref: str) -> bool:
    if re.fullmatch(r"\d{3}", ref):
        return ref in municipality_regions()
    if re.fullmatch(r"\d{4}", ref):
        return ref in REGION_CODES
    return ref in company_slugs() or ref in demo_org_slugs() or ref in ministry_slugs()


def all_records() -> list[tuple[str, dict[str, Any]]]:
    return [("solution", s) for s in solutions()] + [("case", c) for c in cases()]


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def _sentences(text: str) -> int:
    return len(SENTENCE_END.findall(text))


def _record_id(value: Any) -> str:
    return str(value["slug"]) if isinstance(value, dict) else str(value)


# --- files and envelope -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["companies.json", "solutions.json", "cases.json"])
def test_files_are_pretty_printed_utf8_json(name):
    raw = (DEMO_DIR / name).read_bytes()
    text = raw.decode("utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert "\\u00" not in text, "Danish letters must be written as UTF-8, not escaped"


@pytest.mark.parametrize(
    ("name", "key"), [("solutions.json", "solutions"), ("cases.json", "cases")]
)
def test_files_use_the_object_form_of_the_import_format(name, key):
    data = _load(name)
    assert set(data) == {"format", "version", key}
    assert data["format"] == "spred-katalog"
    assert data["version"] == "1.0"
    assert isinstance(data[key], list)


def test_there_is_enough_content():
    assert len(solutions()) >= 32
    assert len(cases()) >= 85


# --- companies ----------------------------------------------------------------------------------


def test_companies_are_well_formed_fictional_private_organisations():
    names = [c["name"] for c in companies()]
    assert len(names) == len(set(names))
    kinds = {str(kind) for kind in SELF_REGISTERED_KINDS}
    for company in companies():
        assert set(company) == {"name", "kind", "employees", "website"}, company
        assert company["kind"] in kinds, company
        assert isinstance(company["employees"], int)
        assert company["employees"] > 0
        assert company["website"] == ""
        assert not re.search(r"\d{8}", company["name"]), "no CVR numbers"
    assert {c["kind"] for c in companies()} == kinds, "every kind a private actor can have"


def test_company_slugs_do_not_collide_with_other_organisations():
    slugs = [danish_slugify(c["name"]) for c in companies()]
    assert len(slugs) == len(set(slugs))
    reference = {danish_slugify(row["name"]) for row in _csv("regions.csv")} | ministry_slugs()
    assert not set(slugs) & (reference | set(demo_org_slugs()))


# --- fields, lengths and slugs --------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "record"), all_records(), ids=_record_id)
def test_record_fields_and_lengths(kind, record):
    allowed = CASE_FIELDS if kind == "case" else SOLUTION_FIELDS
    assert set(record) <= allowed, set(record) - allowed
    for field in ("slug", "title", "summary", "organisation"):
        assert isinstance(record.get(field), str), field
        assert record[field].strip(), field
    assert SLUG.match(record["slug"])
    assert len(record["slug"]) <= 220
    assert danish_slugify(record["slug"]) == record["slug"]
    assert len(record["title"]) <= 200
    assert len(record["summary"]) <= 1000
    for field in (*CASE_SECTIONS, "description", "review_comment"):
        if field in record:
            text = record[field]
            assert isinstance(text, str), field
            assert text.strip(), field
            assert len(text) <= 20_000, field
            assert "\n\n\n" not in text, field
            assert text == text.strip(), field
    if "kle_code" in record:
        assert KLE.match(record["kle_code"])
    for field in ("title", "summary", *CASE_SECTIONS, "description"):
        for url in ANY_URL.findall(record.get(field, "")):
            pytest.fail(f"{record['slug']}: no URLs in prose ({url})")


def test_slugs_and_titles_are_unique():
    for items in (solutions(), cases()):
        slugs = [r["slug"] for r in items]
        assert len(slugs) == len(set(slugs)), [s for s, n in Counter(slugs).items() if n > 1]
    titles = [r["title"].casefold() for _kind, r in all_records()]
    assert len(titles) == len(set(titles)), [t for t, n in Counter(titles).items() if n > 1]


@pytest.mark.parametrize(("kind", "record"), all_records(), ids=_record_id)
def test_vocabulary_slugs_are_from_the_specification(kind, record):
    for field, allowed in (
        ("policy_areas", POLICY_AREAS),
        ("technologies", TECHNOLOGIES),
        ("innovation_types", INNOVATION_TYPES),
    ):
        values = record.get(field, [])
        assert isinstance(values, list)
        assert set(values) <= allowed, set(values) - allowed
        assert len(values) == len(set(values)), field
    if kind == "solution":
        assert record.get("maturity") in MATURITIES
        assert "innovation_types" not in record
    else:
        assert record.get("stage") in STAGES
        assert record.get("evidence_level") in EVIDENCE_LEVELS
        assert record.get("demo_status", "publiceret") in DEMO_STATUSES
        assert record["policy_areas"]
        assert record["innovation_types"]


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["slug"])
def test_case_year_and_publication_date(case):
    assert isinstance(case["year"], int)
    assert FIRST_DEMO_YEAR <= case["year"] <= TODAY.year
    published = case.get("demo_status", "publiceret") == "publiceret"
    if published:
        when = _date(case["published_at"])
        assert FIRST_PUBLISHED <= when <= TODAY
        assert when.year >= case["year"]
    else:
        assert "published_at" not in case, "only published records carry a publication date"


def test_solution_publication_dates():
    for solution in solutions():
        when = _date(solution["published_at"])
        assert FIRST_PUBLISHED <= when <= TODAY, solution["slug"]


def test_publication_dates_are_spread_over_the_years():
    years = {_date(r["published_at"]).year for _kind, r in all_records() if "published_at" in r}
    assert years == set(range(2019, TODAY.year + 1))


# --- organisations, partners and links ---------------------------------------------------------


def test_every_organisation_reference_resolves():
    for _kind, record in all_records():
        assert is_valid_ref(record["organisation"]), (record["slug"], record["organisation"])
    for case in cases():
        for partner in case.get("partners", []):
            assert is_valid_ref(partner["organisation"]), (case["slug"], partner)


def test_suppliers_are_private_organisations():
    for solution in solutions():
        suppliers = solution.get("suppliers", [])
        assert len(suppliers) == len(set(suppliers))
        assert set(suppliers) <= private_slugs(), solution["slug"]


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["slug"])
def test_partners(case):
    seen = set()
    for partner in case.get("partners", []):
        assert set(partner) == {"organisation", "role", "description"}
        assert partner["role"] in PARTNER_ROLES
        assert partner["organisation"] != case["organisation"], "the owner is not its own partner"
        assert partner["description"].strip()
        assert len(partner["description"]) <= 300
        key = (partner["organisation"], partner["role"])
        assert key not in seen, f"{key} twice"
        seen.add(key)


def test_linked_solutions_exist():
    known = {s["slug"] for s in solutions()}
    for case in cases():
        linked = case.get("solutions", [])
        assert len(linked) == len(set(linked)), case["slug"]
        assert set(linked) <= known, (case["slug"], set(linked) - known)


def test_solutions_spread_to_several_organisations():
    users: dict[str, set[str]] = defaultdict(set)
    for case in cases():
        for slug in case.get("solutions", []):
            users[slug].add(case["organisation"])
    unused = [s["slug"] for s in solutions() if not users[s["slug"]]]
    assert not unused
    spread = [s["slug"] for s in solutions() if len(users[s["slug"]]) >= 2]
    assert len(spread) >= 0.8 * len(solutions())


# --- solutions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("solution", solutions(), ids=lambda s: s["slug"])
def test_solution_details(solution):
    assert solution["policy_areas"]
    assert solution["description"].count("\n\n") >= 1, "a description has paragraphs"
    if "licence" in solution:
        assert solution["licence"] in LICENCES
    if "source_url" in solution:
        assert SOURCE_URL.match(solution["source_url"]), "never a real repository"
        assert "licence" in solution, "published source code has a licence"
    if "website" in solution:
        assert EXAMPLE_WEBSITE.match(solution["website"]), "only example.dk websites"
    price = solution["price_indication"]
    assert len(price) <= 300
    assert "kr." in price or "gratis" in price.casefold()
    if solution["organisation"] in firm_slugs():
        assert solution["organisation"] in solution["suppliers"], "a firm supplies its own product"


def test_solutions_mix_open_source_suppliers_and_public_owners():
    licences = {s.get("licence") for s in solutions()}
    assert {"EUPL-1.2", "MIT", "MPL-2.0", "AGPL-3.0-only"} <= licences
    owners = [s["organisation"] for s in solutions()]
    public = [o for o in owners if o not in private_slugs()]
    assert len(public) >= 8
    assert len(owners) - len(public) >= 16
    assert {s["maturity"] for s in solutions()} == MATURITIES
    assert any(not s.get("technologies") for s in solutions()), "methods without technology"


# --- contacts -----------------------------------------------------------------------------------


def test_contacts_are_fictional_and_consented():
    for case in cases():
        contact = case.get("contact")
        if contact is None:
            continue
        assert set(contact) == CONTACT_FIELDS, case["slug"]
        assert contact["name"].strip()
        assert len(contact["name"]) <= 150
        assert DEMO_EMAIL.match(contact["email"]), contact["email"]
        assert len(contact["phone"]) <= 30
        assert len(contact["job_title"]) <= 150
        assert dt.date(2024, 1, 1) <= _date(contact["consent_given_at"]) <= TODAY
        assert contact["consent_text_version"] == "2026-1"
    emails = [c["contact"]["email"] for c in cases() if "contact" in c]
    assert len(emails) == len(set(emails))


def test_about_half_the_cases_have_a_contact():
    share = sum("contact" in c for c in cases()) / len(cases())
    assert 0.35 <= share <= 0.65


# --- the prose ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", published_cases(), ids=lambda c: c["slug"])
def test_published_case_text(case):
    assert 1 <= _sentences(case["summary"]) <= 3, "a summary is 1–3 sentences"
    for section in CASE_SECTIONS:
        assert _sentences(case[section]) >= 2, f"{section} has at least two sentences"
    if case["evidence_level"] != "ingen":
        assert re.search(r"\d", case["results"]), "measured results come with numbers"


def test_search_words_occur_in_the_content():
    text = json.dumps(_load("cases.json"), ensure_ascii=False) + json.dumps(
        _load("solutions.json"), ensure_ascii=False
    )
    lowered = text.casefold()
    for word in SEARCH_WORDS:
        assert word in lowered, word
    for acronym in SEARCH_ACRONYMS:
        assert re.search(rf"\b{acronym}\b", text), acronym


def test_a_kol_solution_names_the_disease_in_full():
    kol = [s for s in solutions() if re.search(r"\bKOL\b", s["summary"] + s["description"])]
    assert any("kronisk obstruktiv lungesygdom" in s["title"] + s["description"] for s in kol)


# --- coverage -----------------------------------------------------------------------------------


def _values(field: str, items: list[dict[str, Any]]) -> set[Any]:
    found: set[Any] = set()
    for item in items:
        value = item.get(field)
        if value is not None:
            found.update(value if isinstance(value, list) else [value])
    return found


def test_cases_cover_every_vocabulary_term():
    assert _values("policy_areas", cases()) == POLICY_AREAS
    assert _values("technologies", cases()) == TECHNOLOGIES
    assert _values("innovation_types", cases()) == INNOVATION_TYPES
    assert _values("stage", cases()) == STAGES
    assert _values("evidence_level", cases()) == EVIDENCE_LEVELS
    assert _values("year", cases()) == set(range(FIRST_DEMO_YEAR, TODAY.year + 1))
    assert {p["role"] for c in cases() for p in c.get("partners", [])} == PARTNER_ROLES
    assert sum(not c.get("technologies") for c in cases()) >= 5, "methods and organisation too"


def test_owners_come_from_every_region_the_state_and_the_regions():
    owners = [c["organisation"] for c in cases()]
    regions_of_municipal_owners = {
        municipality_regions()[o] for o in owners if o in municipality_regions()
    }
    assert regions_of_municipal_owners == REGION_CODES
    assert len({o for o in owners if o in REGION_CODES}) >= 4
    assert len({o for o in owners if o in ministry_slugs()}) >= 2
    assert len({o for o in owners if o in municipality_regions()}) >= 40


def test_workflow_examples():
    by_status = Counter(c.get("demo_status", "publiceret") for c in cases())
    for status in ("kladde", "indsendt", "returneret"):
        assert by_status[status] >= 2, status
    unpublished = [c for c in cases() if c.get("demo_status", "publiceret") != "publiceret"]
    assert 6 <= len(unpublished) <= 12
    assert sum(c["organisation"] == "751" for c in unpublished) >= 3, "seen by Aarhus's demo users"
    for case in cases():
        returned = case.get("demo_status") == "returneret"
        assert bool(case.get("review_comment")) == returned, case["slug"]
