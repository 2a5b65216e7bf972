"""BIN (бизнес сәйкестендіру нөмірі, Kazakhstan business identification number).

Twelve digits: year and month of registration (YYMM), the kind of entity (4 resident legal
entity, 5 non-resident legal entity, 6 individual entrepreneur in joint activity), the kind of
office, five serial digits and a check digit computed as for the IIN. The examples are
constructed numbers, not real firms.

>>> validate('050540 001232')
'050540001232'
>>> validate('130340005671')
'130340005671'
>>> validate('050540001233')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidChecksum: BIN 050540001233: check digit should be 2
>>> validate('880915300125')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: BIN 880915300125: entity digit 1 is not 4, 5 or 6 (an IIN?)
"""  # noqa: E501

from __future__ import annotations

from portcontrol.core.identifiers._kz import calc_check_digit
from portcontrol.core.identifiers._util import clean, is_ascii_digits, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)

__all__ = ["calc_check_digit", "compact", "format", "is_valid", "validate"]


def compact(number: str) -> str:
    """The twelve digits without separators."""
    return clean(number)


def validate(number: str) -> str:
    """The twelve digits when valid; raise an :class:`InvalidIdentifier` otherwise."""
    compacted = compact(number)
    label = f"BIN {shown(number)}"
    if not is_ascii_digits(compacted):
        raise InvalidFormat(f"{label}: not a number", number=compacted or None)
    if len(compacted) != 12:
        raise InvalidLength(f"{label}: {len(compacted)} digits, not 12", number=compacted)
    if not 1 <= int(compacted[2:4]) <= 12:
        raise InvalidComponent(
            f"{label}: {compacted[2:4]} is not a month of registration", number=compacted
        )
    # An IIN has the tens of a day (0-3) here, a BIN the kind of entity: they never overlap.
    if compacted[4] not in "456":
        raise InvalidComponent(
            f"{label}: entity digit {compacted[4]} is not 4, 5 or 6 (an IIN?)", number=compacted
        )
    expected = calc_check_digit(compacted)
    if expected != compacted[11]:
        reason = f"check digit should be {expected}" if expected else "no check digit possible"
        raise InvalidChecksum(f"{label}: {reason}", number=compacted, expected=expected)
    return compacted


def is_valid(number: str) -> bool:
    """Whether the number is a valid BIN."""
    try:
        validate(number)
    except InvalidIdentifier:
        return False
    return True


def format(number: str) -> str:
    """The twelve digits."""
    return compact(number)
