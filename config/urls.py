from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from spred.api import views as api_views
from spred.api.v1 import api
from spred.catalogue.sitemaps import SITEMAPS
from spred.core import views as core_views

urlpatterns = [
    path("", include("spred.core.urls")),
    path("organisationer/", include("spred.organisations.urls")),
    path("katalog/", include("spred.catalogue.urls")),
    path("barometer/", include("spred.barometer.urls")),
    path("spredning/", include("spred.diffusion.urls")),
    path("konto/", include("spred.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("aabne-data/", api_views.open_data, name="open_data"),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
]

handler400 = "spred.core.errors.bad_request"
handler403 = "spred.core.errors.permission_denied"
handler404 = "spred.core.errors.page_not_found"
handler500 = "spred.core.errors.server_error"

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
