"""publiccode.yml: reading, checking and writing the public-software metadata standard.

publiccode.yml is the file public software carries at the root of its repository to describe
itself to catalogues (standard versions 0.2–0.4 are read here). Spred reads one into a solution
and writes a solution as one.

Checking runs offline: the licence against the SPDX list bundled with ``license-expression``,
language and country codes against the CLDR data that ships with Babel, dates and URLs by their
syntax. Every problem names the key as a dotted path, says what is wrong in Danish and where
(``legal.license: ukendt SPDX-licens "Foo" (12:3)``).

YAML is read with the safe loader only, and anything beyond plain values — a ``!!python/...``
tag, any other explicit tag, an alias — is refused before a value is built. Dates stay text, as
in YAML 1.2 (the standard's YAML), and only ``true``/``false`` are booleans.

Spred's own fields that the standard has no place for travel in the extension section
``x-spred`` (see docs/catalogue-format.md): the organisation that keeps the entry (a reference
as in the import format), the slug, the full summary and description, policy areas,
technologies, KLE number, price indication and suppliers. An export carries them, so an export
imported again gives the same solution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from spred.catalogue.choices import Maturity
from spred.catalogue.inputs import SolutionInput
from spred.catalogue.models import Solution

SUPPORTED_VERSIONS = ("0.2", "0.3", "0.4")
EXPORT_VERSION = "0.4"
EXTENSION_KEY = "x-spred"
MAX_BYTES = 1024 * 1024

PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")
DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MIN = 150
LONG_DESCRIPTION_MAX = 10_000
GENERIC_NAME_MAX = 35

#: The standard's controlled vocabulary of software categories.
CATEGORIES = frozenset(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "design",
        "design-system",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "educational-content",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "website-builder",
        "whistleblowing",
        "workflow-management",
    ]
)

#: developmentStatus ↔ the catalogue's maturity.
MATURITY_OF_STATUS = {
    "concept": Maturity.IDEA,
    "development": Maturity.DEVELOPMENT,
    "beta": Maturity.PILOT,
    "stable": Maturity.PROVEN,
    "obsolete": Maturity.RETIRED,
}
STATUS_OF_MATURITY: dict[str, str] = {
    str(maturity): status for status, maturity in MATURITY_OF_STATUS.items()
}

#: Categories that say something about a solution's technology or policy area. Only clear
#: correspondences are listed; a category without one maps to nothing.
TECHNOLOGY_OF_CATEGORY = {
    "data-analytics": "data-og-analyse",
    "data-collection": "data-og-analyse",
    "data-visualization": "data-og-analyse",
    "business-intelligence": "data-og-analyse",
    "predictive-analysis": "kunstig-intelligens",
    "digital-citizenship": "digital-selvbetjening",
    "online-booking": "digital-selvbetjening",
    "appointment-scheduling": "digital-selvbetjening",
    "e-signature": "digital-selvbetjening",
    "payment-gateway": "digital-selvbetjening",
    "mobile-payment": "digital-selvbetjening",
}
POLICY_AREA_OF_CATEGORY = {
    "learning-management-system": "uddannelse",
    "educational-content": "uddannelse",
    "accounting": "administration",
    "budgeting": "administration",
    "billing-and-invoicing": "administration",
    "document-management": "administration",
    "employee-management": "administration",
    "financial-reporting": "administration",
    "hr": "administration",
    "payroll": "administration",
    "procurement": "administration",
    "taxes-management": "administration",
    "digital-citizenship": "borgerservice",
    "customer-service-and-support": "borgerservice",
    "appointment-scheduling": "borgerservice",
    "fleet-management": "trafik-og-infrastruktur",
    "geographic-information-systems": "teknik-og-miljoe",
}
#: For an export: the category each technology and policy area suggests.
CATEGORY_OF_TECHNOLOGY = {
    "data-og-analyse": "data-analytics",
    "kunstig-intelligens": "predictive-analysis",
    "digital-selvbetjening": "digital-citizenship",
    "softwarerobotter": "workflow-management",
}
CATEGORY_OF_POLICY_AREA = {
    "uddannelse": "educational-content",
    "administration": "document-management",
    "borgerservice": "customer-service-and-support",
}
#: A solution with no category of its own is described as software for managing IT work in an
#: organisation, the most neutral of the standard's categories.
FALLBACK_CATEGORY = "it-management"


# --------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class PubliccodeProblem:
    key: str
    message: str
    line: int
    column: int

    def __str__(self) -> str:
        where = f"({self.line}:{self.column})"
        return f"{self.key}: {self.message} {where}" if self.key else f"{self.message} {where}"


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: Any) -> None:
        super().__init__("alias")
        self.mark = mark


# --------------------------------------------------------------------------------------------
# YAML: safe, positions kept, YAML 1.2 scalars


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's plain scalars: no timestamps (a date is text) and only
    true/false as booleans (``no`` is the word no, not false). Aliases are refused: a
    publiccode.yml needs none, and they are how a small file expands into a huge one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in {"tag:yaml.org,2002:timestamp", _BOOL}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


@dataclass
class ParsedPubliccode:
    data: dict[str, Any] | None
    problems: list[PubliccodeProblem] = field(default_factory=list)
    #: Dotted key path → (line, column) of the key (or of the list item), 1-based.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and self.data is not None


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _walk(
    node: yaml.Node, path: str, positions: dict[str, tuple[int, int]], problems: list[Any]
) -> None:
    """Record where each key is, and refuse tags beyond plain values and duplicate keys."""
    if node.tag not in _PLAIN_TAGS:
        line, col = _mark(node.start_mark)
        problems.append(
            PubliccodeProblem(
                path,
                _('YAML-mærket "%(tag)s" er ikke tilladt; brug kun almindelige værdier')
                % {"tag": _short_tag(node.tag)},
                line,
                col,
            )
        )
        return
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = _join(path, key)
            line, col = _mark(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                problems.append(
                    PubliccodeProblem(path, _("en nøgle skal være en tekst"), line, col)
                )
                continue
            if key in seen:
                problems.append(PubliccodeProblem(child, _("nøglen står to gange"), line, col))
                continue
            seen.add(key)
            positions[child] = (line, col)
            _walk(value_node, child, positions, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = _join(path, i)
            positions[child] = _mark(item.start_mark)
            _walk(item, child, positions, problems)


def parse_publiccode(text: str | bytes) -> ParsedPubliccode:
    """Parse without building anything unsafe; problems for broken YAML, refused tags, aliases
    and duplicate keys. The data is None when the file cannot be used at all."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return _file_problem(
                _("filen er for stor (højst %(kb)s kB)") % {"kb": MAX_BYTES // 1024}
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _file_problem(_("filen er ikke gemt som UTF-8"))
    if len(text) > MAX_BYTES:
        return _file_problem(_("filen er for stor (højst %(kb)s kB)") % {"kb": MAX_BYTES // 1024})
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except _AliasRefused as exc:
            return _file_problem(
                _("YAML-aliaser (*navn) er ikke tilladt; skriv værdien ud"), exc.mark
            )
        except yaml.MarkedYAMLError as exc:
            reason = exc.problem or exc.context or "?"
            return _file_problem(
                _("ugyldig YAML: %(reason)s") % {"reason": reason}, exc.problem_mark
            )
        except yaml.YAMLError as exc:
            return _file_problem(_("ugyldig YAML: %(reason)s") % {"reason": exc})
        if node is None:
            return _file_problem(_("filen er tom"))
        parsed = ParsedPubliccode(data=None)
        _walk(node, "", parsed.positions, parsed.problems)
        if parsed.problems:
            return parsed
        if not isinstance(node, yaml.MappingNode):
            line, col = _mark(node.start_mark)
            parsed.problems.append(
                PubliccodeProblem("", _("filen skal være en sektion af nøgler"), line, col)
            )
            return parsed
        parsed.data = loader.construct_document(node)
        return parsed
    finally:
        loader.dispose()


def _file_problem(message: str, mark: Any = None) -> ParsedPubliccode:
    line, col = _mark(mark)
    return ParsedPubliccode(data=None, problems=[PubliccodeProblem("", message, line, col)])


# --------------------------------------------------------------------------------------------
# Codes: languages (BCP 47), countries (ISO 3166-1), from the CLDR data Babel ships


@lru_cache(maxsize=1)
def _cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from babel import Locale, localedata

    english = Locale("en")
    languages = {str(code).lower() for code in english.languages if "_" not in str(code)}
    languages |= {ident.split("_")[0].lower() for ident in localedata.locale_identifiers()}
    scripts = {str(code).lower() for code in english.scripts}
    territories = {str(code).upper() for code in english.territories}
    return frozenset(languages), frozenset(scripts), frozenset(territories)


_VARIANT = re.compile(r"^(?:[a-z0-9]{5,8}|\d[a-z0-9]{3})$")


def is_language_tag(tag: str) -> bool:
    """A BCP 47 language tag whose primary language, script and region are known codes
    (``da``, ``en-GB``, ``sr-Latn``, ``sl-IT-nedis``). Case does not matter, as in BCP 47."""
    if not isinstance(tag, str) or not tag or tag != tag.strip():
        return False
    languages, scripts, territories = _cldr()
    parts = tag.lower().split("-")
    if parts[0] not in languages or not 2 <= len(parts[0]) <= 3:
        return False
    rest = parts[1:]
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        if rest[0] not in scripts:
            return False
        rest = rest[1:]
    if rest and (
        (len(rest[0]) == 2 and rest[0].isalpha()) or (len(rest[0]) == 3 and rest[0].isdigit())
    ):
        if rest[0].upper() not in territories:
            return False
        rest = rest[1:]
    while rest and _VARIANT.match(rest[0]):
        rest = rest[1:]
    if rest and rest[0] == "x":
        return len(rest) > 1 and all(1 <= len(p) <= 8 and p.isalnum() for p in rest[1:])
    return not rest


def is_country_code(code: str) -> bool:
    _languages, _scripts, territories = _cldr()
    return (
        isinstance(code, str) and len(code) == 2 and code.isalpha() and code.upper() in territories
    )


# --------------------------------------------------------------------------------------------
# Checking the standard's rules


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


_REPOSITORY_SCHEMES = ["http", "https", "git", "ssh", "svn", "svn+ssh", "ftp"]


def _is_url(value: Any, schemes: list[str] | None = None) -> bool:
    if not isinstance(value, str):
        return False
    try:
        URLValidator(schemes=schemes or ["http", "https"])(value)
    except ValidationError:
        return False
    return True


class _Checker:
    def __init__(self, data: dict[str, Any], positions: dict[str, tuple[int, int]]) -> None:
        self.data = data
        self.positions = positions
        self.problems: list[PubliccodeProblem] = []

    # -- plumbing --------------------------------------------------------------------------

    def where(self, path: str) -> tuple[int, int]:
        while path:
            if path in self.positions:
                return self.positions[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return (1, 1)

    def add(self, path: str, message: str) -> None:
        line, col = self.where(path)
        self.problems.append(PubliccodeProblem(path, message, line, col))

    def get(self, section: dict[str, Any], path: str, key: str, *, required: bool) -> Any:
        if key not in section or section[key] is None:
            if required:
                self.add(_join(path, key), _("påkrævet nøgle mangler"))
            return None
        return section[key]

    def string(self, section: dict[str, Any], path: str, key: str, *, required: bool) -> Any:
        value = self.get(section, path, key, required=required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(_join(path, key), _type_message("string", value))
            return None
        if required and not value.strip():
            self.add(_join(path, key), _("må ikke være tom"))
            return None
        return value

    def mapping(self, section: dict[str, Any], path: str, key: str, *, required: bool) -> Any:
        value = self.get(section, path, key, required=required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add(_join(path, key), _type_message("mapping", value))
            return None
        return value

    def string_list(
        self, section: dict[str, Any], path: str, key: str, *, required: bool, allow_string: bool
    ) -> list[tuple[str, str]] | None:
        """(path, value) for each item; a single string where the standard allows one."""
        value = self.get(section, path, key, required=required)
        here = _join(path, key)
        if value is None:
            return None
        if isinstance(value, str) and allow_string:
            return [(here, value)]
        if not isinstance(value, list):
            self.add(here, _type_message("list", value))
            return None
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.add(_join(here, i), _type_message("string", item))
            else:
                items.append((_join(here, i), item))
        if required and not value:
            self.add(here, _("listen må ikke være tom"))
        return items

    def enum(self, section: dict[str, Any], path: str, key: str, allowed: tuple[str, ...]) -> Any:
        value = self.string(section, path, key, required=True)
        if value is not None and value not in allowed:
            self.add(
                _join(path, key),
                _('ugyldig værdi "%(value)s" (tilladt: %(allowed)s)')
                % {"value": value[:60], "allowed": ", ".join(allowed)},
            )
            return None
        return value

    def url(
        self,
        section: dict[str, Any],
        path: str,
        key: str,
        *,
        required: bool,
        schemes: list[str] | None = None,
    ) -> None:
        value = self.string(section, path, key, required=required)
        if value is not None and not _is_url(value, schemes):
            self.bad_url(_join(path, key), value)

    def bad_url(self, path: str, value: str) -> None:
        self.add(
            path,
            _('ugyldig webadresse "%(value)s" (skal begynde med https://)') % {"value": value[:80]},
        )

    def date(self, section: dict[str, Any], path: str, key: str, *, required: bool) -> None:
        value = self.get(section, path, key, required=required)
        if value is None:
            return
        if not _is_date(value):
            self.add(
                _join(path, key),
                _('ugyldig dato "%(value)s" (skal skrives ÅÅÅÅ-MM-DD)')
                % {"value": str(value)[:40]},
            )

    def boolean(self, section: dict[str, Any], path: str, key: str) -> None:
        value = self.get(section, path, key, required=True)
        if value is not None and not isinstance(value, bool):
            self.add(_join(path, key), _type_message("bool", value))

    def language(self, path: str, tag: str) -> None:
        if not is_language_tag(tag):
            self.add(
                path,
                _('ugyldig sprogkode "%(code)s" (BCP 47, fx da, en eller en-GB)')
                % {"code": tag[:40]},
            )

    # -- the standard ----------------------------------------------------------------------

    def run(self) -> list[PubliccodeProblem]:
        data = self.data
        version = self.get(data, "", "publiccodeYmlVersion", required=True)
        if version is not None:
            if not isinstance(version, str):
                self.add(
                    "publiccodeYmlVersion",
                    _('skal være en tekst i anførselstegn, fx "%(v)s"') % {"v": EXPORT_VERSION},
                )
            elif not re.fullmatch(r"0\.[234](\.\d+)?", version):
                self.add(
                    "publiccodeYmlVersion",
                    _('ukendt version "%(version)s" (Spred læser %(supported)s)')
                    % {"version": version[:20], "supported": ", ".join(SUPPORTED_VERSIONS)},
                )
        self.string(data, "", "name", required=True)
        self.string(data, "", "applicationSuite", required=False)
        self.url(data, "", "url", required=True, schemes=_REPOSITORY_SCHEMES)
        self.url(data, "", "landingURL", required=False)
        self.url(data, "", "roadmap", required=False)
        based_on = self.string_list(data, "", "isBasedOn", required=False, allow_string=True)
        for path, value in based_on or []:
            if not _is_url(value, _REPOSITORY_SCHEMES):
                self.bad_url(path, value)
        self.string(data, "", "softwareVersion", required=False)
        self.date(data, "", "releaseDate", required=False)
        self.string(data, "", "logo", required=False)
        self.string_list(data, "", "platforms", required=True, allow_string=True)
        categories = self.string_list(data, "", "categories", required=True, allow_string=False)
        for path, value in categories or []:
            if value not in CATEGORIES:
                self.add(path, _('ukendt kategori "%(value)s"') % {"value": value[:60]})
        self.string_list(data, "", "usedBy", required=False, allow_string=False)
        self.enum(data, "", "developmentStatus", DEVELOPMENT_STATUSES)
        self.enum(data, "", "softwareType", SOFTWARE_TYPES)
        self._audience()
        self._description()
        self._legal()
        self._maintenance()
        self._localisation()
        self._depends_on()
        self._extension()
        return self.problems

    def _audience(self) -> None:
        audience = self.mapping(self.data, "", "intendedAudience", required=False)
        if audience is None:
            return
        for key in ("countries", "unsupportedCountries"):
            codes = self.string_list(
                audience, "intendedAudience", key, required=False, allow_string=False
            )
            for path, code in codes or []:
                if not is_country_code(code):
                    self.add(
                        path,
                        _('ugyldig landekode "%(code)s" (ISO 3166-1, to bogstaver, fx dk)')
                        % {"code": code[:20]},
                    )
        self.string_list(audience, "intendedAudience", "scope", required=False, allow_string=False)

    def _description(self) -> None:
        description = self.mapping(self.data, "", "description", required=True)
        if description is None:
            return
        if not description:
            self.add("description", _("angiv beskrivelsen på mindst ét sprog, fx da eller en"))
            return
        has_long = has_features = False
        for lang, texts in description.items():
            path = _join("description", lang)
            self.language(path, str(lang))
            if not isinstance(texts, dict):
                self.add(path, _type_message("mapping", texts))
                continue
            self.string(texts, path, "localisedName", required=False)
            generic = self.string(texts, path, "genericName", required=False)
            if generic is not None and len(generic) > GENERIC_NAME_MAX:
                self.add(_join(path, "genericName"), _too_long(GENERIC_NAME_MAX, len(generic)))
            short = self.string(texts, path, "shortDescription", required=True)
            if short is not None and len(short.strip()) > SHORT_DESCRIPTION_MAX:
                self.add(
                    _join(path, "shortDescription"),
                    _too_long(SHORT_DESCRIPTION_MAX, len(short.strip())),
                )
            if "longDescription" in texts:
                has_long = True
                long = self.string(texts, path, "longDescription", required=True)
                if long is not None and not (
                    LONG_DESCRIPTION_MIN <= len(long.strip()) <= LONG_DESCRIPTION_MAX
                ):
                    self.add(
                        _join(path, "longDescription"),
                        _("skal være mellem %(min)s og %(max)s tegn (er %(n)s)")
                        % {
                            "min": LONG_DESCRIPTION_MIN,
                            "max": f"{LONG_DESCRIPTION_MAX:,}".replace(",", "."),
                            "n": len(long.strip()),
                        },
                    )
            if "features" in texts:
                has_features = True
                self.string_list(texts, path, "features", required=True, allow_string=False)
            for key in ("documentation", "apiDocumentation"):
                self.url(texts, path, key, required=False)
            self.string_list(texts, path, "screenshots", required=False, allow_string=False)
            videos = self.string_list(texts, path, "videos", required=False, allow_string=False)
            for video_path, video in videos or []:
                if not _is_url(video):
                    self.bad_url(video_path, video)
            self.string_list(texts, path, "awards", required=False, allow_string=False)
        first = _join("description", next(iter(description)))
        if not has_long:
            self.add(_join(first, "longDescription"), _("påkrævet nøgle mangler"))
        if not has_features:
            self.add(_join(first, "features"), _("påkrævet nøgle mangler"))

    def _legal(self) -> None:
        legal = self.mapping(self.data, "", "legal", required=True)
        if legal is None:
            return
        licence = self.string(legal, "legal", "license", required=True)
        if licence is not None:
            problem = spdx_licence_problem(licence)
            if problem:
                self.add("legal.license", problem)
        for key in ("mainCopyrightOwner", "repoOwner", "authorsFile"):
            self.string(legal, "legal", key, required=False)

    def _maintenance(self) -> None:
        maintenance = self.mapping(self.data, "", "maintenance", required=True)
        if maintenance is None:
            return
        kind = self.enum(maintenance, "maintenance", "type", MAINTENANCE_TYPES)
        contractors = self._objects(
            maintenance, "maintenance", "contractors", required=kind == "contract"
        )
        for path, contractor in contractors:
            self.string(contractor, path, "name", required=True)
            self.date(contractor, path, "until", required=True)
            self.string(contractor, path, "email", required=False)
            self.url(contractor, path, "website", required=False)
        contacts = self._objects(
            maintenance, "maintenance", "contacts", required=kind in {"internal", "community"}
        )
        for path, contact in contacts:
            self.string(contact, path, "name", required=True)
            for key in ("email", "phone", "affiliation"):
                self.string(contact, path, key, required=False)

    def _objects(
        self, section: dict[str, Any], path: str, key: str, *, required: bool
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        value = self.get(section, path, key, required=required)
        here = _join(path, key)
        if value is None:
            return
        if not isinstance(value, list):
            self.add(here, _type_message("list", value))
            return
        if required and not value:
            self.add(here, _("listen må ikke være tom"))
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(_join(here, i), _type_message("mapping", item))
            else:
                yield _join(here, i), item

    def _localisation(self) -> None:
        localisation = self.mapping(self.data, "", "localisation", required=True)
        if localisation is None:
            return
        self.boolean(localisation, "localisation", "localisationReady")
        languages = self.string_list(
            localisation, "localisation", "availableLanguages", required=True, allow_string=False
        )
        for path, tag in languages or []:
            self.language(path, tag)

    def _depends_on(self) -> None:
        depends = self.mapping(self.data, "", "dependsOn", required=False)
        if depends is None:
            return
        for key in ("open", "proprietary", "hardware"):
            for path, dependency in self._objects(depends, "dependsOn", key, required=False):
                self.string(dependency, path, "name", required=True)

    def _extension(self) -> None:
        extension = self.mapping(self.data, "", EXTENSION_KEY, required=False)
        if extension is None:
            return
        for key in (
            "organisation",
            "slug",
            "summary",
            "description",
            "kleCode",
            "maturity",
            "priceIndication",
            "sourceUrl",
            "website",
        ):
            self.string(extension, EXTENSION_KEY, key, required=False)
        for key in ("policyAreas", "technologies", "suppliers"):
            self.string_list(extension, EXTENSION_KEY, key, required=False, allow_string=False)
        maturity = extension.get("maturity")
        if isinstance(maturity, str) and maturity not in Maturity.values:
            self.add(
                _join(EXTENSION_KEY, "maturity"),
                _('ugyldig værdi "%(value)s" (tilladt: %(allowed)s)')
                % {"value": maturity[:40], "allowed": ", ".join(Maturity.values)},
            )


def _type_message(expected: str, value: Any) -> str:
    names = {
        "string": _("en tekst"),
        "list": _("en liste"),
        "mapping": _("en sektion med nøgler"),
        "bool": _("true eller false"),
    }
    return _("skal være %(expected)s, ikke %(found)s") % {
        "expected": names[expected],
        "found": _value_kind(value),
    }


def _value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return _("en sandhedsværdi")
    if isinstance(value, int | float):
        return _("et tal")
    if isinstance(value, str):
        return _("en tekst")
    if isinstance(value, list):
        return _("en liste")
    if isinstance(value, dict):
        return _("en sektion")
    return _("tom")


def _too_long(limit: int, length: int) -> str:
    return _("højst %(limit)s tegn (er %(length)s)") % {"limit": limit, "length": length}


def spdx_licence_problem(expression: str) -> str | None:
    """A short Danish message for an expression that is not valid SPDX, naming the unknown ids."""
    from spred.catalogue.spdx import spdx_expression_problem

    if spdx_expression_problem(expression) is None:
        return None
    from license_expression import get_spdx_licensing

    info = get_spdx_licensing().validate(expression.strip(), strict=True)
    unknown = sorted(info.invalid_symbols)
    if unknown:
        return _("ukendt SPDX-licens %(ids)s") % {"ids": ", ".join(f'"{u}"' for u in unknown)}
    return _('ugyldigt SPDX-udtryk "%(expression)s"') % {"expression": expression.strip()[:100]}


def check_publiccode(parsed: ParsedPubliccode) -> list[PubliccodeProblem]:
    """Every problem with a parsed file, sorted by where it is."""
    if parsed.data is None:
        return sorted(parsed.problems, key=lambda p: (p.line, p.column))
    problems = [*parsed.problems, *_Checker(parsed.data, parsed.positions).run()]
    return sorted(problems, key=lambda p: (p.line, p.column, p.key))


def validate_publiccode(text: str | bytes) -> list[PubliccodeProblem]:
    """Everything wrong with a publiccode.yml (an empty list when it is valid)."""
    return check_publiccode(parse_publiccode(text))


# --------------------------------------------------------------------------------------------
# publiccode.yml → the catalogue


def _description_texts(data: dict[str, Any]) -> dict[str, Any]:
    descriptions = data.get("description") or {}
    for lang in ("da", "en"):
        if isinstance(descriptions.get(lang), dict):
            return dict(descriptions[lang])
    for texts in descriptions.values():
        if isinstance(texts, dict):
            return dict(texts)
    return {}


def _long_text(texts: dict[str, Any]) -> str:
    long = str(texts.get("longDescription") or "").strip()
    features = [str(f).strip() for f in texts.get("features") or [] if str(f).strip()]
    if features:
        heading = _("Funktioner:")
        long = (
            (long + "\n\n" if long else "") + heading + "\n" + "\n".join(f"- {f}" for f in features)
        )
    return long


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def publiccode_record(data: dict[str, Any], *, organisation: str | None = None) -> dict[str, Any]:
    """A solution record of the import format (docs/catalogue-format.md) from a valid
    publiccode.yml. ``organisation`` (a reference) wins over ``x-spred.organisation``."""
    extension = data.get(EXTENSION_KEY) or {}
    texts = _description_texts(data)
    categories = [c for c in data.get("categories") or [] if isinstance(c, str)]
    record: dict[str, Any] = {
        "type": "solution",
        "title": str(data.get("name") or "").strip(),
        "summary": str(texts.get("shortDescription") or "").strip(),
        "organisation": organisation or extension.get("organisation") or "",
        "description": _long_text(texts),
        "technologies": _unique(
            [TECHNOLOGY_OF_CATEGORY[c] for c in categories if c in TECHNOLOGY_OF_CATEGORY]
        ),
        "policy_areas": _unique(
            [POLICY_AREA_OF_CATEGORY[c] for c in categories if c in POLICY_AREA_OF_CATEGORY]
        ),
        "maturity": str(MATURITY_OF_STATUS.get(str(data.get("developmentStatus")), Maturity.PILOT)),
        "licence": str((data.get("legal") or {}).get("license") or "").strip(),
        "source_url": str(data.get("url") or "").strip(),
        "website": str(data.get("landingURL") or "").strip(),
    }
    # Spred's own fields, when the file was written by Spred (or by someone who knows them).
    from_extension = {
        "slug": "slug",
        "summary": "summary",
        "description": "description",
        "policyAreas": "policy_areas",
        "technologies": "technologies",
        "kleCode": "kle_code",
        "maturity": "maturity",
        "priceIndication": "price_indication",
        "suppliers": "suppliers",
        "sourceUrl": "source_url",
        "website": "website",
    }
    for key, name in from_extension.items():
        if key in extension and extension[key] is not None:
            record[name] = extension[key]
    required = {"type", "title", "summary", "organisation"}
    return {k: v for k, v in record.items() if k in required or v not in ("", [], None)}


def publiccode_solution_input(data: dict[str, Any]) -> SolutionInput:
    """The solution a valid publiccode.yml describes, without the organisation references (the
    maintaining organisation and suppliers), which the importer resolves."""
    record = publiccode_record(data)
    return SolutionInput(
        name=record["title"],
        summary=record["summary"],
        description=record.get("description", ""),
        technologies=list(record.get("technologies", [])),
        policy_areas=list(record.get("policy_areas", [])),
        kle_code=record.get("kle_code", ""),
        maturity=record.get("maturity", Maturity.PILOT),
        licence=record.get("licence", ""),
        source_url=record.get("source_url", ""),
        website=record.get("website", ""),
        price_indication=record.get("price_indication", ""),
    )


# --------------------------------------------------------------------------------------------
# The catalogue → publiccode.yml


class NotExportable(Exception):
    """The solution lacks what the standard requires and Spred cannot truthfully fill in."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _organisation_ref(solution: Solution) -> str:
    organisation = solution.organisation
    return organisation.municipality_code or organisation.cvr or organisation.slug


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + "…"


def solution_publiccode(solution: Solution, *, base_url: str | None = None) -> dict[str, Any]:
    """The solution as a publiccode.yml document (a dict, ready for ``dump_publiccode``).

    The standard requires a few things the catalogue does not record; they are filled in the
    plainest truthful way: the platform is ``web``, the software type ``standalone/other``,
    maintenance ``none`` (Spred does not know the maintenance arrangement) and the available
    language Danish. A solution without an SPDX licence cannot be described (the standard needs
    one) and raises ``NotExportable``."""
    if not solution.licence:
        raise NotExportable(
            _("Løsningen har ingen licens. publiccode.yml kræver et SPDX-id, fx EUPL-1.2.")
        )
    base = (base_url if base_url is not None else settings.SPRED_BASE_URL).rstrip("/")
    page = base + solution.get_absolute_url()
    areas = list(solution.policy_areas.values_list("slug", flat=True))
    technologies = list(solution.technologies.values_list("slug", flat=True))
    categories = _unique(
        [CATEGORY_OF_TECHNOLOGY[t] for t in technologies if t in CATEGORY_OF_TECHNOLOGY]
        + [CATEGORY_OF_POLICY_AREA[a] for a in areas if a in CATEGORY_OF_POLICY_AREA]
    ) or [FALLBACK_CATEGORY]
    long = solution.description.strip() or solution.summary.strip()
    if len(long) < LONG_DESCRIPTION_MIN:
        more = _(
            "%(name)s er beskrevet i Spreds katalog over løsninger til den offentlige sektor, "
            "hvor der også står, hvem der bruger den: %(url)s"
        ) % {"name": solution.name, "url": page}
        long = f"{long}\n\n{more}".strip()
    long = _shorten_paragraphs(long, LONG_DESCRIPTION_MAX)
    extension: dict[str, Any] = {
        "organisation": _organisation_ref(solution),
        "slug": solution.slug,
        "summary": solution.summary,
        "description": solution.description,
        "policyAreas": areas,
        "technologies": technologies,
        "kleCode": solution.kle_code,
        "maturity": str(solution.maturity),
        "priceIndication": solution.price_indication,
        "suppliers": [s.cvr or s.slug for s in solution.suppliers.all()],
        "sourceUrl": solution.source_url,
        "website": solution.website,
    }
    document: dict[str, Any] = {
        "publiccodeYmlVersion": EXPORT_VERSION,
        "name": solution.name,
        "url": solution.source_url or solution.website or page,
    }
    if solution.website:
        document["landingURL"] = solution.website
    document.update(
        {
            "platforms": ["web"],
            "categories": categories,
            "developmentStatus": STATUS_OF_MATURITY.get(str(solution.maturity), "beta"),
            "softwareType": "standalone/other",
            "description": {
                "da": {
                    "localisedName": solution.name,
                    "shortDescription": _shorten(solution.summary, SHORT_DESCRIPTION_MAX),
                    "longDescription": long,
                    "documentation": page,
                    "features": [_shorten(solution.summary, 300)],
                }
            },
            "legal": {"license": solution.licence, "repoOwner": solution.organisation.name},
            "maintenance": {"type": "none"},
            "localisation": {"localisationReady": False, "availableLanguages": ["da"]},
            EXTENSION_KEY: extension,
        }
    )
    return document


def _shorten_paragraphs(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def dump_publiccode(document: dict[str, Any]) -> str:
    header = "# publiccode.yml %s\n" % (
        _("skrevet af Spred (standardens version %(v)s)")
        % {"v": document.get("publiccodeYmlVersion")}
    )
    body = yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return header + body
