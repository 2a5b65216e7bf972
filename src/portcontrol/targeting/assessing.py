"""Assess stored voyages: build frames, run the engine, store assessments, select to capacity.

Called by the actions (after an import, when a profile or a watch list changes) and by the
``assess`` command; knows nothing of users or audit.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portcontrol.accounts.models import Unit
from portcontrol.cargo.models import Voyage
from portcontrol.core.risk.assess import detail_of
from portcontrol.targeting import engine
from portcontrol.targeting.choices import (
    DEFAULT_CAPACITY,
    DEFAULT_RANDOM_SHARE,
    INSPECTION_LANES,
    LANE_SEVERITY,
    Lane,
    TargetKind,
    TaskStatus,
)
from portcontrol.targeting.frames import Frames, build_frames
from portcontrol.targeting.models import Assessment, TargetingTask, TaskEvent, UnitCapacity

BATCH = 2000
FOREIGN_KEY = {
    TargetKind.CONSIGNMENT: "consignment_id",
    TargetKind.CARGO_UNIT: "cargo_unit_id",
    TargetKind.PERSON: "person_id",
}


@dataclass(slots=True)
class AssessRun:
    """What one assessment run did: counts, for the command line and the audit entry."""

    voyages: int = 0
    assessed: int = 0
    above_green: int = 0
    tasks_created: int = 0
    tasks_updated: int = 0
    random_tasks: int = 0
    assessments: list[Assessment] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        """The figures, as stored in an audit entry."""
        return {
            "voyages": self.voyages,
            "assessed": self.assessed,
            "above_green": self.above_green,
            "tasks_created": self.tasks_created,
            "tasks_updated": self.tasks_updated,
            "random_tasks": self.random_tasks,
        }


@dataclass(frozen=True, slots=True)
class Capacity:
    """A unit's daily inspections in one lane and the share of them drawn at random."""

    lane: str
    per_day: int
    random_share: float

    @property
    def random_slots(self) -> int:
        """Inspections of the day kept for random selection (at least one when a share is set)."""
        return math.ceil(self.per_day * self.random_share) if self.random_share > 0 else 0


def capacities(unit: Unit) -> dict[str, Capacity]:
    """The unit's capacity per inspection lane; defaults where a supervisor set none."""
    found = {
        row.lane: Capacity(row.lane, row.per_day, float(row.random_share))
        for row in UnitCapacity.objects.filter(unit=unit)
    }
    return {
        lane: found.get(lane, Capacity(lane, DEFAULT_CAPACITY[lane], DEFAULT_RANDOM_SHARE))
        for lane in INSPECTION_LANES
    }


def reasons_json(reasons: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reasons of a combined assessment as stored: detail parsed, score rounded."""
    return [
        {
            "kind": reason["kind"],
            "key": reason["key"],
            "label": reason["label"],
            "score": round(float(reason["score"] or 0), 2),
            "lane": reason["lane"],
            "threat": reason["threat"],
            "detail": detail_of(reason["detail"]),
        }
        for reason in reasons
    ]


def _rows(assessed: pl.DataFrame, frames: Frames, unit: Unit) -> list[Assessment]:
    """Assessment rows (not saved) for every combined target row."""
    voyage_of = frames.stored.voyage_of
    made = []
    for row in assessed.iter_rows(named=True):
        target = TargetKind(row["target"])
        made.append(
            Assessment(
                unit=unit,
                voyage_id=voyage_of[(target.value, row["row_id"])],
                target=target,
                **{FOREIGN_KEY[target]: row["row_id"]},
                score=round(row["score"]),
                lane=row["lane"],
                threat=row["threat"] or "",
                reasons=reasons_json(row["reasons"]),
                engine_version=engine.ENGINE_VERSION,
            )
        )
    return made


def _covered(frames: Frames) -> set[tuple[str, int]]:
    """Consignment lines and persons whose reasons reach a cargo unit: the unit is the task."""
    from portcontrol.core.risk.assess import cargo_unit_links

    links = cargo_unit_links(frames.consignments, frames.cargo_units, frames.persons)
    return set(links.select("source", "source_row_id").iter_rows())


def assess_voyages(
    unit: Unit, voyages: Iterable[Voyage], *, today: date | None = None, select: bool = True
) -> AssessRun:
    """Assess every record of the voyages; store the assessments and select tasks.

    1. Build the frames from the stored records (row ids are database ids).
    2. Run profiles, indicators and screening; combine hits per target (core engine).
    3. In one transaction: earlier assessments of these voyages stop being current, the new
       ones are written, and selection creates or updates tasks to the unit's capacity.
    """
    voyages = list(voyages)
    today = today or timezone.localdate()
    run = AssessRun(voyages=len(voyages))
    if not voyages:
        return run
    frames = build_frames(voyages)
    assessed = engine.assess_frames(frames, unit, today=today)
    rows = _rows(assessed, frames, unit)
    with transaction.atomic():
        Assessment.objects.filter(
            voyage_id__in=[voyage.pk for voyage in voyages], is_current=True
        ).update(is_current=False)
        created = Assessment.objects.bulk_create(rows, batch_size=BATCH)
        run.assessed = len(created)
        run.above_green = sum(row.lane != Lane.GREEN for row in created)
        run.assessments = created
        if select:
            select_tasks(unit, created, covered=_covered(frames), run=run)
    return run


def _target_key(item: Assessment | TargetingTask) -> tuple[str, int]:
    return (item.target, getattr(item, FOREIGN_KEY[TargetKind(item.target)]))


def _eligible(assessments: Iterable[Assessment], covered: set[tuple[str, int]]) -> list[Assessment]:
    """One per inspectable thing: cargo units, and goods or people that reach no cargo unit."""
    return [
        item
        for item in assessments
        if item.target == TargetKind.CARGO_UNIT or _target_key(item) not in covered
    ]


# The engine version written on an assessment made from a partner's alert (exchange app).
ALERT_ORIGIN = "exchange-alert"


def select_tasks(
    unit: Unit,
    assessments: Sequence[Assessment],
    *,
    covered: set[tuple[str, int]] | None = None,
    run: AssessRun | None = None,
    rng: random.Random | None = None,
) -> AssessRun:
    """Create or refresh tasks for the highest scores, lane by lane, within today's capacity.

    1. A target with an open task keeps it; a task still NEW takes the new score and lane. A
       target whose task is complete is not selected again.
    2. Per lane, the day's capacity less its random slots goes to the highest scores in that
       lane (tasks already selected today count against it).
    3. The random slots of each lane go to targets drawn at random among those not selected,
       whatever their score, marked random: hit rates measured on them are unbiased.
    """
    run = run or AssessRun()
    rng = rng or random.SystemRandom()
    candidates = _eligible(assessments, covered or set())
    now = timezone.now()
    open_tasks = {
        _target_key(task): task
        for task in TargetingTask.objects.filter(unit=unit)
        .exclude(status=TaskStatus.COMPLETE)
        .annotate(origin=F("assessment__engine_version"))
    }
    for item in candidates:
        task = open_tasks.get(_target_key(item))
        if task is not None and task.status == TaskStatus.NEW and not task.is_random:
            if task.origin == ALERT_ORIGIN:  # type: ignore[attr-defined]
                # Put in the queue by a partner's alert: the alert stays its reason.
                continue
            changed = (task.score, task.lane, task.threat) != (item.score, item.lane, item.threat)
            task.score, task.lane, task.threat, task.assessment = (
                item.score,
                item.lane,
                item.threat,
                item,
            )
            task.version += 1
            task.save(
                update_fields=["score", "lane", "threat", "assessment", "version", "updated_at"]
            )
            run.tasks_updated += changed
        elif task is not None:
            TargetingTask.objects.filter(pk=task.pk).update(assessment=item)
    # A target already inspected is not selected again: its result is known. An amended
    # document brings new records, and so new targets, if it changes what is declared.
    inspected = {
        _target_key(task)
        for task in TargetingTask.objects.filter(
            unit=unit,
            status=TaskStatus.COMPLETE,
            voyage_id__in={item.voyage_id for item in candidates},
        )
    }
    taken = set(open_tasks) | inspected
    today_tasks = TargetingTask.objects.filter(unit=unit, selected_at__date=now.date())
    chosen: list[tuple[Assessment, str, bool]] = []
    for lane, capacity in capacities(unit).items():
        used = today_tasks.filter(lane=lane, is_random=False).count()
        free = max(0, capacity.per_day - capacity.random_slots - used)
        in_lane = sorted(
            (item for item in candidates if item.lane == lane and _target_key(item) not in taken),
            key=lambda item: (-item.score, item.pk),
        )
        for item in in_lane[:free]:
            chosen.append((item, lane, False))
            taken.add(_target_key(item))
    for lane, capacity in sorted(capacities(unit).items(), key=lambda kv: -LANE_SEVERITY[kv[0]]):
        used = today_tasks.filter(lane=lane, is_random=True).count()
        free = max(0, capacity.random_slots - used)
        pool = [item for item in candidates if _target_key(item) not in taken]
        for item in rng.sample(pool, min(free, len(pool))):
            chosen.append((item, lane, True))
            taken.add(_target_key(item))
    tasks = TargetingTask.objects.bulk_create(
        [
            TargetingTask(
                unit=unit,
                voyage_id=item.voyage_id,
                target=item.target,
                **{
                    FOREIGN_KEY[TargetKind(item.target)]: getattr(
                        item, FOREIGN_KEY[TargetKind(item.target)]
                    )
                },
                assessment=item,
                lane=lane,
                score=item.score,
                threat=item.threat,
                is_random=is_random,
                selected_at=now,
            )
            for item, lane, is_random in chosen
        ]
    )
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(
                task=task,
                action="selected_at_random" if task.is_random else "selected",
                status=TaskStatus.NEW,
            )
            for task in tasks
        ]
    )
    run.tasks_created += len(tasks)
    run.random_tasks += sum(task.is_random for task in tasks)
    return run
