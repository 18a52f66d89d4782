"""What management commands that write share: choosing the person they act as.

Every write is audited with its acting user, and a command has no session to take one from. It
takes ``--as E-MAIL``; left out, it acts as the only active holder of the platform role the
command needs. With several holders it asks: the audit trail should name a person someone chose,
not whichever happened to come first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from spred.accounts.models import User


def add_acting_user_argument(
    parser: CommandParser, *, help: str, aliases: tuple[str, ...] = ()
) -> None:
    """``--as E-MAIL`` (stored as ``acting_as``). ``aliases`` keeps older option names working."""
    parser.add_argument("--as", *aliases, dest="acting_as", metavar="E-MAIL", help=help)


def acting_user(
    email: str | None,
    *,
    role: str,
    allowed: Callable[[User], bool] | None = None,
    refused: str = "",
) -> User:
    """The active user with ``email``, or — without one — the only active holder of ``role``.

    ``allowed`` decides whether the named user may run the command (default: holds ``role``);
    ``refused`` is the message when not, with ``%(email)s`` for the address."""
    holders = User.objects.filter(groups__name=role, is_active=True).distinct()
    if not email or not email.strip():
        found = list(holders[:2])
        if len(found) == 1:
            return found[0]
        raise CommandError(
            _(
                "Angiv, hvem kommandoen udføres som, med --as E-MAIL (rollen %(role)s). Alle "
                "ændringer logges med den person."
            )
            % {"role": role}
        )
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise CommandError(_("Ingen aktiv bruger har e-mailadressen %(email)s.") % {"email": email})
    permitted = allowed(user) if allowed is not None else holders.filter(pk=user.pk).exists()
    if not permitted:
        message = refused or _("%(email)s har ikke rollen %(role)s og kan ikke udføre kommandoen.")
        raise CommandError(message % {"email": user.email, "role": role})
    return user
