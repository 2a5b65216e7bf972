"""Dates, times, quantities and weights."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from portcontrol.core.identifiers import (
    InvalidComponent,
    InvalidFormat,
    UnknownCode,
    parse_count,
    parse_date,
    parse_datetime,
    parse_quantity,
    parse_weight,
)


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        ("2024-05-01T06:30:00Z", None, datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        ("2024-05-01 06:30", None, datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        ("01.05.2024 06:30", None, datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        ("20240501", "102", datetime(2024, 5, 1, tzinfo=UTC)),
        ("202405010630", "203", datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        ("2405010630", "201", datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        ("20240501063015", None, datetime(2024, 5, 1, 6, 30, 15, tzinfo=UTC)),
    ],
)
def test_datetimes_in_every_layout(value, qualifier, expected):
    assert parse_datetime(value, qualifier) == expected


def test_a_given_zone_is_kept():
    parsed = parse_datetime("2024-05-01T11:30:00+05:00")
    assert parsed.utcoffset() == timedelta(hours=5)
    assert parsed == datetime(2024, 5, 1, 6, 30, tzinfo=UTC)


def test_dates_day_first_and_errors():
    assert parse_date("1.5.2024") == date(2024, 5, 1)
    assert parse_date("01/05/24") == date(2024, 5, 1)
    with pytest.raises(InvalidComponent):
        parse_date("2024-13-01")
    with pytest.raises(InvalidFormat):
        parse_date("yesterday")
    with pytest.raises(InvalidFormat):
        parse_datetime("20240501", "203")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", "12"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234", "1234"),
        ("1,234,567.5", "1234567.5"),
        ("1.234.567,5", "1234567.5"),
        ("+3", "3"),
        ("-0", "0"),
    ],
)
def test_quantities_with_either_decimal_mark(value, expected):
    assert parse_quantity(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["", "abc", "1e5", "1,23,4", "12..5", "NaN", "1.2.3,4,5"])
def test_what_is_not_a_number_is_refused(value):
    with pytest.raises(InvalidFormat):
        parse_quantity(value)


def test_negative_quantities_and_fractional_counts_are_refused():
    with pytest.raises(InvalidComponent):
        parse_quantity("-1,5")
    with pytest.raises(InvalidComponent):
        parse_count("2.5")
    assert parse_count("12.0") == 12


@pytest.mark.parametrize(
    ("value", "unit", "kilograms"),
    [("1,5", "TNE", "1500"), ("1500", "GRM", "1.5"), ("10", "lbs", "4.536"), ("7", "кг", "7")],
)
def test_weights_in_kilograms(value, unit, kilograms):
    assert parse_weight(value, unit) == Decimal(kilograms)


def test_unknown_weight_unit_is_refused():
    with pytest.raises(UnknownCode):
        parse_weight("1", "MTQ")
