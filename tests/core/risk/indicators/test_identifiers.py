"""Identifiers: wrong check digits yellow, repairs without lane, clean lines silent."""

from tests.core.risk.indicators.conftest import cargo_units, consignments, hits_of, lane_of


def test_wrong_container_check_digit_is_yellow_and_names_the_problem():
    lines = consignments({"issue_codes": ["container.check_digit", "hs.leading_zero"]})
    hits = hits_of("identifiers", lines)
    assert lane_of(hits, 0) == "yellow"
    assert hits.item(0, "label").startswith("container number with a wrong check digit")


def test_repaired_cyrillic_letters_add_score_without_lane():
    units = cargo_units(
        {"identifier": "MSCU1234565", "issue_codes": ["container.cyrillic_letters"]}
    )
    hits = hits_of("identifiers", consignments(), units=units)
    assert lane_of(hits, 0, "cargo_unit") == "none"


def test_clean_and_unrelated_codes_do_not_fire():
    lines = consignments({"issue_codes": []}, {"issue_codes": ["consignment.net_above_gross"]})
    assert hits_of("identifiers", lines).is_empty()
