"""Watch-list entries as the screening sees them, whatever list or file they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class EntryKind(StrEnum):
    """What a watch-list entry names."""

    PERSON = "person"
    COMPANY = "company"
    VEHICLE = "vehicle"  # by registration plate
    CONTAINER = "container"  # by ISO 6346 number
    VESSEL = "vessel"  # by IMO number, or by name

    @property
    def by_identifier(self) -> bool:
        """Whether entries of this kind are matched by an exact identifier, not by name."""
        return self in (EntryKind.VEHICLE, EntryKind.CONTAINER)


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def partial_date(value: str | date | None) -> str | None:
    """A date of birth as an ISO prefix ("1971", "1971-03", "1971-03-05"), or None.

    Lists often know only the year of birth, or give several possible dates.

    >>> partial_date("1971-03-05"), partial_date("1971"), partial_date(date(1980, 1, 2))
    ('1971-03-05', '1971', '1980-01-02')
    >>> partial_date("05.03.1971"), partial_date("about 1970")
    ('1971-03-05', None)
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = value.strip()
    if _PARTIAL_DATE.match(text):
        return text
    day_first = re.match(r"^(\d{2})[./](\d{2})[./](\d{4})$", text)
    if day_first:
        day, month, year = day_first.groups()
        return f"{year}-{month}-{day}"
    return None


def document_key(value: str) -> str:
    """A document number without spaces, dashes or case, so N 1234567 meets N1234567."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())


@dataclass(frozen=True, slots=True)
class WatchListEntry:
    """One listed person, company, vehicle, container or vessel, under all its names."""

    id: str
    list_code: str  # which watch list: "UN-SC", "NATIONAL", an OpenSanctions dataset
    kind: EntryKind
    names: tuple[str, ...]  # the main name first, then aliases; identifiers for plates etc.
    dates_of_birth: tuple[str, ...] = ()  # ISO prefixes, see ``partial_date``
    document_numbers: tuple[str, ...] = ()  # passports, national ids, registration, IMO
    nationality: tuple[str, ...] = ()  # as the list gives it: alpha-2 code or country name
    source: str = ""  # where the entry came from: list reference, file, analyst
    reason: str = ""  # why it is listed, shown to the officer
    expiry: date | None = None
    threat: str | None = None  # a ``Threat`` value when the list says what is feared
    extra: dict[str, str] = field(default_factory=dict)

    def is_active(self, on: date) -> bool:
        """Whether the entry still applies on the given day."""
        return self.expiry is None or on <= self.expiry
