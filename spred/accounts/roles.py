"""Platform roles. They are Django groups, created by a data migration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformRole(models.TextChoices):
    EDITOR = "Redaktør", _("Redaktør")
    ANALYST = "Analytiker", _("Analytiker")
    STEERING = "Styregruppe", _("Styregruppe")
    ADMINISTRATOR = "Administrator", _("Administrator")
