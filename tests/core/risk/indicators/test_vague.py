"""Vague descriptions fire yellow in five languages; precise ones with vague words do not."""

import pytest

from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


@pytest.mark.parametrize(
    "description",
    ["General cargo", "STC 20 cartons", "FAK", "said to contain: 12 pallets", "Груз",
     "Товары народного потребления", "ТНП", "Сборный груз", "Оборудование", "Mallar",
     "Тауарлар", "goods", "", "Metal parts"],
)  # fmt: skip
def test_vague_description_is_yellow(description):
    lines = consignments({"hs_code": "999999", "description": description})
    assert lane_of(hits_of("vague", lines), 0) == "yellow"


@pytest.mark.parametrize(
    "description",
    ["Sporting goods: footballs", "Fresh tomatoes", "Goods wagons, used", "Wheat, milling"],
)
def test_precise_description_does_not_fire(description):
    lines = consignments({"hs_code": "950662", "description": description})
    assert hits_of("vague", lines).is_empty()


def test_generic_words_under_residual_code_add_score_without_lane():
    lines = consignments(
        {"hs_code": "382499", "description": "Chemical reagent for water treatment"},
        {"hs_code": "284161", "description": "Chemical reagent for water treatment"},
    )
    hits = hits_of("vague", lines)
    assert lane_of(hits, 0) == "none"
    assert lane_of(hits, 1) is None  # a specific subheading names the goods
