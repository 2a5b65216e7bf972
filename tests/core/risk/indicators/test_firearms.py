"""Firearms: chapter 93 fires; permits, regular consignees and toys stay out of the red lane."""

from portcontrol.core.risk.indicators import IndicatorContext, known_parties_from
from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def test_pistols_without_permit_are_red():
    hits = hits_of("firearms", consignments({"hs_code": "930200", "description": "Pistols 9 mm"}))
    assert lane_of(hits, 0) == "red"
    assert "revolvers and pistols (HS 9302.00)" in hits.item(0, "label")


def test_ammunition_with_permit_in_russian_is_yellow():
    lines = consignments({"hs_code": "930630", "description": "Патроны, разрешение № 12"})
    assert lane_of(hits_of("firearms", lines), 0) == "yellow"


def test_hunting_shotguns_are_yellow_even_without_permit_words():
    lines = consignments({"hs_code": "930320", "description": "HUNTING SHOTGUNS"})
    assert lane_of(hits_of("firearms", lines), 0) == "yellow"


def test_regular_consignee_takes_pistols_to_yellow():
    history = consignments({"consignee_name": "Gun Shop LLC", "consignee_country": "KZ"})
    context = IndicatorContext(known_parties=known_parties_from(history))
    lines = consignments(
        {"hs_code": "930200", "description": "Pistols", "consignee_name": "ТОО Gun Shop",
         "consignee_country": "KZ"},
        {"hs_code": "930200", "description": "Pistols", "consignee_name": "New Firm",
         "consignee_country": "KZ"},
    )  # fmt: skip
    hits = hits_of("firearms", lines, context)
    assert lane_of(hits, 0) == "yellow"
    assert lane_of(hits, 1) == "red"


def test_toys_and_sporting_goods_do_not_fire_by_code():
    lines = consignments(
        {"hs_code": "950300", "description": "Children's toys"},
        {"hs_code": "950691", "description": "Fitness equipment"},
    )
    assert hits_of("firearms", lines).is_empty()
