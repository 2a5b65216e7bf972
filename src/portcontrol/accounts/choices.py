"""Labelled constants of the accounts app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ANALYST = "analyst", _("Risk analyst")
    OFFICER = "officer", _("Frontline officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    PARTNER = "partner", _("Partner agency officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    SYSTEM = "system", _("System (API client)")


class AgencyKind(models.TextChoices):
    CUSTOMS = "customs", _("Customs")
    BORDER_SERVICE = "border_service", _("Border service")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


# Roles that may load manifests and correct quarantined items.
INGEST_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR, Role.SYSTEM})
# Roles that see the cargo records of their own unit.
UNIT_ROLES = frozenset({Role.ANALYST, Role.OFFICER, Role.SUPERVISOR, Role.SYSTEM})
