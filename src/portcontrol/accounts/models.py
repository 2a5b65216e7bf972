"""Agencies, units, users with roles, API tokens and the audit log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.choices import INGEST_ROLES, UNIT_ROLES, AgencyKind, Role


class Agency(models.Model):
    """A national administration or service: a customs service, a border service, police."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A Port Control Unit (or customs post) at one place, run by one agency."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text="e.g. KZKUR, AZALA")
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="units", verbose_name=_("agency")
    )
    locode = models.CharField(_("UN/LOCODE"), max_length=5)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class User(AbstractUser):
    """An officer of one unit, or of a partner agency, with one role."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("unit")
    )
    agency = models.ForeignKey(
        Agency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )

    def works_in_unit(self) -> bool:
        """True for an active member of a unit whose role sees that unit's cargo."""
        return self.is_active and self.unit_id is not None and self.role in UNIT_ROLES

    def may_ingest(self) -> bool:
        """True when the user may load manifests and correct quarantined items."""
        return self.works_in_unit() and self.role in INGEST_ROLES


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for a system (port community system, carrier); only its hash is kept."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = "pc_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], key_hash=_hash_token(raw))
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        """The live token with this raw value, if any."""
        return (
            cls.objects.select_related("user", "user__unit")
            .filter(key_hash=_hash_token(raw), revoked=False, user__is_active=True)
            .first()
        )


class AuditEntry(models.Model):
    """Who did what to which object, when: written inside the action's transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    summary = models.CharField(max_length=500)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor} {self.action} {self.object_type} {self.object_id}"
