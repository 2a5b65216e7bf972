"""The library on the Caspian scenario: every planted threat category is hit, no innocent is red.

The unit's history is the first three days of traffic (known parties, unit value norms); the
indicators assess the days after, as they would run on new manifests.
"""

from datetime import timedelta

import polars as pl
import pytest

from portcontrol.core.risk.frame import cargo_unit_frame, consignment_frame
from portcontrol.core.risk.indicators import (
    Frames,
    HighRiskPlace,
    IndicatorContext,
    UnitValueNorms,
    known_parties_from,
    run_indicators,
)
from portcontrol.core.risk.reasons import Lane
from portcontrol.core.scenario import generate_caspian

HISTORY_DAYS = 3
# What an analyst of the region marks, each with a public reason.
PLACES = (
    HighRiskPlace("EC", "source country of cocaine seized on the Caspian route", Lane.RED),
    HighRiskPlace("AF", "source country of opiates (northern route)"),
    HighRiskPlace("TJ", "transit country of the northern opiate route"),
    HighRiskPlace("AE", "free-zone transhipment of illicit cigarettes"),
)


@pytest.fixture(scope="module")
def assessed():
    scenario = generate_caspian(days=10, seed=5)
    manifests = [plan.manifest() for plan in scenario.plans]
    lines = consignment_frame(manifests)
    units = cargo_unit_frame(manifests)
    split = pl.lit(scenario.start).cast(pl.Datetime("us", "UTC")) + timedelta(days=HISTORY_DAYS)
    history = lines.filter(pl.col("departure_time") < split)
    context = IndicatorContext(
        unit_value_norms=UnitValueNorms.fit(history, min_samples=10),
        known_parties=known_parties_from(history),
        high_risk_places=PLACES,
    )
    hits = run_indicators(Frames(lines, units), context)
    answers = pl.DataFrame([answer.as_dict() for answer in scenario.answers]).select(
        "category", "scenario", "innocent", "voyage_number", "document_number", "item_number"
    )
    planted = answers.join(
        lines.filter(pl.col("departure_time") >= split),
        on=["voyage_number", "document_number", "item_number"],
        how="inner",
    ).select("category", "scenario", "innocent", "line_id")
    return planted, hits.filter(pl.col("target") == "consignment")


def test_every_threat_category_planted_after_the_history_gets_a_hit(assessed):
    planted, hits = assessed
    threats = planted.filter(~pl.col("innocent"))
    assert threats.get_column("category").n_unique() == 7  # the seed plants all of them
    hit = threats.join(hits, left_on="line_id", right_on="row_id", how="inner")
    missed = set(threats.get_column("category")) - set(hit.get_column("category"))
    assert not missed


def test_no_innocent_look_alike_gets_a_red_indicator(assessed):
    planted, hits = assessed
    innocents = planted.filter(pl.col("innocent"))
    assert innocents.get_column("scenario").n_unique() == 5
    red = innocents.join(hits.filter(pl.col("lane") == "red"), left_on="line_id", right_on="row_id")
    assert red.is_empty(), red.select("scenario", "key", "label").to_dicts()


def test_precursor_and_nuclear_plants_are_found_by_more_than_the_weak_indicators(assessed):
    planted, hits = assessed
    strong = hits.filter(pl.col("lane").is_not_null())
    found = planted.filter(~pl.col("innocent")).join(strong, left_on="line_id", right_on="row_id")
    assert {"wmd_dual_use", "nuclear_radioactive", "revenue_fraud", "cigarettes"} <= set(
        found.get_column("category")
    )
