"""SPDX licence expressions, checked offline against the licence list bundled with
``license-expression`` (no network at run time)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _


@lru_cache(maxsize=1)
def _licensing() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def spdx_expression_problem(expression: str) -> str | None:
    """None when ``expression`` is a valid SPDX licence expression (e.g. ``EUPL-1.2`` or
    ``MIT OR Apache-2.0``), otherwise a Danish message saying what is wrong."""
    text = (expression or "").strip()
    if not text:
        return _("Angiv en licens som SPDX-id, fx EUPL-1.2.")
    info = _licensing().validate(text, strict=True)
    if info.errors or info.invalid_symbols:
        unknown = ", ".join(sorted(info.invalid_symbols))
        if unknown:
            return _(
                "Ukendt SPDX-licens: %(unknown)s. Brug et id fra SPDX-listen, fx EUPL-1.2."
            ) % {"unknown": unknown}
        return _("Licensen er ikke et gyldigt SPDX-udtryk: %(expression)s.") % {"expression": text}
    return None


def normalise_spdx(expression: str) -> str:
    """The expression with the SPDX list's spelling of each id (``mit`` → ``MIT``)."""
    parsed = _licensing().parse(expression.strip(), validate=True, strict=True)
    return str(parsed.render("{symbol.key}"))
