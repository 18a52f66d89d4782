"""The fields of the catalogue's import format, version 1.0 (docs/catalogue-format.md).

One place for the names, so the readers, the record checks, the example files and the help page
cannot disagree about them.
"""

from __future__ import annotations

FORMAT_NAME = "spred-katalog"
FORMAT_VERSION = "1.0"

CASE = "case"
SOLUTION = "solution"
KINDS = (CASE, SOLUTION)

#: Text sections of a case: format name → CaseInput attribute.
CASE_SECTIONS = {
    "challenge": "challenge",
    "solution": "solution_text",
    "results": "results",
    "lessons": "lessons",
    "spreading_potential": "spreading_potential",
}

CASE_FIELDS = (
    "type",
    "title",
    "summary",
    "organisation",
    "slug",
    *CASE_SECTIONS,
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
)

SOLUTION_FIELDS = (
    "type",
    "title",
    "summary",
    "organisation",
    "slug",
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
)

#: Read only by the demo loader; the normal importer refuses them.
DEMO_FIELDS = ("demo_status", "review_comment")

CONTACT_FIELDS = (
    "name",
    "email",
    "job_title",
    "phone",
    "consent_given_at",
    "consent_text_version",
)

#: Fields that hold a list of slugs or references (``;``-separated in CSV and XLSX).
LIST_FIELDS = frozenset(
    {"innovation_types", "policy_areas", "technologies", "solutions", "suppliers"}
)

#: CSV and XLSX spell a case's contact person as flat columns.
CONTACT_COLUMNS = {f"contact_{name}": name for name in CONTACT_FIELDS}

#: Every column a CSV or XLSX file may have, in the order the example files use.
TABLE_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *(f for f in CASE_FIELDS if f != "contact"),
            *SOLUTION_FIELDS,
            *CONTACT_COLUMNS,
        ]
    )
)
