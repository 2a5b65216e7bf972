"""Apply the active profiles to a consignment frame at once, and dry-run one before activation.

1. Keep the profiles valid on the day (and in scope of the unit, when one is named).
2. Work out conditions on text and code columns once per distinct value (see
   :func:`~portcontrol.core.risk.profiles.compile.resolve_on_distinct_values`).
3. Evaluate all criteria in one pass: Polars runs the expressions in parallel over columns.
4. For each profile, the line ids it selected become rows of a hits frame (see
   :data:`portcontrol.core.risk.reasons.HITS_SCHEMA`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

import polars as pl

from portcontrol.core.risk.profiles.compile import evaluate_all
from portcontrol.core.risk.profiles.context import EMPTY, Context
from portcontrol.core.risk.profiles.interpret import Check, predicate
from portcontrol.core.risk.profiles.language import Indicator, Node, OnWatchList, conditions, parse
from portcontrol.core.risk.profiles.profile import Profile
from portcontrol.core.risk.reasons import HITS_SCHEMA, ReasonKind, Target, empty_hits


def active_profiles(
    profiles: Sequence[Profile], today: date, unit: str | None = None
) -> list[Profile]:
    """The profiles valid on ``today`` that cover ``unit`` (every scope when None)."""
    return [
        profile for profile in profiles if profile.is_valid_on(today) and profile.applies_to(unit)
    ]


def selections(
    profiles: Sequence[Profile], frame: pl.DataFrame, context: Context = EMPTY
) -> list[pl.Series]:
    """For each profile, the line ids of ``frame`` its criteria select (in line order)."""
    if not profiles:
        return []
    selected = evaluate_all([profile.tree() for profile in profiles], frame, context)
    line_ids = selected["line_id"]
    return [line_ids.filter(selected[f"c{index}"]) for index in range(len(profiles))]


def _detail(profile: Profile) -> str:
    return json.dumps(
        {
            "name": profile.name,
            "version": profile.version,
            "priority": profile.priority,
            "scope": profile.scope,
            "instructions": profile.instructions,
        },
        ensure_ascii=False,
    )


def apply_profiles(
    profiles: Sequence[Profile],
    frame: pl.DataFrame,
    *,
    today: date,
    context: Context = EMPTY,
    unit: str | None = None,
) -> pl.DataFrame:
    """A hits frame: one row per (consignment line, active profile whose criteria it meets)."""
    active = active_profiles(profiles, today, unit)
    parts = [
        pl.DataFrame(
            {"row_id": line_ids, "profile": index}, schema={"row_id": pl.Int64, "profile": pl.Int64}
        )
        for index, line_ids in enumerate(selections(active, frame, context))
        if len(line_ids)
    ]
    if not parts:
        return empty_hits()
    table = pl.DataFrame(
        {
            "profile": range(len(active)),
            "key": [profile.code for profile in active],
            "label": [profile.reason or profile.name for profile in active],
            "score": [float(profile.score) for profile in active],
            "lane": [profile.lane.value for profile in active],
            "threat": [profile.threat.value for profile in active],
            "detail": [_detail(profile) for profile in active],
        },
        schema_overrides={"profile": pl.Int64},
    )
    hits = pl.concat(parts).join(table, on="profile", how="left")
    return hits.select(
        pl.lit(Target.CONSIGNMENT.value).alias("target"),
        "row_id",
        pl.lit(ReasonKind.PROFILE.value).alias("kind"),
        "key",
        "label",
        "score",
        "lane",
        "threat",
        "detail",
    ).cast(HITS_SCHEMA)  # type: ignore[arg-type]


def apply_profiles_to_records(
    profiles: Sequence[Profile],
    records: Sequence[Mapping[str, object]],
    *,
    today: date,
    context: Context = EMPTY,
    unit: str | None = None,
) -> list[dict[str, object]]:
    """The hits of :func:`apply_profiles` for a few records (rows of a consignment frame).

    The criteria run through the record-by-record interpreter, which the tests hold to the
    compiled expressions; parsed criteria and their checks are kept between calls, so a call
    costs only the checks themselves.
    """
    hits: list[dict[str, object]] = []
    for profile in active_profiles(profiles, today, unit):
        check = _check(profile.criteria, context)
        selected = [record["line_id"] for record in records if check(record)]
        if not selected:
            continue
        label, detail = profile.reason or profile.name, _detail(profile)
        hits.extend(
            {
                "target": Target.CONSIGNMENT.value,
                "row_id": line_id,
                "kind": ReasonKind.PROFILE.value,
                "key": profile.code,
                "label": label,
                "score": float(profile.score),
                "lane": profile.lane.value,
                "threat": profile.threat.value,
                "detail": detail,
            }
            for line_id in selected
        )
    return hits


@lru_cache(maxsize=4096)
def _tree(criteria: str) -> Node:
    """The parsed criteria, kept: the same text always parses to the same tree."""
    return parse(criteria)


@lru_cache(maxsize=4096)
def _plain_check(criteria: str) -> Check | None:
    """The check of criteria that look up no watch list or indicator, built once; else None."""
    tree = _tree(criteria)
    if any(isinstance(leaf, OnWatchList | Indicator) for leaf in conditions(tree)):
        return None
    return predicate(tree)


def _check(criteria: str, context: Context) -> Check:
    """The check of the criteria; built again when they look up the hits of this call."""
    return _plain_check(criteria) or predicate(_tree(criteria), context)


def dry_run(
    profile: Profile, frame: pl.DataFrame, context: Context = EMPTY
) -> tuple[list[int], int]:
    """What the profile would select in ``frame``, whatever its validity: line ids and count."""
    (line_ids,) = selections([profile], frame, context)
    return line_ids.to_list(), len(line_ids)
