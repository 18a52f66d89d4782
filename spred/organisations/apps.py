from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "spred.organisations"
    label = "organisations"
    verbose_name = _("Organisationer")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from spred.organisations.models import Membership, Organisation, Region

        auditlog.register(Region)
        auditlog.register(Organisation, exclude_fields=["search_text", "updated_at"])
        auditlog.register(Membership)
