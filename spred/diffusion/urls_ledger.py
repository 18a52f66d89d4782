"""URLs of the ledger area of /spredning/."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import ledger_views as views

urlpatterns: list[URLPattern] = [
    path("ibrugtagninger/", views.ledger, name="ledger"),
    path("registrer/", views.adoption_record, name="record"),
    path("til-bekraeftelse/", views.to_confirm, name="to-confirm"),
    path("ibrugtagninger/<int:pk>/", views.adoption_detail, name="adoption"),
    path("ibrugtagninger/<int:pk>/status/", views.adoption_change_status, name="adoption-status"),
    path("ibrugtagninger/<int:pk>/bekraeft/", views.adoption_confirm, name="adoption-confirm"),
    path("ibrugtagninger/<int:pk>/afvis/", views.adoption_reject, name="adoption-reject"),
    path(
        "ibrugtagninger/<int:pk>/traek-tilbage/",
        views.adoption_withdraw,
        name="adoption-withdraw",
    ),
    path("ibrugtagninger/<int:pk>/rediger/", views.adoption_edit, name="adoption-edit"),
    path("ibrugtagninger/<int:pk>/laert-af/", views.learned_from_add, name="learned-from-add"),
    path(
        "ibrugtagninger/<int:pk>/laert-af/<int:link>/slet/",
        views.learned_from_remove,
        name="learned-from-remove",
    ),
]
