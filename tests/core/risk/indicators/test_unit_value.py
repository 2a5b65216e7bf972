"""Unit value: far below the learned norm yellow, far above blue, ordinary prices silent."""

import json
import math

from portcontrol.core.risk.indicators import IndicatorContext, UnitValueNorms
from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def history():
    prices = [300 + 5 * (i % 13) for i in range(40)]  # smartphones near 300-360 USD/kg
    return consignments(*({"hs_code": "851713", "value_per_kg": p} for p in prices))


def test_fit_learns_a_robust_median_per_code_and_skips_thin_codes():
    lines = history().vstack(consignments({"hs_code": "950300", "value_per_kg": 4.0}))
    norms = UnitValueNorms.fit(lines, min_samples=20)
    assert norms.table.get_column("hs6").to_list() == ["851713"]
    assert 300 < math.exp(norms.table.item(0, "median_log")) < 360
    assert norms.table.item(0, "samples") == 40


def test_norms_round_trip_through_json_without_pickles():
    norms = UnitValueNorms.fit(history())
    text = norms.to_json()
    assert json.loads(text)["version"] == 1
    assert UnitValueNorms.from_json(text).table.equals(norms.table)


def test_far_below_is_yellow_revenue_and_far_above_is_blue():
    context = IndicatorContext(unit_value_norms=UnitValueNorms.fit(history()))
    lines = consignments(
        {"hs_code": "851713", "value_per_kg": 20.0},
        {"hs_code": "851713", "value_per_kg": 5000.0},
        {"hs_code": "851713", "value_per_kg": 290.0},
        {"hs_code": "950300", "value_per_kg": 0.01},
    )
    hits = hits_of("unit_value", lines, context)
    assert lane_of(hits, 0) == "yellow"
    assert hits.filter(hits["row_id"] == 0).item(0, "threat") == "revenue"
    assert "undervaluation" in hits.filter(hits["row_id"] == 0).item(0, "label")
    assert lane_of(hits, 1) == "blue"
    assert lane_of(hits, 2) is None  # within the usual scatter
    assert lane_of(hits, 3) is None  # no norm for toys: no judgement


def test_other_currency_is_not_judged_by_a_dollar_norm():
    context = IndicatorContext(unit_value_norms=UnitValueNorms.fit(history()))
    lines = consignments({"hs_code": "851713", "value_per_kg": 20.0, "currency": "KZT"})
    assert hits_of("unit_value", lines, context).is_empty()
