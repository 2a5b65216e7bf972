"""HS 2022 codes against the shipped nomenclature."""

import pytest

from portcontrol.core.identifiers import hs
from portcontrol.core.identifiers.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    PreviousEditionCode,
    UnknownCode,
)


@pytest.mark.parametrize(
    ("given_code", "expected"),
    [
        ("29", "29"),
        ("2915", "2915"),
        ("2915.24", "291524"),
        ("2915 24", "291524"),
        ("291524", "291524"),
        ("2939.41", "293941"),
        ("28416100", "28416100"),
        ("2915.24.00.00", "2915240000"),
    ],
)
def test_chapters_headings_subheadings_and_national_codes_are_accepted(given_code, expected):
    assert hs.validate(given_code) == expected


@pytest.mark.parametrize("placeholder", ["9999.99", "999999", "9999", "99", "99999900"])
def test_statistical_placeholders_are_not_subheadings(placeholder):
    with pytest.raises(InvalidComponent):
        hs.validate(placeholder)


def test_national_code_under_an_unknown_root_is_unknown():
    with pytest.raises(UnknownCode):
        hs.validate("2915990000")


def test_leading_zero_lost_by_a_spreadsheet_is_restored_with_a_notice():
    code, notices = hs.check("10121")
    assert code == "010121"
    assert notices[0].code == "hs.leading_zero"


def test_trailing_zero_lost_by_a_spreadsheet_is_restored_with_a_notice():
    code, notices = hs.check("2939.3")  # 2939.30 written as a number
    assert code == "293930"
    assert notices[0].code == "hs.trailing_zero"


def test_odd_length_code_with_no_reading_is_refused():
    with pytest.raises(InvalidLength):
        hs.validate("30490")  # 0304.90 is not an HS 2022 subheading


def test_deleted_previous_edition_code_names_its_successors():
    with pytest.raises(PreviousEditionCode) as caught:
        hs.validate("8517.12")
    assert caught.value.replacements == ("851713", "851714")
    assert "8517.13" in str(caught.value)
    assert isinstance(caught.value, UnknownCode)


def test_letters_are_not_a_code():
    with pytest.raises(InvalidFormat):
        hs.validate("29A5.24")


def test_descriptions_of_every_level():
    assert hs.describe("2939.42").endswith("pseudoephedrine (INN) and its salts")
    assert hs.describe("2939420000") == hs.describe("293942")
    assert hs.chapter("293942") == ("29", hs.describe("29"))
    assert hs.heading("293942")[0] == "2939"
    assert hs.describe("999999") is None
    assert hs.describe("nonsense") is None
