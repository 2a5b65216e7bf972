"""VÖEN (Vergi ödəyicisinin eyniləşdirmə nömrəsi, Azerbaijan taxpayer identification number).

Ten digits: two for the territorial unit, six serial digits, a check digit and the legal status
(1 legal person, 2 natural person). Checked by python-stdnum's ``az.voen`` behind our normaliser;
nine digits get their lost leading zero back.

>>> validate('140 155 5071')
'1401555071'
>>> validate('1401555081')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidChecksum: VÖEN 1401555081: check digit does not match
>>> validate('1400057424')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: VÖEN 1400057424: last digit must be 1 or 2
"""

from __future__ import annotations

from stdnum import exceptions as stdnum_exceptions
from stdnum.az import voen as stdnum_voen

from portcontrol.core.identifiers._util import clean, is_ascii_digits, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)


def compact(number: str) -> str:
    """The ten digits without separators (a leading zero restored to nine digits)."""
    compacted = clean(number)
    return "0" + compacted if len(compacted) == 9 else compacted


def validate(number: str) -> str:
    """The ten digits when valid; raise an :class:`InvalidIdentifier` otherwise."""
    compacted = compact(number)
    label = f"VÖEN {shown(number)}"
    if not is_ascii_digits(compacted):
        raise InvalidFormat(f"{label}: not a number", number=compacted or None)
    try:
        return str(stdnum_voen.validate(compacted))
    except stdnum_exceptions.InvalidLength:
        raise InvalidLength(f"{label}: {len(compacted)} digits, not 10", number=compacted) from None
    except stdnum_exceptions.InvalidComponent:
        raise InvalidComponent(f"{label}: last digit must be 1 or 2", number=compacted) from None
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidChecksum(f"{label}: check digit does not match", number=compacted) from None
    except stdnum_exceptions.ValidationError:
        raise InvalidFormat(f"{label}: not a VÖEN", number=compacted) from None


def is_valid(number: str) -> bool:
    """Whether the number is a valid VÖEN."""
    try:
        validate(number)
    except InvalidIdentifier:
        return False
    return True


def format(number: str) -> str:
    """The ten digits."""
    return compact(number)
