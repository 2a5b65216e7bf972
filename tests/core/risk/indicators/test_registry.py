"""The registry: every indicator listed with its shape, run_indicators returns HITS_SCHEMA."""

import polars as pl
import pytest

from portcontrol.core.risk.engine import frames_of
from portcontrol.core.risk.indicators import (
    INDICATORS,
    Frames,
    IndicatorContext,
    indicator_records,
    run_indicators,
)
from portcontrol.core.risk.reasons import HITS_SCHEMA
from portcontrol.core.scenario import generate_caspian
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


def gate_sample() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Lines and cargo units on which each gated indicator fires, and lines it must pass by."""
    made = consignments(
        {"hs_code": "291524", "description": "acetic anhydride"},
        {"hs_code": "300490", "description": "ephedrine tablets"},
        {"hs_code": "293990", "description": "Уксусный ангидрид"},
        {"hs_code": "930200", "description": "pistols", "consignee_name": "Arms LLC"},
        {"hs_code": "284443", "description": "Tc-99m generators", "consignee_name": "MedFarm"},
        {"hs_code": "902214", "description": "X-ray apparatus"},
        {"hs_code": "848180", "description": "bellows-sealed valves"},
        {"hs_code": "240220", "description": "cigarettes"},
        {"hs_code": "950300", "description": "toy pistols"},
        {"hs_code": "481820", "description": "cigarettes"},
        {"hs_code": "999999", "description": "Said to contain"},
        {"hs_code": None, "description": None},
        {"hs_code": "630790", "description": " \u3000 "},
        {"hs_code": "630790", "description": "Parts of " + "machines and apparatus " * 4},
        {"hs_code": "851713", "description": "STC " + "Сборный груз, телефоны " * 4},
        {"hs_code": "847989", "description": "Chemical reagent for water"},
        {"hs_code": "870323", "description": "Cars", "issue_codes": ["imo.check_digit"]},
        {"issue_codes": ["hs.invalid", "locode.unknown", "hs.unknown", "hs.invalid", "x.y"]},
        {"hs_code": "870323", "description": "Cars", "shipper_name": "New Trader LLP"},
        {"shipper_name": "ТОО «Арман Пак»", "shipper_country": "KZ", "consignee_tax_id": "123"},
        {"shipper_name": "Old Firm", "consignee_name": "New Firm", "consignee_country": "AZ"},
    )
    generated = frames_of([generate_caspian(days=1, seed=5).plans[0].manifest()]).consignments
    lines = pl.concat([made, generated.head(30)], how="vertical_relaxed").with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("line_id")
    )
    units = cargo_units(
        {"identifier": "MSKU1234565", "issue_codes": ["container.format"]},
        {"identifier": "TGHU6543218", "issue_codes": ["container.check_digit", "hs.unknown"]},
    )
    return lines, units


def ordered(hits: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(hits, key=lambda hit: (hit["target"], hit["row_id"], hit["key"]))


def test_gated_runs_find_what_ungated_ones_find_line_by_line():
    lines, units = gate_sample()
    context = IndicatorContext(known_parties={"name:KZ:arman pak", "name::firm old"})
    gated = [indicator for indicator in INDICATORS if indicator.may_fire is not None]
    assert {indicator.name for indicator in gated} >= {"precursors", "vague", "first_seen"}
    fired: set[str] = set()
    for line_id in range(lines.height):
        line = lines.slice(line_id, 1)
        frames = Frames(line)
        full = run_indicators(frames, context)
        assert run_indicators(frames, context, gated=True).equals(full)
        assert ordered(indicator_records(frames, context)) == ordered(full.to_dicts())
        for indicator in gated:
            verdict = indicator.may_fire(frames, context)  # type: ignore[misc]
            if isinstance(verdict, pl.Expr):
                verdict = line.select(verdict.fill_null(False)).item()
            if not verdict:
                assert indicator.hits(frames, context).is_empty(), indicator.name
        fired |= set(full.get_column("key"))
    assert {indicator.name for indicator in gated} <= fired
    together = Frames(lines, units)
    full = run_indicators(together, context)
    assert run_indicators(together, context, gated=True).equals(full)
    assert ordered(indicator_records(together, context)) == ordered(full.to_dicts())


def test_record_versions_give_the_raw_hits_of_the_frame_versions():
    lines, units = gate_sample()
    frames = Frames(lines, units)
    with_records = [indicator for indicator in INDICATORS if indicator.records is not None]
    assert {indicator.name for indicator in with_records} == {"first_seen", "identifiers", "vague"}
    for known in (None, frozenset(), frozenset({"name:KZ:arman pak", "name::firm old"})):
        context = IndicatorContext(known_parties=known)
        for indicator in with_records:
            made = indicator.records(frames, context)  # type: ignore[misc]
            expected = indicator.run(frames, context).to_dicts()
            key = lambda hit: (hit.get("target") or "", hit["row_id"])  # noqa: E731
            assert sorted(made, key=key) == sorted(expected, key=key), indicator.name
    (identifiers,) = [indicator for indicator in with_records if indicator.name == "identifiers"]
    labels = {hit["label"] for hit in identifiers.records(frames, IndicatorContext())}  # type: ignore[misc]
    # Codes of equal weight in the order of their names, whatever order the line gave them in.
    assert "HS code not valid; HS code not in HS 2022; place code not in UN/LOCODE" in labels
