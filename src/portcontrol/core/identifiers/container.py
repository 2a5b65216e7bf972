"""ISO 6346 container numbers: owner code, category, serial number, check digit.

An owner code of three letters, the equipment category (U freight container, J detachable
equipment, Z trailer or chassis, R reefer), a six-digit serial number and a check digit.

Manifests typed on Cyrillic keyboards carry look-alike letters (С for C, О for O); they are
mapped to Latin and a notice says so. An O typed in the serial (where only digits can stand) is
read as zero, again with a notice, and the check digit then confirms or refutes the repair.

>>> validate('CSQU3054383')
'CSQU3054383'
>>> validate('msku 123456-5')
'MSKU1234565'
>>> check('МSКU1234565')  # Cyrillic М and К
('MSKU1234565', (Notice(code='container.cyrillic_letters', message='container number МSКU1234565: Cyrillic letters М, К read as Latin'),))
>>> validate('MSCU1234565')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidChecksum: container number MSCU1234565: check digit should be 6
>>> validate('MSCA1234566')
Traceback (most recent call last):
    ...
portcontrol.core.identifiers.exceptions.InvalidComponent: container number MSCA1234566: category letter A is not U, J, Z or R
>>> format('tghu 123456 7')
'TGHU 123456 7'
>>> calc_check_digit('TCLU123456')
'8'
"""  # noqa: E501

from __future__ import annotations

import re

from stdnum import iso6346

from portcontrol.core.identifiers._util import clean, shown
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
    Notice,
)

CATEGORIES = frozenset("UJZR")
# ISO 6346 letter values skip multiples of 11 (11, 22, 33); position i weighs 2**i.
_WEIGHTED = {
    c: tuple(v << i for i in range(10))
    for v, c in enumerate("0123456789A BCDEFGHIJK LMNOPQRSTU VWXYZ")
    if c != " "
}
_CYRILLIC = "АВСЕНКМОРТХУІавсенкмортхуі"
_LATIN = "ABCEHKMOPTXYIABCEHKMOPTXYI"
_TO_LATIN = str.maketrans(_CYRILLIC, _LATIN)
_CYRILLIC_LETTERS = frozenset(_CYRILLIC)
_SHAPE = re.compile(r"^[A-Z]{3}[A-Z][0-9]{7}$")


def compact(number: str) -> str:
    """The number without separators, upper case, look-alike letters repaired."""
    return _repair(number)[0]


def _repair(number: str) -> tuple[str, tuple[Notice, ...]]:
    """Compact form and notices of what was repaired to get it."""
    raw = clean(number)
    if raw.isascii() and (len(raw) != 11 or ("O" not in raw[4:] and "0" not in raw[:4])):
        return raw, ()
    notices: list[Notice] = []
    cyrillic = [c for c in dict.fromkeys(raw) if c in _CYRILLIC_LETTERS]
    if cyrillic:
        raw = raw.translate(_TO_LATIN)
        notices.append(
            Notice(
                "container.cyrillic_letters",
                f"container number {shown(number)}: Cyrillic letters {', '.join(cyrillic)}"
                " read as Latin",
            )
        )
    if len(raw) == 11 and ("O" in raw[4:] or "0" in raw[:4]):
        # Only digits can stand in the serial and only letters in the owner code, so an O
        # there (or a zero here) cannot be part of any valid number: reading it as the
        # other never turns a valid number into an invalid one.
        repaired = raw[:4].replace("0", "O") + raw[4:].replace("O", "0")
        notices.append(
            Notice(
                "container.letter_digit_confusion",
                f"container number {shown(number)}: letter O and digit 0 confused,"
                f" read as {repaired}",
            )
        )
        raw = repaired
    return raw, tuple(notices)


def calc_check_digit(number: str) -> str:
    """The check digit of the owner code, category and serial (10 characters)."""
    return _check_digit(compact(number)[:10])


def _check_digit(number: str) -> str:
    """The check digit of ten valid characters, or stdnum's answer for anything else.

    The table computes what ``stdnum.iso6346.calc_check_digit`` does (the tests compare them)
    a few times faster, which a million-row manifest notices.
    """
    try:
        total = sum([_WEIGHTED[c][i] for i, c in enumerate(number)])
    except (KeyError, IndexError):
        return str(iso6346.calc_check_digit(number))
    return str(total % 11 % 10)


def check(number: str) -> tuple[str, tuple[Notice, ...]]:
    """Validate and return the number with notices of repairs; raise when invalid.

    Exceptions carry the repaired ``number`` and the ``notices``, so a caller may keep a number
    with a wrong check digit and still say which letters were Cyrillic.
    """
    compacted, notices = _repair(number)
    if _SHAPE.match(compacted) and compacted[3] in CATEGORIES:
        expected = _check_digit(compacted[:10])
        if compacted[10] == expected:
            return compacted, notices
    label = f"container number {shown(number)}"
    if not compacted:
        raise InvalidFormat(f"{label}: empty", number=compacted, notices=notices)
    if len(compacted) != 11:
        raise InvalidLength(
            f"{label}: {len(compacted)} characters, not 11", number=compacted, notices=notices
        )
    if not _SHAPE.match(compacted):
        raise InvalidFormat(
            f"{label}: not four letters and seven digits", number=compacted, notices=notices
        )
    if compacted[3] not in CATEGORIES:
        raise InvalidComponent(
            f"{label}: category letter {compacted[3]} is not U, J, Z or R",
            number=compacted,
            notices=notices,
        )
    expected = _check_digit(compacted[:10])
    if compacted[10] != expected:
        # Named as repaired: the notices already name the value as given.
        raise InvalidChecksum(
            f"container number {compacted}: check digit should be {expected}",
            number=compacted,
            expected=expected,
            notices=notices,
        )
    return compacted, notices


def validate(number: str) -> str:
    """The compact number when valid; raise an :class:`InvalidIdentifier` otherwise."""
    return check(number)[0]


def is_valid(number: str) -> bool:
    """Whether the number is a valid container number (after repairs)."""
    try:
        check(number)
    except InvalidIdentifier:
        return False
    return True


def format(number: str) -> str:
    """The printed form: owner code and category, serial, check digit."""
    compacted = compact(number)
    return f"{compacted[:4]} {compacted[4:10]} {compacted[10:]}".strip()
