from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top floor: the pages that belong to the platform rather than to one module (front
    page, about, accessibility, "Min side", the coming modules), the main menu, the sitemap, and
    the demo, loaded app by app. It may read every app; no app reads it."""

    name = "spred.site"
    label = "site"
    verbose_name = _("Platformen")
