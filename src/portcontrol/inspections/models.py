"""Inspections, their search areas, findings and attachments; seizures and their custody.

Nothing here is deleted: an inspection is cancelled, a seizure is corrected by a new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.inspections.choices import (
    AttachmentKind,
    Commodity,
    Concealment,
    DiscrepancyKind,
    DrugType,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    InspectionTarget,
    QuantityUnit,
    SealState,
    SearchAreaKind,
)
from portcontrol.targeting.models import TargetingTask


class Inspection(models.Model):
    """An order to inspect one consignment, cargo unit, person or vessel, and what it found."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    task = models.ForeignKey(
        TargetingTask,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("task"),
    )
    target = models.CharField(_("target"), max_length=20, choices=InspectionTarget.choices)
    # The voyage is always known: a vessel search targets the voyage itself.
    voyage = models.ForeignKey(Voyage, models.PROTECT, related_name="+", verbose_name=_("voyage"))
    consignment = models.ForeignKey(
        Consignment, models.PROTECT, null=True, blank=True, related_name="+"
    )
    cargo_unit = models.ForeignKey(
        CargoUnit, models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=InspectionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.ORDERED,
    )
    result = models.CharField(
        _("result"), max_length=20, choices=InspectionResult.choices, blank=True
    )
    # Officers of the unit and of partner agencies who take part.
    team = models.ManyToManyField(User, related_name="inspections", blank=True)
    # Agencies taking part: their partner officers see and update this inspection, no other.
    agencies = models.ManyToManyField(Agency, related_name="inspections", blank=True)
    ordered_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    ordered_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, db_index=True)
    seal_state = models.CharField(
        _("seals"), max_length=20, choices=SealState.choices, default=SealState.NOT_CHECKED
    )
    seals_found = models.CharField(_("seal numbers found"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Raised by every change: a form posted with an older number is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-ordered_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="inspection_unit_status"),
            models.Index(fields=["unit", "finished_at"], name="inspection_unit_finished"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.target_label}"

    @property
    def record(self) -> Consignment | CargoUnit | Person | Voyage:
        """What is inspected: the consignment, cargo unit or person, else the vessel's voyage."""
        return self.consignment or self.cargo_unit or self.person or self.voyage

    @property
    def target_label(self) -> str:
        return str(self.record)


class SearchArea(models.Model):
    """One area of a vessel search plan, with its checklist of usual concealment spots."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="areas")
    kind = models.CharField(_("area"), max_length=30, choices=SearchAreaKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    # [{"spot": "...", "checked": bool}] from the checklist of the area's kind, in plan order.
    checklist = models.JSONField(_("checklist"), default=list)
    searched = models.BooleanField(_("searched"), default=False)
    searched_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    searched_at = models.DateTimeField(_("searched at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("search area")
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class Finding(models.Model):
    """Something an inspection found: a discrepancy against the declaration, in an area."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="findings")
    area = models.ForeignKey(
        SearchArea, models.PROTECT, null=True, blank=True, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DiscrepancyKind.choices)
    description = models.TextField(_("description"))
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("finding")
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class Seizure(models.Model):
    """What was seized, how much, where it was hidden, and who holds it now.

    Readable by other administrations: the fields follow the CEN seizure record. A correction
    writes a new ``SeizureVersion``; the current values stay in this row for queries.
    """

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    inspection = models.ForeignKey(
        Inspection, models.PROTECT, null=True, blank=True, related_name="seizures"
    )
    reference = models.CharField(_("seizure number"), max_length=40, unique=True)
    seized_at = models.DateTimeField(_("seized at"), db_index=True)
    place = models.CharField(_("place (UN/LOCODE)"), max_length=5)
    category = models.CharField(_("commodity"), max_length=20, choices=Commodity.choices)
    drug_type = models.CharField(
        _("drug type"), max_length=20, choices=DrugType.choices, blank=True
    )
    description = models.TextField(_("description of the goods"))
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)
    quantity_unit = models.CharField(
        _("unit of quantity"), max_length=10, choices=QuantityUnit.choices
    )
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    concealment = models.CharField(
        _("concealment method"), max_length=30, choices=Concealment.choices
    )
    # Where it was hidden: a cargo unit, an area of the vessel, or a cavity named in words.
    cargo_unit = models.ForeignKey(
        CargoUnit, models.PROTECT, null=True, blank=True, related_name="+"
    )
    search_area = models.ForeignKey(
        SearchArea, models.PROTECT, null=True, blank=True, related_name="seizures"
    )
    concealment_place = models.CharField(_("concealment place"), max_length=200, blank=True)
    voyage = models.ForeignKey(Voyage, models.PROTECT, null=True, blank=True, related_name="+")
    # Route as UN/LOCODEs or country codes: departure, transit places, destination.
    departure = models.CharField(_("departure"), max_length=5, blank=True)
    transit = models.CharField(_("transit"), max_length=100, blank=True)
    destination = models.CharField(_("destination"), max_length=5, blank=True)
    # [{"role": "shipper", "name": "...", "country": "KZ"}]
    parties = models.JSONField(_("parties"), default=list, blank=True)
    # [{"name": "...", "nationality": "KZ", "born": "1980-01-01", "document": "..."}]
    arrested = models.JSONField(_("people arrested"), default=list, blank=True)
    case_reference = models.CharField(_("case reference"), max_length=60, blank=True)
    # The agency now holding the goods and the case; each handover is a CustodyTransfer.
    held_by = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("held by")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")
        ordering = ["-seized_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "seized_at"], name="seizure_unit_seized"),
            models.Index(fields=["category", "seized_at"], name="seizure_category_seized"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_category_display()}"


class SeizureVersion(models.Model):
    """The values of a seizure as saved at one time: version 1 is the first record."""

    seizure = models.ForeignKey(Seizure, models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    saved_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("seizure version")
        ordering = ["seizure_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["seizure", "number"], name="seizure_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.seizure_id} v{self.number}"


class CustodyTransfer(models.Model):
    """One link of the chain of custody: the seized goods handed from one holder to the next."""

    seizure = models.ForeignKey(Seizure, models.PROTECT, related_name="custody")
    from_agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", null=True, blank=True)
    to_agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    handed_over_at = models.DateTimeField(_("handed over at"))
    received_by = models.CharField(_("received by"), max_length=200)
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("custody transfer")
        ordering = ["seizure_id", "handed_over_at", "id"]

    def __str__(self) -> str:
        return f"{self.seizure_id} → {self.to_agency_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a name of our own, never the uploader's: inspections/<id>/<sha256>."""
    return f"inspections/{instance.inspection_id}/{instance.sha256}"


class Attachment(models.Model):
    """A photo or document of an inspection or seizure; the bytes live in files, not rows."""

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="attachments")
    seizure = models.ForeignKey(
        Seizure, models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    area = models.ForeignKey(
        SearchArea, models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.original_name
