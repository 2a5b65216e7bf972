"""Recording, correcting and handing over seizures.

Each action runs in one transaction and writes its audit entry inside it. Nothing is deleted: a
correction raises ``Seizure.version`` and keeps the earlier values in a ``SeizureVersion``; a
handover adds a ``CustodyTransfer`` and moves ``Seizure.held_by``.

The checks of a seizure's values live in :func:`check_seizure_fields`, so that the web form and
the API refuse the same things with the same words, each error keyed by the field at fault.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.choices import PartyRole
from portcontrol.cargo.models import CargoUnit, Party, Voyage
from portcontrol.core.errors import PortControlError
from portcontrol.core.identifiers import country, hs, locode
from portcontrol.core.identifiers.exceptions import InvalidIdentifier
from portcontrol.inspections.actions import may_record_seizure
from portcontrol.inspections.choices import Commodity, Concealment
from portcontrol.inspections.models import (
    CustodyTransfer,
    Inspection,
    SearchArea,
    Seizure,
    SeizureVersion,
)

# The values an officer records and may correct; each version keeps all of them.
SEIZURE_FIELDS: tuple[str, ...] = (
    "seized_at",
    "place",
    "category",
    "drug_type",
    "description",
    "hs_code",
    "quantity",
    "quantity_unit",
    "estimated_value",
    "currency",
    "concealment",
    "cargo_unit",
    "search_area",
    "concealment_place",
    "voyage",
    "departure",
    "transit",
    "destination",
    "parties",
    "arrested",
    "case_reference",
    "notes",
)
RECORD_FIELDS = ("voyage", "cargo_unit", "search_area")
REQUIRED_FIELDS = (
    "seized_at",
    "place",
    "category",
    "description",
    "quantity",
    "quantity_unit",
    "concealment",
)
CODE_FIELDS = ("place", "departure", "destination", "currency", "hs_code", "drug_type")
LIST_FIELDS = ("parties", "arrested")
PARTY_ROLES = (*PartyRole.values, "owner", "other")
# Methods that hide goods somewhere: the record must say where.
HIDING_METHODS = (
    Concealment.FALSE_COMPARTMENT,
    Concealment.VEHICLE_CAVITY,
    Concealment.FUEL_TANK,
    Concealment.VESSEL_STRUCTURE,
)
# Clocks of phones and servers differ a little; a seizure a few minutes "ahead" is not refused.
CLOCK_SKEW = timedelta(minutes=10)
# A reference taken by a concurrent save is retried with the next number this many times.
REFERENCE_ATTEMPTS = 20
_SPLIT = re.compile(r"[,;\n]+")


class SeizureError(PortControlError):
    """A seizure change that is not allowed as asked; the message says why."""


class SeizureConflict(SeizureError):
    """The seizure was corrected since the form was shown: nothing is applied."""


# --- checks -------------------------------------------------------------------------------


class _Errors:
    """Field-keyed messages, raised together so the officer sees every mistake at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def has(self, field: str) -> bool:
        return field in self.by_field

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _blank(value: object) -> bool:
    return value is None or value == "" or value == []


def _normalised(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Every field present, text stripped, codes upper case, lists as lists."""
    values: dict[str, Any] = {}
    for name in SEIZURE_FIELDS:
        value = fields.get(name)
        if name in LIST_FIELDS:
            value = list(value or [])
        elif name in RECORD_FIELDS:
            value = None if value == "" else value
        elif name in ("quantity", "estimated_value"):
            # 12.5000 is 12.5: trailing zeros are no reason to refuse a value.
            value = value.normalize() if isinstance(value, Decimal) else value
            value = None if value == "" else value
        elif name == "seized_at":
            # To the minute, as the form shows it: a correction must not "change" the seconds.
            if isinstance(value, datetime):
                value = value.replace(second=0, microsecond=0)
            value = None if value == "" else value
        else:
            value = "" if value is None else str(value).strip()
            if name in CODE_FIELDS:
                value = value.upper() if name != "drug_type" else value.lower()
        values[name] = value
    return values


def place_code(value: str) -> str:
    """A UN/LOCODE (``KZKUR``) or an ISO 3166 country (``KZ``), normalised; else InvalidIdentifier.

    A route is often known only to the country ("from Afghanistan"), so a country is enough.
    """
    compacted = "".join(value.split()).upper()
    if len(compacted) == 5:
        return locode.validate(compacted)
    if len(compacted) == 2 and compacted.isalpha():
        # An alias such as UK comes back as its ISO code, GB.
        return country.validate(compacted)
    raise InvalidIdentifier(
        _("%(value)s: give a UN/LOCODE (5 characters, e.g. KZKUR) or a country code (KZ)")
        % {"value": value}
    )


def _check_place(errors: _Errors, values: dict[str, Any], field: str) -> None:
    if not values[field]:
        return
    try:
        values[field] = place_code(values[field])
    except InvalidIdentifier as error:
        errors.add(field, str(error))


def _transit_parts(text: str) -> list[str]:
    """Transit places as typed: separated by commas, or by spaces when no comma is used.

    >>> _transit_parts("IR BND, AZALA")
    ['IR BND', 'AZALA']
    >>> _transit_parts("IRBND AZALA TM")
    ['IRBND', 'AZALA', 'TM']
    """
    parts: list[str] = []
    for part in _SPLIT.split(text):
        compacted = "".join(part.split())
        if not compacted:
            continue
        # "IR BND" is one LOCODE written with its space; "IRBND AZALA" is two places.
        parts.extend([part.strip()] if len(compacted) in (2, 5) else part.split())
    return parts


def _check_transit(errors: _Errors, values: dict[str, Any]) -> None:
    """Transit places, each a LOCODE or a country, kept as ``IRBND, AZALA``."""
    codes: list[str] = []
    for part in _transit_parts(values["transit"]):
        try:
            codes.append(place_code(part))
        except InvalidIdentifier as error:
            errors.add("transit", str(error))
    values["transit"] = ", ".join(codes)


def _check_goods(errors: _Errors, values: dict[str, Any]) -> None:
    """Drug type iff drugs, a positive quantity, an HS code of HS 2022 when one is given."""
    if values["category"] == Commodity.DRUGS and not values["drug_type"]:
        errors.add("drug_type", _("Give the drug type: the commodity is drugs."))
    if values["category"] != Commodity.DRUGS and values["drug_type"]:
        errors.add("drug_type", _("A drug type is given only when the commodity is drugs."))
    quantity = values["quantity"]
    if quantity is not None and not errors.has("quantity") and Decimal(quantity) <= 0:
        errors.add("quantity", _("The quantity must be more than 0 (it is %s).") % quantity)
    if values["hs_code"]:
        try:
            values["hs_code"] = hs.validate(values["hs_code"])
        except InvalidIdentifier as error:
            errors.add("hs_code", str(error))


def _check_value(errors: _Errors, values: dict[str, Any]) -> None:
    """A value is never negative and always has its ISO 4217 currency."""
    value = values["estimated_value"]
    currency = values["currency"]
    if value is not None and not errors.has("estimated_value") and Decimal(value) < 0:
        errors.add("estimated_value", _("The estimated value cannot be negative."))
    if value is not None and not currency:
        errors.add("currency", _("Give the currency of the estimated value (ISO 4217, e.g. USD)."))
    if currency and (
        len(currency) != 3
        or not currency.isascii()
        or not currency.isalpha()
        or pycountry.currencies.get(alpha_3=currency) is None
    ):
        errors.add(
            "currency",
            _("%(value)s is not an ISO 4217 currency code (three letters, e.g. USD, KZT).")
            % {"value": currency},
        )
    if currency and value is None and not errors.has("currency"):
        errors.add("estimated_value", _("A currency is given: give the estimated value too."))


def _check_time(errors: _Errors, values: dict[str, Any]) -> None:
    seized_at = values["seized_at"]
    if isinstance(seized_at, datetime) and seized_at > timezone.now() + CLOCK_SKEW:
        errors.add("seized_at", _("The time of the seizure is in the future."))


def _check_where(
    errors: _Errors, values: dict[str, Any], unit: Unit, inspection: Inspection | None
) -> None:
    """Voyage, cargo unit and search area belong together, to the inspection and the unit.

    1. A seizure of an inspection is on the inspection's voyage.
    2. A cargo unit given without a voyage brings its own voyage.
    3. The voyage is one of the unit's; the cargo unit is on that voyage.
    4. A search area is an area of the same inspection.
    """
    voyage: Voyage | None = values["voyage"]
    cargo_unit: CargoUnit | None = values["cargo_unit"]
    area: SearchArea | None = values["search_area"]
    if inspection is not None:
        if voyage is not None and voyage.pk != inspection.voyage_id:
            errors.add(
                "voyage",
                _("Voyage %(voyage)s is not the voyage of the inspection (%(expected)s).")
                % {"voyage": voyage.number, "expected": inspection.voyage.number},
            )
        voyage = inspection.voyage
    if voyage is None and cargo_unit is not None:
        voyage = cargo_unit.voyage
    if voyage is not None and voyage.unit_id != unit.pk:
        errors.add("voyage", _("Voyage %s is not a voyage of your unit.") % voyage.number)
    if cargo_unit is not None and voyage is not None and cargo_unit.voyage_id != voyage.pk:
        errors.add(
            "cargo_unit",
            _("Cargo unit %(unit)s is not on voyage %(voyage)s.")
            % {"unit": cargo_unit.identifier, "voyage": voyage.number},
        )
    if area is not None and (inspection is None or area.inspection_id != inspection.pk):
        errors.add(
            "search_area",
            _("Search area %s is not an area of this seizure's inspection.") % area,
        )
    values["voyage"] = voyage
    hidden = values["concealment"] in HIDING_METHODS
    if hidden and cargo_unit is None and area is None and not values["concealment_place"]:
        errors.add(
            "concealment_place",
            _("Say where the goods were hidden: the cargo unit, the search area or in words."),
        )


def _checked_country(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return country.validate(text) if text else ""


def _check_parties(errors: _Errors, values: dict[str, Any]) -> None:
    """Each party: a role, a name, and an ISO country when one is given."""
    parties: list[dict[str, str]] = []
    for line, item in enumerate(values["parties"], start=1):
        if not isinstance(item, Mapping):
            errors.add("parties", _("Party %d: not a role, name and country.") % line)
            continue
        role = str(item.get("role") or "").strip().lower()
        name = " ".join(str(item.get("name") or "").split())
        if role not in PARTY_ROLES:
            errors.add(
                "parties",
                _("Party %(line)d: role %(role)s is not one of %(roles)s.")
                % {"line": line, "role": role or "—", "roles": ", ".join(PARTY_ROLES)},
            )
        if not name:
            errors.add("parties", _("Party %d: the name is missing.") % line)
        try:
            code = _checked_country(item.get("country"))
        except InvalidIdentifier as error:
            errors.add("parties", _("Party %(line)d: %(error)s") % {"line": line, "error": error})
            code = ""
        parties.append({"role": role, "name": name, "country": code})
    values["parties"] = parties


def _born(value: object) -> str:
    """A date of birth as ISO 8601 text; ValueError when it is no date or in the future."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    born = date.fromisoformat(text)
    if born > timezone.localdate():
        raise ValueError("in the future")
    return born.isoformat()


def _check_arrested(errors: _Errors, values: dict[str, Any]) -> None:
    """Each person arrested: a name, an ISO nationality, a date of birth when known."""
    people: list[dict[str, str]] = []
    for line, item in enumerate(values["arrested"], start=1):
        if not isinstance(item, Mapping):
            errors.add("arrested", _("Person %d: not a name and nationality.") % line)
            continue
        name = " ".join(str(item.get("name") or "").split())
        if not name:
            errors.add("arrested", _("Person %d: the name is missing.") % line)
        try:
            nationality = _checked_country(item.get("nationality"))
        except InvalidIdentifier as error:
            errors.add("arrested", _("Person %(line)d: %(error)s") % {"line": line, "error": error})
            nationality = ""
        try:
            born = _born(item.get("born"))
        except ValueError:
            errors.add(
                "arrested",
                _("Person %(line)d: date of birth %(value)s is not a past date (YYYY-MM-DD).")
                % {"line": line, "value": item.get("born")},
            )
            born = ""
        document = " ".join(str(item.get("document") or "").split())
        people.append(
            {"name": name, "nationality": nationality, "born": born, "document": document}
        )
    values["arrested"] = people


# Amounts as the database gives them back, so that an unchanged value compares equal.
DECIMAL_PLACES = {"quantity": Decimal("0.001"), "estimated_value": Decimal("0.01")}


def _model_checks(errors: _Errors, values: dict[str, Any], unit: Unit) -> None:
    """Lengths, choices and decimal places as the model declares them."""
    plain = {name: values[name] for name in SEIZURE_FIELDS if name not in RECORD_FIELDS}
    candidate = Seizure(unit=unit, **plain)
    excluded = ["unit", "inspection", "reference", "recorded_by", "held_by", *RECORD_FIELDS]
    # A missing value has its own message already.
    excluded += [name for name in REQUIRED_FIELDS if errors.has(name)]
    try:
        candidate.clean_fields(exclude=excluded)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                errors.add(field, message)
    # Keep what the model converted (text to Decimal, for one).
    for name in ("quantity", "estimated_value", "seized_at"):
        if not errors.has(name):
            values[name] = getattr(candidate, name)
    for name, places in DECIMAL_PLACES.items():
        if values[name] is not None and not errors.has(name):
            values[name] = Decimal(values[name]).quantize(places)


def check_seizure_fields(
    unit: Unit, inspection: Inspection | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """The values normalised and checked; ``ValidationError`` keyed by each field at fault."""
    values = _normalised(fields)
    errors = _Errors()
    for name in REQUIRED_FIELDS:
        if _blank(values[name]):
            errors.add(name, _("This field is required."))
    _model_checks(errors, values, unit)
    _check_time(errors, values)
    for field in ("place", "departure", "destination"):
        _check_place(errors, values, field)
    _check_transit(errors, values)
    _check_goods(errors, values)
    _check_value(errors, values)
    _check_where(errors, values, unit, inspection)
    _check_parties(errors, values)
    _check_arrested(errors, values)
    errors.raise_if_any()
    return values


# --- what the inspection already knows ----------------------------------------------------


def inspection_defaults(inspection: Inspection) -> dict[str, Any]:
    """Values a seizure of this inspection starts from: voyage, route, parties, cargo unit.

    The route is the voyage's; the parties are those of the inspected consignment's transport
    document, or of the documents whose goods are in the inspected cargo unit.
    """
    voyage = inspection.voyage
    cargo_unit = inspection.cargo_unit
    if cargo_unit is None and inspection.consignment_id is not None:
        units = list(inspection.consignment.cargo_units.all()[:2])
        cargo_unit = units[0] if len(units) == 1 else None
    if inspection.consignment_id is not None:
        parties = Party.objects.filter(document_id=inspection.consignment.document_id)
    elif inspection.cargo_unit_id is not None:
        parties = Party.objects.filter(
            document__consignments__cargo_units=inspection.cargo_unit_id,
            document__is_current=True,
        ).distinct()
    else:
        parties = Party.objects.none()
    return {
        "voyage": voyage,
        "cargo_unit": cargo_unit,
        "place": inspection.unit.locode,
        "departure": voyage.departure_port,
        "transit": ", ".join(voyage.transit_ports or []),
        "destination": voyage.arrival_port,
        "parties": [
            {"role": party.role, "name": party.name, "country": party.country}
            for party in parties.order_by("role", "name")
        ],
    }


# --- versions -----------------------------------------------------------------------------


def _json_value(value: object) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def seizure_data(seizure: Seizure) -> dict[str, Any]:
    """The recorded values as JSON: what a ``SeizureVersion`` keeps; records by their id."""
    data: dict[str, Any] = {}
    for name in SEIZURE_FIELDS:
        if name in RECORD_FIELDS:
            data[name] = getattr(seizure, f"{name}_id")
        else:
            data[name] = _json_value(getattr(seizure, name))
    return data


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ: ``{field: [before, after]}``, in field order."""
    return {
        name: [before.get(name), after.get(name)]
        for name in SEIZURE_FIELDS
        if before.get(name) != after.get(name)
    }


def _new_version(seizure: Seizure, by: User, comment: str) -> SeizureVersion:
    return SeizureVersion.objects.create(
        seizure=seizure,
        number=seizure.version,
        data=seizure_data(seizure),
        saved_by=by,
        comment=comment[:500],
    )


# --- reference numbers --------------------------------------------------------------------


def reference_prefix(unit: Unit, seized_at: datetime) -> str:
    """``KZKUR-2026-``: the unit and the year of the seizure, in local time."""
    return f"{unit.code}-{timezone.localtime(seized_at).year}-"


def next_reference_number(prefix: str) -> int:
    """One more than the highest number taken with this prefix (1 for the first)."""
    # Longest first: KZKUR-2026-10000 comes after KZKUR-2026-9999.
    taken = (
        Seizure.objects.filter(reference__startswith=prefix)
        .annotate(size=Length("reference"))
        .order_by("-size", "-reference")
        .values_list("reference", flat=True)
    )
    for reference in taken[:20]:
        suffix = reference.removeprefix(prefix)
        if suffix.isdigit():
            return int(suffix) + 1
    return 1


def _save_with_reference(seizure: Seizure, unit: Unit) -> None:
    """Save the new seizure under the next free number of its unit and year.

    1. Lock the unit's row: on PostgreSQL two recordings of one unit queue behind each other
       here, so the second one reads the first one's number once it has committed.
    2. Read the highest number and try the next one inside a savepoint.
    3. Where no lock holds (SQLite, or a save outside this function), a number taken meanwhile
       fails the unique constraint: read again and try the next, a few times.
    """
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    prefix = reference_prefix(unit, seizure.seized_at)
    number = next_reference_number(prefix)
    for _attempt in range(REFERENCE_ATTEMPTS):
        seizure.reference = f"{prefix}{number:04d}"
        try:
            with transaction.atomic():
                seizure.save()
        except IntegrityError:
            if not Seizure.objects.filter(reference=seizure.reference).exists():
                raise
            number = max(number + 1, next_reference_number(prefix))
            continue
        return
    raise SeizureError(f"no free seizure number under {prefix} after {REFERENCE_ATTEMPTS} tries")


# --- actions ------------------------------------------------------------------------------

# SQLite lets one writer in at a time, and a transaction that read before it wrote is failed
# at once ("database is locked") rather than made to wait. Within one process (the demo server's
# threads) seizure changes therefore queue here; PostgreSQL waits on its row locks instead.
_SQLITE_WRITERS = threading.Lock()


@contextmanager
def _writing() -> Iterator[None]:
    """One transaction; on SQLite, and when not inside a caller's transaction, one at a time."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _SQLITE_WRITERS, transaction.atomic():
        yield


def _summary_of(seizure: Seizure) -> str:
    what = seizure.get_category_display()
    if seizure.drug_type:
        what = f"{what} ({seizure.get_drug_type_display()})"
    return f"{seizure.reference}: {what}, {seizure.quantity} {seizure.quantity_unit}"


def record_seizure(
    *,
    unit: Unit,
    fields: Mapping[str, Any],
    by: User,
    inspection: Inspection | None = None,
) -> Seizure:
    """A new seizure with its number, version 1 and an audit entry; held by the unit's agency."""
    if inspection is not None and inspection.unit_id != unit.pk:
        raise SeizureError("the inspection is not one of the unit's")
    if inspection is not None and not may_record_seizure(inspection):
        raise SeizureError(
            "the inspection is closed without a seizure: a seizure is recorded in an open "
            "inspection, or added to one whose result is a seizure"
        )
    values = check_seizure_fields(unit, inspection, fields)
    with _writing():
        seizure = Seizure(
            unit=unit,
            inspection=inspection,
            recorded_by=by,
            held_by_id=unit.agency_id,
            version=1,
            **values,
        )
        _save_with_reference(seizure, unit)
        version = _new_version(seizure, by, "")
        record_audit(
            actor=by,
            action="inspections.seizure.recorded",
            obj=seizure,
            unit=unit,
            summary=f"seizure {_summary_of(seizure)} recorded",
            details={
                "reference": seizure.reference,
                "version": version.number,
                "inspection": inspection.pk if inspection else None,
                "changed": differences({}, version.data),
            },
        )
    return seizure


def correct_seizure(
    seizure: Seizure,
    changes: Mapping[str, Any],
    *,
    by: User,
    version: int,
    comment: str,
) -> SeizureVersion:
    """Apply a correction as a new version; refused without a reason or from a stale form.

    ``changes`` holds the fields to change; those left out keep their values.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say why the seizure is corrected.")]})
    unknown = sorted(set(changes) - set(SEIZURE_FIELDS))
    if unknown:
        raise ValidationError({name: [_("This field is not corrected here.")] for name in unknown})
    with _writing():
        locked = (
            Seizure.objects.select_for_update(of=("self",))
            .select_related("unit", "inspection__voyage", "voyage", "cargo_unit", "search_area")
            .get(pk=seizure.pk)
        )
        if locked.version != version:
            raise SeizureConflict(
                _(
                    "Someone corrected this seizure since you opened it (now version %(now)d, "
                    "you saw version %(seen)d): nothing was changed, look again."
                )
                % {"now": locked.version, "seen": version}
            )
        before = seizure_data(locked)
        current = {name: getattr(locked, name) for name in SEIZURE_FIELDS}
        values = check_seizure_fields(locked.unit, locked.inspection, {**current, **changes})
        for name, value in values.items():
            setattr(locked, name, value)
        changed = differences(before, seizure_data(locked))
        if not changed:
            raise ValidationError(
                _("Nothing was changed: a correction changes at least one value.")
            )
        locked.version += 1
        locked.save()
        saved = _new_version(locked, by, comment)
        record_audit(
            actor=by,
            action="inspections.seizure.corrected",
            obj=locked,
            unit=locked.unit,
            summary=f"seizure {locked.reference} corrected to v{saved.number}: "
            + ", ".join(changed),
            details={"version": saved.number, "changed": changed, "comment": comment},
        )
    seizure.refresh_from_db()
    return saved


def hand_over_seizure(
    seizure: Seizure,
    *,
    to_agency: Agency,
    handed_over_at: datetime,
    received_by: str,
    by: User,
    note: str = "",
) -> CustodyTransfer:
    """Hand the seized goods to the next holder: one more link of the chain of custody.

    The chain is in time order: a handover is not before the seizure nor before the last one,
    and not in the future; the goods go to another agency than the one holding them.
    """
    received_by = " ".join((received_by or "").split())
    errors = _Errors()
    if not received_by:
        errors.add("received_by", _("Name the person who received the goods."))
    if handed_over_at > timezone.now() + CLOCK_SKEW:
        errors.add("handed_over_at", _("The handover time is in the future."))
    with _writing():
        locked = (
            Seizure.objects.select_for_update(of=("self",))
            .select_related("held_by", "unit__agency")
            .get(pk=seizure.pk)
        )
        if to_agency.pk == locked.held_by_id:
            errors.add("to_agency", _("%s already holds the goods.") % to_agency)
        elif to_agency.country != locked.unit.agency.country:
            errors.add(
                "to_agency",
                _("%s is an agency of another country: hand the goods to one of your own.")
                % to_agency,
            )
        last = locked.custody.order_by("-handed_over_at", "-id").first()
        earliest = last.handed_over_at if last else locked.seized_at
        if handed_over_at < earliest:
            errors.add(
                "handed_over_at",
                _("The handover cannot be before %s (the seizure or the last handover).")
                % timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M"),
            )
        errors.raise_if_any()
        transfer = CustodyTransfer.objects.create(
            seizure=locked,
            from_agency=locked.held_by,
            to_agency=to_agency,
            handed_over_at=handed_over_at,
            received_by=received_by,
            recorded_by=by,
            note=(note or "").strip(),
        )
        locked.held_by = to_agency
        locked.save(update_fields=["held_by"])
        record_audit(
            actor=by,
            action="inspections.seizure.custody",
            obj=locked,
            unit=locked.unit,
            summary=f"seizure {locked.reference} handed over to {to_agency.code}",
            details={
                "transfer": transfer.pk,
                "from": transfer.from_agency.code if transfer.from_agency else None,
                "to": to_agency.code,
                "received_by": received_by,
                "handed_over_at": handed_over_at.isoformat(),
            },
        )
    seizure.refresh_from_db()
    return transfer
