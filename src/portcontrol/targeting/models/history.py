"""What indicators learn from a unit's history and an analyst's marks.

High-risk places (marked by analysts), value norms per HS code (fitted from the unit's own
consignment lines) and the parties the unit has seen (when each was first seen).
"""

from __future__ import annotations

import re

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.targeting.choices import Lane

# A UN/LOCODE is a country code and three letters or digits 2-9 (digits 0 and 1 are not used).
LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
PLACE_LANES = [(Lane.YELLOW.value, Lane.YELLOW.label), (Lane.RED.value, Lane.RED.label)]


def compact_place(code: str) -> str:
    """A place code as written by people ("kz kur", "KZ-KUR") in its stored form ("KZKUR")."""
    return re.sub(r"[\s\-]", "", code or "").upper()


class HighRiskPlace(models.Model):
    """A port (UN/LOCODE) or country (ISO 3166) an analyst marked high-risk, with the reason.

    National (no unit) or of one unit; removal keeps the row for the record.
    """

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    code = models.CharField(
        _("place"), max_length=5, help_text=_("UN/LOCODE of a port (5) or country code (2).")
    )
    reason = models.CharField(_("reason"), max_length=300)
    lane = models.CharField(_("lane"), max_length=10, choices=PLACE_LANES, default=Lane.YELLOW)
    added_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    removed_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("high-risk place")
        verbose_name_plural = _("high-risk places")
        ordering = ["code", "id"]
        indexes = [models.Index(fields=["agency", "removed_at"], name="targeting_place_agency")]

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"

    @property
    def is_national(self) -> bool:
        """True for a place marked for the whole administration (no unit)."""
        return self.unit_id is None

    @property
    def is_active(self) -> bool:
        """True until the place is removed."""
        return self.removed_at is None

    def clean(self) -> None:
        """The code is a known country or a well-formed UN/LOCODE of a known country."""
        self.code = compact_place(self.code)
        country = self.code[:2]
        if len(self.code) not in (2, 5) or (len(self.code) == 5 and not LOCODE.match(self.code)):
            raise ValidationError(
                {"code": _("Give a UN/LOCODE (e.g. KZKUR) or a country code (e.g. AF).")}
            )
        if pycountry.countries.get(alpha_2=country) is None:
            raise ValidationError(
                {"code": _("%(country)s is not a country code.") % {"country": country}}
            )


class UnitValueNorm(models.Model):
    """The value-per-kg norms of one unit, fitted from its own lines (JSON, never a pickle)."""

    unit = models.OneToOneField(Unit, models.CASCADE, related_name="+")
    norms = models.JSONField(_("norms"), help_text=_("UnitValueNorms.to_json() of the core."))
    fitted_at = models.DateTimeField(_("fitted at"))
    days = models.PositiveIntegerField(_("days of history"))
    lines = models.PositiveIntegerField(_("lines used"), default=0)
    codes = models.PositiveIntegerField(_("HS codes with a norm"), default=0)

    class Meta:
        verbose_name = _("unit value norms")
        verbose_name_plural = _("unit value norms")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.codes} codes from {self.lines} lines"


class KnownParty(models.Model):
    """A party key (tax number or normalised name with country) the unit has seen, and when.

    Extended as voyages are assessed: the earliest voyage wins, so a re-assessment still finds
    the party new on the voyage where it first appeared.
    """

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=300)
    first_seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("known party")
        verbose_name_plural = _("known parties")
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="targeting_known_party_key"),
        ]

    def __str__(self) -> str:
        return self.key
