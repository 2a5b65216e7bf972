"""Records of ingested manifests, each scoped to the unit that received them.

Every record carries its ``unit`` (also where a parent has one) so that every query is scoped
with one indexed column, and the ``issues`` (warnings) found on it while reading.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Unit
from portcontrol.cargo.choices import (
    CargoUnitKind,
    DocumentKind,
    PartyRole,
    PersonRole,
    TransportMode,
)
from portcontrol.cargo.models.imports import Import

# Child records keep their unit for scoping but do not index it: every search goes through an
# indexed key of its own (identifier, plate, HS code, name) and each index slows bulk ingestion.
WEIGHT = {"max_digits": 14, "decimal_places": 3, "null": True, "blank": True}


class Voyage(models.Model):
    """One movement of a vessel, ferry or train between two places."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="voyages")
    number = models.CharField(_("voyage number"), max_length=60)
    transport_mode = models.CharField(
        _("mode"), max_length=10, choices=TransportMode.choices, default=TransportMode.SEA
    )
    vessel_name = models.CharField(_("vessel"), max_length=200, blank=True)
    imo = models.CharField(_("IMO number"), max_length=10, blank=True, db_index=True)
    carrier = models.CharField(_("carrier"), max_length=200, blank=True)
    departure_port = models.CharField(_("departure port"), max_length=10, blank=True)
    arrival_port = models.CharField(_("arrival port"), max_length=10, blank=True)
    transit_ports = models.JSONField(_("transit ports"), default=list, blank=True)
    departure_time = models.DateTimeField(_("departure"), null=True, blank=True)
    arrival_time = models.DateTimeField(_("arrival"), null=True, blank=True, db_index=True)
    first_import = models.ForeignKey(Import, models.PROTECT, related_name="+")
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("voyage")
        ordering = ["-arrival_time", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="cargo_voyage_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.vessel_name}".strip()

    @property
    def route(self) -> str:
        """Departure, transit and arrival ports, as people read a route."""
        ports = [self.departure_port, *self.transit_ports, self.arrival_port]
        return " → ".join(port or "?" for port in ports)


class TransportDocument(models.Model):
    """A bill of lading, waybill or consignment note; amended documents keep every version."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", db_index=False)
    voyage = models.ForeignKey(Voyage, models.CASCADE, related_name="documents")
    number = models.CharField(_("document number"), max_length=60, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.MASTER_BILL
    )
    loading_port = models.CharField(_("loading port"), max_length=10, blank=True)
    discharge_port = models.CharField(_("discharge port"), max_length=10, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    replaced_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    # A digest of everything the file said about the document: equal digest, nothing changed.
    content_hash = models.CharField(max_length=64, editable=False)
    import_run = models.ForeignKey(Import, models.PROTECT, related_name="documents")
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("transport document")
        ordering = ["number", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["voyage", "number", "version"], name="cargo_document_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"


class CargoUnit(models.Model):
    """A container, trailer, truck or rail wagon on a voyage, with its seals."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", db_index=False)
    voyage = models.ForeignKey(Voyage, models.CASCADE, related_name="cargo_units")
    identifier = models.CharField(_("identifier"), max_length=40, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CargoUnitKind.choices, default=CargoUnitKind.CONTAINER
    )
    size_type = models.CharField(_("size and type"), max_length=10, blank=True)
    seals = models.JSONField(_("seals"), default=list, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=20, blank=True, db_index=True)
    is_empty = models.BooleanField(_("empty"), default=False)
    gross_weight_kg = models.DecimalField(_("gross weight (kg)"), **WEIGHT)
    stowage_position = models.CharField(_("stowage position"), max_length=20, blank=True)
    loading_port = models.CharField(_("loading port"), max_length=10, blank=True)
    discharge_port = models.CharField(_("discharge port"), max_length=10, blank=True)
    import_run = models.ForeignKey(Import, models.PROTECT, related_name="cargo_units")
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("cargo unit")
        ordering = ["identifier"]
        constraints = [
            models.UniqueConstraint(fields=["voyage", "identifier"], name="cargo_unit_on_voyage"),
        ]

    def __str__(self) -> str:
        return self.identifier


class Consignment(models.Model):
    """A goods item of one version of a transport document."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", db_index=False)
    document = models.ForeignKey(TransportDocument, models.CASCADE, related_name="consignments")
    item_number = models.PositiveIntegerField(_("item"))
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True, db_index=True)
    description = models.TextField(_("goods description"), blank=True)
    packages = models.PositiveIntegerField(_("packages"), null=True, blank=True)
    package_type = models.CharField(_("package type"), max_length=10, blank=True)
    gross_weight_kg = models.DecimalField(_("gross weight (kg)"), **WEIGHT)
    net_weight_kg = models.DecimalField(_("net weight (kg)"), **WEIGHT)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    origin_country = models.CharField(_("origin"), max_length=2, blank=True)
    cargo_units = models.ManyToManyField(
        CargoUnit, through="ConsignmentCargoUnit", related_name="consignments"
    )
    import_run = models.ForeignKey(
        Import, models.PROTECT, related_name="consignments", db_index=False
    )
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("consignment")
        ordering = ["document_id", "item_number"]

    def __str__(self) -> str:
        return f"{self.document.number}/{self.item_number}"


class ConsignmentCargoUnit(models.Model):
    """A goods item travels in a cargo unit (one item may fill several, one unit hold many)."""

    # Indexed by the unique constraint below, which starts with it.
    consignment = models.ForeignKey(Consignment, models.CASCADE, related_name="+", db_index=False)
    cargo_unit = models.ForeignKey(CargoUnit, models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consignment", "cargo_unit"], name="cargo_consignment_in_unit"
            ),
        ]


class Party(models.Model):
    """A shipper, consignee, notify party, carrier or haulier of a document (or a voyage)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", db_index=False)
    voyage = models.ForeignKey(Voyage, models.CASCADE, related_name="parties")
    document = models.ForeignKey(
        TransportDocument, models.CASCADE, null=True, blank=True, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=300)
    # Name in Latin letters, case-folded, single-spaced: Cyrillic and Latin spellings meet here.
    name_search = models.CharField(max_length=300, db_index=True, editable=False)
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    tax_id = models.CharField(_("tax number"), max_length=30, blank=True, db_index=True)
    import_run = models.ForeignKey(Import, models.PROTECT, related_name="parties", db_index=False)
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class Person(models.Model):
    """A driver, passenger or crew member on a voyage."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", db_index=False)
    voyage = models.ForeignKey(Voyage, models.CASCADE, related_name="persons")
    role = models.CharField(_("role"), max_length=12, choices=PersonRole.choices)
    family_name = models.CharField(_("family name"), max_length=200)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    name_search = models.CharField(max_length=400, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    gender = models.CharField(_("gender"), max_length=10, blank=True)
    document_type = models.CharField(_("travel document type"), max_length=10, blank=True)
    document_number = models.CharField(_("travel document number"), max_length=40, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=20, blank=True, db_index=True)
    import_run = models.ForeignKey(Import, models.PROTECT, related_name="persons")
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["role", "family_name", "given_names"]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_names}".strip()
