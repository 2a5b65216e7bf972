"""Dual-use: candidate headings yellow, control wording red, ordinary wording silent."""

from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def test_candidate_heading_alone_is_yellow_with_the_caveat():
    hits = hits_of("dual_use", consignments({"hs_code": "847989", "description": "Equipment"}))
    assert lane_of(hits, 0) == "yellow"
    assert "candidate heading" in hits.item(0, "label")
    assert hits.item(0, "threat") == "wmd"


def test_control_list_wording_is_red():
    lines = consignments(
        {"hs_code": "845710", "description": "Five-axis machining centre"},
        {"hs_code": "848180", "description": "Bellows-sealed valves, nickel alloy"},
    )
    hits = hits_of("dual_use", lines)
    assert lane_of(hits, 0) == "red" and lane_of(hits, 1) == "red"
    assert "five-axis" in hits.item(0, "label").lower()


def test_oilfield_valves_described_precisely_do_not_fire():
    lines = consignments(
        {"hs_code": "848180", "description": "Gate valves for oil pipelines, carbon steel"},
        {"hs_code": "848180", "description": "GATE VALVES API 6D"},
        {"hs_code": "848180", "description": "Задвижки клиновые для нефтепроводов"},
    )
    assert hits_of("dual_use", lines).is_empty()


def test_ordinary_goods_outside_candidate_headings_do_not_fire():
    lines = consignments({"hs_code": "841810", "description": "Household refrigerators"})
    assert hits_of("dual_use", lines).is_empty()
