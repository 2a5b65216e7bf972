"""Labelled constants of inspections and seizures (CEN commodity groups, search areas)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    DOCUMENTARY = "documentary", _("Documentary check")
    SCANNER = "scanner", _("Scanner (non-intrusive)")
    PHYSICAL = "physical", _("Physical examination")
    RADIATION = "radiation", _("Radiation measurement")
    DOG = "dog", _("Detector dog")


class InspectionTarget(models.TextChoices):
    CONSIGNMENT = "consignment", _("Consignment")
    CARGO_UNIT = "cargo_unit", _("Cargo unit")
    PERSON = "person", _("Person")
    VESSEL = "vessel", _("Vessel")


class InspectionStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class InspectionResult(models.TextChoices):
    NOTHING_FOUND = "nothing_found", _("Nothing found")
    DISCREPANCY = "discrepancy", _("Discrepancy")
    SEIZURE = "seizure", _("Seizure")


class DiscrepancyKind(models.TextChoices):
    DESCRIPTION = "description", _("Wrong description")
    QUANTITY = "quantity", _("Wrong quantity")
    WEIGHT = "weight", _("Wrong weight")
    VALUE = "value", _("Wrong value")
    ORIGIN = "origin", _("Wrong origin")
    UNDECLARED = "undeclared", _("Undeclared goods")
    OTHER = "other", _("Other")


class SealState(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    AS_DECLARED = "as_declared", _("As declared")
    DIFFERENT = "different", _("Numbers differ from the declaration")
    BROKEN = "broken", _("Broken or tampered")
    MISSING = "missing", _("Missing")


class SearchAreaKind(models.TextChoices):
    VEHICLE_DECK = "vehicle_deck", _("Vehicle deck")
    CARGO_HOLD = "cargo_hold", _("Cargo hold")
    ENGINE_ROOM = "engine_room", _("Engine room")
    CREW_QUARTERS = "crew_quarters", _("Crew living quarters")
    PASSENGER_QUARTERS = "passenger_quarters", _("Passenger living quarters")
    STORES = "stores", _("Stores")
    VOIDS = "voids", _("Voids and tanks")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class Commodity(models.TextChoices):
    """Commodity groups as the WCO Customs Enforcement Network reports them."""

    DRUGS = "drugs", _("Drugs")
    PRECURSORS = "precursors", _("Precursors")
    WEAPONS = "weapons", _("Weapons and ammunition")
    STRATEGIC = "strategic", _("Strategic / WMD-related goods")
    NUCLEAR = "nuclear", _("Nuclear / radioactive material")
    TOBACCO = "tobacco", _("Tobacco")
    COUNTERFEITS = "counterfeits", _("Counterfeits (IPR)")
    WILDLIFE = "wildlife", _("Wildlife / CITES")
    CURRENCY = "currency", _("Currency")
    OTHER = "other", _("Other")


class DrugType(models.TextChoices):
    HEROIN = "heroin", _("Heroin")
    OPIUM = "opium", _("Opium")
    MORPHINE = "morphine", _("Morphine")
    CANNABIS = "cannabis", _("Cannabis (herbal)")
    HASHISH = "hashish", _("Cannabis resin (hashish)")
    COCAINE = "cocaine", _("Cocaine")
    METHAMPHETAMINE = "methamphetamine", _("Methamphetamine")
    AMPHETAMINE = "amphetamine", _("Amphetamine")
    SYNTHETIC = "synthetic", _("New psychoactive substances")
    PHARMACEUTICAL = "pharmaceutical", _("Pharmaceuticals (tramadol etc.)")
    OTHER = "other", _("Other drug")


class QuantityUnit(models.TextChoices):
    KG = "kg", _("kg")
    G = "g", _("g")
    L = "l", _("litres")
    PIECES = "pcs", _("pieces")
    STICKS = "sticks", _("cigarette sticks")
    ROUNDS = "rounds", _("rounds")
    TABLETS = "tablets", _("tablets")
    BQ = "bq", _("becquerel")


class Concealment(models.TextChoices):
    """How the goods were hidden; the CEN concealment methods in plain words."""

    NOT_CONCEALED = "not_concealed", _("Not concealed")
    MISDECLARED = "misdeclared", _("Misdeclared as other goods")
    MIXED_WITH_CARGO = "mixed_with_cargo", _("Mixed with legitimate cargo")
    FALSE_COMPARTMENT = "false_compartment", _("False compartment or double wall")
    VEHICLE_CAVITY = "vehicle_cavity", _("Natural cavity of the vehicle")
    INSIDE_GOODS = "inside_goods", _("Inside goods or machinery")
    FUEL_TANK = "fuel_tank", _("Fuel tank")
    VESSEL_STRUCTURE = "vessel_structure", _("Vessel structure (void, tank, engine room)")
    BAGGAGE = "baggage", _("Baggage")
    ON_BODY = "on_body", _("On or in the body")
    OTHER = "other", _("Other")
