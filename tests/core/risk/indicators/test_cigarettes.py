"""Cigarettes: tobacco products and cigarette paper yellow; raw tobacco and lighters silent."""

from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def test_cigarettes_are_yellow_with_the_excise_reason():
    hits = hits_of("cigarettes", consignments({"hs_code": "240220", "description": "Cigarettes"}))
    assert lane_of(hits, 0) == "yellow"
    assert "excise" in hits.item(0, "label")
    assert hits.item(0, "threat") == "cigarettes"


def test_cigarette_paper_scores_lower_than_cigarettes():
    lines = consignments(
        {"hs_code": "240220", "description": "Cigarettes"},
        {"hs_code": "481390", "description": "Cigarette paper"},
    )
    scores = hits_of("cigarettes", lines).sort("row_id").get_column("score").to_list()
    assert scores[1] < scores[0]


def test_raw_tobacco_lighters_and_napkins_do_not_fire():
    lines = consignments(
        {"hs_code": "240110", "description": "Tobacco leaves"},
        {"hs_code": "961310", "description": "Pocket lighters"},
        {"hs_code": "481820", "description": "Paper napkins"},
    )
    assert hits_of("cigarettes", lines).is_empty()
