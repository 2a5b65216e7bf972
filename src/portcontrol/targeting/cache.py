"""The engine inputs of each unit, kept in the process between requests and checked on each one.

Reading every profile and watch-list entry in force and indexing the lists takes seconds for a
large list, while one posted consignment is assessed in milliseconds: the API keeps the inputs
(``engine.EngineInputs``) per unit and asks the database, on every request, whether they are
still those in force. Several web processes each keep their own and each asks the database, so
a change made through any of them (or a worker, or a command) is seen by all.

The question is cheap because every change that alters the inputs is made by an action in
``targeting.actions``, which writes an audit entry in the same transaction: a profile version
approved or retired, a watch-list entry added, changed or removed, a list imported, a high-risk
place marked or removed. Audit entries are only ever added, so the inputs are current while no
such entry has appeared since they were read. The check reads the entries of that kind written
since the previous check (the ``at`` column is indexed), going back ``MARGIN`` further because
an entry's time is taken inside its transaction, before it commits. Value norms are refitted
outside the audit log, so their fit time is compared too (one row per unit). ``MAX_AGE`` bounds
how long anything written past the actions (a shell, plain SQL) could go unseen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from portcontrol.accounts.models import AuditEntry, Unit
from portcontrol.targeting import engine
from portcontrol.targeting.engine import EngineInputs

# Off: every request reads the inputs again (the benchmark measures both ways).
ENABLED = True
# Audit actions after which the inputs of a unit may differ (prefixes of the action codes).
INPUT_ACTIONS = (
    "targeting.profile.",
    "targeting.entry.",
    "targeting.watch_list.",
    "targeting.place.",
)
# Longest time between an audit entry's time and its commit, clock differences included.
MARGIN = timedelta(minutes=5)
# Inputs older than this are read again even if nothing said they changed.
MAX_AGE = timedelta(hours=1)

Change = tuple[int, datetime]  # an audit entry: id and time (ids repeat after a rollback)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the database says about the inputs of a unit at one moment."""

    changes: frozenset[Change]  # input-changing audit entries since the window's start
    norms_fitted_at: datetime | None
    taken_at: datetime  # taken before the queries ran: the next window starts from here

    def covered_by(self, kept: Stamp) -> bool:
        """True when nothing here is new to ``kept``: the inputs read then are still current."""
        return self.norms_fitted_at == kept.norms_fitted_at and self.changes <= kept.changes


@dataclass(frozen=True, slots=True)
class Kept:
    """The inputs of one unit for one day, the stamp they were read under, and how."""

    inputs: EngineInputs
    today: date
    stamp: Stamp
    read_at: datetime
    loader: Callable[[Unit, date], EngineInputs]  # a replaced loader (tests) gets its own


_kept: dict[int, Kept] = {}
_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def stamp_of(unit: Unit, *, since: datetime) -> Stamp:
    """Input-changing audit entries written since a moment, and the unit's norms fit time."""
    from portcontrol.targeting.models import UnitValueNorm

    taken_at = timezone.now()
    watched = Q()
    for prefix in INPUT_ACTIONS:
        watched |= Q(action__startswith=prefix)
    changes = frozenset(
        AuditEntry.objects.filter(at__gte=since).filter(watched).values_list("id", "at")
    )
    fitted = UnitValueNorm.objects.filter(unit_id=unit.pk).values_list("fitted_at", flat=True)
    return Stamp(changes, next(iter(fitted), None), taken_at)


def cached_inputs_for(unit: Unit, today: date) -> EngineInputs:
    """The unit's engine inputs, read again only when the database says they changed."""
    loader = engine.inputs_for
    if not ENABLED:
        return loader(unit, today)
    kept = _kept.get(unit.pk)
    if kept is not None and _fresh(kept, unit, today, loader):
        return kept.inputs
    with _lock_of(unit.pk):
        # Another thread may have read them while this one waited for the lock.
        kept = _kept.get(unit.pk)
        if kept is not None and _fresh(kept, unit, today, loader):
            return kept.inputs
        return _read(unit, today, loader).inputs


def _fresh(
    kept: Kept, unit: Unit, today: date, loader: Callable[[Unit, date], EngineInputs]
) -> bool:
    """True when the kept inputs are those in force; the check moves the window on."""
    if kept.loader is not loader or kept.today != today:
        return False
    if timezone.now() - kept.read_at > MAX_AGE:
        return False
    stamp = stamp_of(unit, since=kept.stamp.taken_at - MARGIN)
    if not stamp.covered_by(kept.stamp):
        return False
    # Entries older than the window can no longer appear late: forget them.
    _kept[unit.pk] = replace(kept, stamp=stamp)
    return True


def _read(unit: Unit, today: date, loader: Callable[[Unit, date], EngineInputs]) -> Kept:
    """Read the inputs from the database and keep them under the stamp taken just before."""
    # Stamp first: a change committed while the inputs are read shows up as new at the next
    # check and they are read once more, never missed.
    stamp = stamp_of(unit, since=timezone.now() - MARGIN)
    kept = Kept(loader(unit, today), today, stamp, stamp.taken_at, loader)
    _kept[unit.pk] = kept
    return kept


def _lock_of(unit_id: int) -> threading.Lock:
    """One lock per unit: requests arriving together wait for one read instead of each reading."""
    with _locks_guard:
        return _locks.setdefault(unit_id, threading.Lock())


def clear() -> None:
    """Forget every unit's inputs (tests, and after changes made past the actions)."""
    _kept.clear()
