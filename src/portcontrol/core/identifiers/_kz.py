"""The check digit shared by Kazakhstan's IIN and BIN (12 digits)."""

from __future__ import annotations

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def calc_check_digit(number: str) -> str | None:
    """The check digit of the first 11 digits; None when none exists (such numbers are not issued).

    1. Weight the digits 1 to 11 and take the sum modulo 11.
    2. A result of 10 is not a digit: weight again with 3..11, 1, 2.
    3. A second 10 means the 11 digits cannot get a check digit.
    """
    digits = [int(c) for c in number[:11]]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
        if remainder != 10:
            return str(remainder)
    return None
