from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometerConfig(AppConfig):
    name = "spred.barometer"
    label = "barometer"
    verbose_name = _("Innovationsbarometer")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from spred.barometer.models import Codebook, DataImport, Indicator, Wave

        # Respondent is deliberately not audited: an audit row would copy the answers into a
        # second table that is read in the admin. Imports are audited as DataImport rows, and
        # publishing as the wave's change of status.
        auditlog.register(Wave, exclude_fields=["updated_at"])
        auditlog.register(Codebook, exclude_fields=["updated_at"])
        auditlog.register(DataImport, exclude_fields=["updated_at"])
        auditlog.register(Indicator, exclude_fields=["updated_at"])
