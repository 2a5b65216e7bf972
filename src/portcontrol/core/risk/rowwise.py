"""The risk engine over a few rows, record by record: one posted consignment in milliseconds.

:func:`portcontrol.core.risk.engine.assess_frames` is built for batches: every step is a
handful of frame operations whatever the number of lines, which is what makes a million lines
fast, and one line slow, since each operation costs tens of microseconds however small the
frame. :func:`assess_records` takes the same steps over the rows of the frames as plain
records:

1. links from consignment lines and drivers to cargo units (``cargo_unit_links``);
2. screening with the same per-query matcher (``screen_query``), one hit per row and match;
3. the indicators that may fire, in plain Python where they say how (``indicator_records``);
4. the profiles through the record interpreter (``apply_profiles_to_records``), with the
   watch-list and indicator hits of each line at hand;
5. the hits combined as ``combine`` combines them (:func:`combine_records`).

It gives the same assessments, reason for reason: the batch engine is the reference, and the
tests compare both over generated scenarios. Texts made by frame expressions are made here the
way Polars makes them (compact JSON, rounding half to even, division by 100 as a product).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

import polars as pl

from portcontrol.core.risk.assess import LANE_OF_SEVERITY, PLURAL, SEVERITY, LanePolicy
from portcontrol.core.risk.engine import PARTY_COLUMNS, VEHICLE_KINDS
from portcontrol.core.risk.indicators import Frames, IndicatorContext, indicator_records
from portcontrol.core.risk.indicators.base import strip_chars
from portcontrol.core.risk.profiles import Context, Profile, apply_profiles_to_records
from portcontrol.core.risk.reasons import HITS_SCHEMA, ReasonKind, Target, detail_text
from portcontrol.core.screening.matcher import ScreeningIndex, hit_record, screen_query

Record = dict[str, Any]


class Link(NamedTuple):
    """A consignment line or person that reaches a cargo unit (a row of ``LINKS_SCHEMA``)."""

    unit_id: int
    source: str
    source_row_id: int
    via: str


def assess_records(
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
) -> list[Record]:
    """The rows of ``assess_frames(...).all()`` (same arguments), as records, in that order."""
    consignments = frames.consignment_frame().to_dicts()
    cargo_units = frames.cargo_unit_frame().to_dicts()
    persons = frames.person_frame().to_dicts()
    links = link_records(consignments, cargo_units, persons)
    hits: list[Record] = []
    if extra_hits is not None and extra_hits.height:
        hits += extra_hits.select(
            pl.col(name).cast(kind) for name, kind in HITS_SCHEMA.items()
        ).to_dicts()
    if watch_index is not None:
        hits += screening_records(consignments, cargo_units, persons, watch_index)
    if indicators:
        hits += indicator_records(frames, indicator_context or IndicatorContext())
    if profiles:
        looked_up = profile_context(hits, links)
        hits += apply_profiles_to_records(
            profiles, consignments, today=today, context=looked_up, unit=unit
        )
    targets = {
        Target.CONSIGNMENT: [line["line_id"] for line in consignments],
        Target.CARGO_UNIT: [cargo_unit["unit_id"] for cargo_unit in cargo_units],
        Target.PERSON: [person["person_id"] for person in persons],
    }
    return combine_records(hits, targets, links=links, policy=lane_policy)


# --- links -----------------------------------------------------------------------------------


def _plate(value: str | None) -> str:
    """A vehicle plate as ``assess._plate`` compares it: upper case, letters and digits only."""
    if value is None:
        return ""
    return "".join(char for char in value.upper() if "0" <= char <= "9" or char.isalpha())


def link_records(
    consignments: Sequence[Record], cargo_units: Sequence[Record], persons: Sequence[Record]
) -> list[Link]:
    """The links ``cargo_unit_links`` finds, each once (a null key joins nothing)."""
    named: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    plated: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for cargo_unit in cargo_units:
        voyage = cargo_unit["voyage_number"]
        if voyage is None:
            continue
        if cargo_unit["identifier"] is not None:
            named[(voyage, cargo_unit["identifier"])].append(cargo_unit["unit_id"])
        plate = _plate(cargo_unit["vehicle_plate"])
        if plate:
            plated[(voyage, plate)].append(cargo_unit["unit_id"])
    links: list[Link] = []
    for line in consignments:
        voyage = line["voyage_number"]
        for identifier in line["cargo_unit_ids"] or ():
            for unit_id in named.get((voyage, identifier), ()):
                links.append(
                    Link(unit_id, Target.CONSIGNMENT.value, line["line_id"], "consignment line")
                )
    for person in persons:
        plate = _plate(person["vehicle_plate"])
        via = "driver" if person["role"] == "driver" else "person"
        for unit_id in plated.get((person["voyage_number"], plate), ()) if plate else ():
            links.append(Link(unit_id, Target.PERSON.value, person["person_id"], via))
    return list(dict.fromkeys(links))


# --- screening -------------------------------------------------------------------------------


def screening_records(
    consignments: Sequence[Record],
    cargo_units: Sequence[Record],
    persons: Sequence[Record],
    index: ScreeningIndex,
) -> list[Record]:
    """The hits of ``engine.screening_hits``: parties, vessels, persons, cargo units."""
    hits: list[Record] = []
    for line in consignments:
        for column, party in PARTY_COLUMNS.items():
            name = line[column]
            if name is None:
                continue
            for match in screen_query(index, name, "company"):
                hit = hit_record(line["line_id"], match, target=Target.CONSIGNMENT)
                hit["detail"] = hit["detail"].removesuffix("}") + f',"party":"{party}"}}'
                hits.append(hit)
        for column in ("vessel_imo", "vessel_name"):
            if line[column] is not None:
                hits += _hits(line["line_id"], line[column], "vessel", Target.CONSIGNMENT, index)
    for person in persons:
        names = (person["family_name"], person["given_names"])
        name = " ".join(part for part in names if part is not None)
        if not name:
            continue
        matches = screen_query(
            index, name, "person", person["date_of_birth"], person["document_number"]
        )
        hits += [hit_record(person["person_id"], m, target=Target.PERSON) for m in matches]
    for cargo_unit in cargo_units:
        kind = cargo_unit["kind"]
        by_identifier = (
            "container" if kind == "container" else "vehicle" if kind in VEHICLE_KINDS else None
        )
        for value, query_kind in (
            (cargo_unit["identifier"], by_identifier),
            (cargo_unit["vehicle_plate"], "vehicle"),
        ):
            if value is not None and query_kind is not None:
                hits += _hits(cargo_unit["unit_id"], value, query_kind, Target.CARGO_UNIT, index)
    return hits


def _hits(row_id: int, name: str, kind: str, target: Target, index: ScreeningIndex) -> list[Record]:
    return [hit_record(row_id, match, target=target) for match in screen_query(index, name, kind)]


# --- what profiles may look up ---------------------------------------------------------------


def _list_code(detail: str | None) -> str | None:
    """``$.list`` of a watch-list hit's detail, as ``str.json_path_match`` reads it."""
    if detail is None:
        return None
    try:
        value = json.loads(detail)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("list") is None:
        return None
    found = value["list"]
    return found if isinstance(found, str) else detail_text(found)


def profile_context(hits: Sequence[Record], links: Sequence[Link]) -> Context:
    """``engine.profile_context``: line ids per watch list and per indicator.

    A hit on a cargo unit counts on the lines it carries, a hit on a driver on the lines of
    the vehicle he drives.
    """
    carried: defaultdict[int, list[int]] = defaultdict(list)
    driven: defaultdict[int, list[int]] = defaultdict(list)
    for link in links:
        if link.source == Target.CONSIGNMENT.value:
            carried[link.unit_id].append(link.source_row_id)
        elif link.source == Target.PERSON.value:
            driven[link.source_row_id].append(link.unit_id)
    by_part: dict[str, defaultdict[str, set[int]]] = {
        ReasonKind.WATCH_LIST.value: defaultdict(set),
        ReasonKind.INDICATOR.value: defaultdict(set),
    }
    for hit in hits:
        kind = hit["kind"]
        if kind == ReasonKind.WATCH_LIST.value:
            name = _list_code(hit["detail"])
        elif kind == ReasonKind.INDICATOR.value:
            name = hit["key"]
        else:
            continue
        if name is None:
            continue
        target, row_id = hit["target"], hit["row_id"]
        lines = by_part[kind][name]
        if target == Target.CONSIGNMENT.value:
            lines.add(row_id)
        elif target == Target.CARGO_UNIT.value:
            lines.update(carried.get(row_id, ()))
        elif target == Target.PERSON.value:
            for unit_id in driven.get(row_id, ()):
                lines.update(carried.get(unit_id, ()))
    named = {
        part: {name: sorted(lines) for name, lines in found.items() if lines}
        for part, found in by_part.items()
    }
    return Context(
        watch_list_hits=named[ReasonKind.WATCH_LIST.value],
        indicator_hits=named[ReasonKind.INDICATOR.value],
    )


# --- combination -----------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One hit as ranking sees it (``assess._lean``), restated on a cargo unit or not."""

    keys: tuple[str, int, str, str]
    score: float
    severity: int | None
    hit: int
    via: str | None
    via_row_id: int | None


def _normalised(hits: Sequence[Record]) -> list[Record]:
    """Scores filled and clipped to 0-100, lanes checked (``assess._normalised``)."""
    found = []
    for hit in hits:
        lane = hit["lane"]
        if lane is not None and lane not in SEVERITY:
            raise ValueError(f"unknown lane {lane!r} in hits of {hit['key']!r}")
        score = hit["score"]
        score = 0.0 if score is None else min(max(float(score), 0.0), 100.0)
        found.append({**hit, "score": score})
    return found


def _entries(hits: Sequence[Record], links: Sequence[Link]) -> list[_Entry]:
    """Every hit, then each again on the cargo units its row reaches (``assess._propagated``)."""
    lean = [
        _Entry(
            (hit["target"], hit["row_id"], hit["kind"], hit["key"]),
            hit["score"],
            SEVERITY.get(hit["lane"]) if hit["lane"] is not None else None,
            number,
            None,
            None,
        )
        for number, hit in enumerate(hits)
    ]
    reaching: defaultdict[tuple[str, int], list[Link]] = defaultdict(list)
    for link in links:
        reaching[(link.source, link.source_row_id)].append(link)
    restated = [
        _Entry(
            (Target.CARGO_UNIT.value, link.unit_id, entry.keys[2], entry.keys[3]),
            entry.score,
            entry.severity,
            entry.hit,
            link.via,
            entry.keys[1],
        )
        for entry in lean
        for link in reaching.get((entry.keys[0], entry.keys[1]), ())
    ]
    return lean + restated


def _tie_breaks(hits: Sequence[Record], numbers: Sequence[int]) -> list[int]:
    """The hash ``assess._lean`` breaks ties with, for these hits (rare: equal scores)."""
    texts = pl.DataFrame(
        [(hits[n]["label"], hits[n]["threat"], hits[n]["detail"]) for n in numbers],
        schema={"label": pl.Utf8, "threat": pl.Utf8, "detail": pl.Utf8},
        orient="row",
    )
    return texts.select(pl.struct("label", "threat", "detail").hash(seed=0)).to_series().to_list()


def _strongest(group: Sequence[_Entry], hits: Sequence[Record]) -> _Entry:
    """The entry whose texts a repeated reason keeps: highest score, most severe lane, tie."""
    ranked = sorted(group, key=_rank)
    best = [entry for entry in ranked if _rank(entry) == _rank(ranked[0])]
    texts = {(hits[e.hit]["label"], hits[e.hit]["threat"], hits[e.hit]["detail"]) for e in best}
    if len(texts) == 1:
        return best[0]
    ties = _tie_breaks(hits, [entry.hit for entry in best])
    return min(zip(ties, range(len(best)), best, strict=True))[2]


def _rank(entry: _Entry) -> tuple[float, bool, int]:
    """Highest score first, then the most severe lane, a lane before none."""
    severity = entry.severity
    return (-entry.score, severity is None, -(severity or 0))


def _via_text(group: Sequence[_Entry]) -> str | None:
    """The rows a reason came through: "consignment lines 3, 7; driver 2" (``_via_texts``)."""
    rows: defaultdict[str, set[int]] = defaultdict(set)
    for entry in group:
        if entry.via is not None and entry.via_row_id is not None:
            rows[entry.via].add(entry.via_row_id)
    if not rows:
        return None
    pieces = []
    for via in sorted(rows):
        numbers = sorted(rows[via])
        said = PLURAL.get(via, via) if len(numbers) > 1 else via
        pieces.append(f"{said} {', '.join(str(number) for number in numbers)}")
    return "; ".join(pieces)


def _with_via(detail: str | None, via: str) -> str:
    """The detail JSON with a "via" member in front (``assess._with_via``)."""
    via_object = detail_text({"via": via})
    if detail is None or strip_chars(detail) in ("", "{}"):
        return via_object
    if detail.startswith("{"):
        return via_object.removesuffix("}") + "," + detail[1:]
    return detail_text({"via": via, "detail": detail})


def _reasons(hits: Sequence[Record], links: Sequence[Link]) -> dict[tuple[str, int], list[Record]]:
    """One reason per (target row, kind, key), grouped by target row (``assess._collapsed``)."""
    groups: dict[tuple[str, int, str, str], list[_Entry]] = {}
    for entry in _entries(hits, links):
        groups.setdefault(entry.keys, []).append(entry)
    by_row: defaultdict[tuple[str, int], list[Record]] = defaultdict(list)
    for keys, group in groups.items():
        if len(group) == 1:
            (best,) = group
            severity = best.severity
            via = None if best.via is None else f"{best.via} {best.via_row_id}"
        else:
            best = _strongest(group, hits)
            severities = [entry.severity for entry in group if entry.severity is not None]
            severity = max(severities) if severities else None
            via = _via_text(group)
        hit = hits[best.hit]
        detail = hit["detail"] if via is None else _with_via(hit["detail"], via)
        by_row[(keys[0], keys[1])].append(
            {
                "kind": keys[2],
                "key": keys[3],
                "label": hit["label"],
                "score": best.score,
                "lane": None if severity is None else LANE_OF_SEVERITY[severity],
                "threat": hit["threat"],
                "detail": detail,
                "severity": severity,
            }
        )
    return by_row


def _order(reason: Record) -> tuple[Any, ...]:
    """By contribution, then the most severe lane, then kind and key (nulls last)."""
    severity, kind, key = reason["severity"], reason["kind"], reason["key"]
    return (
        -reason["score"],
        severity is None,
        -(severity or 0),
        kind is None,
        kind or "",
        key is None,
        key or "",
    )


def _round2(value: float) -> float:
    """``Expr.round(2)``: scaled, rounded half to even, scaled back."""
    return round(value * 100.0) / 100.0


def combine_records(
    hits: Sequence[Record],
    targets: Mapping[Target, Sequence[int]],
    *,
    links: Sequence[Link] = (),
    policy: LanePolicy | None = None,
) -> list[Record]:
    """:func:`portcontrol.core.risk.assess.combine` over records, row for row."""
    policy = policy or LanePolicy()
    hits = _normalised(hits)
    by_row = _reasons(hits, links if hits else ())
    combined: list[Record] = []
    for target, row_ids in targets.items():
        for row_id in row_ids:
            reasons = sorted(by_row.get((target.value, row_id), ()), key=_order)
            kept = 1.0
            for reason in reasons:
                # Polars divides a column by a constant as a product with its inverse.
                kept *= 1.0 - reason["score"] * (1.0 / 100.0)
            score = _round2(100.0 * (1.0 - kept)) if reasons else 0.0
            severities = [r["severity"] for r in reasons if r["severity"] is not None]
            by_score = policy.lane_for(score).severity
            severity = max(severities) if severities else by_score
            if policy.escalate:
                severity = max(severity, by_score)
            threats = [r["threat"] for r in reasons if r["threat"] is not None]
            combined.append(
                {
                    "target": target.value,
                    "row_id": row_id,
                    "score": score,
                    "lane": LANE_OF_SEVERITY[severity],
                    "threat": threats[0] if threats else None,
                    "reasons": [
                        {name: value for name, value in r.items() if name != "severity"}
                        for r in reasons
                    ],
                }
            )
    return combined
