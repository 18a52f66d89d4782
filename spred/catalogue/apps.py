from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "spred.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from spred.catalogue.models import (
            Attachment,
            Case,
            CaseContact,
            CasePartner,
            Solution,
        )

        auditlog.register(
            Case,
            exclude_fields=["updated_at"],
            m2m_fields={"policy_areas", "technologies", "innovation_types", "solutions"},
        )
        auditlog.register(
            Solution,
            exclude_fields=["updated_at"],
            m2m_fields={"policy_areas", "technologies", "suppliers"},
        )
        auditlog.register(CasePartner, exclude_fields=["updated_at"])
        # The consent record's history (given, which text, withdrawn) is kept; the personal
        # details are not, so that a withdrawal erases them from the audit log too.
        auditlog.register(
            CaseContact,
            exclude_fields=["updated_at", "name", "email", "phone", "job_title"],
        )
        auditlog.register(Attachment, exclude_fields=["updated_at"])
        self._register_search()

    @staticmethod
    def _register_search() -> None:
        try:
            from spred.search.registry import register
        except ImportError:  # the search app is built separately; the catalogue works without
            return
        from spred.catalogue.search_provider import CaseProvider, SolutionProvider

        register(CaseProvider())
        register(SolutionProvider())
