"""The record-by-record engine gives the batch engine's assessments, reason for reason."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from portcontrol.core.risk.assess import LanePolicy
from portcontrol.core.risk.engine import assess_frames, frames_of
from portcontrol.core.risk.indicators import (
    Frames,
    HighRiskPlace,
    IndicatorContext,
    UnitValueNorms,
    known_parties_from,
)
from portcontrol.core.risk.profiles import Profile
from portcontrol.core.risk.reasons import HITS_SCHEMA, Lane, Threat
from portcontrol.core.risk.rowwise import assess_records, combine_records
from portcontrol.core.screening.entries import EntryKind, WatchListEntry
from portcontrol.core.screening.matcher import build_index
from tests.core.risk.profiles.caspian_profiles import caspian_profiles

TODAY = date(2025, 3, 3)


@pytest.fixture(scope="module")
def frames(manifests) -> Frames:
    return frames_of(manifests)


def watch_list(scenario, frames: Frames) -> list[WatchListEntry]:
    """The cast by passport names, some traders respelled, a vessel, a truck, a container."""
    entries = [
        WatchListEntry(
            id=f"NAT-{person.key}",
            list_code="NATIONAL",
            kind=EntryKind.PERSON,
            names=(f"{person.passport_family} {person.passport_given}",),
            dates_of_birth=(person.date_of_birth.isoformat(),),
            document_numbers=(person.passport_number,),
            threat="drugs",
        )
        for person in scenario.cast.people()
    ]
    lines = frames.consignments
    traders = lines["consignee_name"].drop_nulls().unique(maintain_order=True).to_list()[:12]
    traders += lines["shipper_name"].drop_nulls().unique(maintain_order=True).to_list()[:6]
    for number, name in enumerate(traders):
        # Every other one under two lists, so that one party can hit several entries.
        entries.append(
            WatchListEntry(f"TR-{number}", "TRADERS", EntryKind.COMPANY, (name,), threat=None)
        )
        if number % 2:
            entries.append(
                WatchListEntry(f"UN-{number}", "UN-SC", EntryKind.COMPANY, (name.upper(),))
            )
    vessel = lines["vessel_imo"].drop_nulls()[0]
    entries.append(
        WatchListEntry("VES-1", "NATIONAL", EntryKind.VESSEL, ("Some ship",), (), (vessel,))
    )
    units = frames.cargo_units
    plate = units["vehicle_plate"].drop_nulls()[0]
    container = units.filter(pl.col("kind") == "container")["identifier"][0]
    entries.append(WatchListEntry("TRUCK", "NATIONAL", EntryKind.VEHICLE, (plate,)))
    entries.append(WatchListEntry("BOX", "NATIONAL", EntryKind.CONTAINER, (container,)))
    return entries


def profiles() -> list[Profile]:
    """The Caspian profiles, and profiles that look up watch-list and indicator hits."""
    return [
        *caspian_profiles(),
        Profile(
            "WL-01",
            "Party of interest",
            Threat.DRUGS,
            'party on watchlist "NATIONAL"',
            30,
            Lane.YELLOW,
            reason="A party of the line is on the national watch list",
        ),
        Profile("IND-01", "New trader", Threat.OTHER, 'indicator "first_seen"', 5, Lane.BLUE),
        Profile("IND-02", "Vague goods", Threat.OTHER, 'indicator "vague"', 20, Lane.YELLOW),
        Profile(
            "OLD-01",
            "Withdrawn",
            Threat.OTHER,
            'hs starts with "0"',
            50,
            Lane.RED,
            valid_to=date(2024, 12, 31),
        ),  # fmt: skip
        Profile(
            "AZ-01", "Other unit", Threat.OTHER, 'hs starts with "8"', 50, Lane.RED, unit="AZALA"
        ),
    ]


@pytest.fixture(scope="module")
def inputs(scenario, manifests, frames):
    """Everything the engine can be given: lists, profiles, norms, known parties, places."""
    history = frames_of(manifests[: len(manifests) // 2]).consignments
    context = IndicatorContext(
        unit_value_norms=UnitValueNorms.fit(frames.consignments, min_samples=3),
        known_parties=known_parties_from(history),
        high_risk_places=(
            HighRiskPlace("IRBND", "transhipment hub", Lane.RED),
            HighRiskPlace("TM", "route of concern"),
        ),
    )
    return {
        "profiles": profiles(),
        "indicator_context": context,
        "watch_index": build_index(watch_list(scenario, frames)),
        "unit": "KZKUR",
    }


def both_ways(frames: Frames, **inputs) -> tuple[list[dict], list[dict]]:
    batch = assess_frames(frames, today=TODAY, **inputs).all()
    return list(batch.iter_rows(named=True)), assess_records(frames, today=TODAY, **inputs)


def one_line(frames: Frames, line_id: int) -> Frames:
    """One consignment line with the cargo units of its voyage, as the API assesses one."""
    line = frames.consignments.filter(pl.col("line_id") == line_id)
    units = frames.cargo_units.filter(pl.col("voyage_number") == line["voyage_number"][0])
    return Frames(line, units, None)


def test_every_voyage_is_assessed_alike_both_ways(manifests, inputs):
    kinds: set[str] = set()
    for manifest in manifests:
        batch, records = both_ways(frames_of([manifest]), **inputs)
        assert records == batch
        kinds |= {reason["kind"] for row in records for reason in row["reasons"]}
    assert kinds == {"profile", "indicator", "watch_list"}


def test_single_lines_are_assessed_alike_both_ways(frames, inputs):
    lines = frames.consignments["line_id"].to_list()
    seen: dict[str, int] = {}
    for line_id in lines[:: max(1, len(lines) // 150)]:
        batch, records = both_ways(one_line(frames, line_id), **inputs)
        assert records == batch, line_id
        for row in records:
            seen[row["lane"]] = seen.get(row["lane"], 0) + 1
            for reason in row["reasons"]:
                seen[reason["kind"]] = seen.get(reason["kind"], 0) + 1
                if "via" in json.loads(reason["detail"] or "{}"):
                    seen["via"] = seen.get("via", 0) + 1
    # The sample is varied: every lane, every kind of reason, reasons restated on cargo units.
    assert {"red", "yellow", "green", "profile", "indicator", "watch_list", "via"} <= set(seen)


def test_alike_without_inputs_and_with_extra_hits_and_an_escalating_policy(frames):
    line_ids = frames.consignments["line_id"].head(40).to_list()
    sample = Frames(frames.consignments.filter(pl.col("line_id").is_in(line_ids)), None, None)
    extra = pl.DataFrame(
        [
            {
                "target": "consignment", "row_id": row_id, "kind": "model", "key": "M",
                "label": "model", "score": score, "lane": None, "threat": None, "detail": None,
            }
            for row_id, score in zip(line_ids, [150.0, 55.5, None, -3.0, 81.0] * 8, strict=True)
        ],
        schema=HITS_SCHEMA,
    )  # fmt: skip
    policy = LanePolicy(escalate=True)
    for inputs in ({}, {"extra_hits": extra, "lane_policy": policy, "indicators": False}):
        batch, records = both_ways(sample, **inputs)
        assert records == batch


def combined_both_ways(rows: list[dict], links: pl.DataFrame | None = None):
    from portcontrol.core.risk.assess import combine
    from portcontrol.core.risk.reasons import Target
    from portcontrol.core.risk.rowwise import Link

    hits = pl.DataFrame(rows, schema=HITS_SCHEMA)
    targets = {Target.CONSIGNMENT: [0, 1, 2], Target.CARGO_UNIT: [0, 1]}
    batch = combine(
        hits, {target: pl.Series(ids) for target, ids in targets.items()}, links=links
    ).rows(named=True)
    link_rows = [Link(*row) for row in links.rows()] if links is not None else []
    return batch, combine_records(hits.to_dicts(), targets, links=link_rows)


def test_repeated_reasons_keep_the_same_texts_both_ways():
    def hit(row_id, score, label, detail, lane=None, target="consignment"):
        return {
            "target": target, "row_id": row_id, "kind": "watch_list", "key": "E1",
            "label": label, "score": score, "lane": lane, "threat": None, "detail": detail,
        }  # fmt: skip

    rows = [
        # one entry matched through two parties at the same strength: a tie the hash breaks
        hit(0, 90.0, "shipper matches", '{"party":"shipper"}', "yellow"),
        hit(0, 90.0, "consignee matches", '{"party":"consignee"}', "yellow"),
        hit(1, 90.0, "a", '{"x":1}'),
        hit(1, 95.0, "b", "not an object", "red"),
        hit(2, 40.0, "c", None),
        hit(2, 40.0, "c", "  {}  "),
        hit(1, 20.0, "own", '{"y":"ü"}', target="cargo_unit"),
    ]
    links = pl.DataFrame(
        {
            "unit_id": [0, 0, 1, 1],
            "source": ["consignment"] * 4,
            "source_row_id": [0, 1, 1, 2],
            "via": ["consignment line"] * 4,
        }
    )
    batch, records = combined_both_ways(rows, links)
    assert records == batch
    reasons = {row["row_id"]: row["reasons"] for row in batch if row["target"] == "cargo_unit"}
    assert "consignment lines 1, 2" in reasons[1][0]["detail"]


def test_random_hits_combine_alike_both_ways():
    import random

    rng = random.Random(7)
    lanes = [None, "red", "yellow", "blue", "green"]
    for _ in range(40):
        rows = [
            {
                "target": rng.choice(["consignment", "consignment", "cargo_unit"]),
                "row_id": rng.randrange(3) if rng.random() < 0.8 else rng.randrange(2),
                "kind": rng.choice(["profile", "indicator", "watch_list"]),
                "key": rng.choice(["A", "B", "C", "D"]),
                "label": rng.choice(["one", "two"]),
                "score": rng.choice([rng.uniform(0, 100), round(rng.uniform(0, 100), 2), 40.0]),
                "lane": rng.choice(lanes),
                "threat": rng.choice([None, "drugs", "firearms"]),
                "detail": rng.choice([None, '{"a":"b"}', "[1]"]),
            }
            for _ in range(rng.randrange(0, 14))
        ]
        rows = [row for row in rows if row["target"] == "consignment" or row["row_id"] < 2]
        links = pl.DataFrame(
            {
                "unit_id": [0, 1, 1],
                "source": ["consignment"] * 3,
                "source_row_id": [0, 1, 2],
                "via": ["consignment line"] * 3,
            }
        )
        batch, records = combined_both_ways(rows, links)
        assert records == batch, rows
