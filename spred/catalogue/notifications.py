"""E-mails about the review workflow. Sent after the write commits, so nobody hears about a
change that was rolled back; in Danish, the platform's language, whatever page started it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from spred.accounts.roles import PlatformRole
from spred.catalogue.models import Case, Solution


def editor_addresses(*, exclude: Any = None) -> list[str]:
    """Everyone with the Redaktør role (platform admins only when there is no editor, so a
    submission always reaches someone)."""
    users = get_user_model().objects.filter(is_active=True)
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    editors = list(
        users.filter(groups__name=PlatformRole.EDITOR)
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    if editors:
        return editors
    return list(
        users.filter(Q(groups__name=PlatformRole.ADMINISTRATOR) | Q(is_superuser=True))
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


def author_addresses(entry: Case | Solution, *, exclude: Any = None) -> list[str]:
    """The person who wrote the entry and the one who submitted it, if still active."""
    people = [entry.created_by, entry.submitted_by]
    exclude_pk = getattr(exclude, "pk", None)
    return sorted({p.email for p in people if p is not None and p.is_active and p.pk != exclude_pk})


def _kind(entry: Case | Solution) -> str:
    return str(_("casen")) if isinstance(entry, Case) else str(_("løsningen"))


def _title(entry: Case | Solution) -> str:
    return entry.title


def _url(path: str) -> str:
    return settings.SPRED_BASE_URL + path


def _review_path(entry: Case | Solution) -> str:
    name = "catalogue:case_review" if isinstance(entry, Case) else "catalogue:solution_review"
    return reverse(name, kwargs={"slug": entry.slug})


def _send(subject: str, template: str, context: dict[str, Any], recipients: Iterable[str]) -> None:
    addresses = sorted(set(recipients))
    if not addresses:
        return
    body = render_to_string(f"emails/catalogue/{template}", context)
    # One message per recipient: editors and authors do not see each other's addresses.
    messages = [(subject, body, None, [address]) for address in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def _danish(func: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


@_danish
def notify_submitted(entry: Case | Solution, *, by: Any) -> None:
    context = {
        "entry": entry,
        "title": _title(entry),
        "kind": _kind(entry),
        "by": by,
        "url": _url(_review_path(entry)),
        "queue_url": _url(reverse("catalogue:review_queue")),
    }
    _send(
        _("Til behandling: %(title)s") % {"title": _title(entry)},
        "submitted.txt",
        context,
        editor_addresses(exclude=by),
    )


@_danish
def notify_published(entry: Case | Solution, *, by: Any, comment: str = "") -> None:
    context = {
        "entry": entry,
        "title": _title(entry),
        "kind": _kind(entry),
        "comment": comment,
        "url": _url(entry.get_absolute_url()),
    }
    _send(
        _("Publiceret på Spred: %(title)s") % {"title": _title(entry)},
        "published.txt",
        context,
        author_addresses(entry, exclude=by),
    )


@_danish
def notify_returned(entry: Case | Solution, *, by: Any, comment: str) -> None:
    context = {
        "entry": entry,
        "title": _title(entry),
        "kind": _kind(entry),
        "comment": comment,
        "url": _url(entry.get_absolute_url()),
        "mine_url": _url(reverse("catalogue:my_entries")),
    }
    _send(
        _("Sendt retur fra redaktionen: %(title)s") % {"title": _title(entry)},
        "returned.txt",
        context,
        author_addresses(entry, exclude=by),
    )


@_danish
def notify_changed(entry: Case | Solution, *, by: Any, version: int | None = None) -> None:
    """An owner changed a published entry; the change is public already. Editors look it over."""
    if isinstance(entry, Case) and version:
        path = reverse("catalogue:case_revision", kwargs={"slug": entry.slug, "number": version})
    else:
        path = entry.get_absolute_url()
    context = {
        "entry": entry,
        "title": _title(entry),
        "kind": _kind(entry),
        "by": by,
        "version": version,
        "url": _url(path),
    }
    _send(
        _("Ændret efter publicering: %(title)s") % {"title": _title(entry)},
        "changed.txt",
        context,
        editor_addresses(exclude=by),
    )


@_danish
def notify_contact_recorded(contact: Any, token: str) -> None:
    """Tell the contact person they are listed, under which consent, and how to withdraw it."""
    from spred.catalogue.consent import consent_text

    case = contact.case
    text = consent_text(contact.consent_text_version)
    context = {
        "contact": contact,
        "case": case,
        "consent": text.da if text else "",
        "url": _url(case.get_absolute_url()),
        "withdraw_url": _url(reverse("catalogue:contact_withdraw_link", kwargs={"token": token})),
        "contact_email": settings.SPRED_CONTACT_EMAIL,
    }
    _send(
        _("Du er kontaktperson for »%(title)s« på Spred") % {"title": case.title},
        "contact_recorded.txt",
        context,
        [contact.email],
    )
