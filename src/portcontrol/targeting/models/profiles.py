"""Risk profiles and their versions: every change is kept, the engine applies the approved one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.targeting.choices import Lane, ProfileStatus, Threat

# The fields a version copies: what the profile says, not who handled it.
PROFILE_FIELDS = (
    "code",
    "name",
    "threat",
    "criteria",
    "score",
    "lane",
    "reason",
    "instructions",
    "valid_from",
    "valid_to",
    "priority",
)


class ProfileContent(models.Model):
    """What a risk profile says: shared by the profile (its latest text) and each version."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    threat = models.CharField(_("threat"), max_length=20, choices=Threat.choices)
    criteria = models.TextField(_("criteria"), help_text=_("Written in the profile language."))
    score = models.PositiveSmallIntegerField(_("score"), default=50)
    lane = models.CharField(_("proposed lane"), max_length=10, choices=Lane.choices)
    reason = models.CharField(_("reason"), max_length=300)
    instructions = models.TextField(_("instructions for the officer"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=5)

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.score is not None and self.score > 100:
            errors["score"] = _("A score is between 0 and 100.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end of validity comes before its start.")
        if errors:
            raise ValidationError(errors)

    def content(self) -> dict[str, Any]:
        """The fields that make up what the profile says."""
        return {name: getattr(self, name) for name in PROFILE_FIELDS}


class RiskProfile(ProfileContent):
    """A rule written by analysts: national (agency-wide, no unit) or for one unit."""

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # The approved version the engine applies; a later draft waits for approval meanwhile.
    active_version = models.ForeignKey(
        "RiskProfileVersion", models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("author"))
    approver = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approver")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk profile")
        ordering = ["-priority", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="targeting_profile_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_national(self) -> bool:
        """True for a profile of the whole administration (no unit)."""
        return self.unit_id is None

    @property
    def is_editable(self) -> bool:
        """A retired profile stays as it was; anything else may get a new version."""
        return self.status != ProfileStatus.RETIRED


class RiskProfileVersion(ProfileContent):
    """One saved state of a profile, never changed afterwards."""

    profile = models.ForeignKey(RiskProfile, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    changed_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("risk profile version")
        ordering = ["profile_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="targeting_profile_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A version is a record of what was said: written once, never rewritten.
        if self.pk is not None:
            raise ValueError("a risk profile version is never changed")
        super().save(*args, **kwargs)
