"""URLs of the ledger area of /spredning/."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import ledger_views as views

urlpatterns: list[URLPattern] = [
    path("ibrugtagninger/", views.ledger, name="ledger"),
    path("registrer/", views.adoption_record, name="record"),
    path("til-bekraeftelse/", views.to_confirm, name="to_confirm"),
    path("ibrugtagninger/<int:pk>/", views.adoption_detail, name="adoption"),
    path("ibrugtagninger/<int:pk>/status/", views.adoption_change_status, name="adoption_status"),
    path("ibrugtagninger/<int:pk>/bekraeft/", views.adoption_confirm, name="adoption_confirm"),
    path("ibrugtagninger/<int:pk>/afvis/", views.adoption_reject, name="adoption_reject"),
    path(
        "ibrugtagninger/<int:pk>/traek-tilbage/",
        views.adoption_withdraw,
        name="adoption_withdraw",
    ),
    path("ibrugtagninger/<int:pk>/rediger/", views.adoption_edit, name="adoption_edit"),
    path("ibrugtagninger/<int:pk>/laert-af/", views.learned_from_add, name="learned_from_add"),
    path(
        "ibrugtagninger/<int:pk>/laert-af/<int:link>/slet/",
        views.learned_from_remove,
        name="learned_from_remove",
    ),
]
