"""Harmonized System (HS 2022) commodity codes, checked against the shipped nomenclature.

Chapters (2 digits), headings (4) and subheadings (6) must exist in HS 2022; national tariff
codes of 8 or 10 digits are accepted when their 6-digit root does. Dots and spaces are allowed.
Spreadsheets drop leading zeros ("10121" for 0101.21) and trailing ones ("2915.2" for
2915.20): such a code is repaired, with a notice, when exactly one reading of it exists.

>>> validate('2915.24')
'291524'
>>> validate('2939 42')
'293942'
>>> validate('8517.62.00.00')
'8517620000'
>>> check('10121')
('010121', (Notice(code='hs.leading_zero', message='HS code 10121: leading zero restored, read as 0101.21'),))
>>> validate('9999.99')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: HS code 9999.99: a statistical placeholder, not a subheading
>>> validate('2844.40')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.PreviousEditionCode: HS code 2844.40: deleted in HS 2022, now 2844.41, 2844.42, 2844.43, 2844.44
>>> validate('2915.99')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.UnknownCode: HS code 2915.99: not in HS 2022
>>> describe('2915.24')
'Acids; saturated acyclic monocarboxylic acids; acetic anhydride'
>>> heading('291524')
('2915', 'Acids; saturated acyclic monocarboxylic acids and their anhydrides, halides, peroxides and peroxyacids; their halogenated, sulphonated, nitrated or nitrosated derivatives')
>>> format('293941')
'2939.41'
"""  # noqa: E501

from __future__ import annotations

from portcontrol.core.identifiers._util import clean, is_ascii_digits, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
    Notice,
    PreviousEditionCode,
    UnknownCode,
)
from portcontrol.core.reference import hs_correlation, hs_nomenclature

LENGTHS = (2, 4, 6, 8, 10)


def compact(code: str) -> str:
    """The digits of the code, without dots, spaces or hyphens."""
    return clean(code)


def _exists(code: str) -> bool:
    """Whether the code (or the 6-digit root of a national code) is in the nomenclature."""
    nomenclature = hs_nomenclature()
    if len(code) >= 8:
        return code[:6] in nomenclature.subheadings
    return code in nomenclature.descriptions


def _repair_lost_zero(code: str, label: str) -> tuple[str, tuple[Notice, ...]]:
    """An odd-length code read with its lost leading or trailing zero, when unambiguous."""
    readings = [
        (reading, kind)
        for reading, kind in (("0" + code, "leading"), (code + "0", "trailing"))
        if _exists(reading)
    ]
    if len(readings) != 1:
        found = " or ".join(format(r) for r, _ in readings)
        reason = f"could be {found}" if readings else f"{len(code)} digits, not 2, 4, 6, 8 or 10"
        raise InvalidLength(f"{label}: {reason}", number=code)
    reading, kind = readings[0]
    notice = Notice(f"hs.{kind}_zero", f"{label}: {kind} zero restored, read as {format(reading)}")
    return reading, (notice,)


def check(code: str) -> tuple[str, tuple[Notice, ...]]:
    """Validate and return the code with notices of repairs; raise when invalid.

    1. Drop separators; only digits may remain.
    2. An odd number of digits lost a zero: restore it when exactly one reading exists.
    3. Statistical placeholders (99, 9999, 999999) are not nomenclature codes.
    4. The code, or the 6-digit root of a national code, must be in HS 2022; a code deleted
       from HS 2017 raises :class:`PreviousEditionCode` naming its successors.
    """
    compacted = compact(code)
    label = f"HS code {shown(code)}"
    if not is_ascii_digits(compacted):
        raise InvalidFormat(f"{label}: not a code of digits", number=compacted or None)
    notices: tuple[Notice, ...] = ()
    if len(compacted) % 2 == 1 and len(compacted) < 10:
        compacted, notices = _repair_lost_zero(compacted, label)
    if len(compacted) not in LENGTHS:
        raise InvalidLength(f"{label}: {len(compacted)} digits, not 2, 4, 6, 8 or 10")
    root = compacted[:6]
    nomenclature = hs_nomenclature()
    if root in nomenclature.placeholders:
        raise InvalidComponent(
            f"{label}: a statistical placeholder, not a subheading", number=compacted
        )
    if _exists(compacted):
        return compacted, notices
    replacements = hs_correlation().get(root) if len(root) == 6 else None
    if replacements is not None:
        raise PreviousEditionCode(
            f"{label}: deleted in HS 2022, now {', '.join(map(format, replacements))}",
            number=compacted,
            replacements=replacements,
            notices=notices,
        )
    raise UnknownCode(f"{label}: not in HS 2022", number=compacted, notices=notices)


def validate(code: str) -> str:
    """The compact code when it is in HS 2022; raise an :class:`InvalidIdentifier` otherwise."""
    return check(code)[0]


def is_valid(code: str) -> bool:
    """Whether the code is an HS 2022 code (or a national code under an HS 2022 subheading)."""
    try:
        check(code)
    except InvalidIdentifier:
        return False
    return True


def format(code: str) -> str:
    """The printed form: ``2915.24``, national digits after a second dot."""
    compacted = compact(code)
    if len(compacted) <= 4:
        return compacted
    if len(compacted) <= 6:
        return f"{compacted[:4]}.{compacted[4:]}"
    return f"{compacted[:4]}.{compacted[4:6]}.{compacted[6:]}"


def describe(code: str) -> str | None:
    """The HS 2022 description of a chapter, heading or subheading (of a national code's root)."""
    try:
        compacted = compact(code)
    except InvalidIdentifier:
        return None
    return hs_nomenclature().descriptions.get(compacted[:6])


def chapter(code: str) -> tuple[str, str] | None:
    """The chapter (2 digits) of a code and its description."""
    return _level(code, 2)


def heading(code: str) -> tuple[str, str] | None:
    """The heading (4 digits) of a code and its description."""
    return _level(code, 4)


def _level(code: str, digits: int) -> tuple[str, str] | None:
    """The code cut to a level of the nomenclature, with its description."""
    try:
        compacted = compact(code)[:digits]
    except InvalidIdentifier:
        return None
    description = hs_nomenclature().descriptions.get(compacted)
    return (compacted, description) if description is not None else None
