"""Assessments: the score, lane and reasons of one consignment, cargo unit or person."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Unit
from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.targeting.choices import Lane, TargetKind, Threat


class Assessment(models.Model):
    """What the engine said about one record; a re-assessment keeps the old one, not current."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", db_index=False)
    voyage = models.ForeignKey(Voyage, models.CASCADE, related_name="+")
    target = models.CharField(_("target"), max_length=20, choices=TargetKind.choices)
    consignment = models.ForeignKey(
        Consignment, models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    cargo_unit = models.ForeignKey(
        CargoUnit, models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    person = models.ForeignKey(
        Person, models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    lane = models.CharField(_("lane"), max_length=10, choices=Lane.choices)
    threat = models.CharField(_("threat"), max_length=20, choices=Threat.choices, blank=True)
    # [{kind, key, label, score, lane, threat, detail}], largest contribution first.
    reasons = models.JSONField(_("reasons"), default=list)
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    engine_version = models.CharField(_("engine version"), max_length=40)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("assessment")
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["voyage", "is_current"], name="targeting_assessment_voyage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.target_label}: {self.score} {self.lane}"

    @property
    def record(self) -> Consignment | CargoUnit | Person | None:
        """The consignment, cargo unit or person assessed."""
        return self.consignment or self.cargo_unit or self.person

    @property
    def target_label(self) -> str:
        """How an officer names the target: container number, B/L and item, person's name."""
        return str(self.record) if self.record is not None else "?"
