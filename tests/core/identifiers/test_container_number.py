"""ISO 6346 container numbers: repairs, errors, and agreement with python-stdnum."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iso6346

from portcontrol.core.identifiers import container
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)


@pytest.mark.parametrize(
    "given_number",
    ["CSQU3054383", "csqu3054383", "CSQU 305438 3", "CSQU-305438-3", " CSQU 3054383 "],
)
def test_separators_and_case_are_accepted(given_number):
    assert container.validate(given_number) == "CSQU3054383"


def test_cyrillic_look_alikes_are_read_as_latin_with_a_notice():
    number, notices = container.check("СSQU3054383")  # Cyrillic С
    assert number == "CSQU3054383"
    assert [n.code for n in notices] == ["container.cyrillic_letters"]
    assert "С" in notices[0].message


def test_letter_o_in_the_serial_is_read_as_zero_and_said():
    number, notices = container.check("CSQU3O54383")
    assert number == "CSQU3054383"
    assert [n.code for n in notices] == ["container.letter_digit_confusion"]


def test_wrong_check_digit_is_a_distinct_error_carrying_the_number():
    with pytest.raises(InvalidChecksum) as caught:
        container.validate("MSCU1234565")
    assert caught.value.number == "MSCU1234565"
    assert caught.value.expected == "6"
    assert str(caught.value) == "container number MSCU1234565: check digit should be 6"


def test_wrong_check_digit_keeps_the_cyrillic_notice():
    with pytest.raises(InvalidChecksum) as caught:
        container.check("МSCU1234565")
    assert caught.value.number == "MSCU1234565"
    assert [n.code for n in caught.value.notices] == ["container.cyrillic_letters"]


@pytest.mark.parametrize(
    ("given_number", "error"),
    [
        ("", InvalidFormat),
        ("CSQU305438", InvalidLength),
        ("1234567890A", InvalidFormat),
        ("CSQA3054383", InvalidComponent),
    ],
)
def test_malformed_numbers_raise_the_matching_error(given_number, error):
    with pytest.raises(error):
        container.validate(given_number)


@pytest.mark.parametrize("category", "UJZR")
def test_every_equipment_category_is_accepted(category):
    stem = f"ABC{category}123456"
    assert container.is_valid(stem + iso6346.calc_check_digit(stem))


@given(
    st.text(alphabet=st.characters(min_codepoint=65, max_codepoint=90), min_size=3, max_size=3),
    st.sampled_from("UJZR"),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
def test_never_rejects_a_number_stdnum_accepts(owner, category, serial):
    stem = owner + category + serial
    number = stem + iso6346.calc_check_digit(stem)
    assert container.calc_check_digit(stem) == iso6346.calc_check_digit(stem)
    assert container.validate(number) == number


def test_format_prints_owner_serial_and_check_digit():
    assert container.format("csqu3054383") == "CSQU 305438 3"
