"""Danish messages of the analysis code, translated when Django is configured.

The estimation engine and disclosure control also run in plain scripts (the R comparison, the
benchmarks), where there are no settings to translate with; there the Danish text is used as it
is. Imported as ``_`` so the messages are extracted like every other.
"""

from __future__ import annotations


def gettext(message: str) -> str:
    """Translate when Django is configured, so the module also works in plain scripts."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext as translate

    return translate(message)
