"""Language tags (BCP 47) and country codes (ISO 3166-1), checked against the CLDR data that
ships with Babel, so checking runs offline.
"""

from __future__ import annotations

import re
from functools import lru_cache


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
