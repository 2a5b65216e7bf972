"""Raw field strings to validated records: the four entry points of :class:`ManifestBuilder`.

Tolerant of data, strict in reporting. A value that can be repaired or kept as given (a wrong
container check digit, a location code from another code list, an unknown country) stays with a
warning on its record; an item is rejected only when it cannot be kept (no document number, an
HS code that is not in HS 2022, a weight that is not a number). Warnings and reasons name the
field (``place.with_column(field)``), carry a stable code and say what is wrong with which value.

Speed: a million rows go through here, so every conversion of a raw string is cached per value
(``lru_cache``), exceptions are raised only on the unhappy path, and a voyage, document or cargo
unit repeated on many rows is re-examined only when its raw fields change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pycountry

from portcontrol.core.errors import Issue, Place, Severity
from portcontrol.core.identifiers import bin as kz_bin
from portcontrol.core.identifiers import container, country, hs, imo, locode
from portcontrol.core.identifiers import iin as kz_iin
from portcontrol.core.identifiers import voen as az_voen
from portcontrol.core.identifiers._util import clean, shown
from portcontrol.core.identifiers.dates import parse_date, parse_datetime
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidIdentifier,
    PreviousEditionCode,
    UnknownCode,
)
from portcontrol.core.identifiers.quantities import parse_count, parse_quantity
from portcontrol.core.manifest import (
    CARGO_UNIT_FIELDS,
    CARGO_UNIT_ROW_FIELDS,
    DOCUMENT_FIELDS,
    PARTY_FIELDS,
    PARTY_ROLES,
    VOYAGE_FIELDS,
    Fields,
    ManifestBuilder,
)
from portcontrol.core.records import (
    CargoUnit,
    CargoUnitKind,
    Consignment,
    Party,
    PartyRole,
    Person,
    PersonRole,
    TransportDocument,
    TransportMode,
    Voyage,
)
from portcontrol.core.reference.vocabulary import (
    CARGO_UNIT_KINDS,
    DOCUMENT_KIND_BY_MODE,
    DOCUMENT_KINDS,
    EMPTY_WORDS,
    GENDERS,
    PERSON_ROLES,
    TRANSPORT_MODES,
)

# A problem found in one value: (stable code, message naming the value, fatal for the item).
Problem = tuple[str, str, bool]
Checked = tuple[Any, tuple[Problem, ...]]
_NO_PROBLEMS: tuple[Problem, ...] = ()
_CACHE = 1 << 16
_PARTY_COLUMNS = {
    role: (f"{role}_name", f"{role}_address", f"{role}_country", f"{role}_tax_id")
    for role in PARTY_ROLES
}
_LIST_SEPARATORS = str.maketrans({",": ";", "\n": ";", "|": ";"})

# --- per-builder memory ------------------------------------------------------------------------


@dataclass(slots=True)
class _Seen:
    """What this module remembers about one builder's rows, to merge repeats cheaply.

    Only the last document and cargo unit row are remembered (repeats are usually on
    consecutive rows): a million-row file must not double its memory for this.
    """

    voyage_raw: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    document_number: str = ""
    document_raw: tuple[str | None, ...] = ()
    cargo_unit_key: tuple[str, str] = ("", "")
    cargo_unit_raw: tuple[str | None, ...] = ()
    cargo_units: list[CargoUnit] = field(default_factory=list)
    items_document: str = ""
    items: set[int] = field(default_factory=set)
    item_counts: dict[str, int] = field(default_factory=dict)


def _seen(builder: ManifestBuilder) -> _Seen:
    """This module's memory of a builder, made on first use."""
    found: _Seen | None = getattr(builder, "_validation_seen", None)
    if found is None:
        found = _Seen()
        builder._validation_seen = found  # type: ignore[attr-defined]
    return found


# --- values ------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    """A raw value stripped; None and blanks become the empty string."""
    return value.strip() if value else ""


def _single_spaced(value: str | None) -> str:
    """A free-text value (name, address) with runs of white space made single."""
    return " ".join(value.split()) if value else ""


def _words(value: str) -> str:
    """A value for lookup in a word table: lower case, single spaces."""
    return " ".join(value.lower().split())


def _split(value: str) -> list[str]:
    """The parts of a list field ("A; B, C"), blanks dropped, order kept, repeats dropped."""
    if ";" not in value and "," not in value and "\n" not in value and "|" not in value:
        return [value]
    return list(
        dict.fromkeys(p.strip() for p in value.translate(_LIST_SEPARATORS).split(";") if p.strip())
    )


@lru_cache(maxsize=_CACHE)
def check_hs_code(value: str) -> Checked:
    """An HS code: kept when in HS 2022 or deleted from HS 2017; fatal otherwise."""
    try:
        code, notices = hs.check(value)
    except PreviousEditionCode as error:
        problems = tuple((n.code, n.message, False) for n in error.notices)
        return error.number, (*problems, ("hs.previous_edition", str(error), False))
    except InvalidIdentifier as error:
        code_name = "hs.unknown" if isinstance(error, UnknownCode) else "hs.invalid"
        return None, ((code_name, str(error), True),)
    return code, tuple((n.code, n.message, False) for n in notices)


@lru_cache(maxsize=_CACHE)
def check_locode(value: str) -> Checked:
    """A UN/LOCODE; a code of another list is kept as given, with a warning."""
    try:
        return locode.validate(value), _NO_PROBLEMS
    except InvalidIdentifier as error:
        return value, (("locode.unknown", str(error), False),)


@lru_cache(maxsize=4096)
def check_country(value: str) -> Checked:
    """An ISO 3166 alpha-2 code; anything else kept as given, with a warning."""
    try:
        return country.validate(value), _NO_PROBLEMS
    except InvalidIdentifier as error:
        return value, (("country.unknown", str(error), False),)


@lru_cache(maxsize=1024)
def check_currency(value: str) -> Checked:
    """An ISO 4217 currency code; anything else kept as given, with a warning."""
    code = value.upper()
    if len(code) == 3 and code.isascii() and pycountry.currencies.get(alpha_3=code) is not None:
        return code, _NO_PROBLEMS
    return value, (("currency.unknown", f"currency {shown(value)}: not an ISO 4217 code", False),)


@lru_cache(maxsize=_CACHE)
def check_container(value: str) -> Checked:
    """An ISO 6346 container number; a wrong check digit or odd format is kept, with a warning."""
    try:
        number, notices = container.check(value)
    except InvalidChecksum as error:
        problems = tuple((n.code, n.message, False) for n in error.notices)
        return error.number, (*problems, ("container.check_digit", str(error), False))
    except InvalidIdentifier as error:
        problems = tuple((n.code, n.message, False) for n in error.notices)
        return _compact_identifier(value), (*problems, ("container.format", str(error), False))
    return number, tuple((n.code, n.message, False) for n in notices)


def _compact_identifier(value: str) -> str:
    """An identifier without separators, upper case, for keys ("01 ABC 123" is "01ABC123")."""
    return clean(value) or value


@lru_cache(maxsize=_CACHE)
def check_cargo_unit_id(value: str, kind: CargoUnitKind | None) -> Checked:
    """A cargo unit identifier and its kind (guessed from the identifier when not given)."""
    if kind is None:
        number, problems = check_container(value)
        looks_like_container = not any(code == "container.format" for code, _, _ in problems)
        if looks_like_container:
            return (number, CargoUnitKind.CONTAINER), problems
        return (_compact_identifier(value), CargoUnitKind.OTHER), _NO_PROBLEMS
    if kind is CargoUnitKind.CONTAINER:
        number, problems = check_container(value)
        return (number, kind), problems
    return (_compact_identifier(value), kind), _NO_PROBLEMS


@lru_cache(maxsize=4096)
def check_imo(value: str) -> Checked:
    """An IMO number; a wrong check digit or other form is kept, with a warning."""
    try:
        return imo.validate(value), _NO_PROBLEMS
    except InvalidChecksum as error:
        return error.number, (("imo.check_digit", str(error), False),)
    except InvalidIdentifier as error:
        return value, (("imo.invalid", str(error), False),)


# The checkers below serve several fields: a problem code starting with "." is completed with
# the field's name ("gross_weight_kg.negative") and "{field}" in a message is replaced by it,
# both only when a problem is reported, so the cache holds one entry per value.


def _number_problem(value: str, error: InvalidIdentifier) -> tuple[Problem, ...]:
    """The fatal problem of a value that is not a non-negative number."""
    reason = ".negative" if value[:1] in "-−" else ".invalid"
    return ((reason, "{field} " + str(error).split(" ", 1)[-1], True),)


@lru_cache(maxsize=_CACHE)
def check_decimal(value: str) -> Checked:
    """A non-negative decimal (weight, value); fatal when not a number or negative."""
    try:
        return parse_quantity(value, kind="value"), _NO_PROBLEMS
    except InvalidIdentifier as error:
        return None, _number_problem(value, error)


@lru_cache(maxsize=4096)
def check_count(value: str) -> Checked:
    """A whole non-negative number (packages, item number); fatal otherwise."""
    try:
        return parse_count(value, kind="value"), _NO_PROBLEMS
    except InvalidIdentifier as error:
        return None, _number_problem(value, error)


@lru_cache(maxsize=_CACHE)
def check_datetime(value: str) -> Checked:
    """A time (UTC when no zone is given); an unreadable one is dropped, with a warning."""
    try:
        return parse_datetime(value, kind="value"), _NO_PROBLEMS
    except InvalidIdentifier as error:
        return None, ((".invalid", "{field} " + str(error).split(" ", 1)[-1], False),)


@lru_cache(maxsize=_CACHE)
def check_date(value: str) -> Checked:
    """A calendar date; an unreadable one is dropped, with a warning."""
    try:
        return parse_date(value), _NO_PROBLEMS
    except InvalidIdentifier as error:
        return None, ((".invalid", "{field} " + str(error).split(" ", 1)[-1], False),)


@lru_cache(maxsize=4096)
def check_tax_id(value: str, country_code: str | None) -> Checked:
    """A tax id, checked where the country's scheme is known (AZ VÖEN, KZ BIN or IIN)."""
    if country_code == "AZ":
        validators: tuple[Callable[[str], str], ...] = (az_voen.validate,)
    elif country_code == "KZ":
        validators = (kz_bin.validate, kz_iin.validate)
    else:
        return value, _NO_PROBLEMS
    errors = []
    for validate in validators:
        try:
            return validate(value), _NO_PROBLEMS
        except InvalidIdentifier as error:
            errors.append(str(error))
    return value, (("tax_id.invalid", "; ".join(errors), False),)


def _choice(table: dict[str, Any], value: str, name: str, default: Any) -> Checked:
    """A word looked up in a table; an unknown one gives the default, with a warning."""
    found = table.get(_words(value))
    if found is not None:
        return found, _NO_PROBLEMS
    message = f"{name.replace('_', ' ')} {shown(value)}: not known, taken as {default}"
    return default, ((f"{name}.unknown", message, False),)


# --- reporting ---------------------------------------------------------------------------------


def _report(
    problems: tuple[Problem, ...],
    place: Place,
    column: str,
    warnings: list[Issue],
    reasons: list[Issue] | None = None,
) -> None:
    """Turn problems of one value into warnings, or reasons when fatal and reasons are kept."""
    if not problems:
        return
    at = place.with_column(column)
    for code, message, fatal in problems:
        if code[0] == ".":
            code = column + code
            message = message.replace("{field}", column.replace("_", " "), 1)
        if fatal and reasons is not None:
            reasons.append(Issue(at, code, message, Severity.ERROR))
        else:
            warnings.append(Issue(at, code, message, Severity.WARNING))


def _missing(place: Place, column: str, code: str, message: str) -> Issue:
    """The reason for an item without a field it cannot be kept without."""
    return Issue(place.with_column(column), code, message, Severity.ERROR)


def _value(
    checker: Callable[..., Checked],
    raw: str | None,
    column: str,
    place: Place,
    warnings: list[Issue],
    reasons: list[Issue] | None = None,
) -> Any:
    """A checked value of one field (None when blank), its problems reported."""
    if not raw:
        return None
    text = raw.strip()
    if not text:
        return None
    value, problems = checker(text)
    if problems:
        _report(problems, place, column, warnings, reasons)
    return value


# --- voyages -----------------------------------------------------------------------------------


def _voyage_values(fields: Fields, place: Place, warnings: list[Issue]) -> dict[str, Any]:
    """Attribute values of a voyage from its raw fields (blank fields left out)."""
    get = fields.get
    values: dict[str, Any] = {}
    mode_text = _text(get("transport_mode"))
    if mode_text:
        mode, problems = _choice(TRANSPORT_MODES, mode_text, "transport_mode", TransportMode.SEA)
        _report(problems, place, "transport_mode", warnings)
        values["transport_mode"] = mode
    for attribute, column in (("vessel_name", "vessel_name"), ("carrier", "carrier")):
        text = _text(get(column))
        if text:
            values[attribute] = " ".join(text.split())
    values["imo"] = _value(check_imo, get("vessel_imo"), "vessel_imo", place, warnings)
    for column in ("departure_port", "arrival_port"):
        values[column] = _value(check_locode, get(column), column, place, warnings)
    transit = _text(get("transit_ports"))
    if transit:
        values["transit_ports"] = [
            _value(check_locode, port, "transit_ports", place, warnings) for port in _split(transit)
        ]
    for column in ("departure_time", "arrival_time"):
        values[column] = _value(check_datetime, get(column), column, place, warnings)
    departure, arrival = values.get("departure_time"), values.get("arrival_time")
    if departure and arrival and arrival < departure:
        warnings.append(
            Issue(
                place.with_column("arrival_time"),
                "voyage.times_order",
                f"voyage {_text(get('voyage_number'))}: arrival {arrival:%Y-%m-%d %H:%M}"
                f" is before departure {departure:%Y-%m-%d %H:%M}",
            )
        )
    return {key: value for key, value in values.items() if value is not None}


def _merge(record: Any, values: dict[str, Any], label: str, place: Place) -> list[Issue]:
    """Fill a record's blank attributes from a repeat; a differing value keeps the first."""
    conflicts: list[Issue] = []
    for attribute, value in values.items():
        known = getattr(record, attribute)
        if known is None or known == [] or known == "":
            setattr(record, attribute, value)
        elif attribute in ("transport_mode", "kind", "is_empty"):
            # Defaults cannot be told from given values; only an explicit change is reported.
            if known != value and record_default(record, attribute) == known:
                setattr(record, attribute, value)
            elif known != value:
                conflicts.append(_conflict(place, attribute, label, value, known))
        elif isinstance(known, list):
            added = [v for v in value if v not in known]
            known.extend(added)
        elif known != value:
            conflicts.append(_conflict(place, attribute, label, value, known))
    return conflicts


def record_default(record: Any, attribute: str) -> Any:
    """The default of a record attribute (its dataclass field default)."""
    return record.__dataclass_fields__[attribute].default


def _conflict(place: Place, attribute: str, label: str, value: Any, known: Any) -> Issue:
    """A warning that a repeat of a record gives another value than the first occurrence."""
    return Issue(
        place.with_column(attribute),
        "record.conflict",
        f"{label}: {attribute.replace('_', ' ')} {_shown_value(value)} differs from"
        f" {_shown_value(known)} given before; the first is kept",
    )


def _shown_value(value: Any) -> str:
    """A record value in a message."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return shown(str(value))


def _voyage(builder: ManifestBuilder, number: str, fields: Fields, place: Place) -> Voyage:
    """The voyage of a number, created or merged with the fields of this row."""
    seen = _seen(builder)
    raw = tuple(map(fields.get, VOYAGE_FIELDS))
    voyage = builder._voyages.get(number)
    if voyage is not None and seen.voyage_raw.get(number) == raw:
        return voyage
    seen.voyage_raw[number] = raw
    warnings: list[Issue] = []
    values = _voyage_values(fields, place, warnings)
    if voyage is None:
        voyage = Voyage(number, place=place, issues=warnings, **values)
        builder._voyages[number] = voyage
        builder.manifest.voyages.append(voyage)
        return voyage
    voyage.issues.extend(warnings)
    voyage.issues.extend(_merge(voyage, values, f"voyage {number}", place))
    return voyage


def _known_voyage(builder: ManifestBuilder, number: str, place: Place) -> Voyage:
    """The voyage of a number, made bare when no row described it yet."""
    voyage = builder._voyages.get(number)
    if voyage is None:
        voyage = Voyage(number, place=place)
        builder._voyages[number] = voyage
        builder.manifest.voyages.append(voyage)
    return voyage


def build_voyage(builder: ManifestBuilder, fields: Fields, place: Place) -> Voyage | None:
    """Validate a voyage given on its own (EDIFACT header, JSON conveyance)."""
    number = _text(fields.get("voyage_number"))
    if not number:
        reason = _missing(place, "voyage_number", "voyage.number_missing", "no voyage number")
        builder.reject("voyage", fields, place, [reason])
        return None
    return _voyage(builder, number, fields, place)


# --- documents and parties ---------------------------------------------------------------------


def _document(
    builder: ManifestBuilder, number: str, voyage: Voyage, fields: Fields, place: Place
) -> TransportDocument:
    """The transport document of a number, created or merged, with its parties."""
    seen = _seen(builder)
    raw = tuple(map(fields.get, DOCUMENT_FIELDS + PARTY_FIELDS))
    document = builder._documents.get(number)
    if document is not None and seen.document_number == number and seen.document_raw == raw:
        return document
    seen.document_number, seen.document_raw = number, raw
    get = fields.get
    warnings: list[Issue] = []
    values: dict[str, Any] = {}
    kind_text = _text(get("document_type"))
    if kind_text:
        default = DOCUMENT_KIND_BY_MODE[voyage.transport_mode]
        values["kind"], problems = _choice(DOCUMENT_KINDS, kind_text, "document_type", default)
        _report(problems, place, "document_type", warnings)
    for column in ("loading_port", "discharge_port"):
        port = _value(check_locode, get(column), column, place, warnings)
        if port is not None:
            values[column] = port
    if document is None:
        kind = values.pop("kind", DOCUMENT_KIND_BY_MODE[voyage.transport_mode])
        document = TransportDocument(
            number, voyage.number, kind, place=place, issues=warnings, **values
        )
        builder._documents[number] = document
        builder.manifest.documents.append(document)
    else:
        document.issues.extend(warnings)
        document.issues.extend(_merge(document, values, f"document {number}", place))
        if document.voyage_number != voyage.number:
            document.issues.append(
                _conflict(
                    place,
                    "voyage_number",
                    f"document {number}",
                    voyage.number,
                    document.voyage_number,
                )
            )
    for role in PARTY_ROLES:
        _party(builder, document, role, fields, place)
    return document


def _party(
    builder: ManifestBuilder,
    document: TransportDocument,
    role: str,
    fields: Fields,
    place: Place,
) -> Party | None:
    """The shipper, consignee or notify party of a document, created or merged."""
    name_column, address_column, country_column, tax_id_column = _PARTY_COLUMNS[role]
    get = fields.get
    name = _single_spaced(get(name_column))
    if not name:
        others = [c for c in (address_column, country_column, tax_id_column) if _text(get(c))]
        if others:
            document.issues.append(
                Issue(
                    place.with_column(name_column),
                    "party.name_missing",
                    f"{role}: {', '.join(others)} given without a name; not kept",
                )
            )
        return None
    warnings: list[Issue] = []
    party_country = _value(check_country, get(country_column), country_column, place, warnings)
    alpha_2 = party_country if party_country and len(party_country) == 2 else None
    tax_id_text = _text(get(tax_id_column))
    tax_id = None
    if tax_id_text:
        tax_id, problems = check_tax_id(tax_id_text, alpha_2)
        _report(problems, place, tax_id_column, warnings)
    address = _single_spaced(get(address_column)) or None
    key = (document.number, role, name)
    party = builder._parties.get(key)
    if party is None:
        party = Party(
            PartyRole(role),
            name,
            document.number,
            address,
            party_country,
            tax_id,
            place=place,
            issues=warnings,
        )
        builder._parties[key] = party
        builder.manifest.parties.append(party)
        return party
    party.issues.extend(warnings)
    values = {"address": address, "country": party_country, "tax_id": tax_id}
    party.issues.extend(
        _merge(party, {k: v for k, v in values.items() if v is not None}, f"{role} {name}", place)
    )
    return party


# --- cargo units -------------------------------------------------------------------------------


def _cargo_unit_kind(fields: Fields, place: Place, warnings: list[Issue]) -> CargoUnitKind | None:
    """The kind of cargo unit given in a row, or None when not given."""
    text = _text(fields.get("cargo_unit_type"))
    if not text:
        return None
    kind, problems = _choice(CARGO_UNIT_KINDS, text, "cargo_unit_type", CargoUnitKind.OTHER)
    _report(problems, place, "cargo_unit_type", warnings)
    return kind  # type: ignore[no-any-return]


def _cargo_units(
    builder: ManifestBuilder,
    voyage_number: str,
    fields: Fields,
    place: Place,
    reasons: list[Issue],
    *,
    with_ports: bool = False,
) -> list[CargoUnit]:
    """The cargo units of a row (several identifiers may share one field), created or merged.

    Kind applies to every identifier of the row; seals, size, weight, plate and stowage only
    when the row names a single unit, since nothing says which of several they belong to.
    A bad weight is a reason to reject the row's item, and no unit is made from the row.
    """
    get = fields.get
    ids_text = _text(get("cargo_unit_id"))
    if not ids_text:
        return []
    raw = tuple(map(get, CARGO_UNIT_ROW_FIELDS if with_ports else CARGO_UNIT_FIELDS))
    seen = _seen(builder)
    row_key = (voyage_number, ids_text)
    if seen.cargo_unit_key == row_key and seen.cargo_unit_raw == raw:
        return seen.cargo_units
    warnings: list[Issue] = []
    weight_reasons: list[Issue] = []
    weight = _value(
        check_decimal,
        get("cargo_unit_gross_weight_kg"),
        "cargo_unit_gross_weight_kg",
        place,
        warnings,
        weight_reasons,
    )
    if weight_reasons:
        reasons.extend(weight_reasons)
        return []
    kind = _cargo_unit_kind(fields, place, warnings)
    identifiers = _split(ids_text)
    values = (
        _cargo_unit_values(fields, place, warnings, with_ports) if len(identifiers) == 1 else {}
    )
    if weight is not None and len(identifiers) == 1:
        values["gross_weight_kg"] = weight
    if len(identifiers) > 1 and any(_text(get(c)) for c in _PER_UNIT_COLUMNS):
        warnings.append(
            Issue(
                place.with_column("cargo_unit_id"),
                "cargo_unit.shared_fields",
                f"cargo units {shown(ids_text)}: seals, size, weight, plate or stowage given"
                " for several units at once; not assigned",
            )
        )
    units = [
        _cargo_unit(builder, voyage_number, raw_id, kind, values, place, warnings)
        for raw_id in identifiers
    ]
    seen.cargo_unit_key, seen.cargo_unit_raw, seen.cargo_units = row_key, raw, units
    return units


_PER_UNIT_COLUMNS = (
    "seals",
    "size_type",
    "cargo_unit_gross_weight_kg",
    "vehicle_plate",
    "stowage_position",
)


def _cargo_unit_values(
    fields: Fields, place: Place, warnings: list[Issue], with_ports: bool
) -> dict[str, Any]:
    """Attributes of a single cargo unit from its row (blank fields left out)."""
    get = fields.get
    values: dict[str, Any] = {}
    size_type = _text(get("size_type"))
    if size_type:
        values["size_type"] = size_type.upper()
    seals = _text(get("seals"))
    if seals:
        values["seals"] = [_compact_identifier(seal) for seal in _split(seals)]
    plate = _text(get("vehicle_plate"))
    if plate:
        values["vehicle_plate"] = _compact_identifier(plate)
    stowage = _text(get("stowage_position"))
    if stowage:
        values["stowage_position"] = stowage
    empty_text = _text(get("is_empty"))
    if empty_text:
        values["is_empty"], problems = _choice(EMPTY_WORDS, empty_text, "is_empty", False)
        _report(problems, place, "is_empty", warnings)
    if with_ports:
        for column in ("loading_port", "discharge_port"):
            port = _value(check_locode, get(column), column, place, warnings)
            if port is not None:
                values[column] = port
    return values


def _cargo_unit(
    builder: ManifestBuilder,
    voyage_number: str,
    raw_id: str,
    kind: CargoUnitKind | None,
    values: dict[str, Any],
    place: Place,
    warnings: list[Issue],
) -> CargoUnit:
    """One cargo unit of a voyage, created or merged with the values of this row."""
    (identifier, unit_kind), problems = check_cargo_unit_id(raw_id, kind)
    unit_warnings = list(warnings)
    _report(problems, place, "cargo_unit_id", unit_warnings)
    key = (voyage_number, identifier)
    unit = builder._cargo_units.get(key)
    if unit is None:
        if "seals" in values:  # each unit owns its list: merges extend it
            values = {**values, "seals": list(values["seals"])}
        unit = CargoUnit(
            identifier, voyage_number, unit_kind, place=place, issues=unit_warnings, **values
        )
        builder._cargo_units[key] = unit
        builder.manifest.cargo_units.append(unit)
        return unit
    unit.issues.extend(unit_warnings)
    given = {"kind": unit_kind, **values} if kind is not None else values
    unit.issues.extend(_merge(unit, given, f"cargo unit {identifier}", place))
    return unit


def build_cargo_unit_row(
    builder: ManifestBuilder, fields: Fields, place: Place
) -> CargoUnit | None:
    """Validate one cargo unit known without goods (bay plan, empty container)."""
    voyage_number = _text(fields.get("voyage_number"))
    reasons: list[Issue] = []
    if not voyage_number:
        reasons.append(
            _missing(place, "voyage_number", "cargo_unit.voyage_missing", "no voyage number")
        )
    if not _text(fields.get("cargo_unit_id")):
        reasons.append(
            _missing(
                place, "cargo_unit_id", "cargo_unit.identifier_missing", "no cargo unit identifier"
            )
        )
    if reasons:
        builder.reject("cargo_unit", fields, place, reasons)
        return None
    units = _cargo_units(builder, voyage_number, fields, place, reasons, with_ports=True)
    if reasons:
        builder.reject("cargo_unit", fields, place, reasons)
        return None
    _known_voyage(builder, voyage_number, place)
    return units[0] if units else None


# --- consignments ------------------------------------------------------------------------------


def build_consignment_row(
    builder: ManifestBuilder, fields: Fields, place: Place
) -> Consignment | None:
    """Validate one goods item with its voyage, document, parties and cargo units.

    1. Without a voyage number nothing of the row can be placed: the row is rejected.
    2. The voyage is kept (created or merged); without a document number the goods item is
       rejected, the voyage stays.
    3. The document, its parties and the cargo units are kept when valid on their own.
    4. The goods item is kept with warnings, or rejected with every reason found.
    """
    get = fields.get
    voyage_number = _text(get("voyage_number"))
    document_number = _text(get("document_number"))
    if not voyage_number or not document_number:
        reasons = []
        if not voyage_number:
            reasons.append(
                _missing(place, "voyage_number", "consignment.voyage_missing", "no voyage number")
            )
        if not document_number:
            reasons.append(
                _missing(
                    place,
                    "document_number",
                    "consignment.document_missing",
                    "no transport document number",
                )
            )
        if voyage_number:
            _voyage(builder, voyage_number, fields, place)
        builder.reject("consignment", fields, place, reasons)
        return None
    voyage = _voyage(builder, voyage_number, fields, place)
    document = _document(builder, document_number, voyage, fields, place)
    reasons = []
    units = _cargo_units(builder, voyage_number, fields, place, reasons)
    warnings: list[Issue] = []
    hs_code = _value(check_hs_code, get("hs_code"), "hs_code", place, warnings, reasons)
    packages = _value(check_count, get("packages"), "packages", place, warnings, reasons)
    gross = _value(
        check_decimal, get("gross_weight_kg"), "gross_weight_kg", place, warnings, reasons
    )
    net = _value(check_decimal, get("net_weight_kg"), "net_weight_kg", place, warnings, reasons)
    value = _value(check_decimal, get("value"), "value", place, warnings, reasons)
    item_number = _value(check_count, get("item_number"), "item_number", place, warnings, reasons)
    if reasons:
        builder.reject("consignment", fields, place, reasons)
        return None
    item_number = _item_number(_seen(builder), document.number, item_number, place, warnings)
    if gross is not None and net is not None and net > gross:
        warnings.append(
            Issue(
                place.with_column("net_weight_kg"),
                "consignment.net_above_gross",
                f"net weight {net} kg is above gross weight {gross} kg",
            )
        )
    description = _text(get("goods_description"))
    consignment = Consignment(
        document.number,
        item_number,
        hs_code,
        " ".join(description.split()) if description else "",
        packages,
        _text(get("package_type")).upper() or None,
        gross,
        net,
        value,
        _value(check_currency, get("currency"), "currency", place, warnings),
        _value(check_country, get("origin_country"), "origin_country", place, warnings),
        [unit.identifier for unit in units],
        place,
        warnings,
    )
    builder.manifest.consignments.append(consignment)
    return consignment


def _item_number(
    seen: _Seen, document_number: str, given: int | None, place: Place, warnings: list[Issue]
) -> int:
    """The item number given, or the next one of the document; a repeat is warned about."""
    if seen.items_document != document_number:
        seen.items_document = document_number
        seen.items = set()
    last = seen.item_counts.get(document_number, 0)
    number = last + 1 if given is None else given
    if number > last:
        seen.item_counts[document_number] = number
    if number in seen.items:
        warnings.append(
            Issue(
                place.with_column("item_number"),
                "consignment.duplicate_item",
                f"document {document_number}: item {number} given twice",
            )
        )
    seen.items.add(number)
    return number


# --- persons -----------------------------------------------------------------------------------


def build_person_row(builder: ManifestBuilder, fields: Fields, place: Place) -> Person | None:
    """Validate one driver, passenger or crew member."""
    get = fields.get
    voyage_number = _text(get("voyage_number"))
    family_name = " ".join(_text(get("family_name")).split())
    reasons: list[Issue] = []
    if not voyage_number:
        reasons.append(
            _missing(place, "voyage_number", "person.voyage_missing", "no voyage number")
        )
    if not family_name:
        reasons.append(
            _missing(place, "family_name", "person.family_name_missing", "no family name")
        )
    if reasons:
        builder.reject("person", fields, place, reasons)
        return None
    warnings: list[Issue] = []
    role_text = _text(get("person_role"))
    role = PersonRole.PASSENGER
    if role_text:
        role, problems = _choice(PERSON_ROLES, role_text, "person_role", PersonRole.PASSENGER)
        _report(problems, place, "person_role", warnings)
    born: date | None = _value(check_date, get("date_of_birth"), "date_of_birth", place, warnings)
    gender_text = _text(get("gender"))
    gender: str | None = None
    if gender_text:
        gender = GENDERS.get(_words(gender_text))
        if gender is None:
            gender = gender_text
            warnings.append(
                Issue(
                    place.with_column("gender"),
                    "gender.unknown",
                    f"gender {shown(gender_text)}: not M, F, U or X; kept as given",
                )
            )
    document_number = _text(get("travel_document_number"))
    plate = _text(get("vehicle_plate"))
    _known_voyage(builder, voyage_number, place)
    person = Person(
        voyage_number,
        role,
        family_name,
        " ".join(_text(get("given_names")).split()),
        born,
        _value(check_country, get("nationality"), "nationality", place, warnings),
        gender,
        _text(get("travel_document_type")).upper() or None,
        _compact_identifier(document_number) if document_number else None,
        _compact_identifier(plate) if plate else None,
        place,
        warnings,
    )
    builder.manifest.persons.append(person)
    return person


def decimal_or_none(value: str | None) -> Decimal | None:
    """A non-negative decimal from a raw value, or None when blank or not a number."""
    text = _text(value)
    if not text:
        return None
    number, problems = check_decimal(text)
    return None if problems else number  # type: ignore[no-any-return]
