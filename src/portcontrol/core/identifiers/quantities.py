"""Quantities, weights and units as manifests write them.

Decimals with a comma or a dot; spaces, apostrophes, or the other mark as thousands separators.
A lone comma or dot is the decimal mark ("1,5" and "1.5" are both one and a half); a mark
repeated, or followed by the other one, separates thousands. Negative quantities are refused.

>>> parse_quantity('1 234,5')
Decimal('1234.5')
>>> parse_quantity('1,234,567.25')
Decimal('1234567.25')
>>> parse_quantity('1.234.567,25')
Decimal('1234567.25')
>>> parse_count('12')
12
>>> parse_weight('2,5', 'TNE')
Decimal('2500.0')
>>> parse_weight('100', 'LBR')
Decimal('45.359')
>>> parse_quantity('-5')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: quantity -5: negative
>>> parse_weight('10', 'stone')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.UnknownCode: weight unit stone: not one of KGM, TNE, LBR, GRM
"""  # noqa: E501

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from portcontrol.core.identifiers._util import shown
from portcontrol.core.identifiers.exceptions import InvalidComponent, InvalidFormat, UnknownCode

# UN/ECE Recommendation 20 codes of the weight units manifests use, in kilograms.
WEIGHT_UNITS: dict[str, Decimal] = {
    "KGM": Decimal("1"),
    "TNE": Decimal("1000"),
    "LBR": Decimal("0.45359237"),
    "GRM": Decimal("0.001"),
}
UNIT_ALIASES = {
    "KG": "KGM",
    "KGS": "KGM",
    "КГ": "KGM",
    "KILOGRAM": "KGM",
    "KILOGRAMS": "KGM",
    "T": "TNE",
    "TN": "TNE",
    "TON": "TNE",
    "TONNE": "TNE",
    "TONNES": "TNE",
    "MT": "TNE",
    "Т": "TNE",
    "LB": "LBR",
    "LBS": "LBR",
    "POUND": "LBR",
    "POUNDS": "LBR",
    "G": "GRM",
    "GR": "GRM",
    "GRAM": "GRM",
    "GRAMS": "GRM",
    "Г": "GRM",
}
_GROUPING = dict.fromkeys(map(ord, " \u00a0\u2007\u202f\u2009'’_"))
_PLAIN = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")
_POUND_PRECISION = Decimal("0.001")


def _digits(text: str, label: str) -> str:
    """The number with a dot as the decimal mark and no grouping."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        whole, _, fraction = text.rpartition(decimal_mark)
        if not _THOUSANDS.match(whole) and not whole.isdigit():
            raise InvalidFormat(f"{label}: thousands separators out of place")
        return whole.replace(",", "").replace(".", "") + "." + fraction
    mark_count = commas or dots
    if mark_count > 1:
        if not _THOUSANDS.match(text):
            raise InvalidFormat(f"{label}: thousands separators out of place")
        return text.replace(",", "").replace(".", "")
    return text.replace(",", ".")


def parse_quantity(value: str, *, kind: str = "quantity") -> Decimal:
    """A non-negative decimal from text; raise an :class:`InvalidIdentifier` otherwise."""
    if not isinstance(value, str):
        raise InvalidFormat(f"{kind} {value!r}: not text")
    text = value.strip()
    if _PLAIN.match(text):  # the usual case, "1234.5"
        return Decimal(text)
    label = f"{kind} {shown(value)}"
    text = text.translate(_GROUPING)
    if not text or len(text) > 40:
        raise InvalidFormat(f"{label}: not a number")
    negative = text[0] in "-−"
    if text[0] in "+-−":
        text = text[1:]
    number = _digits(text, label)
    if not _PLAIN.match(number):
        raise InvalidFormat(f"{label}: not a number")
    if negative and number.strip("0."):
        raise InvalidComponent(f"{label}: negative")
    try:
        return Decimal(number)
    except InvalidOperation:  # the pattern above should make this unreachable
        raise InvalidFormat(f"{label}: not a number") from None


def parse_count(value: str, *, kind: str = "count") -> int:
    """A whole non-negative number (packages, item numbers); "12.0" is twelve."""
    quantity = parse_quantity(value, kind=kind)
    if quantity != quantity.to_integral_value():
        raise InvalidComponent(f"{kind} {shown(value)}: not a whole number")
    return int(quantity)


def weight_unit(unit: str) -> str:
    """The UN/ECE code of a weight unit (KGM, TNE, LBR, GRM) from a code or a common word."""
    code = " ".join(unit.split()).upper().rstrip(".") if isinstance(unit, str) else ""
    code = UNIT_ALIASES.get(code, code)
    if code not in WEIGHT_UNITS:
        raise UnknownCode(f"weight unit {shown(unit)}: not one of {', '.join(WEIGHT_UNITS)}")
    return code


def parse_weight(value: str, unit: str = "KGM") -> Decimal:
    """A weight in kilograms from a quantity and its unit."""
    code = weight_unit(unit)
    kilograms = parse_quantity(value, kind="weight") * WEIGHT_UNITS[code]
    # Pounds give long fractions; a gram is finer than any manifest weight.
    return kilograms.quantize(_POUND_PRECISION) if code == "LBR" else kilograms
