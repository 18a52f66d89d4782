"""Checking import records and turning them into the services' input.

A record (the JSON shape of docs/catalogue-format.md, whatever file it came from) is checked
field by field, and every problem is collected rather than stopping at the first, so one run of
the importer lists all there is to fix. The structural rules come from the published JSON schema
(``spred.catalogue.case_schema``), so the format has one definition; what
a schema cannot know — whether an organisation, a taxonomy term or a solution exists, whether a
slug is taken — is checked here against the database.

Text is taken as plain text: it is stored as written and escaped wherever it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator, validate_slug
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from spred.catalogue.case_schema.validation import validate_case_record, validate_solution_record
from spred.catalogue.choices import EvidenceLevel, Maturity, PartnerRole, Stage, Status
from spred.catalogue.consent import CONSENT_TEXTS
from spred.catalogue.importing.format import (
    CASE,
    CASE_FIELDS,
    CASE_SECTIONS,
    CONTACT_FIELDS,
    DEMO_FIELDS,
    KINDS,
    SOLUTION,
    SOLUTION_FIELDS,
)
from spred.catalogue.importing.readers import RawRecord
from spred.catalogue.inputs import CaseInput, ContactInput, PartnerInput, SolutionInput
from spred.catalogue.models import (
    FIRST_YEAR,
    SECTION_MAX,
    SUMMARY_MAX,
    InnovationType,
    PolicyArea,
    TechnologyCategory,
    validate_kle_code,
)
from spred.catalogue.spdx import normalise_spdx, spdx_expression_problem
from spred.core.importing.problems import ImportProblem
from spred.organisations.lookup import OrganisationResolver, unknown_organisation
from spred.organisations.models import Organisation

TITLE_MAX = 200
SLUG_MAX = 220
URL_MAX = 500
PRICE_MAX = 300
LICENCE_MAX = 100
PARTNER_DESCRIPTION_MAX = 300
REVIEW_COMMENT_MAX = 5000
CONTACT_LIMITS = {"name": 150, "email": 254, "job_title": 150, "phone": 30}

#: What the demo loader may do with a record after creating it.
DEMO_STATUSES = (Status.PUBLISHED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --------------------------------------------------------------------------------------------
# Organisation references


# --------------------------------------------------------------------------------------------
# Prepared entries


@dataclass
class PreparedEntry:
    """A record that passed the checks, ready for the services."""

    row: str
    kind: str
    organisation: Organisation
    slug: str | None
    case: CaseInput | None = None
    solution: SolutionInput | None = None
    published_at: datetime | None = None
    demo_status: str = Status.PUBLISHED
    review_comment: str = ""
    #: The solution slugs a case links to, as written (resolved by the runner, which knows the
    #: solutions of the same file).
    solution_refs: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.case is not None:
            return self.case.title
        assert self.solution is not None
        return self.solution.name


class _Problems:
    """Problems of one record, at most one per field (the first found is the most useful)."""

    def __init__(self, row: str) -> None:
        self.row = row
        self.items: dict[str, ImportProblem] = {}

    def add(self, field_name: str, reason: str) -> None:
        if field_name not in self:
            self.items[field_name] = ImportProblem(self.row, field_name, reason)

    def __contains__(self, field_name: str) -> bool:
        """Whether the field, a part of it (``partners[0].role``) or what it is part of
        (``contact`` for ``contact.email``) has a problem already."""
        for key in self.items:
            if key == field_name:
                return True
            for shorter, longer in ((field_name, key), (key, field_name)):
                if longer.startswith((shorter + "[", shorter + ".")):
                    return True
        return False

    def __bool__(self) -> bool:
        return bool(self.items)

    def as_list(self) -> list[ImportProblem]:
        return list(self.items.values())


@dataclass(frozen=True)
class _Shared:
    """The fields both kinds of record have, as read."""

    title: str
    summary: str
    policy_areas: list[str]
    technologies: list[str]
    kle_code: str


class RecordChecker:
    """Checks records against the format and the database, one run at a time."""

    def __init__(self, *, allow_demo_fields: bool = False) -> None:
        self.allow_demo_fields = allow_demo_fields
        self.organisations = OrganisationResolver()
        self.taxonomies = {
            "policy_areas": (
                set(PolicyArea.objects.values_list("slug", flat=True)),
                _("fagområde"),
            ),
            "technologies": (
                set(TechnologyCategory.objects.values_list("slug", flat=True)),
                _("teknologi"),
            ),
            "innovation_types": (
                set(InnovationType.objects.values_list("slug", flat=True)),
                _("innovationstype"),
            ),
        }

    # ----------------------------------------------------------------------------------------

    def prepare(self, record: RawRecord) -> tuple[PreparedEntry | None, list[ImportProblem]]:
        problems = _Problems(record.row)
        data = record.data
        kind = data.get("type") or CASE
        if kind not in KINDS:
            problems.add(
                "type",
                _('Typen skal være "case" eller "solution" (fandt "%(type)s").')
                % {"type": str(kind)[:40]},
            )
            return None, problems.as_list()
        for schema_problem in schema_problems(kind, data, allow_demo_fields=self.allow_demo_fields):
            problems.add(*schema_problem)
        self._check_field_names(kind, data, problems)
        reader = _FieldReader(data, problems)

        title = reader.text("title", TITLE_MAX, required=True)
        summary = reader.text("summary", SUMMARY_MAX, required=True)
        organisation = self._organisation(reader, "organisation", required=True)
        slug = self._slug(reader, problems)
        policy_areas = self._slugs(reader, "policy_areas")
        technologies = self._slugs(reader, "technologies")
        kle_code = reader.text("kle_code", 8)
        if kle_code and "kle_code" not in problems:
            reader.run_validator("kle_code", validate_kle_code, kle_code)
        common = _Shared(title, summary, policy_areas, technologies, kle_code)
        published_at = reader.moment("published_at")
        demo_status, review_comment = self._demo_fields(reader, problems)

        entry: PreparedEntry | None = None
        if kind == SOLUTION:
            solution = self._solution_input(reader, common)
            if organisation is not None:
                entry = PreparedEntry(record.row, SOLUTION, organisation, slug, solution=solution)
        else:
            case = self._case_input(reader, common)
            refs = reader.string_list("solutions")
            if organisation is not None:
                entry = PreparedEntry(
                    record.row,
                    CASE,
                    organisation,
                    slug,
                    case=case,
                    solution_refs=list(dict.fromkeys(refs)),
                )
        if entry is not None:
            entry.published_at = published_at
            entry.demo_status = demo_status
            entry.review_comment = review_comment
        if problems:
            return None, problems.as_list()
        return entry, []

    def _slug(self, reader: _FieldReader, problems: _Problems) -> str | None:
        slug = reader.text("slug", SLUG_MAX) or None
        if slug is not None and "slug" not in problems:
            try:
                validate_slug(slug)
            except ValidationError:
                problems.add(
                    "slug",
                    _("Et kortnavn må kun indeholde små bogstaver a–z, tal og bindestreger."),
                )
            else:
                if slug != slug.lower():
                    problems.add("slug", _("Et kortnavn skrives med små bogstaver."))
        return slug

    def _demo_fields(self, reader: _FieldReader, problems: _Problems) -> tuple[str, str]:
        """The demo loader's status and review comment (a returned entry needs the comment)."""
        demo_status = str(reader.choice("demo_status", DEMO_STATUSES) or Status.PUBLISHED)
        review_comment = reader.text("review_comment", REVIEW_COMMENT_MAX)
        if (
            demo_status == Status.RETURNED
            and not review_comment
            and "review_comment" not in problems
        ):
            problems.add(
                "review_comment",
                _("En post, der sendes retur, skal have redaktionens kommentar."),
            )
        return demo_status, review_comment

    def _solution_input(self, reader: _FieldReader, common: _Shared) -> SolutionInput:
        return SolutionInput(
            name=common.title,
            summary=common.summary,
            description=reader.text("description", SECTION_MAX),
            technologies=common.technologies,
            policy_areas=common.policy_areas,
            kle_code=common.kle_code,
            maturity=str(reader.choice("maturity", Maturity.values) or Maturity.PILOT),
            suppliers=self._organisation_list(reader, "suppliers"),
            licence=self._licence(reader),
            source_url=reader.url("source_url"),
            website=reader.url("website"),
            price_indication=reader.text("price_indication", PRICE_MAX),
        )

    def _case_input(self, reader: _FieldReader, common: _Shared) -> CaseInput:
        sections = {
            attribute: reader.text(name, SECTION_MAX) for name, attribute in CASE_SECTIONS.items()
        }
        return CaseInput(
            title=common.title,
            summary=common.summary,
            **sections,
            innovation_types=self._slugs(reader, "innovation_types"),
            policy_areas=common.policy_areas,
            technologies=common.technologies,
            partners=self._partners(reader),
            solution_slugs=[],
            stage=str(reader.choice("stage", Stage.values) or Stage.PILOT),
            evidence_level=str(
                reader.choice("evidence_level", EvidenceLevel.values) or EvidenceLevel.NONE
            ),
            year=reader.year("year"),
            kle_code=common.kle_code,
            contact=self._contact(reader),
        )

    # ----------------------------------------------------------------------------------------

    def _check_field_names(self, kind: str, data: dict[str, Any], problems: _Problems) -> None:
        own = set(CASE_FIELDS if kind == CASE else SOLUTION_FIELDS)
        other = set(SOLUTION_FIELDS if kind == CASE else CASE_FIELDS) - own
        for name in data:
            if name in own:
                continue
            if name in DEMO_FIELDS:
                if not self.allow_demo_fields:
                    problems.add(
                        name,
                        _(
                            "Feltet bruges kun til demo-indhold og kan ikke importeres. "
                            "Fjern det fra filen."
                        ),
                    )
                continue
            if name in other:
                if _is_empty(data[name]):
                    continue
                problems.add(
                    name,
                    _("Feltet bruges kun for løsninger.")
                    if kind == CASE
                    else _("Feltet bruges kun for cases."),
                )
                continue
            problems.add(str(name)[:60], _("Ukendt felt. Se formatbeskrivelsen."))

    def _organisation(
        self, reader: _FieldReader, name: str, *, required: bool = False
    ) -> Organisation | None:
        value = reader.data.get(name)
        if _is_empty(value):
            if required:
                reader.add(name, _("Feltet skal udfyldes."))
            return None
        ref = self.organisations.normalise(value)
        if ref is None:
            reader.add(name, _("Skriv organisationen som tekst, fx 751 eller et kortnavn."))
            return None
        organisation = self.organisations.resolve(ref)
        if organisation is None:
            reader.add(name, unknown_organisation(ref))
        return organisation

    def _organisation_list(self, reader: _FieldReader, name: str) -> list[Organisation]:
        refs = reader.string_list(name)
        found: list[Organisation] = []
        for i, ref in enumerate(refs):
            organisation = self.organisations.resolve(ref)
            if organisation is None:
                reader.add(f"{name}[{i}]", unknown_organisation(ref))
            elif organisation not in found:
                found.append(organisation)
        return found

    def _slugs(self, reader: _FieldReader, name: str) -> list[str]:
        values = list(dict.fromkeys(reader.string_list(name)))
        known, label = self.taxonomies[name]
        unknown = [v for v in values if v not in known]
        if unknown:
            reader.problems.add(
                name,
                _("Ukendt %(what)s: %(slugs)s. Brug kortnavnene fra formatbeskrivelsen.")
                % {"what": label, "slugs": ", ".join(f'"{v[:40]}"' for v in unknown[:10])},
            )
        return values

    def _licence(self, reader: _FieldReader) -> str:
        licence = reader.text("licence", LICENCE_MAX)
        if not licence or "licence" in reader.problems:
            return licence
        problem = spdx_expression_problem(licence)
        if problem:
            reader.problems.add("licence", problem)
            return licence
        return normalise_spdx(licence)

    def _partners(self, reader: _FieldReader) -> list[PartnerInput]:
        items = reader.list_of("partners", dict, _("Hver partner skal være et objekt."))
        partners: list[PartnerInput] = []
        seen: set[tuple[int, str]] = set()
        for i, item in enumerate(items):
            path = f"partners[{i}]"
            sub = _FieldReader(item, reader.problems, prefix=f"{path}.")
            for key in item:
                if key not in {"organisation", "role", "description"}:
                    reader.problems.add(f"{path}.{str(key)[:40]}", _("Ukendt felt for en partner."))
            organisation = self._organisation(sub, "organisation", required=True)
            role = sub.choice("role", PartnerRole.values, required=True)
            description = sub.text("description", PARTNER_DESCRIPTION_MAX)
            if organisation is None or role is None:
                continue
            if (organisation.pk, role) in seen:
                reader.problems.add(path, _("Samme organisation står flere gange med samme rolle."))
                continue
            seen.add((organisation.pk, role))
            partners.append(PartnerInput(organisation, str(role), description))
        return partners

    def _contact(self, reader: _FieldReader) -> ContactInput | None:
        value = reader.data.get("contact")
        if _is_empty(value):
            return None
        if not isinstance(value, dict):
            reader.problems.add("contact", _("Kontaktpersonen skal være et objekt med felter."))
            return None
        sub = _FieldReader(value, reader.problems, prefix="contact.")
        for key in value:
            if key not in CONTACT_FIELDS:
                reader.problems.add(f"contact.{str(key)[:40]}", _("Ukendt felt for en kontakt."))
        name = sub.text("name", CONTACT_LIMITS["name"], required=True)
        email = sub.text("email", CONTACT_LIMITS["email"], required=True)
        if email and "contact.email" not in reader.problems:
            sub.run_validator("email", EmailValidator(_("Skriv en gyldig e-mailadresse.")), email)
        job_title = sub.text("job_title", CONTACT_LIMITS["job_title"])
        phone = sub.text("phone", CONTACT_LIMITS["phone"])
        consent_missing = _(
            "En kontaktperson kan kun importeres med sit samtykke: angiv "
            "consent_given_at og consent_text_version."
        )
        consent_at = sub.moment("consent_given_at")
        if consent_at is None and "contact.consent_given_at" not in reader.problems:
            reader.problems.add("contact.consent_given_at", consent_missing)
        elif consent_at is not None and consent_at > timezone.now():
            reader.problems.add(
                "contact.consent_given_at", _("Samtykket kan ikke være givet i fremtiden.")
            )
        version = sub.text("consent_text_version", 20)
        if not version and "contact.consent_text_version" not in reader.problems:
            reader.problems.add("contact.consent_text_version", consent_missing)
        elif version and version not in CONSENT_TEXTS:
            reader.problems.add(
                "contact.consent_text_version",
                _("Ukendt version af samtykketeksten: %(version)s (kendte: %(known)s).")
                % {"version": version[:20], "known": ", ".join(sorted(CONSENT_TEXTS))},
            )
        if not (name and email and consent_at and version):
            return None
        return ContactInput(
            name=name,
            email=email,
            consent_given_at=consent_at,
            consent_text_version=version,
            job_title=job_title,
            phone=phone,
        )


# --------------------------------------------------------------------------------------------
# Field reading with messages


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _FieldReader:
    """Reads typed values out of a record, adding a problem (once per field) when a value is not
    what the format says. Returns an empty value after a problem, so the caller goes on."""

    def __init__(self, data: dict[str, Any], problems: _Problems, prefix: str = "") -> None:
        self.data = data
        self.problems = problems
        self.prefix = prefix

    def add(self, name: str, reason: str) -> None:
        self.problems.add(self.prefix + name, reason)

    def _flagged(self, name: str) -> bool:
        return self.prefix + name in self.problems

    def run_validator(self, name: str, validator: Callable[[Any], None], value: Any) -> None:
        try:
            validator(value)
        except ValidationError as exc:
            self.add(name, " ".join(str(m) for m in exc.messages))

    def text(self, name: str, limit: int, *, required: bool = False) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required and not self._flagged(name):
                self.add(name, _("Feltet skal udfyldes."))
            return ""
        if not isinstance(value, str):
            self.add(name, _("Feltet skal være tekst."))
            return ""
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if "\x00" in value:
            self.add(name, _("Teksten indeholder et ugyldigt tegn (NUL)."))
            return ""
        if not value and required:
            self.add(name, _("Feltet skal udfyldes."))
        if len(value) > limit:
            self.add(
                name,
                _("Teksten er for lang: %(length)s tegn, højst %(limit)s.")
                % {"length": _number(len(value)), "limit": _number(limit)},
            )
            return ""
        return value

    def url(self, name: str) -> str:
        value = self.text(name, URL_MAX)
        if value and not self._flagged(name):
            self.run_validator(
                name,
                URLValidator(
                    schemes=["http", "https"],
                    message=_("Skriv en fuld webadresse, der begynder med https://."),
                ),
                value,
            )
        return value

    def choice(self, name: str, allowed: Any, *, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.add(name, _("Feltet skal udfyldes."))
            return None
        allowed_values = [str(a) for a in allowed]
        if not isinstance(value, str) or value not in allowed_values:
            self.add(
                name,
                _('Ugyldig værdi "%(value)s". Brug en af: %(allowed)s.')
                % {"value": str(value)[:40], "allowed": ", ".join(allowed_values)},
            )
            return None
        return value

    def year(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(name, _("Året skal være et helt tal, fx 2023."))
            return None
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= value <= this_year:
            self.add(
                name,
                _("Året skal ligge mellem %(first)s og %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year},
            )
            return None
        return value

    def moment(self, name: str) -> datetime | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        parsed = parse_moment(value) if isinstance(value, str) else None
        if parsed is None:
            self.add(
                name,
                _("Skriv tidspunktet som ISO 8601-dato eller -tidspunkt, fx 2024-03-01."),
            )
        return parsed

    def list_of(self, name: str, item_type: type, message: str) -> list[Any]:
        value = self.data.get(name)
        if _is_empty(value):
            return []
        if not isinstance(value, list):
            self.add(name, _("Feltet skal være en liste."))
            return []
        if not all(isinstance(item, item_type) for item in value):
            self.add(name, message)
            return []
        return value

    def string_list(self, name: str) -> list[str]:
        items = self.list_of(name, str, _("Listen må kun indeholde tekster (kortnavne)."))
        return [item.strip() for item in items if item.strip()]


def parse_moment(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime; a date means midnight, Danish time,
    and a time without zone is Danish time."""
    value = value.strip()
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                return None
            return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# --------------------------------------------------------------------------------------------
# The published schema


def schema_problems(
    kind: str, data: dict[str, Any], *, allow_demo_fields: bool = False
) -> list[tuple[str, str]]:
    """(field, reason) pairs from the catalogue's JSON schema. The field is the format's dotted
    path (``partners[0].role``)."""
    validate = validate_solution_record if kind == SOLUTION else validate_case_record
    return [
        (_dotted(problem.path), str(problem.message))
        for problem in validate(data, allow_demo_fields=allow_demo_fields)
    ]


def _dotted(path: Any) -> str:
    """A schema path as the importer names fields: ``partners[0].role``."""
    if isinstance(path, str):
        parts: list[Any] = [p for p in re.split(r"[/.]", path) if p]
    else:
        parts = list(path)
    text = ""
    for part in parts:
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):
            text += f"[{part}]"
        elif part.startswith("[") and part.endswith("]"):
            text += part
        else:
            text += ("." if text else "") + str(part)
    return text
