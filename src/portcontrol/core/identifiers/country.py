"""ISO 3166 countries: alpha-2, alpha-3 or English name to the alpha-2 code (via pycountry).

A few names in Russian, the working language of many Caspian manifests, are accepted too.

>>> validate('kz')
'KZ'
>>> validate('AZE')
'AZ'
>>> validate('Kazakhstan')
'KZ'
>>> validate('Туркменистан')
'TM'
>>> validate('UK')  # reserved for the United Kingdom, used on EU documents
'GB'
>>> validate('XX')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.UnknownCode: country XX: not an ISO 3166 country
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from portcontrol.core.identifiers._util import shown
from portcontrol.core.identifiers.exceptions import (
    InvalidFormat,
    InvalidIdentifier,
    UnknownCode,
)

# Codes outside ISO 3166-1 proper that documents use: exceptionally reserved (UK, EL) and
# the user-assigned code for Kosovo used by the EU and many administrations.
_EXTRA = {"UK": "GB", "EL": "GR", "XK": "XK", "KOS": "XK", "XKX": "XK"}
_RUSSIAN = {
    "АЗЕРБАЙДЖАН": "AZ",
    "КАЗАХСТАН": "KZ",
    "КЫРГЫЗСТАН": "KG",
    "КИРГИЗИЯ": "KG",
    "ТУРКМЕНИСТАН": "TM",
    "УЗБЕКИСТАН": "UZ",
    "ТАДЖИКИСТАН": "TJ",
    "РОССИЯ": "RU",
    "РОССИЙСКАЯ ФЕДЕРАЦИЯ": "RU",
    "ИРАН": "IR",
    "ГРУЗИЯ": "GE",
    "АРМЕНИЯ": "AM",
    "ТУРЦИЯ": "TR",
    "КИТАЙ": "CN",
    "УКРАИНА": "UA",
    "БЕЛАРУСЬ": "BY",
    "АФГАНИСТАН": "AF",
    "ПАКИСТАН": "PK",
    "ИНДИЯ": "IN",
    "ГЕРМАНИЯ": "DE",
}


def compact(value: str) -> str:
    """The value upper case, surrounding and repeated spaces removed."""
    if not isinstance(value, str):
        raise InvalidFormat(f"{value!r} is not text")
    return " ".join(value.split()).upper()


@lru_cache(maxsize=1024)
def _alpha_2(value: str) -> str | None:
    """The alpha-2 code of a compacted value, or None."""
    if value in _EXTRA:
        return _EXTRA[value]
    if value in _RUSSIAN:
        return _RUSSIAN[value]
    if len(value) == 2:
        found = pycountry.countries.get(alpha_2=value)
    elif len(value) == 3 and value.isalpha():
        found = pycountry.countries.get(alpha_3=value)
    else:
        try:
            found = pycountry.countries.lookup(value)
        except LookupError:
            return None
    return found.alpha_2 if found is not None else None


def validate(value: str) -> str:
    """The ISO 3166 alpha-2 code of a country; raise an :class:`InvalidIdentifier` otherwise."""
    compacted = compact(value)
    if not compacted or len(compacted) > 80:
        raise InvalidFormat(f"country {shown(value)}: not a country code or name")
    found = _alpha_2(compacted)
    if found is None:
        raise UnknownCode(f"country {shown(value)}: not an ISO 3166 country", number=compacted)
    return found


def is_valid(value: str) -> bool:
    """Whether the value names an ISO 3166 country."""
    try:
        validate(value)
    except InvalidIdentifier:
        return False
    return True


def format(value: str) -> str:
    """The alpha-2 code."""
    return validate(value)


def name(value: str) -> str | None:
    """The English short name of a country, or None."""
    try:
        code = validate(value)
    except InvalidIdentifier:
        return None
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found is not None else None
