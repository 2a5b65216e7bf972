"""IMO ship numbers."""

import pytest

from portcontrol.core.identifiers import imo
from portcontrol.core.identifiers.exceptions import InvalidChecksum, InvalidFormat, InvalidLength


@pytest.mark.parametrize("given_number", ["IMO 9074729", "imo9074729", "IMO: 9074729", "9074729"])
def test_prefix_and_separators_are_accepted(given_number):
    assert imo.validate(given_number) == "9074729"


def test_wrong_check_digit_names_the_expected_digit():
    with pytest.raises(InvalidChecksum) as caught:
        imo.validate("9074728")
    assert caught.value.expected == "9"
    assert caught.value.number == "9074728"


@pytest.mark.parametrize(
    ("given_number", "error"), [("IMO 90747", InvalidLength), ("IMO ABC", InvalidFormat)]
)
def test_malformed_numbers_raise_the_matching_error(given_number, error):
    with pytest.raises(error):
        imo.validate(given_number)


def test_format_adds_the_prefix():
    assert imo.format("9319466") == "IMO 9319466"
    assert imo.is_valid("IMO 8814275")
