"""The account pages under /konto/: name and job title, and personal API tokens."""

from django.urls import path

from spred.accounts import views

app_name = "accounts"

urlpatterns = [
    path("min-side/rediger/", views.profile_edit, name="profile_edit"),
    path("api-noegler/", views.api_tokens, name="tokens"),
    path("api-noegler/<int:pk>/tilbagekald/", views.api_token_revoke, name="token_revoke"),
]
