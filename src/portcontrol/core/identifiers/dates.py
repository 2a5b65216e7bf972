"""Dates and times as manifests write them: ISO 8601, dd.mm.yyyy, and the EDIFACT formats.

EDIFACT date/time/period format qualifiers (UN/EDIFACT code list 2379) understood here:
101 YYMMDD, 102 CCYYMMDD, 201 YYMMDDHHMM, 203 CCYYMMDDHHMM, 204 CCYYMMDDHHMMSS. A time
without a zone is taken as UTC. Two-digit years are read in 1970-2069.

>>> parse_date('2024-05-01')
datetime.date(2024, 5, 1)
>>> parse_date('01.05.2024')
datetime.date(2024, 5, 1)
>>> parse_date('20240501')
datetime.date(2024, 5, 1)
>>> parse_datetime('202405011830', '203')
datetime.datetime(2024, 5, 1, 18, 30, tzinfo=datetime.timezone.utc)
>>> parse_datetime('2405011830')
datetime.datetime(2024, 5, 1, 18, 30, tzinfo=datetime.timezone.utc)
>>> parse_datetime('2024-05-01T18:30:00+05:00').isoformat()
'2024-05-01T18:30:00+05:00'
>>> parse_datetime('01.05.2024 18:30')
datetime.datetime(2024, 5, 1, 18, 30, tzinfo=datetime.timezone.utc)
>>> parse_date('31.02.2024')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: date 31.02.2024: day is out of range for month
"""  # noqa: E501

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from portcontrol.core.identifiers._util import is_ascii_digits, shown
from portcontrol.core.identifiers.exceptions import InvalidComponent, InvalidFormat

# Digits-only layouts by EDIFACT qualifier: (length, has century, has time, has seconds).
EDIFACT_FORMATS = {
    "101": (6, False, False, False),
    "102": (8, True, False, False),
    "201": (10, False, True, False),
    "203": (12, True, True, False),
    "204": (14, True, True, True),
}
_FORMAT_BY_LENGTH = {layout[0]: code for code, layout in EDIFACT_FORMATS.items()}
_DAY_FIRST = re.compile(
    r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})"
    r"(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$"
)


def _year(digits: str) -> int:
    """A four-digit year; two digits are read in the window 1970-2069."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _build(label: str, *parts: int) -> datetime:
    """A UTC datetime from its parts, or a component error naming the value."""
    try:
        return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]
    except ValueError as error:
        raise InvalidComponent(f"{label}: {error}") from None


def _from_edifact(text: str, qualifier: str, label: str) -> datetime:
    """A datetime from digits in one of the EDIFACT layouts."""
    length, century, has_time, seconds = EDIFACT_FORMATS[qualifier]
    if len(text) != length or not is_ascii_digits(text):
        raise InvalidFormat(f"{label}: not in EDIFACT format {qualifier} ({length} digits)")
    cut = 4 if century else 2
    year = _year(text[:cut])
    parts = [year, int(text[cut : cut + 2]), int(text[cut + 2 : cut + 4])]
    if has_time:
        parts += [int(text[cut + 4 : cut + 6]), int(text[cut + 6 : cut + 8])]
    if seconds:
        parts.append(int(text[cut + 8 : cut + 10]))
    return _build(label, *parts)


def parse_datetime(value: str, qualifier: str | None = None, *, kind: str = "date") -> datetime:
    """A timezone-aware datetime (UTC when the value has no zone).

    1. With an EDIFACT qualifier (101, 102, 201, 203, 204), read exactly that layout.
    2. Digits only: the EDIFACT layout of that length.
    3. Otherwise ISO 8601, then day first: ``dd.mm.yyyy [hh:mm[:ss]]`` (also / and -).
    """
    if not isinstance(value, str):
        raise InvalidFormat(f"{kind} {value!r}: not text")
    text = value.strip()
    label = f"{kind} {shown(value)}"
    if qualifier is not None:
        if qualifier not in EDIFACT_FORMATS:
            raise InvalidFormat(f"{label}: EDIFACT format {qualifier} is not supported")
        return _from_edifact(text, qualifier, label)
    if not text or len(text) > 40:
        raise InvalidFormat(f"{label}: not a date")
    if is_ascii_digits(text):
        found = _FORMAT_BY_LENGTH.get(len(text))
        if found is None:
            raise InvalidFormat(f"{label}: {len(text)} digits is no known date layout")
        return _from_edifact(text, found, label)
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        return _build(
            label,
            _year(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    if text[:4].isascii() and text[:4].isdigit() and text[4:5] == "-":
        try:
            parsed = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError as error:
            raise InvalidComponent(f"{label}: {error}") from None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    raise InvalidFormat(f"{label}: not a date (use YYYY-MM-DD or DD.MM.YYYY)")


def parse_date(value: str, qualifier: str | None = None) -> date:
    """A calendar date in any layout :func:`parse_datetime` reads (a time part is dropped)."""
    return parse_datetime(value, qualifier).date()
