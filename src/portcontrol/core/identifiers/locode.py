"""UN/LOCODE place codes: ISO 3166 country and three letters or digits, against the shipped list.

A place's function codes (1 port, 2 rail, 3 road, B border crossing, ...) are never a reason to
refuse it: the Kuryk ferry terminal, KZKUR, is listed only as a road place.

>>> validate('KZ KUR')
'KZKUR'
>>> validate('azala')
'AZALA'
>>> lookup('KZKUR')
Location(code='KZKUR', name='Kuryk', country='KZ', subdivision='23', function='--3-----', lat=43.2, lon=51.65)
>>> validate('KZXXX')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.UnknownCode: UN/LOCODE KZXXX: not in the UN/LOCODE list for KZ
>>> validate('QQKUR')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: UN/LOCODE QQKUR: QQ is not a country code
>>> format('kzkur')
'KZ KUR'
"""  # noqa: E501

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from portcontrol.core.identifiers import country
from portcontrol.core.identifiers._util import clean, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
    UnknownCode,
)
from portcontrol.core.reference import locode_countries, locode_fields, locodes

_SHAPE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$")
FUNCTIONS = {
    "0": "function not known",
    "1": "port",
    "2": "rail terminal",
    "3": "road terminal",
    "4": "airport",
    "5": "postal exchange office",
    "6": "multimodal functions",
    "7": "fixed transport functions",
    "B": "border crossing",
}


@dataclass(frozen=True, slots=True)
class Location:
    """A place of the UN/LOCODE list."""

    code: str
    name: str
    country: str
    subdivision: str
    function: str  # eight positions, as listed: "1-3-----"
    lat: float | None
    lon: float | None

    def functions(self) -> list[str]:
        """The listed functions in words (port, rail terminal, ...)."""
        return [FUNCTIONS[c] for c in self.function if c in FUNCTIONS]


def compact(code: str) -> str:
    """The five characters of the code, upper case, without separators."""
    return clean(code)


def validate(code: str) -> str:
    """The compact code when it is listed; raise an :class:`InvalidIdentifier` otherwise."""
    compacted = compact(code)
    label = f"UN/LOCODE {shown(code)}"
    if len(compacted) != 5:
        raise InvalidLength(f"{label}: {len(compacted)} characters, not 5", number=compacted)
    if not _SHAPE.match(compacted):
        raise InvalidFormat(f"{label}: not two letters and three letters or digits")
    if compacted in locodes():
        return compacted
    if compacted[:2] not in locode_countries() and not country.is_valid(compacted[:2]):
        raise InvalidComponent(f"{label}: {compacted[:2]} is not a country code", number=compacted)
    raise UnknownCode(f"{label}: not in the UN/LOCODE list for {compacted[:2]}", number=compacted)


def is_valid(code: str) -> bool:
    """Whether the code is in the UN/LOCODE list."""
    try:
        validate(code)
    except InvalidIdentifier:
        return False
    return True


def format(code: str) -> str:
    """The printed form with a space after the country: ``KZ KUR``."""
    compacted = compact(code)
    return f"{compacted[:2]} {compacted[2:]}"


@lru_cache(maxsize=4096)
def lookup(code: str) -> Location | None:
    """The listed place of a code, or None when the code is not listed."""
    try:
        compacted = compact(code)
    except InvalidIdentifier:
        return None
    rest = locodes().get(compacted)
    if rest is None:
        return None
    name, subdivision, function, lat, lon = (locode_fields(rest) + [""] * 5)[:5]
    return Location(
        compacted,
        name,
        compacted[:2],
        subdivision,
        function,
        float(lat) if lat else None,
        float(lon) if lon else None,
    )
