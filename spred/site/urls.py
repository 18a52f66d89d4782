"""The platform's own pages, at the root of the site and under /konto/."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from spred.site import views
from spred.site.sitemaps import SITEMAPS

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("om-spred/", views.about, name="about"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("moduler/<slug:slug>/", views.module, name="module"),
    path("konto/min-side/", views.profile, name="profile"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
