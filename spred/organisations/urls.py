"""The register of organisations (/organisationer/) and the membership pages under /konto/."""

from django.urls import path

from spred.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisationer/", views.organisation_list, name="list"),
    path("organisationer/registrer/", views.organisation_register, name="register"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="detail"),
    path("organisationer/<slug:slug>/rediger/", views.organisation_edit, name="edit"),
    path(
        "organisationer/<slug:slug>/bliv-medlem/",
        views.membership_request,
        name="request_membership",
    ),
    path("organisationer/<slug:slug>/medlemmer/", views.organisation_members, name="members"),
    path(
        "organisationer/<slug:slug>/medlemmer/<int:pk>/rolle/",
        views.membership_change_role,
        name="change_role",
    ),
    path(
        "organisationer/<slug:slug>/medlemmer/<int:pk>/fjern/",
        views.membership_remove,
        name="remove_member",
    ),
    # The signed-in person's memberships, among the account pages.
    path("konto/anmodninger/", views.membership_requests, name="membership_requests"),
    path("konto/anmodninger/<int:pk>/afgoer/", views.membership_decide, name="membership_decide"),
    path(
        "konto/medlemskaber/<int:pk>/udmeld/",
        views.membership_withdraw,
        name="membership_withdraw",
    ),
]
