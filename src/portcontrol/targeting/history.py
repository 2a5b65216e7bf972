"""What the indicators learn from the unit's history and the analysts' marks.

Three parts of the core's ``IndicatorContext`` come from storage:

- value norms per HS code (``unit_value``): fitted from the unit's consignment lines of the last
  365 days, stored as JSON with the time of the fit; refitted by ``portcontrol learn_norms`` and
  in the background once they are a day old;
- parties seen before (``first_seen``, and the firearms and radioactive indicators that weigh
  a new consignee): every party key the unit has seen with the time it was first seen, extended
  as voyages are assessed, so that only the batch's own parties are looked up;
- high-risk places (``high_risk_route``): the ports and countries analysts marked, national and
  the unit's own.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import polars as pl
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from portcontrol.accounts.models import Unit
from portcontrol.cargo.choices import PartyRole
from portcontrol.cargo.models import Consignment, Party, Voyage
from portcontrol.core.risk.indicators import (
    HighRiskPlace as CorePlace,
)
from portcontrol.core.risk.indicators import (
    IndicatorContext,
    UnitValueNorms,
    party_keys,
)
from portcontrol.core.risk.reasons import Lane
from portcontrol.targeting.access import in_scope
from portcontrol.targeting.models import HighRiskPlace, KnownParty, UnitValueNorm

NORM_DAYS = 365
NORMS_MAX_AGE = timedelta(days=1)
# SQLite refuses statements with too many parameters; look keys up in slices.
KEY_SLICE = 500
PARTY_ROLES = ("shipper", "consignee")


# --- the unit's context ------------------------------------------------------------------------


def unit_context(unit: Unit) -> IndicatorContext:
    """Stored norms and marked places of the unit; parties are added per batch."""
    return IndicatorContext(
        unit_value_norms=stored_norms(unit),
        known_parties=None,
        high_risk_places=places_for(unit),
    )


def places_for(unit: Unit) -> tuple[CorePlace, ...]:
    """The high-risk places in force for the unit: national ones and its own."""
    marked = in_scope(HighRiskPlace.objects.filter(removed_at__isnull=True), unit)
    return tuple(
        CorePlace(place.code, place.reason, Lane(place.lane)) for place in marked.order_by("code")
    )


# --- value norms -------------------------------------------------------------------------------


def _since(days: int, now: datetime) -> date:
    return timezone.localdate(now) - timedelta(days=days)


def _in_window(prefix: str, since: date) -> Q:
    """Voyages that arrived since a day (or, without an arrival time, were loaded since)."""
    return Q(**{f"{prefix}arrival_time__date__gte": since}) | Q(
        **{
            f"{prefix}arrival_time__isnull": True,
            f"{prefix}first_import__created_at__date__gte": since,
        }
    )


def history_lines(
    unit: Unit, *, days: int = NORM_DAYS, exclude_voyages: Iterable[int] = (), now: datetime
) -> pl.DataFrame:
    """hs_code, currency, value_per_kg of the unit's current lines of the last ``days``."""
    lines = (
        Consignment.objects.filter(unit=unit, document__is_current=True)
        .filter(_in_window("document__voyage__", _since(days, now)))
        .exclude(document__voyage_id__in=list(exclude_voyages))
        .values_list("hs_code", "currency", "value", "gross_weight_kg")
    )
    frame = pl.DataFrame(
        list(lines.iterator(chunk_size=5000)),
        schema={"hs_code": pl.Utf8, "currency": pl.Utf8, "value": pl.Float64, "gross": pl.Float64},
        orient="row",
    )
    # The same value per kg as the engine's frames: declared value over gross weight.
    return frame.select(
        "hs_code",
        "currency",
        pl.when(pl.col("gross") > 0)
        .then(pl.col("value") / pl.col("gross"))
        .otherwise(None)
        .alias("value_per_kg"),
    )


def fit_norms(
    unit: Unit,
    *,
    days: int = NORM_DAYS,
    exclude_voyages: Iterable[int] = (),
    now: datetime | None = None,
) -> UnitValueNorm:
    """Fit the unit's value norms from its lines of the last ``days`` and store them."""
    now = now or timezone.now()
    lines = history_lines(unit, days=days, exclude_voyages=exclude_voyages, now=now)
    norms = UnitValueNorms.fit(lines)
    stored, _ = UnitValueNorm.objects.update_or_create(
        unit=unit,
        defaults={
            "norms": json.loads(norms.to_json()),
            "fitted_at": now,
            "days": days,
            "lines": lines.height,
            "codes": norms.table.height,
        },
    )
    return stored


def stored_norms(unit: Unit, *, now: datetime | None = None) -> UnitValueNorms | None:
    """The unit's stored norms (None before the first fit); a day-old fit is refreshed later."""
    stored = UnitValueNorm.objects.filter(unit=unit).first()
    if stored is None:
        return None
    if is_stale(stored, now or timezone.now()):
        refit_norms_later(unit)
    return UnitValueNorms.from_json(json.dumps(stored.norms))


def is_stale(stored: UnitValueNorm | None, now: datetime) -> bool:
    """True when the unit has no norms or they were fitted more than a day ago."""
    return stored is None or stored.fitted_at < now - NORMS_MAX_AGE


def refit_norms_later(unit: Unit) -> None:
    """After commit, queue a refit of the unit's norms (the task refits at most once a day)."""
    from portcontrol.targeting.tasks import refit_norms_task

    transaction.on_commit(lambda: refit_norms_task.enqueue(unit.pk))


# --- parties seen before -----------------------------------------------------------------------


def _seen_at(voyage_ids: Sequence[int], now: datetime) -> dict[str, datetime]:
    """Voyage number -> when the unit saw it: arrival, else departure, else its first import."""
    found = Voyage.objects.filter(pk__in=list(voyage_ids)).values_list(
        "number", "arrival_time", "departure_time", "first_import__created_at"
    )
    return {
        number: arrival or departure or loaded or now
        for number, arrival, departure, loaded in found
    }


def batch_party_keys(consignments: pl.DataFrame) -> pl.DataFrame:
    """Distinct (voyage_number, key) of the shippers and consignees of a batch of lines."""
    parties = (
        pl.concat(
            [
                consignments.select(
                    pl.col("voyage_number").fill_null(""),
                    pl.col(f"{role}_name").alias("name"),
                    pl.col(f"{role}_country").alias("country"),
                    pl.col(f"{role}_tax_id").alias("tax_id"),
                )
                for role in PARTY_ROLES
            ]
        )
        .filter(pl.col("name").is_not_null() | pl.col("tax_id").is_not_null())
        .unique()
    )
    rows = [
        (voyage, key)
        for voyage, name, country, tax_id in parties.iter_rows()
        for key in party_keys(name, country, tax_id)
    ]
    return pl.DataFrame(
        rows, schema={"voyage_number": pl.Utf8, "key": pl.Utf8}, orient="row"
    ).unique()


def first_seen_times(unit: Unit, keys: Iterable[str]) -> dict[str, datetime]:
    """When the unit first saw each of these party keys (absent: never)."""
    keys = sorted(set(keys))
    found: dict[str, datetime] = {}
    for start in range(0, len(keys), KEY_SLICE):
        part = keys[start : start + KEY_SLICE]
        found.update(
            KnownParty.objects.filter(unit=unit, key__in=part).values_list("key", "first_seen_at")
        )
    return found


def remember_parties(unit: Unit, seen: dict[str, datetime]) -> dict[str, datetime]:
    """Record party keys with the time they were seen; the earliest time stays. Returns all."""
    known = first_seen_times(unit, seen)
    new = [
        KnownParty(unit=unit, key=key, first_seen_at=at)
        for key, at in seen.items()
        if key not in known
    ]
    earlier = [key for key, at in seen.items() if key in known and at < known[key]]
    KnownParty.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    for key in earlier:
        KnownParty.objects.filter(unit=unit, key=key, first_seen_at__gt=seen[key]).update(
            first_seen_at=seen[key]
        )
    merged = dict(known)
    for key, at in seen.items():
        merged[key] = min(merged.get(key, at), at)
    return merged


def learn_parties(unit: Unit, *, days: int = NORM_DAYS, now: datetime | None = None) -> int:
    """Fill the known parties from the shippers and consignees of the last ``days``."""
    now = now or timezone.now()
    seen_at = Coalesce(
        "voyage__arrival_time", "voyage__departure_time", "voyage__first_import__created_at"
    )
    parties = (
        Party.objects.filter(unit=unit, role__in=[PartyRole.SHIPPER, PartyRole.CONSIGNEE])
        .filter(_in_window("voyage__", _since(days, now)))
        .values("name", "country", "tax_id")
        .annotate(first=Min(seen_at))
    )
    seen: dict[str, datetime] = {}
    for row in parties.iterator(chunk_size=5000):
        for key in party_keys(row["name"], row["country"] or None, row["tax_id"] or None):
            seen[key] = min(seen.get(key, row["first"]), row["first"])
    remember_parties(unit, seen)
    return len(seen)


@dataclass(frozen=True, slots=True)
class BatchContext:
    """The indicator context of some voyages of a batch (``voyages`` None: all the others)."""

    voyages: frozenset[str] | None
    context: IndicatorContext


def batch_contexts(
    unit: Unit,
    consignments: pl.DataFrame,
    voyage_ids: Sequence[int],
    base: IndicatorContext,
    *,
    now: datetime | None = None,
) -> list[BatchContext]:
    """The unit's context completed for a batch of stored voyages (or one posted line).

    1. Norms missing (no fit yet): fitted now from the history without the batch's voyages.
    2. The batch's party keys are looked up and, for stored voyages, remembered with the time
       each voyage was seen (arrival); a key is known on a voyage when first seen before it.
    3. Voyages for which "known" means what it means for the whole batch (every key first seen
       before the batch began, or on the voyage itself) share one context; a voyage carrying a
       party first seen on an earlier voyage of the same batch gets its own.
    """
    now = now or timezone.now()
    if base.unit_value_norms is None:
        base = dataclasses.replace(
            base, unit_value_norms=_norms_of(fit_norms(unit, exclude_voyages=voyage_ids, now=now))
        )
    if not voyage_ids:
        return [_posted_context(unit, consignments, base, now)]
    keys = batch_party_keys(consignments)
    seen_at = _seen_at(voyage_ids, now)
    keyed = keys.with_columns(
        pl.col("voyage_number")
        .replace_strict(seen_at, default=now, return_dtype=pl.Datetime("us", "UTC"))
        .alias("seen_at")
    )
    if voyage_ids:
        earliest = keyed.group_by("key").agg(pl.col("seen_at").min())
        first = remember_parties(unit, dict(earliest.iter_rows()))
    else:
        first = first_seen_times(unit, keys["key"].to_list())
    start = min(seen_at.values(), default=now)
    before_batch = frozenset(key for key, at in first.items() if at < start)
    shared = BatchContext(None, dataclasses.replace(base, known_parties=before_batch))
    own = []
    for (voyage,), rows in keyed.partition_by("voyage_number", as_dict=True).items():
        voyage_seen = seen_at.get(voyage, now)
        known = frozenset(key for key in rows["key"] if key in first and first[key] < voyage_seen)
        if known - before_batch:
            context = dataclasses.replace(base, known_parties=before_batch | known)
            own.append(BatchContext(frozenset([voyage]), context))
    return [shared, *own]


def _posted_context(
    unit: Unit, consignments: pl.DataFrame, base: IndicatorContext, now: datetime
) -> BatchContext:
    """The context of lines posted without a stored voyage (the API): one for all of them.

    Nothing is remembered and every line is seen now, so a key is known when the unit saw it
    before now; no voyage can differ from the batch. The keys are made in Python, line by
    line: a posted batch is a few lines, for which frame operations cost more than the work.
    """
    parties = consignments.select(
        pl.col(f"{role}_{part}") for role in PARTY_ROLES for part in ("name", "country", "tax_id")
    )
    keys = {
        key
        for row in parties.iter_rows()
        for name, country, tax_id in (row[:3], row[3:])
        if name is not None or tax_id is not None
        for key in party_keys(name, country, tax_id)
    }
    first = first_seen_times(unit, keys)
    known = frozenset(key for key, at in first.items() if at < now)
    return BatchContext(None, dataclasses.replace(base, known_parties=known))


def _norms_of(stored: UnitValueNorm) -> UnitValueNorms:
    return UnitValueNorms.from_json(json.dumps(stored.norms))
