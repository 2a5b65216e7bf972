"""The form-based editor turns common cases into criteria and recognises them back."""

import pytest

from portcontrol.core.risk.profiles import ProfileError, build_criteria, parse, parse_simple

FULL_FORM = {
    "hs_codes": ["2915.24", "291521"],
    "route_countries": ["AF", "PK"],
    "route_places": ["AFKBL"],
    "origin_countries": ["IR"],
    "cargo_unit_kinds": ["container"],
    "description_words": ["anhydride", "ангидрид*"],
    "shipper_words": ["reagent"],
    "consignee_words": ["ип"],
    "weight_min": 1000,
    "weight_max": 20000,
    "value_per_kg_min": 0.1,
    "value_per_kg_max": 1.5,
    "packages_min": 10,
    "packages_max": 80,
}


def test_a_full_form_gives_valid_criteria_that_read_back_as_the_same_form():
    text = build_criteria(FULL_FORM)
    parse(text)
    assert parse_simple(text) == FULL_FORM


def test_text_written_by_hand_in_the_same_shape_is_recognised():
    form = parse_simple('hs in ["2844"] and route has "AFKBL" and description ~ "isotop"')
    assert form == {
        "hs_codes": ["2844"],
        "route_places": ["AFKBL"],
        "description_words": ["isotop*"],
    }


@pytest.mark.parametrize(
    "text",
    [
        'hs in ["29"] or origin = "AF"',
        'not hs in ["29"]',
        'hs in ["29"] and hs in ["30"]',
        "weight > 10",
        'description contains all ["a", "b"]',
        "hs in [",
    ],
)
def test_criteria_beyond_the_form_give_none(text):
    assert parse_simple(text) is None


def test_a_value_that_does_not_fit_raises_with_its_place():
    with pytest.raises(ProfileError):
        build_criteria({"hs_codes": ["29x5"]})
    with pytest.raises(ValueError):
        build_criteria({})
    with pytest.raises(ValueError):
        build_criteria({"colour": ["red"]})
