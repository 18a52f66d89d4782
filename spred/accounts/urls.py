from django.urls import path

from spred.accounts import views

app_name = "accounts"

urlpatterns = [
    path("min-side/", views.profile, name="profile"),
    path("min-side/rediger/", views.profile_edit, name="profile_edit"),
    path("api-noegler/", views.api_tokens, name="tokens"),
    path("api-noegler/<int:pk>/tilbagekald/", views.api_token_revoke, name="token_revoke"),
    path("anmodninger/", views.membership_requests, name="requests"),
    path("anmodninger/<int:pk>/afgoer/", views.membership_decide, name="decide"),
    path("medlemskaber/<int:pk>/udmeld/", views.membership_withdraw, name="withdraw"),
]
