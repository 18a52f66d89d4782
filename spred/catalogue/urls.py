"""The catalogue's addresses: finding content and getting it out, cases and solutions with their
forms and workflow, and getting content in.

The pages both kinds of entry have are generic views (``views.kinds``), bound here to a kind
with ``for_kind``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from spred.catalogue.feeds import NewCasesFeed
from spred.catalogue.views import attachments, contact, discovery, entries, imports, workflow
from spred.catalogue.views.kinds import CASE_PAGES, SOLUTION_PAGES, EntryPages, for_kind

app_name = "catalogue"

#: The pages both kinds of entry have, as (address below the kind's, action, generic view). A
#: page is named ``<kind>_<action>``: ``case_submit``, ``solution_delete``.
SHARED_PAGES: tuple[tuple[str, str, Callable[..., HttpResponse]], ...] = (
    ("ny/", "create", entries.entry_create),
    ("<slug:slug>/", "detail", entries.entry_detail),
    ("<slug:slug>/rediger/", "edit", entries.entry_edit),
    ("<slug:slug>/indsend/", "submit", workflow.entry_submit),
    ("<slug:slug>/traek-tilbage/", "recall", workflow.entry_recall),
    ("<slug:slug>/behandl/", "review", workflow.entry_review),
    ("<slug:slug>/arkiver/", "archive", workflow.entry_archive),
    ("<slug:slug>/genaabn/", "unarchive", workflow.entry_unarchive),
    ("<slug:slug>/slet/", "delete", workflow.entry_delete),
)


def _shared_pages(prefix: str, kind: EntryPages) -> list[URLPattern]:
    return [
        path(prefix + route, for_kind(view, kind), name=f"{kind.name}_{action}")
        for route, action, view in SHARED_PAGES
    ]


urlpatterns: list[URLPattern] = [
    # Finding content and getting it out: /katalog/ and its exports, feed and DCAT
    path("", discovery.catalogue_search, name="search"),
    path("forslag/", discovery.catalogue_autocomplete, name="autocomplete"),
    path("eksport.csv", discovery.export_csv, name="export_csv"),
    path("eksport.xlsx", discovery.export_xlsx, name="export_xlsx"),
    path("eksport.json", discovery.export_json, name="export_json"),
    path("cases/feed/", NewCasesFeed(), name="case_feed"),
    path("dcat.jsonld", discovery.catalogue_dcat, name="dcat"),
    # The user's own entries and the editors' queue
    path("mine-bidrag/", workflow.my_entries, name="my_entries"),
    path("til-behandling/", workflow.review_queue, name="review_queue"),
    # Cases
    *_shared_pages("cases/", CASE_PAGES),
    path("cases/<slug:slug>/versioner/<int:number>/", entries.case_revision, name="case_revision"),
    path("cases/<slug:slug>/kontaktperson/", contact.contact_edit, name="contact_edit"),
    path(
        "cases/<slug:slug>/kontaktperson/fjern/",
        contact.contact_withdraw,
        name="contact_withdraw",
    ),
    path("samtykke/<str:token>/", contact.contact_withdraw_link, name="contact_withdraw_link"),
    path("cases/<slug:slug>/bilag/", attachments.attachment_add, name="attachment_add"),
    path(
        "cases/<slug:slug>/bilag/<int:pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "cases/<slug:slug>/bilag/<int:pk>/fjern/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    # Solutions
    *_shared_pages("loesninger/", SOLUTION_PAGES),
    # Getting content in, and solutions out as publiccode.yml
    path("import/", imports.catalogue_import, name="import"),
    path("import/eksempel.json", imports.import_example_json, name="import_example_json"),
    path("import/eksempel.csv", imports.import_example_csv, name="import_example_csv"),
    path("import/eksempel.xlsx", imports.import_example_xlsx, name="import_example_xlsx"),
    path(
        "loesninger/<slug:slug>/publiccode.yml",
        imports.solution_publiccode_file,
        name="solution_publiccode",
    ),
]
