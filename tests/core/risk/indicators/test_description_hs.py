"""Description against HS code: sensitive words under another chapter, and their look-alikes."""

from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def test_pistols_described_under_toys_are_red_in_each_language():
    lines = consignments(
        {"hs_code": "950691", "description": "Sport pistols"},
        {"hs_code": "950300", "description": "Пистолеты"},
        {"hs_code": "950691", "description": "Sport tüfəng"},
        {"hs_code": "950300", "description": "Мылтық"},
        {"hs_code": "950300", "description": "тапанча"},
    )
    hits = hits_of("description_hs", lines)
    assert [lane_of(hits, row) for row in range(5)] == ["red"] * 5
    assert hits.item(0, "threat") == "firearms"
    assert "'pistols'" in hits.item(0, "label") and "9506.91" in hits.item(0, "label")


def test_toy_pistol_is_yellow_and_plain_toys_are_silent():
    lines = consignments(
        {"hs_code": "950300", "description": "Water pistols for children"},
        {"hs_code": "950300", "description": "Игрушки детские"},
        {"hs_code": "950300", "description": "TOYS"},
    )
    hits = hits_of("description_hs", lines)
    assert lane_of(hits, 0) == "yellow"
    assert lane_of(hits, 1) is None and lane_of(hits, 2) is None


def test_tool_guns_and_gunny_bags_do_not_fire():
    lines = consignments(
        {"hs_code": "842420", "description": "Spray guns for paint"},
        {"hs_code": "630510", "description": "Gunny bags of jute"},
        {"hs_code": "846721", "description": "Клеевой пистолет"},
    )
    assert hits_of("description_hs", lines).is_empty()


def test_cigarettes_under_paper_napkins_code_are_red_but_cigarette_paper_is_not():
    lines = consignments(
        {"hs_code": "481820", "description": "Cigarettes"},
        {"hs_code": "481390", "description": "Cigarette paper"},
        {"hs_code": "481820", "description": "Paper napkins"},
        {"hs_code": "847890", "description": "Parts of machinery for tobacco"},
    )
    hits = hits_of("description_hs", lines)
    assert lane_of(hits, 0) == "red"
    assert hits.item(0, "threat") == "cigarettes"
    assert [lane_of(hits, row) for row in (1, 2, 3)] == [None, None, None]


def test_radioactive_words_under_scrap_are_red_and_smoke_detectors_are_silent():
    lines = consignments(
        {"hs_code": "720449", "description": "Scrap with Cs-137 source"},
        {"hs_code": "853110", "description": "Smoke detectors"},
    )
    hits = hits_of("description_hs", lines)
    assert hits.item(0, "threat") == "nuclear"
    assert lane_of(hits, 1) is None


def test_unknown_chapter_proposes_yellow_only():
    lines = consignments({"hs_code": "560710", "description": "Cocaine"})
    assert lane_of(hits_of("description_hs", lines), 0) == "yellow"
