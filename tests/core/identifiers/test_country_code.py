"""ISO 3166 countries."""

import pytest

from portcontrol.core.identifiers import country
from portcontrol.core.identifiers.exceptions import InvalidFormat, UnknownCode


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [("KZ", "KZ"), ("kaz", "KZ"), ("Azerbaijan", "AZ"), ("КАЗАХСТАН", "KZ"), ("EL", "GR")],
)
def test_codes_and_names_become_alpha_2(given_value, expected):
    assert country.validate(given_value) == expected


def test_unknown_and_blank_values_are_refused():
    with pytest.raises(UnknownCode):
        country.validate("ZZ")
    with pytest.raises(InvalidFormat):
        country.validate("  ")
    assert country.name("KG") == "Kyrgyzstan"
