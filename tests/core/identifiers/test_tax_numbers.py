"""Azerbaijan VÖEN and Kazakhstan IIN / BIN."""

import pytest

from portcontrol.core.identifiers import bin as kz_bin
from portcontrol.core.identifiers import iin, voen
from portcontrol.core.identifiers._kz import calc_check_digit
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidLength,
)


def test_voen_with_a_lost_leading_zero_is_restored():
    assert voen.compact("140155507") == "0140155507"


def test_voen_errors_come_from_our_hierarchy():
    with pytest.raises(InvalidChecksum):
        voen.validate("1401555081")
    with pytest.raises(InvalidLength):
        voen.validate("14015550712")


def test_kazakh_check_digit_falls_back_to_the_second_weights():
    # 1*1+...: first weighting gives 10 for these digits, the second one decides.
    digits = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 10**5)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
    )
    second = (
        sum(int(d) * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True))
        % 11
    )
    assert calc_check_digit(digits) == (None if second == 10 else str(second))


def test_iin_carries_a_date_of_birth():
    assert iin.birth_date("900101400013").isoformat() == "1990-01-01"
    with pytest.raises(InvalidComponent):
        iin.validate("883015300125")


def test_bin_and_iin_are_told_apart_by_the_fifth_digit():
    assert kz_bin.is_valid("050540001232")
    assert not iin.is_valid("050540001232")  # day 40 is no day
    with pytest.raises(InvalidComponent):
        kz_bin.validate("880915300125")
