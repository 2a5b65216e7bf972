"""The registry: every indicator listed with its shape, run_indicators returns HITS_SCHEMA."""

import polars as pl
import pytest

from portcontrol.core.risk.indicators import INDICATORS, Frames, IndicatorContext, run_indicators
from portcontrol.core.risk.reasons import HITS_SCHEMA
from tests.core.risk.indicators.conftest import cargo_units, consignments

NAMES = {
    "precursors", "firearms", "radioactive", "dual_use", "cigarettes", "description_hs",
    "unit_value", "overweight", "vague", "first_seen", "high_risk_route", "identifiers",
    "bay_plan",
}  # fmt: skip


def test_every_indicator_is_listed_once_with_a_description_and_weight():
    assert {indicator.name for indicator in INDICATORS} == NAMES
    assert len(INDICATORS) == len(NAMES)
    for indicator in INDICATORS:
        assert indicator.description and 0 < indicator.weight <= 100


def test_hits_have_the_shared_schema_and_kind_indicator():
    lines = consignments({"hs_code": "291524", "description": "general cargo"})
    hits = run_indicators((lines, cargo_units()), IndicatorContext())
    assert hits.schema == pl.Schema(HITS_SCHEMA)
    assert hits.columns == list(HITS_SCHEMA)
    assert set(hits.get_column("kind")) == {"indicator"}
    assert set(hits.get_column("key")) == {"precursors", "vague"}


def test_enabled_limits_the_run_and_weights_override_scores():
    lines = consignments({"hs_code": "291524", "description": "general cargo"})
    context = IndicatorContext(weights={"precursors": 80.0})
    hits = run_indicators(Frames(lines), context, enabled=["precursors"])
    assert hits.get_column("key").to_list() == ["precursors"]
    assert hits.item(0, "score") == 80.0


def test_unknown_indicator_name_is_refused():
    with pytest.raises(ValueError, match="unknown indicators: nope"):
        run_indicators(Frames(consignments()), IndicatorContext(), enabled=["nope"])


def test_empty_frames_give_an_empty_hits_frame_of_the_schema():
    hits = run_indicators(Frames(consignments()), IndicatorContext())
    assert hits.is_empty() and hits.columns == list(HITS_SCHEMA)
