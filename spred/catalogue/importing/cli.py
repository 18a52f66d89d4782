"""Who a catalogue import command runs as: an editor or administrator, named with ``--as``.
Reading the file, progress and output are the import kit's (``core.importing.cli``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from spred.accounts import commands
from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.catalogue.policies import CataloguePolicy


def acting_user(email: str | None) -> User:
    """The editor or administrator the import is done as: ``--as``, or else the platform's only
    editor."""
    return commands.acting_user(
        email,
        role=PlatformRole.EDITOR,
        allowed=lambda user: CataloguePolicy.can(user, "import"),
        refused=_("%(email)s er hverken redaktør eller administrator og kan ikke importere."),
    )
