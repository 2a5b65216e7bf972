"""Tiny factories for report tests: voyages, tasks, inspections and seizures built with the ORM.

Times that Django stamps on creation (``auto_now_add``) are set afterwards with ``update()``,
so each test says exactly when things happened.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from portcontrol.accounts.models import Unit, User
from portcontrol.cargo.models import Import, ImportFile, Voyage
from portcontrol.inspections.models import Inspection, Seizure
from portcontrol.targeting.models import Assessment, TargetingTask, TaskEvent

_numbers = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def voyage(
    unit: Unit,
    *,
    departure: str = "KZKUR",
    arrival: str = "AZALA",
    arrives: datetime | None = None,
    manifest_at: datetime | None = None,
) -> Voyage:
    """A ferry voyage whose first manifest arrived at ``manifest_at``."""
    n = next(_numbers)
    file = ImportFile.objects.create(
        unit=unit, sha256=f"{n:064d}", size=1, original_name=f"m{n}.csv", source="cli"
    )
    run = Import.objects.create(file=file, unit=unit, status="done")
    if manifest_at is not None:
        Import.objects.filter(pk=run.pk).update(created_at=manifest_at)
    return Voyage.objects.create(
        unit=unit,
        number=f"V-{n}",
        transport_mode="ferry",
        departure_port=departure,
        arrival_port=arrival,
        arrival_time=arrives or at(2026, 2, 10),
        first_import=run,
    )


def reasons(*codes: str) -> list[dict[str, Any]]:
    return [{"kind": "profile", "key": code, "label": f"{code} matched"} for code in codes]


def task(
    unit: Unit,
    trip: Voyage,
    *,
    selected: datetime,
    random: bool = False,
    result: str = "",
    profiles: tuple[str, ...] = ("PRE-AA",),
    decided: datetime | None = None,
    by: User | None = None,
) -> TargetingTask:
    """A task; with ``result`` it is complete, with ``decided`` it has an "issued" step then."""
    assessment = Assessment.objects.create(
        unit=unit,
        voyage=trip,
        target="cargo_unit",
        score=70,
        lane="red",
        reasons=[] if random else reasons(*profiles),
        engine_version="test",
    )
    made = TargetingTask.objects.create(
        unit=unit,
        voyage=trip,
        target="cargo_unit",
        assessment=assessment,
        lane="red",
        score=70,
        is_random=random,
        selected_at=selected,
        status="complete" if result else ("issued" if decided else "new"),
        result=result,
    )
    if decided is not None:
        event = TaskEvent.objects.create(task=made, actor=by, action="issued", status="issued")
        TaskEvent.objects.filter(pk=event.pk).update(at=decided)
    return made


def inspection(
    unit: Unit,
    trip: Voyage,
    *,
    by: User,
    ordered: datetime,
    kind: str = "physical",
    status: str = "done",
    result: str = "nothing_found",
    task: TargetingTask | None = None,
    team: tuple[User, ...] = (),
) -> Inspection:
    made = Inspection.objects.create(
        unit=unit,
        task=task,
        target="vessel",
        voyage=trip,
        kind=kind,
        status=status,
        result=result if status == "done" else "",
        ordered_by=by,
        finished_at=ordered if status == "done" else None,
    )
    Inspection.objects.filter(pk=made.pk).update(ordered_at=ordered)
    made.team.set(team)
    return made


def seizure(
    unit: Unit,
    *,
    by: User,
    seized: datetime,
    category: str = "drugs",
    concealment: str = "false_compartment",
    place: str = "KZKUR",
    quantity: str = "10",
    value: str | None = None,
    description: str = "Heroin in a false floor",
    trip: Voyage | None = None,
    departure: str = "",
    destination: str = "",
) -> Seizure:
    n = next(_numbers)
    return Seizure.objects.create(
        unit=unit,
        reference=f"{unit.code}-S-{n}",
        seized_at=seized,
        place=place,
        category=category,
        description=description,
        quantity=Decimal(quantity),
        quantity_unit="kg",
        estimated_value=Decimal(value) if value is not None else None,
        currency="USD" if value is not None else "",
        concealment=concealment,
        voyage=trip,
        departure=departure,
        destination=destination,
        recorded_by=by,
    )
