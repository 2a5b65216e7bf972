"""Applying profiles: validity windows, scope, hits frame, carried version and priority, dry run."""

import json
from datetime import date

import polars as pl
import pytest

from portcontrol.core.risk.profiles import (
    Context,
    Profile,
    ProfileError,
    active_profiles,
    apply_profiles,
    dry_run,
)
from portcontrol.core.risk.reasons import HITS_SCHEMA, Lane, Threat


def profile(code="P1", criteria='hs_code = "2915"', **changes):
    values = dict(
        code=code,
        name="Acetic anhydride",
        threat=Threat.PRECURSORS,
        criteria=criteria,
        score=55,
        lane=Lane.RED,
        reason="acetic anhydride precursor",
        instructions="sample the drums",
    )
    values.update(changes)
    return Profile(**values)


@pytest.fixture
def frame(caspian):
    return caspian[1]


def test_hits_follow_the_schema_and_carry_the_profile(frame):
    hits = apply_profiles([profile(version=3, priority=7)], frame, today=date(2025, 3, 1))
    assert hits.schema == pl.Schema(HITS_SCHEMA)
    assert hits.height == frame.filter(pl.col("hs_code").str.starts_with("2915")).height > 0
    row = hits.row(0, named=True)
    assert (row["target"], row["kind"], row["key"]) == ("consignment", "profile", "P1")
    assert (row["score"], row["lane"], row["threat"]) == (55.0, "red", "precursors")
    assert row["label"] == "acetic anhydride precursor"
    detail = json.loads(row["detail"])
    assert (detail["version"], detail["priority"], detail["scope"]) == (3, 7, "national")
    assert detail["instructions"] == "sample the drums"


def test_only_profiles_valid_on_the_day_apply(frame):
    window = profile(valid_from=date(2025, 3, 1), valid_to=date(2025, 3, 31))
    for day, applies in [
        (date(2025, 2, 28), False),
        (date(2025, 3, 1), True),
        (date(2025, 3, 31), True),
        (date(2025, 4, 1), False),
    ]:
        assert (apply_profiles([window], frame, today=day).height > 0) is applies


def test_unit_profiles_apply_only_to_their_unit():
    national, aktau = profile("N"), profile("A", unit="KZAAU")
    assert [p.code for p in active_profiles([national, aktau], date(2025, 3, 1), "AZBAK")] == ["N"]
    assert [p.code for p in active_profiles([national, aktau], date(2025, 3, 1), "KZAAU")] == [
        "N",
        "A",
    ]
    assert aktau.scope == "KZAAU" and national.scope == "national"


def test_no_active_profile_gives_an_empty_hits_frame(frame):
    hits = apply_profiles([profile(valid_to=date(2020, 1, 1))], frame, today=date(2025, 3, 1))
    assert hits.height == 0 and hits.schema == pl.Schema(HITS_SCHEMA)


def test_watch_list_and_indicator_hits_come_from_the_context(frame):
    context = Context(watch_list_hits={"UN-SC": {3, 5}}, indicator_hits={"vague": {5, 8}})
    both = profile(criteria='party on watchlist "UN-SC" and indicator "vague"')
    assert dry_run(both, frame, context) == ([5], 1)
    assert dry_run(profile(criteria='party on watchlist "OTHER"'), frame, context) == ([], 0)


def test_dry_run_ignores_the_validity_window(frame):
    expired = profile(criteria='origin_country = "EC"', valid_to=date(2000, 1, 1))
    line_ids, count = dry_run(expired, frame)
    assert count == len(line_ids) > 0
    assert set(frame.filter(pl.col("origin_country") == "EC")["line_id"]) == set(line_ids)


def test_a_wrong_profile_raises_with_its_place(frame):
    with pytest.raises(ProfileError) as raised:
        apply_profiles([profile(criteria="hs_code < 3")], frame, today=date(2025, 3, 1))
    assert raised.value.column == 9
