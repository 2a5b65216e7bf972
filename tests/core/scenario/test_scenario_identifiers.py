"""Check digits of invented identifiers agree with the validators."""

from __future__ import annotations

import random

from stdnum import imo as stdnum_imo
from stdnum import iso6346
from stdnum.az import voen as stdnum_voen
from stdnum.ru import inn as stdnum_inn

from portcontrol.core.identifiers import bin as kz_bin
from portcontrol.core.identifiers import iin as kz_iin
from portcontrol.core.scenario.checkdigits import (
    make_az_voen,
    make_container_number,
    make_imo_number,
    make_kz_bin,
    make_kz_iin,
    make_ru_inn,
    make_wagon_number,
)
from portcontrol.core.scenario.places import FLEET


def test_invented_numbers_pass_independent_validators() -> None:
    rng = random.Random(5)
    for _ in range(300):
        assert iso6346.is_valid(make_container_number("TGH", rng.randrange(10**6)))
        assert stdnum_imo.is_valid("IMO " + make_imo_number(rng.randrange(900000, 999999)))
        assert stdnum_inn.is_valid(make_ru_inn(rng.randrange(10**8, 10**9)))
        voen = make_az_voen(rng.randint(10, 20), rng.randrange(10**6))
        assert voen is None or stdnum_voen.is_valid(voen)
        number = make_kz_bin(rng.randint(2000, 2024), rng.randint(1, 12), rng.randrange(10**5))
        assert number is None or kz_bin.is_valid(number)
        iin = make_kz_iin(
            rng.randint(1950, 2005),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.random() < 0.5,
            rng.randrange(10**4),
        )
        assert iin is None or kz_iin.is_valid(iin)


def test_wagon_number_check_digit_detects_a_changed_digit() -> None:
    number = make_wagon_number(5428193)
    changed = number[:3] + str((int(number[3]) + 1) % 10) + number[4:7]
    assert make_wagon_number(int(changed)) != changed + number[7]


def test_fleet_imo_numbers_are_valid_and_distinct() -> None:
    numbers = [vessel.imo for vessel in FLEET]
    assert all(stdnum_imo.is_valid(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
