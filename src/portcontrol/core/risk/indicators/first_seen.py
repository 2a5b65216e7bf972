"""Parties (shipper, consignee) seen for the first time by this unit.

A party is known when its tax identifier or its normalised name (with its country) was seen in
the unit's history; :func:`known_parties_from` builds that set from a history frame, and
:func:`party_keys` gives the keys of one party. Names are normalised across scripts and
habits: transliterated to Latin, lower case, quotes and legal forms (TOO, LLP, OOO, LLC, MMC,
IE, IP, ...) dropped, words sorted, so "ТОО «Арман Пак»" and "Arman Pak LLP" are one party.

Steps:

1. distinct (role, name, country, tax id) tuples of the batch get their keys once;
2. a tuple none of whose keys is known fires, at a low score and with no lane of its own: a new
   trader is common and innocent, but it adds weight to other reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl
from anyascii import anyascii

from portcontrol.core.risk.indicators.base import (
    Frames,
    IndicatorContext,
    detail_json,
    empty_raw,
    finish,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat, detail_text

NAME = "first_seen"
THREAT = Threat.OTHER
WEIGHT = 10.0
LANE: Lane | None = None
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Shipper or consignee never seen before by this unit (no lane: adds weight only)"

ROLES = ("shipper", "consignee")
LEGAL_FORMS = frozenset(
    """too llp ooo llc mmc ltd sti ltd. ao jsc ojsc pjsc zao oao tov chp ip ie fs hj mchj osoo
    ojsc gmbh ag sa srl bv inc corp co company limited pte fzco fze fzc jshs zhshs jss
    ferdi sahibkar xususi shirket sirket""".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def normalised_name(name: str) -> str:
    """A party name reduced to sorted Latin words without legal forms.

    >>> normalised_name('ТОО «Арман Пак»') == normalised_name('Arman Pak LLP')
    True
    >>> normalised_name('Fərdi sahibkar Hüseynov Vüqar')
    'huseynov vuqar'
    """
    words = _WORD.findall(anyascii(name).lower())
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(sorted(kept or words))


def party_keys(name: str | None, country: str | None, tax_id: str | None) -> list[str]:
    """The keys under which a party is remembered: its tax id and its name with country."""
    keys = []
    if tax_id and tax_id.strip():
        keys.append(f"tax:{(country or '').upper()}:{tax_id.strip().upper()}")
    if name and name.strip():
        keys.append(f"name:{(country or '').upper()}:{normalised_name(name)}")
    return keys


def _parties(lines: pl.DataFrame) -> pl.DataFrame:
    """line_id, role, name, country, tax_id of every shipper and consignee."""
    return pl.concat(
        [
            lines.select(
                "line_id",
                pl.lit(role).alias("role"),
                pl.col(f"{role}_name").alias("name"),
                pl.col(f"{role}_country").alias("country"),
                pl.col(f"{role}_tax_id").alias("tax_id"),
            )
            for role in ROLES
        ]
    ).filter(pl.col("name").is_not_null() | pl.col("tax_id").is_not_null())


def _keyed(parties: pl.DataFrame) -> pl.DataFrame:
    """Distinct parties with their keys (Python runs once per distinct party, not per line)."""
    distinct = parties.select("name", "country", "tax_id").unique()
    keys = [party_keys(name, country, tax_id) for name, country, tax_id in distinct.iter_rows()]
    return distinct.with_columns(pl.Series("keys", keys, dtype=pl.List(pl.Utf8)))


def known_parties_from(history: pl.DataFrame) -> frozenset[str]:
    """The party keys of a history of consignment lines (for :class:`IndicatorContext`)."""
    keyed = _keyed(_parties(history))
    return frozenset(keyed.get_column("keys").explode().drop_nulls().to_list())


def first_seen_lines(lines: pl.DataFrame, known: Iterable[str]) -> pl.DataFrame:
    """line_id, role, name, country of parties none of whose keys is in ``known``."""
    parties = _parties(lines)
    if parties.is_empty():
        return parties
    # Keys are looked up in the set as they are made, once per distinct party: the known set
    # (every party of the unit's history) is never copied into a column.
    known = known if isinstance(known, set | frozenset) else frozenset(known)
    distinct = parties.select("name", "country", "tax_id").unique()
    new = [
        not any(key in known for key in party_keys(name, country, tax_id))
        for name, country, tax_id in distinct.iter_rows()
    ]
    if not any(new):
        return parties.clear()
    return parties.join(
        distinct.filter(pl.Series(new, dtype=pl.Boolean)),
        on=["name", "country", "tax_id"],
        how="inner",
        nulls_equal=True,
    )


def may_fire(frames: Frames, context: IndicatorContext) -> bool:
    """Whether some shipper or consignee is new (the test of ``first_seen_lines``, in Python)."""
    known = context.known_parties
    if known is None:
        return False
    parties = frames.consignment_frame().select(
        pl.col(f"{role}_{part}") for role in ROLES for part in ("name", "country", "tax_id")
    )
    return any(
        not any(key in known for key in party_keys(name, country, tax_id))
        for row in parties.iter_rows()
        for name, country, tax_id in (row[:3], row[3:])
        if name is not None or tax_id is not None
    )


def records(frames: Frames, context: IndicatorContext) -> list[dict[str, object]]:
    """The raw hits of ``run`` for a few lines, in plain Python (the same hits)."""
    known = context.known_parties
    if known is None:
        return []
    columns = ("name", "country", "tax_id")
    lines = frames.consignment_frame().select(
        "line_id", *(pl.col(f"{role}_{part}") for role in ROLES for part in columns)
    )
    found = []
    for line_id, *parties in lines.iter_rows():
        new = [
            (role, name, country)
            for role, (name, country, tax_id) in zip(ROLES, (parties[:3], parties[3:]), strict=True)
            if (name is not None or tax_id is not None)
            and not any(key in known for key in party_keys(name, country, tax_id))
        ]
        if not new:
            continue
        new.sort(key=lambda party: party[0], reverse=True)  # shipper before consignee
        found.append(
            {
                "row_id": line_id,
                "label": "; ".join(
                    f"{role} '{'?' if name is None else name}'"
                    f"{'' if country is None else f' ({country})'} seen for the first time"
                    for role, name, country in new
                ),
                "factor": 1.0,
                "lane": None,
                "detail": detail_text({"roles": ",".join(role for role, _, _ in new)}),
            }
        )
    return found


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines with a shipper or consignee not in the unit's known parties."""
    if context.known_parties is None:
        return empty_raw()  # no history: every party would be new
    new = first_seen_lines(frames.consignment_frame(), context.known_parties)
    if new.is_empty():
        return empty_raw()
    found = (
        new.sort("line_id", "role", descending=[False, True])
        .group_by("line_id", maintain_order=True)
        .agg(
            pl.format(
                "{} '{}'{} seen for the first time",
                "role",
                pl.col("name").fill_null("?"),
                pl.when(pl.col("country").is_not_null())
                .then(pl.format(" ({})", "country"))
                .otherwise(pl.lit("")),
            )
            .str.join("; ")
            .alias("label"),
            pl.col("role").str.join(",").alias("roles"),
        )
        .select(
            pl.col("line_id").alias("row_id"),
            "label",
            pl.lit(1.0).alias("factor"),
            pl.lit(None, dtype=pl.Utf8).alias("lane"),
            detail_json(roles=pl.col("roles")).alias("detail"),
        )
    )
    return finish(found)
