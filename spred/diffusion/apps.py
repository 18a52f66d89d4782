from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiffusionConfig(AppConfig):
    name = "spred.diffusion"
    label = "diffusion"
    verbose_name = _("Spredning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from spred.diffusion.models import (
            Adoption,
            AdoptionEvent,
            ContactRequest,
            GuideProject,
            LearnedFrom,
            WorksheetAnswer,
        )

        auditlog.register(Adoption, exclude_fields=["updated_at"])
        auditlog.register(AdoptionEvent, exclude_fields=["updated_at"])
        auditlog.register(LearnedFrom, exclude_fields=["updated_at"])
        auditlog.register(GuideProject, exclude_fields=["updated_at"])
        auditlog.register(WorksheetAnswer, exclude_fields=["updated_at"])
        # The message text is personal correspondence; the audit row records that it was sent.
        auditlog.register(ContactRequest, exclude_fields=["updated_at", "message"])
        self._register_solution_panel()

    @staticmethod
    def _register_solution_panel() -> None:
        from spred.catalogue.panels import SolutionPanel, register_solution_panel
        from spred.diffusion.selectors.statistics import solution_panel

        register_solution_panel(
            SolutionPanel("diffusion/includes/solution_panel.html", solution_panel)
        )
