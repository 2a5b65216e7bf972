"""UN/LOCODE against the shipped list."""

import pytest

from portcontrol.core.identifiers import locode
from portcontrol.core.identifiers.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    UnknownCode,
)


@pytest.mark.parametrize("given_code", ["KZKUR", "KZ KUR", "kzkur", "KZ-KUR"])
def test_spaces_hyphens_and_lower_case_are_accepted(given_code):
    assert locode.validate(given_code) == "KZKUR"


@pytest.mark.parametrize(
    "code", ["AZALA", "AZBAK", "AZAST", "KZKUR", "KZAAU", "KZBTN", "TMKRW", "KGFRU", "KGOSS"]
)
def test_the_caspian_places_are_listed_whatever_their_function(code):
    assert locode.is_valid(code)


def test_kuryk_is_listed_only_as_a_road_place_and_still_accepted():
    place = locode.lookup("KZKUR")
    assert place is not None
    assert place.function == "--3-----"
    assert place.functions() == ["road terminal"]
    assert (place.name, place.country) == ("Kuryk", "KZ")


def test_unknown_code_in_a_known_country_is_unknown():
    with pytest.raises(UnknownCode):
        locode.validate("KZZZZ")


def test_unknown_country_is_an_invalid_component():
    with pytest.raises(InvalidComponent):
        locode.validate("QQABC")


@pytest.mark.parametrize(
    ("given_code", "error"), [("KZKURY", InvalidLength), ("KZ_KU", InvalidFormat)]
)
def test_codes_of_other_shapes_are_refused(given_code, error):
    with pytest.raises(error):
        locode.validate(given_code)


def test_lookup_of_an_unlisted_code_is_none():
    assert locode.lookup("KZZZZ") is None
    assert locode.lookup("") is None
