"""Labelled constants of the cargo app; record kinds mirror the enums of ``core.records``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportSource(models.TextChoices):
    WEB = "web", _("Web upload")
    CLI = "cli", _("Command line")
    API = "api", _("API")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportStage(models.TextChoices):
    """Steps of one import, as the progress bar shows them."""

    QUEUED = "queued", _("Waiting for the worker")
    READING = "reading", _("Reading the file")
    STORING = "storing", _("Storing the records")
    FINISHED = "finished", _("Finished")


class QuarantineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESUBMITTED = "resubmitted", _("Corrected and stored")
    DISMISSED = "dismissed", _("Dismissed")


class Severity(models.TextChoices):
    WARNING = "warning", _("Warning")
    ERROR = "error", _("Error")


class TransportMode(models.TextChoices):
    SEA = "sea", _("Sea")
    FERRY = "ferry", _("Ferry")
    RAIL = "rail", _("Rail")
    ROAD = "road", _("Road")


class CargoUnitKind(models.TextChoices):
    CONTAINER = "container", _("Container")
    TRAILER = "trailer", _("Trailer")
    TRUCK = "truck", _("Truck")
    RAIL_WAGON = "rail_wagon", _("Rail wagon")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    MASTER_BILL = "master_bill", _("Master bill of lading")
    HOUSE_BILL = "house_bill", _("House bill of lading")
    SEA_WAYBILL = "sea_waybill", _("Sea waybill")
    ROAD_CONSIGNMENT_NOTE = "cmr", _("Road consignment note (CMR)")
    RAIL_WAYBILL = "rail_waybill", _("Rail waybill")
    OTHER = "other", _("Other")


class PartyRole(models.TextChoices):
    SHIPPER = "shipper", _("Shipper")
    CONSIGNEE = "consignee", _("Consignee")
    NOTIFY = "notify", _("Notify party")
    CARRIER = "carrier", _("Carrier")
    HAULIER = "haulier", _("Haulier")
    DECLARANT = "declarant", _("Declarant")


class PersonRole(models.TextChoices):
    DRIVER = "driver", _("Driver")
    PASSENGER = "passenger", _("Passenger")
    CREW = "crew", _("Crew member")


class QuarantineKind(models.TextChoices):
    """Kinds of rejected items: the ``Rejected.kind`` values of the core builder."""

    CONSIGNMENT = "consignment", _("Consignment")
    CARGO_UNIT = "cargo_unit", _("Cargo unit")
    PERSON = "person", _("Person")
    VOYAGE = "voyage", _("Voyage")


# Formats a user may name instead of letting the reader detect one.
FORMAT_CHOICES = [
    ("", _("Detect from the file")),
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
    ("json", _("JSON (WCO Data Model)")),
    ("cuscar", "UN/EDIFACT CUSCAR"),
    ("baplie", "UN/EDIFACT BAPLIE"),
    ("paxlst", "UN/EDIFACT PAXLST"),
]
