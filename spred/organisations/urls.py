from django.urls import path

from spred.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("registrer/", views.organisation_register, name="register"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/rediger/", views.organisation_edit, name="edit"),
    path("<slug:slug>/bliv-medlem/", views.membership_request, name="request_membership"),
    path("<slug:slug>/medlemmer/", views.organisation_members, name="members"),
    path(
        "<slug:slug>/medlemmer/<int:pk>/rolle/",
        views.membership_change_role,
        name="change_role",
    ),
    path("<slug:slug>/medlemmer/<int:pk>/fjern/", views.membership_remove, name="remove_member"),
]
