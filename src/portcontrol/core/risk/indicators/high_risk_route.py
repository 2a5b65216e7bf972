"""Routing through places that the analyst marked high-risk (UN/LOCODEs or countries).

Steps:

1. the route of a line is its departure, arrival, transit, loading and discharge ports, their
   countries, and the country of origin of the goods;
2. distinct routes are matched once against the marked places (a small join), then joined back
   to the lines;
3. a line fires with the reason the analyst gave and the lane the analyst chose (yellow unless
   said otherwise); several marked places on one route give one hit naming them all.

No place is high-risk by default: the list is the analyst's, with a reason for every entry.
"""

from __future__ import annotations

import polars as pl

from portcontrol.core.risk.indicators.base import (
    Frames,
    HighRiskPlace,
    IndicatorContext,
    detail_json,
    empty_raw,
    finish,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "high_risk_route"
THREAT = Threat.OTHER
WEIGHT = 20.0
LANE = Lane.YELLOW
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Route or origin touches a place the analyst marked high-risk, with the reason"

ROUTE_PORTS = ("departure_port", "arrival_port", "loading_port", "discharge_port")
_ROUTE_KEY = [*ROUTE_PORTS, "transit", "origin_country"]


def _places_table(places: tuple[HighRiskPlace, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "place": [place.code.strip().upper() for place in places],
            "reason": [place.reason for place in places],
            "place_lane": [place.lane.value for place in places],
        },
        schema={"place": pl.Utf8, "reason": pl.Utf8, "place_lane": pl.Utf8},
    )


def _routes(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each line's ``route_id``, and the distinct routes with theirs."""
    keyed = lines.select(
        pl.col("line_id"),
        *[pl.col(name).fill_null("") for name in ROUTE_PORTS],
        pl.col("transit_ports").fill_null([]).list.join(";").alias("transit"),
        pl.col("origin_country").fill_null(""),
    )
    routes = keyed.select(_ROUTE_KEY).unique().with_row_index("route_id")
    return keyed.join(routes, on=_ROUTE_KEY, how="left").select("line_id", "route_id"), routes


def route_matches(lines: pl.DataFrame, places: tuple[HighRiskPlace, ...]) -> pl.DataFrame:
    """``line_id``, ``places``, ``reasons``, ``lane`` of the lines touching marked places."""
    empty = pl.DataFrame(
        schema={"line_id": pl.Int64, "places": pl.Utf8, "reasons": pl.Utf8, "lane": pl.Utf8}
    )
    if not places or lines.is_empty():
        return empty
    line_routes, routes = _routes(lines)
    ports = [
        routes.select("route_id", pl.col(name).alias("code"), pl.lit(role).alias("role"))
        for name, role in (
            ("departure_port", "departure"),
            ("arrival_port", "arrival"),
            ("loading_port", "loading"),
            ("discharge_port", "discharge"),
        )
    ]
    ports.append(
        routes.select("route_id", pl.col("transit").str.split(";").alias("code"))
        .explode("code")
        .with_columns(pl.lit("transit").alias("role"))
    )
    port_rows = pl.concat(ports).filter(pl.col("code").str.len_chars() == 5)
    points = pl.concat(
        [
            port_rows.rename({"code": "place"}),
            port_rows.select("route_id", pl.col("code").str.slice(0, 2).alias("place"), "role"),
            routes.select(
                "route_id", pl.col("origin_country").alias("place"), pl.lit("origin").alias("role")
            ),
        ]
    )
    severity = pl.col("place_lane").replace_strict(
        {lane.value: lane.severity for lane in Lane}, default=0
    )
    matched = (
        points.join(_places_table(places), on="place", how="inner")
        .unique(["route_id", "place"])
        .sort("route_id", "place")
        .group_by("route_id", maintain_order=True)
        .agg(
            pl.col("place").str.join(", ").alias("places"),
            pl.format("{} ({}: {})", "place", "role", "reason").str.join("; ").alias("reasons"),
            pl.col("place_lane").sort_by(severity, descending=True).first().alias("lane"),
        )
    )
    if matched.is_empty():
        return empty
    return line_routes.join(matched, on="route_id", how="inner").select(
        "line_id", "places", "reasons", "lane"
    )


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines whose route or origin touches a marked place."""
    matches = route_matches(frames.consignment_frame(), context.high_risk_places)
    if matches.is_empty():
        return empty_raw()
    found = matches.select(
        pl.col("line_id").alias("row_id"),
        pl.concat_str(pl.lit("route touches high-risk "), pl.col("reasons")).alias("label"),
        pl.lit(1.0).alias("factor"),
        "lane",
        detail_json(places=pl.col("places")).alias("detail"),
    )
    return finish(found)
