"""IIN (жеке сәйкестендіру нөмірі, Kazakhstan individual identification number).

Twelve digits: the date of birth (YYMMDD), a digit for century and sex (1-2: 19th century,
3-4: 20th, 5-6: 21st; odd male, even female), four serial digits and a check digit. The same
check digit algorithm as the BIN. The examples are constructed numbers, not real persons.

>>> validate('880915 300125')
'880915300125'
>>> validate('900101400013')
'900101400013'
>>> validate('880915300126')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidChecksum: IIN 880915300126: check digit should be 5
>>> validate('881315300125')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: IIN 881315300125: 881315 is not a date of birth
>>> birth_date('880915300125')
datetime.date(1988, 9, 15)
"""  # noqa: E501

from __future__ import annotations

from datetime import date

from portcontrol.core.identifiers._kz import calc_check_digit
from portcontrol.core.identifiers._util import clean, is_ascii_digits, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)

_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}

__all__ = ["birth_date", "calc_check_digit", "compact", "format", "is_valid", "validate"]


def compact(number: str) -> str:
    """The twelve digits without separators."""
    return clean(number)


def birth_date(number: str) -> date | None:
    """The date of birth coded in the number, when its century digit is given."""
    compacted = compact(number)
    century = _CENTURY.get(compacted[6:7])
    if century is None or not is_ascii_digits(compacted[:6]):
        return None
    try:
        return date(century + int(compacted[:2]), int(compacted[2:4]), int(compacted[4:6]))
    except ValueError:
        return None


def validate(number: str) -> str:
    """The twelve digits when valid; raise an :class:`InvalidIdentifier` otherwise."""
    compacted = compact(number)
    label = f"IIN {shown(number)}"
    if not is_ascii_digits(compacted):
        raise InvalidFormat(f"{label}: not a number", number=compacted or None)
    if len(compacted) != 12:
        raise InvalidLength(f"{label}: {len(compacted)} digits, not 12", number=compacted)
    # The first six digits are always a date; with a century digit the calendar can decide.
    month, day = int(compacted[2:4]), int(compacted[4:6])
    impossible = not (1 <= month <= 12 and 1 <= day <= 31)
    if impossible or (compacted[6] in _CENTURY and birth_date(compacted) is None):
        raise InvalidComponent(f"{label}: {compacted[:6]} is not a date of birth", number=compacted)
    expected = calc_check_digit(compacted)
    if expected != compacted[11]:
        reason = f"check digit should be {expected}" if expected else "no check digit possible"
        raise InvalidChecksum(f"{label}: {reason}", number=compacted, expected=expected)
    return compacted


def is_valid(number: str) -> bool:
    """Whether the number is a valid IIN."""
    try:
        validate(number)
    except InvalidIdentifier:
        return False
    return True


def format(number: str) -> str:
    """The twelve digits."""
    return compact(number)
