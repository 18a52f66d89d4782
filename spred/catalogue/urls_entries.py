"""Cases and solutions: their pages, the forms that write them and the review workflow."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.catalogue import views

urlpatterns: list[URLPattern] = [
    path("mine-bidrag/", views.my_entries, name="my_entries"),
    path("til-behandling/", views.review_queue, name="review_queue"),
    # Cases
    path("cases/ny/", views.case_create, name="case_create"),
    path("cases/<slug:slug>/", views.case_detail, name="case_detail"),
    path("cases/<slug:slug>/rediger/", views.case_edit, name="case_edit"),
    path("cases/<slug:slug>/indsend/", views.case_submit, name="case_submit"),
    path("cases/<slug:slug>/traek-tilbage/", views.case_recall, name="case_recall"),
    path("cases/<slug:slug>/behandl/", views.case_review, name="case_review"),
    path("cases/<slug:slug>/arkiver/", views.case_archive, name="case_archive"),
    path("cases/<slug:slug>/genaabn/", views.case_unarchive, name="case_unarchive"),
    path("cases/<slug:slug>/slet/", views.case_delete, name="case_delete"),
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
    path("loesninger/ny/", views.solution_create, name="solution_create"),
    path("loesninger/<slug:slug>/", views.solution_detail, name="solution_detail"),
    path("loesninger/<slug:slug>/rediger/", views.solution_edit, name="solution_edit"),
    path("loesninger/<slug:slug>/indsend/", views.solution_submit, name="solution_submit"),
    path("loesninger/<slug:slug>/traek-tilbage/", views.solution_recall, name="solution_recall"),
    path("loesninger/<slug:slug>/behandl/", views.solution_review, name="solution_review"),
    path("loesninger/<slug:slug>/arkiver/", views.solution_archive, name="solution_archive"),
    path("loesninger/<slug:slug>/genaabn/", views.solution_unarchive, name="solution_unarchive"),
    path("loesninger/<slug:slug>/slet/", views.solution_delete, name="solution_delete"),
]
