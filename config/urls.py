"""The site's addresses: each app's urls.py, mounted where its pages live."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("spred.site.urls")),
    path("", include("spred.organisations.urls")),
    path("katalog/", include("spred.catalogue.urls")),
    path("barometer/", include("spred.barometer.urls")),
    path("spredning/", include("spred.diffusion.urls")),
    path("konto/", include("spred.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("spred.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "spred.core.errors.bad_request"
handler403 = "spred.core.errors.permission_denied"
handler404 = "spred.core.errors.page_not_found"
handler500 = "spred.core.errors.server_error"

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
