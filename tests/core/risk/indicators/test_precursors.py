"""Precursors: Red List subheadings and names fire; acetic acid and plain medicines do not."""

from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def test_acetic_anhydride_by_code_is_red_with_a_named_reason():
    hits = hits_of("precursors", consignments({"hs_code": "291524", "description": "Chemicals"}))
    assert lane_of(hits, 0) == "red"
    assert hits.item(0, "label") == "acetic anhydride (HS 2915.24) is a Table I precursor of heroin"
    assert hits.item(0, "threat") == "precursors"
    assert hits.item(0, "score") == 60.0


def test_acetic_acid_does_not_fire():
    lines = consignments(
        {"hs_code": "291521", "description": "Acetic acid glacial, food grade"},
        {"hs_code": "291521", "description": "Кислота уксусная ледяная пищевая"},
    )
    assert hits_of("precursors", lines).is_empty()


def test_anhydride_named_under_the_acetic_acid_code_is_red():
    lines = consignments({"hs_code": "291521", "description": "Уксусный ангидрид 99%"})
    hits = hits_of("precursors", lines)
    assert lane_of(hits, 0) == "red"
    assert "acetic anhydride" in hits.item(0, "label")


def test_table_two_solvent_is_yellow_only():
    hits = hits_of("precursors", consignments({"hs_code": "291411", "description": "Acetone"}))
    assert lane_of(hits, 0) == "yellow"
    assert hits.item(0, "score") < 30


def test_medicine_naming_pseudoephedrine_is_yellow_and_plain_medicine_is_silent():
    lines = consignments(
        {"hs_code": "300490", "description": "Cold tablets with pseudoephedrine 60 mg"},
        {"hs_code": "300490", "description": "Medicaments in retail packs"},
    )
    hits = hits_of("precursors", lines)
    assert lane_of(hits, 0) == "yellow"
    assert lane_of(hits, 1) is None


def test_later_table_one_addition_under_residual_code_is_red_by_its_name():
    lines = consignments(
        {"hs_code": "293299", "description": "PMK glycidate"},
        {"hs_code": "293299", "description": "Heterocyclic compounds, other"},
    )
    hits = hits_of("precursors", lines)
    assert lane_of(hits, 0) == "red"
    assert lane_of(hits, 1) is None
