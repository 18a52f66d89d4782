"""Cases and solutions: their pages, the forms that write them and the review workflow."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from spred.catalogue import views
from spred.catalogue.views import CASE_PAGES, SOLUTION_PAGES, EntryPages, for_kind

#: The pages both kinds of entry have, as (address below the kind's, action, generic view). A
#: page is named ``<kind>_<action>``: ``case_submit``, ``solution_delete``.
SHARED_PAGES: tuple[tuple[str, str, Callable[..., HttpResponse]], ...] = (
    ("ny/", "create", views.entry_create),
    ("<slug:slug>/", "detail", views.entry_detail),
    ("<slug:slug>/rediger/", "edit", views.entry_edit),
    ("<slug:slug>/indsend/", "submit", views.entry_submit),
    ("<slug:slug>/traek-tilbage/", "recall", views.entry_recall),
    ("<slug:slug>/behandl/", "review", views.entry_review),
    ("<slug:slug>/arkiver/", "archive", views.entry_archive),
    ("<slug:slug>/genaabn/", "unarchive", views.entry_unarchive),
    ("<slug:slug>/slet/", "delete", views.entry_delete),
)


def _shared_pages(prefix: str, kind: EntryPages) -> list[URLPattern]:
    return [
        path(prefix + route, for_kind(view, kind), name=f"{kind.name}_{action}")
        for route, action, view in SHARED_PAGES
    ]


urlpatterns: list[URLPattern] = [
    path("mine-bidrag/", views.my_entries, name="my_entries"),
    path("til-behandling/", views.review_queue, name="review_queue"),
    # Cases
    *_shared_pages("cases/", CASE_PAGES),
    path("cases/<slug:slug>/versioner/<int:number>/", views.case_revision, name="case_revision"),
    path("cases/<slug:slug>/kontaktperson/", views.contact_edit, name="contact_edit"),
    path(
        "cases/<slug:slug>/kontaktperson/fjern/",
        views.contact_withdraw,
        name="contact_withdraw",
    ),
    path("samtykke/<str:token>/", views.contact_withdraw_link, name="contact_withdraw_link"),
    path("cases/<slug:slug>/bilag/", views.attachment_add, name="attachment_add"),
    path(
        "cases/<slug:slug>/bilag/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "cases/<slug:slug>/bilag/<int:pk>/fjern/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    # Solutions
    *_shared_pages("loesninger/", SOLUTION_PAGES),
]
