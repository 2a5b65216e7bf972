"""IMO ship identification numbers: six digits and a check digit, often written "IMO 9074729".

The check digit is the last digit of the sum of the first six digits weighted 7 down to 2.

>>> validate('IMO 9074729')
'9074729'
>>> validate('imo:9319466')
'9319466'
>>> validate('IMO 9074728')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidChecksum: IMO number IMO 9074728: check digit should be 9
>>> validate('907472')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidLength: IMO number 907472: 6 digits, not 7
>>> format('8814275')
'IMO 8814275'
"""  # noqa: E501

from __future__ import annotations

from stdnum import imo as stdnum_imo

from portcontrol.core.identifiers._util import clean, is_ascii_digits, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)


def compact(number: str) -> str:
    """The seven digits, without the "IMO" prefix, separators or a colon."""
    compacted = clean(number).replace(":", "").replace("№", "")
    if compacted.startswith("IMO"):
        compacted = compacted[3:]
    return compacted.removeprefix("NO")


def calc_check_digit(number: str) -> str:
    """The check digit of the first six digits."""
    return str(stdnum_imo.calc_check_digit(compact(number)[:6]))


def validate(number: str) -> str:
    """The seven-digit number when valid; raise an :class:`InvalidIdentifier` otherwise."""
    compacted = compact(number)
    label = f"IMO number {shown(number)}"
    if not is_ascii_digits(compacted):
        raise InvalidFormat(f"{label}: not a number", number=compacted or None)
    if len(compacted) != 7:
        raise InvalidLength(f"{label}: {len(compacted)} digits, not 7", number=compacted)
    expected = calc_check_digit(compacted)
    if compacted[6] != expected:
        raise InvalidChecksum(
            f"{label}: check digit should be {expected}", number=compacted, expected=expected
        )
    return compacted


def is_valid(number: str) -> bool:
    """Whether the number is a valid IMO number."""
    try:
        validate(number)
    except InvalidIdentifier:
        return False
    return True


def format(number: str) -> str:
    """The usual written form, ``IMO 9074729``."""
    return "IMO " + compact(number)
