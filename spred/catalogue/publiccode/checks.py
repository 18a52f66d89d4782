"""Checking a parsed publiccode.yml against the standard's rules (versions 0.2–0.4).

Checking runs offline: the licence against the SPDX list bundled with ``license-expression``,
language and country codes against the CLDR data that ships with Babel, dates and URLs by their
syntax. Every problem names the key as a dotted path, says what is wrong in Danish and where
(``legal.license: ukendt SPDX-licens "Foo" (12:3)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from spred.catalogue.choices import Maturity
from spred.catalogue.publiccode.codes import is_country_code, is_language_tag
from spred.catalogue.publiccode.reading import (
    ParsedPubliccode,
    PubliccodeProblem,
    join_path,
    parse_publiccode,
)
from spred.catalogue.publiccode.standard import (
    CATEGORIES,
    DEVELOPMENT_STATUSES,
    EXPORT_VERSION,
    EXTENSION_KEY,
    GENERIC_NAME_MAX,
    LONG_DESCRIPTION_MAX,
    LONG_DESCRIPTION_MIN,
    MAINTENANCE_TYPES,
    SHORT_DESCRIPTION_MAX,
    SOFTWARE_TYPES,
    SUPPORTED_VERSIONS,
)


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
                self.add(join_path(path, key), _("påkrævet nøgle mangler"))
            return None
        return section[key]

    def string(self, section: dict[str, Any], path: str, key: str, *, required: bool) -> Any:
        value = self.get(section, path, key, required=required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(join_path(path, key), _type_message("string", value))
            return None
        if required and not value.strip():
            self.add(join_path(path, key), _("må ikke være tom"))
            return None
        return value

    def mapping(self, section: dict[str, Any], path: str, key: str, *, required: bool) -> Any:
        value = self.get(section, path, key, required=required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add(join_path(path, key), _type_message("mapping", value))
            return None
        return value

    def string_list(
        self, section: dict[str, Any], path: str, key: str, *, required: bool, allow_string: bool
    ) -> list[tuple[str, str]] | None:
        """(path, value) for each item; a single string where the standard allows one."""
        value = self.get(section, path, key, required=required)
        here = join_path(path, key)
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
                self.add(join_path(here, i), _type_message("string", item))
            else:
                items.append((join_path(here, i), item))
        if required and not value:
            self.add(here, _("listen må ikke være tom"))
        return items

    def enum(self, section: dict[str, Any], path: str, key: str, allowed: tuple[str, ...]) -> Any:
        value = self.string(section, path, key, required=True)
        if value is not None and value not in allowed:
            self.add(
                join_path(path, key),
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
            self.bad_url(join_path(path, key), value)

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
                join_path(path, key),
                _('ugyldig dato "%(value)s" (skal skrives ÅÅÅÅ-MM-DD)')
                % {"value": str(value)[:40]},
            )

    def boolean(self, section: dict[str, Any], path: str, key: str) -> None:
        value = self.get(section, path, key, required=True)
        if value is not None and not isinstance(value, bool):
            self.add(join_path(path, key), _type_message("bool", value))

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
            path = join_path("description", lang)
            self.language(path, str(lang))
            if not isinstance(texts, dict):
                self.add(path, _type_message("mapping", texts))
                continue
            self.string(texts, path, "localisedName", required=False)
            generic = self.string(texts, path, "genericName", required=False)
            if generic is not None and len(generic) > GENERIC_NAME_MAX:
                self.add(join_path(path, "genericName"), _too_long(GENERIC_NAME_MAX, len(generic)))
            short = self.string(texts, path, "shortDescription", required=True)
            if short is not None and len(short.strip()) > SHORT_DESCRIPTION_MAX:
                self.add(
                    join_path(path, "shortDescription"),
                    _too_long(SHORT_DESCRIPTION_MAX, len(short.strip())),
                )
            if "longDescription" in texts:
                has_long = True
                long = self.string(texts, path, "longDescription", required=True)
                if long is not None and not (
                    LONG_DESCRIPTION_MIN <= len(long.strip()) <= LONG_DESCRIPTION_MAX
                ):
                    self.add(
                        join_path(path, "longDescription"),
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
        first = join_path("description", next(iter(description)))
        if not has_long:
            self.add(join_path(first, "longDescription"), _("påkrævet nøgle mangler"))
        if not has_features:
            self.add(join_path(first, "features"), _("påkrævet nøgle mangler"))

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
        here = join_path(path, key)
        if value is None:
            return
        if not isinstance(value, list):
            self.add(here, _type_message("list", value))
            return
        if required and not value:
            self.add(here, _("listen må ikke være tom"))
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(join_path(here, i), _type_message("mapping", item))
            else:
                yield join_path(here, i), item

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
                join_path(EXTENSION_KEY, "maturity"),
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
