"""Data elements shared by CUSCAR, BAPLIE and PAXLST: dates, measures, places, parties.

Each function turns one segment into raw canonical field strings; validation of the values
(UN/LOCODE, ISO 6346, dates) happens in the builder, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from portcontrol.core.errors import Place
from portcontrol.core.formats.edifact.tokenizer import Segment

Warn = Callable[[Place, str, str], None]

# DTM format codes (2379) and the length of their digits.
_DATE_FORMATS = {"102": 8, "203": 12, "204": 14, "101": 6, "201": 10, "303": 12, "304": 14}
_FORMAT_BY_LENGTH = {8: "102", 12: "203", 14: "204", 6: "101", 10: "201"}
# Weight units (6411) converted to kilograms.
_KILOGRAMS_PER_UNIT = {
    "KGM": Decimal(1),
    "KG": Decimal(1),
    "TNE": Decimal(1000),
    "GRM": Decimal("0.001"),
    "LBR": Decimal("0.45359237"),
}
# Code list agency 6 is UN/ECE, the keeper of UN/LOCODE (3055); empty means "as agreed",
# which for these messages is UN/LOCODE.
UNLOCODE_AGENCIES = frozenset({"", "6"})


def edifact_date(value: str, format_code: str = "") -> str:
    """An ISO 8601 date or date-time from a DTM value; the value unchanged when it is odd.

    >>> edifact_date("202405011030", "203")
    '2024-05-01T10:30'
    >>> edifact_date("19800417", "102")
    '1980-04-17'
    >>> edifact_date("800417")
    '1980-04-17'
    >>> edifact_date("next tuesday")
    'next tuesday'
    """
    digits = value.strip()
    code = format_code.strip() or _FORMAT_BY_LENGTH.get(len(digits), "")
    length = _DATE_FORMATS.get(code)
    if length is None or len(digits) < length or not digits[:length].isdigit():
        return value.strip()
    digits = digits[:length]
    if code in ("101", "201"):
        # Two-digit years: the most recent century that does not put the date in the future.
        year = 2000 + int(digits[:2])
        if year > date.today().year:
            year -= 100
        digits = f"{year}{digits[2:]}"
    result = f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}"
    if len(digits) >= 12:
        result += f"T{digits[8:10]}:{digits[10:12]}"
    if len(digits) >= 14:
        result += f":{digits[12:14]}"
    return result


def format_datetime(value: datetime) -> tuple[str, str]:
    """DTM value and format code (203, or 204 with seconds) for a date-time."""
    if value.second:
        return value.strftime("%Y%m%d%H%M%S"), "204"
    return value.strftime("%Y%m%d%H%M"), "203"


def decimal_text(value: str) -> str:
    """A number as text with a point as decimal mark (EDIFACT allows a comma too)."""
    value = value.strip()
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    return value


def number_text(value: Decimal | int | None) -> str | None:
    """A number written without exponent, None stays None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def weight_kg(segment: Segment, warn: Warn) -> str:
    """The measured value of a MEA segment in kilograms, as text."""
    unit = segment.get(2, 0).strip().upper()
    value = decimal_text(segment.get(2, 1))
    factor = _KILOGRAMS_PER_UNIT.get(unit or "KGM")
    if factor is None:
        warn(
            segment.place,
            "edifact.weight_unit",
            f"weight unit {unit!r} is not a known weight unit; the value {value} is kept as is",
        )
        return value
    if factor == 1 or not value:
        return value
    try:
        return number_text(Decimal(value) * factor) or value
    except InvalidOperation:
        return value


def location_code(segment: Segment, warn: Warn) -> str:
    """The place code of a LOC segment, with a warning when it is not from UN/LOCODE."""
    code = segment.get(1, 0).strip()
    code_list, agency = segment.get(1, 1).strip(), segment.get(1, 2).strip()
    if not code:
        return segment.get(1, 3).strip()
    if agency not in UNLOCODE_AGENCIES:
        warn(
            segment.place,
            "edifact.location_code_list",
            f"location {code!r} comes from code list {code_list or '?'} of agency {agency}, "
            f"not UN/LOCODE; kept as given",
        )
    return code


def party_fields(segment: Segment) -> tuple[str, str, str, str]:
    """Name, address, country and identifier of a NAD segment.

    The name is C080 (components joined by spaces) or, when absent, the first line of the
    unstructured C058; the address is the other C058 lines, C059 street, city, sub-entity
    and postcode.
    """
    elements = segment.elements
    count = len(elements)
    identifier = segment.get(1, 0).strip()
    unstructured = _filled(elements[2]) if count > 2 else []
    name = " ".join(_filled(elements[3], 5)) if count > 3 else ""
    address_parts: list[str] = []
    if not name and unstructured:
        name = unstructured[0]
        address_parts.extend(unstructured[1:])
    elif unstructured:
        address_parts.extend(unstructured)
    if count > 4:
        address_parts.extend(_filled(elements[4]))
    for index in (5, 6, 7):
        part = segment.get(index).strip()
        if part:
            address_parts.append(part)
    country = segment.get(8).strip()
    return name, ", ".join(address_parts), country, identifier


def _filled(value: str | list[str], most: int | None = None) -> list[str]:
    """The components of a data element (the first ``most``), stripped, blank ones left out."""
    if type(value) is str:
        text = value.strip()
        return [text] if text else []
    found = []
    for part in value[:most]:
        text = part.strip()
        if text:
            found.append(text)
    return found


# TDT 8067 mode of transport (UN/ECE Recommendation 19).
TRANSPORT_MODES = {"1": "sea", "2": "rail", "3": "road", "8": "sea"}
# LOC 3227 and DTM 2005 qualifiers of a voyage, best first: CUSCAR and BAPLIE use 5/60
# (or 9/11), PAXLST 125/87; dates 133/136/186/189 leave, 132/178/232 arrive.
DEPARTURE_PLACES = ("5", "125", "9")
ARRIVAL_PLACES = ("60", "87", "61", "11")
TRANSIT_PLACES = ("13", "92")
DEPARTURE_DATES = frozenset({"133", "136", "186", "189"})
ARRIVAL_DATES = frozenset({"132", "178", "232"})


def keep_first(fields: dict[str, str], key: str, value: str) -> None:
    """Keep a non-empty value; the first one found wins."""
    if value and key not in fields:
        fields[key] = value


class VoyageHeader:
    """Collects the voyage of a message header: TDT, LOC, DTM, RFF+VON, NAD+CA."""

    def __init__(self, place: Place, warn: Warn) -> None:
        self.fields: dict[str, str] = {}
        self.place = place
        self.warn = warn
        self.locations: dict[str, str] = {}
        self.transit: list[str] = []

    def tdt(self, segment: Segment) -> None:
        """Conveyance reference, mode, carrier and vessel (C222: IMO number, name)."""
        fields = self.fields
        if "voyage_number" not in fields:
            self.place = segment.place
        keep_first(fields, "voyage_number", segment.get(1).strip())
        mode = TRANSPORT_MODES.get(segment.get(2, 0).strip())
        if any("FERRY" in part.upper() for part in segment.components(3)):
            mode = "ferry"
        if mode:
            keep_first(fields, "transport_mode", mode)
        keep_first(fields, "carrier", segment.get(4, 3).strip() or segment.get(4, 0).strip())
        identifier = segment.get(7, 0).strip()
        agency = segment.get(7, 2).strip()
        compact = identifier.upper().removeprefix("IMO").strip()
        # Agency 11 is Lloyd's Register, keeper of IMO numbers; a bare 7-digit number is one.
        # Other identifiers (call signs, agency 103 or ZZZ) are not IMO numbers.
        if identifier and (agency == "11" or (compact.isdigit() and len(compact) == 7)):
            keep_first(fields, "vessel_imo", identifier)
        keep_first(fields, "vessel_name", segment.get(7, 3).strip())

    def loc(self, segment: Segment) -> None:
        """A place of the voyage; unknown qualifiers are ignored."""
        qualifier = segment.get(0).strip()
        if qualifier in TRANSIT_PLACES:
            code = location_code(segment, self.warn)
            if code:
                self.transit.append(code)
        elif qualifier in DEPARTURE_PLACES or qualifier in ARRIVAL_PLACES:
            keep_first(self.locations, qualifier, location_code(segment, self.warn))

    def dtm(self, segment: Segment) -> None:
        """Departure or arrival date-time."""
        qualifier = segment.get(0, 0).strip()
        if qualifier in ARRIVAL_DATES:
            keep_first(
                self.fields, "arrival_time", edifact_date(segment.get(0, 1), segment.get(0, 2))
            )
        elif qualifier in DEPARTURE_DATES:
            keep_first(
                self.fields, "departure_time", edifact_date(segment.get(0, 1), segment.get(0, 2))
            )

    def rff(self, segment: Segment) -> None:
        """RFF+VON (voyage number) or RFF+CN (carrier's reference) when TDT has none."""
        if segment.get(0, 0).strip().upper() in ("VON", "CN"):
            keep_first(self.fields, "voyage_number", segment.get(0, 1).strip())

    def carrier(self, name: str) -> None:
        """NAD+CA: the carrier, when TDT named none."""
        keep_first(self.fields, "carrier", name)

    def finish(self, fallback: str) -> dict[str, str]:
        """The voyage fields; a missing voyage number is replaced by ``fallback``, warned."""
        fields, locations = self.fields, self.locations
        for key, qualifiers in (
            ("departure_port", DEPARTURE_PLACES),
            ("arrival_port", ARRIVAL_PLACES),
        ):
            for qualifier in qualifiers:
                if locations.get(qualifier):
                    keep_first(fields, key, locations[qualifier])
                    break
        if self.transit:
            fields["transit_ports"] = ";".join(self.transit)
        if "voyage_number" not in fields:
            self.warn(
                self.place,
                "edifact.voyage_number",
                f"no voyage number (TDT 8028 or RFF+VON); the message's reference "
                f"{fallback!r} is used instead",
            )
            fields["voyage_number"] = fallback
        return fields
