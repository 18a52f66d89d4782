from django.urls import path

from spred.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("om-spred/", views.about, name="about"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("moduler/<slug:slug>/", views.module, name="module"),
]
