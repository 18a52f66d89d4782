"""/api/v1 and its documentation page for people, "Åbne data og API" (/aabne-data/)."""

from django.urls import path

from spred.api import views
from spred.api.v1 import api

urlpatterns = [
    path("aabne-data/", views.open_data, name="open_data"),
    path("api/v1/", api.urls),
]
