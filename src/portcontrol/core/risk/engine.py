"""The risk engine end to end: manifests in, assessments of consignments, cargo units, persons out.

Steps of :func:`assess_frames`:

1. link consignment lines and drivers to the cargo units they reach (``cargo_unit_links``);
2. screen parties, persons, vehicle plates, container numbers and vessels against the watch
   lists (each distinct name once);
3. run the indicator library over the frames;
4. apply the risk profiles to the consignment lines, with the watch-list and indicator hits of
   each line at hand (a profile may say ``party on watchlist "UN-SC"`` or name an indicator);
5. combine every hit into one assessment per consignment line, cargo unit and person.

For a few rows (one consignment posted to the API), :mod:`portcontrol.core.risk.rowwise` takes
the same steps record by record and gives the same assessments, faster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from portcontrol.core.records import Manifest
from portcontrol.core.risk.assess import (
    ASSESSMENT_SCHEMA,
    LanePolicy,
    cargo_unit_links,
    combine,
    detail_of,
)
from portcontrol.core.risk.frame import cargo_unit_frame, consignment_frame, person_frame
from portcontrol.core.risk.indicators import Frames, IndicatorContext, run_indicators
from portcontrol.core.risk.profiles import Context, Profile, apply_profiles
from portcontrol.core.risk.reasons import (
    HITS_SCHEMA,
    Lane,
    Reason,
    ReasonKind,
    Target,
    Threat,
    empty_hits,
)
from portcontrol.core.screening.matcher import ScreeningIndex, screen, to_hits


def frames_of(manifests: Iterable[Manifest]) -> Frames:
    """The frames of manifests, each built over all of them so that ids are batch-wide."""
    manifests = list(manifests)
    return Frames(
        consignment_frame(manifests), cargo_unit_frame(manifests), person_frame(manifests)
    )


def targets_of(frames: Frames) -> dict[Target, pl.Series]:
    """The row ids of every target of the batch."""
    return {
        Target.CONSIGNMENT: frames.consignment_frame()["line_id"],
        Target.CARGO_UNIT: frames.cargo_unit_frame()["unit_id"],
        Target.PERSON: frames.person_frame()["person_id"],
    }


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    """Assessments (``ASSESSMENT_SCHEMA``) per target, the hits behind them and the timings."""

    consignments: pl.DataFrame
    cargo_units: pl.DataFrame
    persons: pl.DataFrame
    hits: pl.DataFrame  # every hit before combination (HITS_SCHEMA)
    frames: Frames
    links: pl.DataFrame  # which lines and drivers reach which cargo unit
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per step

    def all(self) -> pl.DataFrame:
        """Every assessment of the batch in one frame."""
        return pl.concat([self.consignments, self.cargo_units, self.persons], how="vertical")

    def of(self, target: Target) -> pl.DataFrame:
        """The assessments of one kind of target."""
        return {
            Target.CONSIGNMENT: self.consignments,
            Target.CARGO_UNIT: self.cargo_units,
            Target.PERSON: self.persons,
        }[target]


def assess_manifests(
    manifests: Iterable[Manifest],
    *,
    profiles: Sequence[Profile] = (),
    indicator_context: IndicatorContext | None = None,
    watch_index: ScreeningIndex | None = None,
    today: date,
    lane_policy: LanePolicy | None = None,
    extra_hits: pl.DataFrame | None = None,
    indicators: bool = True,
    unit: str | None = None,
) -> AssessmentResult:
    """Assess every consignment line, cargo unit and person of the manifests."""
    return assess_frames(
        frames_of(manifests),
        profiles=profiles,
        indicator_context=indicator_context,
        watch_index=watch_index,
        today=today,
        lane_policy=lane_policy,
        extra_hits=extra_hits,
        indicators=indicators,
        unit=unit,
    )


def assess_frames(
    frames: Frames,
    *,
    profiles: Sequence[Profile] = (),
    indicator_context: IndicatorContext | None = None,
    watch_index: ScreeningIndex | None = None,
    today: date,
    lane_policy: LanePolicy | None = None,
    extra_hits: pl.DataFrame | None = None,
    indicators: bool = True,
    unit: str | None = None,
) -> AssessmentResult:
    """Assess pre-built frames (see the module docstring for the steps).

    The indicator library runs unless ``indicators`` is False; without ``indicator_context``
    the indicators that need history (unit values, parties seen before) stay silent. Screening
    needs ``watch_index`` and is skipped without it. ``unit`` picks the profiles in scope.
    ``extra_hits`` joins the hits of parts run elsewhere (the model, hand-made hits in tests).
    """
    seconds: dict[str, float] = {}
    links = _timed(
        seconds,
        "links",
        lambda: cargo_unit_links(
            frames.consignment_frame(), frames.cargo_unit_frame(), frames.person_frame()
        ),
    )
    parts = [empty_hits()]
    if extra_hits is not None:
        parts.append(extra_hits)
    if watch_index is not None:
        parts.append(_timed(seconds, "screening", lambda: screening_hits(frames, watch_index)))
    if indicators:
        context = indicator_context or IndicatorContext()
        parts.append(_timed(seconds, "indicators", lambda: indicator_hits(frames, context)))
    if profiles:
        before = _stacked(parts)
        parts.append(
            _timed(
                seconds,
                "profiles",
                lambda: profile_hits(profiles, frames, before, links, today=today, unit=unit),
            )
        )
    hits = _stacked(parts)
    assessed = _timed(
        seconds,
        "combine",
        lambda: combine(hits, targets_of(frames), links=links, policy=lane_policy),
    )
    by_target = assessed.partition_by("target", as_dict=True, include_key=True)
    empty = pl.DataFrame(schema=ASSESSMENT_SCHEMA)
    return AssessmentResult(
        consignments=by_target.get((Target.CONSIGNMENT.value,), empty),
        cargo_units=by_target.get((Target.CARGO_UNIT.value,), empty),
        persons=by_target.get((Target.PERSON.value,), empty),
        hits=hits,
        frames=frames,
        links=links,
        seconds=seconds,
    )


def _timed(seconds: dict[str, float], step: str, work: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    started = time.perf_counter()
    result = work()
    seconds[step] = round(time.perf_counter() - started, 3)
    return result


def _typed_hits(hits: pl.DataFrame) -> pl.DataFrame:
    return hits.select(pl.col(name).cast(kind) for name, kind in HITS_SCHEMA.items())


_NO_HITS = empty_hits()


def _no_hits() -> pl.DataFrame:
    """An empty hits frame, copied from one built once (building from the schema costs more)."""
    return _NO_HITS.clear()


def _stacked(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """The parts' hits in one frame of ``HITS_SCHEMA``; empty parts are left out unread."""
    found = [_typed_hits(part) for part in parts if part.height]
    if not found:
        return _no_hits()
    return found[0] if len(found) == 1 else pl.concat(found, how="vertical")


# --- the parts -------------------------------------------------------------------------------


# Party columns of a consignment line screened as companies (sole traders are persons by name).
PARTY_COLUMNS = {"shipper_name": "shipper", "consignee_name": "consignee", "notify_name": "notify"}
# Cargo unit kinds whose identifier is screened as a vehicle plate.
VEHICLE_KINDS = ("trailer", "truck", "vehicle")


def screening_hits(frames: Frames, watch_index: ScreeningIndex) -> pl.DataFrame:
    """Watch-list hits of parties, vessels, persons, containers and vehicle plates.

    Each distinct query is screened once (``screen`` deduplicates), then the matches are
    joined back onto every row that names it. Party hits say which party matched.
    """
    return _stacked(
        [
            _party_hits(frames.consignment_frame(), watch_index),
            _vessel_hits(frames.consignment_frame(), watch_index),
            _person_hits(frames.person_frame(), watch_index),
            _cargo_unit_hits(frames.cargo_unit_frame(), watch_index),
        ]
    )


def _with_party(hits: pl.DataFrame, party: str) -> pl.DataFrame:
    """The party role added to each hit's detail object."""
    member = f',"party":"{party}"}}'
    return hits.with_columns(
        pl.concat_str(pl.col("detail").str.strip_suffix("}"), pl.lit(member)).alias("detail")
    )


def _party_hits(consignments: pl.DataFrame, index: ScreeningIndex) -> pl.DataFrame:
    per_party = {
        party: consignments.select(
            "line_id", pl.col(column).alias("name"), pl.lit("company").alias("kind")
        ).filter(pl.col("name").is_not_null())
        for column, party in PARTY_COLUMNS.items()
    }
    matches = screen(pl.concat(list(per_party.values())), index)
    if matches.is_empty():
        return _no_hits()
    return pl.concat(
        [
            _with_party(
                to_hits(rows, matches, target=Target.CONSIGNMENT, row_id_column="line_id"), party
            )
            for party, rows in per_party.items()
        ],
        how="vertical",
    )


def _vessel_hits(consignments: pl.DataFrame, index: ScreeningIndex) -> pl.DataFrame:
    """A listed vessel (by IMO number or name) counts on every line it carries."""
    rows = pl.concat(
        [
            consignments.select("line_id", pl.col(column).alias("name")).filter(
                pl.col("name").is_not_null()
            )
            for column in ("vessel_imo", "vessel_name")
        ]
    ).with_columns(pl.lit("vessel").alias("kind"))
    matches = screen(rows.select("name", "kind").unique(), index)
    return to_hits(rows, matches, target=Target.CONSIGNMENT, row_id_column="line_id")


def _person_hits(persons: pl.DataFrame, index: ScreeningIndex) -> pl.DataFrame:
    if persons.is_empty():
        return _no_hits()
    rows = persons.select(
        "person_id",
        pl.concat_str("family_name", "given_names", separator=" ", ignore_nulls=True).alias("name"),
        pl.lit("person").alias("kind"),
        "date_of_birth",
        "document_number",
    ).filter(pl.col("name").str.len_chars() > 0)
    matches = screen(rows, index)
    return to_hits(rows, matches, target=Target.PERSON, row_id_column="person_id")


def _cargo_unit_hits(cargo_units: pl.DataFrame, index: ScreeningIndex) -> pl.DataFrame:
    """Container numbers, trailer plates given as identifiers, and the plates of vehicles."""
    if cargo_units.is_empty():
        return _no_hits()
    by_identifier = cargo_units.select(
        "unit_id",
        pl.col("identifier").alias("name"),
        pl.when(pl.col("kind") == "container")
        .then(pl.lit("container"))
        .when(pl.col("kind").is_in(VEHICLE_KINDS))
        .then(pl.lit("vehicle"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
        .alias("kind"),
    )
    by_plate = cargo_units.select(
        "unit_id", pl.col("vehicle_plate").alias("name"), pl.lit("vehicle").alias("kind")
    )
    rows = pl.concat([by_identifier, by_plate]).filter(
        pl.col("name").is_not_null() & pl.col("kind").is_not_null()
    )
    matches = screen(rows.select("name", "kind").unique(), index)
    return to_hits(rows, matches, target=Target.CARGO_UNIT, row_id_column="unit_id")


def indicator_hits(frames: Frames, indicator_context: IndicatorContext) -> pl.DataFrame:
    """Hits of the indicator library (those whose context is given)."""
    return run_indicators(frames, indicator_context)


def profile_hits(
    profiles: Sequence[Profile],
    frames: Frames,
    hits: pl.DataFrame,
    links: pl.DataFrame,
    *,
    today: date,
    unit: str | None = None,
) -> pl.DataFrame:
    """Hits of the active risk profiles over the consignment lines, earlier hits at hand."""
    context = profile_context(hits, links)
    return apply_profiles(
        profiles, frames.consignment_frame(), today=today, context=context, unit=unit
    )


def profile_context(hits: pl.DataFrame, links: pl.DataFrame) -> Context:
    """Line ids per watch list and per indicator, for profiles that name them.

    A hit on a cargo unit counts on the lines it carries; a hit on a driver counts on the
    lines of the vehicle he drives (his cargo unit), as the profile language promises.
    """
    if hits.is_empty():
        return Context(watch_list_hits={}, indicator_hits={})
    # Both kinds in one pass: a "part" column says which mapping a name belongs to.
    named = hits.filter(
        pl.col("kind").is_in([ReasonKind.WATCH_LIST.value, ReasonKind.INDICATOR.value])
    ).select(
        "target",
        "row_id",
        pl.col("kind").alias("part"),
        pl.when(pl.col("kind") == ReasonKind.WATCH_LIST.value)
        .then(pl.col("detail").str.json_path_match("$.list"))
        .otherwise(pl.col("key"))
        .alias("name"),
    )
    by_part = _lines_by_name(named, links)
    return Context(
        watch_list_hits=by_part.get(ReasonKind.WATCH_LIST.value, {}),
        indicator_hits=by_part.get(ReasonKind.INDICATOR.value, {}),
    )


def _lines_by_name(named: pl.DataFrame, links: pl.DataFrame) -> dict[str, dict[str, list[int]]]:
    """Line ids per part and name, from hits on lines, cargo units and persons.

    ``named`` has ``target, row_id, part, name``; only the targets present are followed
    through the links.
    """
    named = named.filter(pl.col("name").is_not_null())
    if named.is_empty():
        return {}
    present = set(named.get_column("target").unique().to_list())
    found = [
        named.filter(pl.col("target") == Target.CONSIGNMENT.value).select(
            "part", "name", pl.col("row_id").alias("line_id")
        )
    ]
    if present - {Target.CONSIGNMENT.value}:
        carried = links.filter(pl.col("source") == Target.CONSIGNMENT.value).select(
            "unit_id", pl.col("source_row_id").alias("line_id")
        )
    if Target.CARGO_UNIT.value in present:
        found.append(
            named.filter(pl.col("target") == Target.CARGO_UNIT.value)
            .join(carried, left_on="row_id", right_on="unit_id")
            .select("part", "name", "line_id")
        )
    if Target.PERSON.value in present:
        driven = links.filter(pl.col("source") == Target.PERSON.value).select(
            "unit_id", pl.col("source_row_id").alias("person_id")
        )
        found.append(
            named.filter(pl.col("target") == Target.PERSON.value)
            .join(driven, left_on="row_id", right_on="person_id")
            .join(carried, on="unit_id")
            .select("part", "name", "line_id")
        )
    grouped = (
        pl.concat(found, how="vertical")
        .group_by("part", "name")
        .agg(pl.col("line_id").unique().sort())
    )
    by_part: dict[str, dict[str, list[int]]] = {}
    for part, name, line_ids in grouped.iter_rows():
        by_part.setdefault(part, {})[name] = line_ids
    return by_part


# --- display ---------------------------------------------------------------------------------


def _lane_of(value: str | None) -> Lane | None:
    return Lane(value) if value is not None and value in Lane._value2member_map_ else None


def _threat_of(value: str | None) -> Threat | None:
    """The threat named, ``other`` for a name outside the list (a list's own category)."""
    if value is None:
        return None
    return Threat(value) if value in Threat._value2member_map_ else Threat.OTHER


def reasons_of(row: Mapping[str, Any]) -> list[Reason]:
    """The reasons of one assessment row (``ASSESSMENT_SCHEMA``) as ``Reason`` records.

    >>> row = {"reasons": [{"kind": "profile", "key": "P7", "label": "Precursor to AF",
    ...     "score": 60.0, "lane": "red", "threat": "precursors", "detail": '{"hs": "291524"}'}]}
    >>> reason = reasons_of(row)[0]
    >>> reason.kind, reason.lane, reason.threat
    (<ReasonKind.PROFILE: 'profile'>, <Lane.RED: 'red'>, <Threat.PRECURSORS: 'precursors'>)
    >>> reason.detail
    {'hs': '291524'}
    """
    found = row.get("reasons") or []
    return [
        Reason(
            kind=ReasonKind(item["kind"]),
            key=item["key"] or "",
            label=item["label"] or "",
            score=float(item["score"] or 0.0),
            lane=_lane_of(item["lane"]),
            threat=_threat_of(item["threat"]),
            detail=detail_of(item["detail"]),
        )
        for item in found
    ]
