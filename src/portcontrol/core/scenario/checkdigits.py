"""Check digits of the identifiers the scenario invents, so that they validate like real ones.

Each ``make_*`` function takes the digits that carry meaning and returns the whole number with
its check digit; numbers whose check digit is undefined are refused with ``None`` so that the
caller draws another serial.
"""

from __future__ import annotations

import string

# ISO 6346 letter values: 10 for A upwards, skipping multiples of 11 (11, 22, 33).
_ISO6346_LETTERS: dict[str, int] = {}
_value = 10
for _letter in string.ascii_uppercase:
    if _value % 11 == 0:
        _value += 1
    _ISO6346_LETTERS[_letter] = _value
    _value += 1


def iso6346_check_digit(first_ten: str) -> str:
    """The ISO 6346 check digit of owner code, category and serial.

    >>> iso6346_check_digit("CSQU305438")
    '3'
    >>> iso6346_check_digit("MSKU907032")
    '3'
    """
    total = 0
    for position, char in enumerate(first_ten.upper()):
        value = _ISO6346_LETTERS[char] if char.isalpha() else int(char)
        total += value * 2**position
    return str(total % 11 % 10)


def make_container_number(owner: str, serial: int, category: str = "U") -> str:
    """A container number with a correct check digit.

    >>> make_container_number("CSQ", 305438)
    'CSQU3054383'
    """
    base = f"{owner}{category}{serial:06d}"
    return base + iso6346_check_digit(base)


def imo_check_digit(first_six: str) -> str:
    """The check digit of an IMO ship number (weights 7 down to 2).

    >>> imo_check_digit("907472")
    '9'
    """
    return str(sum(int(digit) * (7 - index) for index, digit in enumerate(first_six)) % 10)


def make_imo_number(first_six: int) -> str:
    """A seven-digit IMO number with a correct check digit.

    >>> make_imo_number(907472)
    '9074729'
    """
    base = f"{first_six:06d}"
    return base + imo_check_digit(base)


def _kz_check_digit(first_eleven: str) -> int | None:
    """Kazakhstan IIN/BIN check digit, or None when both weightings give 10."""
    digits = [int(digit) for digit in first_eleven]
    check = sum(weight * digit for weight, digit in zip(range(1, 12), digits, strict=True)) % 11
    if check == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        check = sum(weight * digit for weight, digit in zip(weights, digits, strict=True)) % 11
    return None if check == 10 else check


def make_kz_iin(birth_year: int, month: int, day: int, female: bool, serial: int) -> str | None:
    """A Kazakhstan IIN: birth date, century and sex digit, serial, check digit.

    >>> make_kz_iin(1979, 10, 28, False, 272)  # a published valid IIN
    '791028302728'
    """
    century_digit = (birth_year // 100 - 18) * 2 + 1 + int(female)
    base = f"{birth_year % 100:02d}{month:02d}{day:02d}{century_digit}{serial:04d}"
    check = _kz_check_digit(base)
    return None if check is None else base + str(check)


def make_kz_bin(year: int, month: int, serial: int, kind: int = 4, branch: int = 0) -> str | None:
    """A Kazakhstan BIN: registration year and month, entity kind, branch flag, serial, check.

    Kind 4 is a resident legal entity, 5 a non-resident, 6 a joint entrepreneurship.

    >>> make_kz_bin(2011, 3, 12345)
    '110340123454'
    >>> make_kz_bin(2011, 3, 12399) is None  # no check digit exists for this serial
    True
    """
    base = f"{year % 100:02d}{month:02d}{kind}{branch}{serial:05d}"
    check = _kz_check_digit(base)
    return None if check is None else base + str(check)


def make_az_voen(region: int, serial: int, natural_person: bool = False) -> str | None:
    """An Azerbaijan VOEN: region, serial, check digit (mod 11), legal status digit.

    >>> make_az_voen(14, 15550)
    '1401555071'
    """
    base = f"{region:02d}{serial:06d}"
    weights = (4, 1, 8, 6, 2, 7, 5, 3)
    check = sum(weight * int(digit) for weight, digit in zip(weights, base, strict=True)) % 11
    if check == 10:
        return None
    return f"{base}{check}{2 if natural_person else 1}"


def make_ru_inn(first_nine: int) -> str:
    """A ten-digit Russian INN of a legal entity.

    >>> make_ru_inn(770708389)
    '7707083893'
    """
    base = f"{first_nine:09d}"
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(weight * int(digit) for weight, digit in zip(weights, base, strict=True)) % 11 % 10
    return base + str(check)


def make_wagon_number(first_seven: int) -> str:
    """An eight-digit 1520 mm gauge wagon number; the last digit is a Luhn-style check digit.

    >>> make_wagon_number(5428193)
    '54281936'
    """
    base = f"{first_seven:07d}"
    total = 0
    for index, digit in enumerate(base):
        product = int(digit) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return base + str((10 - total % 10) % 10)
