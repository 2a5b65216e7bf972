"""The targeting API: assessments of stored records, one consignment assessed on the fly, tasks.

Members of the unit only: anyone else gets 404, a member whose role may not work the queue 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from portcontrol.accounts.models import User
from portcontrol.accounts.permissions import for_unit
from portcontrol.cargo.models import CargoUnit, Consignment
from portcontrol.cargo.schemas import ErrorOut
from portcontrol.core.manifest import CONSIGNMENT_ROW_FIELDS
from portcontrol.targeting import actions
from portcontrol.targeting.access import may_work_tasks
from portcontrol.targeting.choices import TaskStatus
from portcontrol.targeting.models import Assessment, TargetingTask
from portcontrol.web.api import ApiError

router = Router(tags=["targeting"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ReasonOut(Schema):
    kind: str
    key: str
    label: str
    score: float
    lane: str | None = None
    threat: str | None = None
    detail: dict[str, str] = {}


class AssessmentOut(Schema):
    id: int | None = None
    target: str
    score: float
    lane: str
    threat: str | None = None
    reasons: list[ReasonOut]
    assessed_at: datetime | None = None
    engine_version: str
    is_current: bool = True


class TaskOut(Schema):
    id: int
    target: str
    target_label: str
    voyage: str
    lane: str
    score: int
    threat: str
    status: str
    assignee: str | None
    is_random: bool
    version: int
    selected_at: datetime


class TaskPage(Schema):
    count: int
    items: list[TaskOut]


class ClaimIn(Schema):
    version: int


class AssessIn(Schema):
    """One consignment line in the canonical field names of the manifest template."""

    model_config = {"extra": "forbid"}  # noqa: RUF012

    fields: dict[str, str]


class AssessedOut(Schema):
    consignment: AssessmentOut
    cargo_units: list[AssessmentOut]
    rejected: list[str]


def _member(request: HttpRequest) -> User:
    user = request.auth if isinstance(request.auth, User) else request.user
    if not user.is_authenticated or not user.works_in_unit():
        raise ApiError(404, "not_found", "Not found.")
    return user


def _assessment_out(item: Assessment) -> dict[str, Any]:
    return {
        "id": item.pk,
        "target": item.target,
        "score": item.score,
        "lane": item.lane,
        "threat": item.threat or None,
        "reasons": item.reasons,
        "assessed_at": item.assessed_at,
        "engine_version": item.engine_version,
        "is_current": item.is_current,
    }


@router.get(
    "/consignments/{consignment_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="Assessments of a consignment, the current one first",
)
def consignment_assessments(request: HttpRequest, consignment_id: int) -> list[dict[str, Any]]:
    user = _member(request)
    if not for_unit(Consignment.objects.all(), user).filter(pk=consignment_id).exists():
        raise ApiError(404, "not_found", "Not found.")
    found = Assessment.objects.filter(consignment_id=consignment_id).order_by("-is_current", "-id")
    return [_assessment_out(item) for item in found]


@router.get(
    "/cargo-units/{cargo_unit_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="Assessments of a cargo unit, the current one first",
)
def cargo_unit_assessments(request: HttpRequest, cargo_unit_id: int) -> list[dict[str, Any]]:
    user = _member(request)
    if not for_unit(CargoUnit.objects.all(), user).filter(pk=cargo_unit_id).exists():
        raise ApiError(404, "not_found", "Not found.")
    found = Assessment.objects.filter(cargo_unit_id=cargo_unit_id).order_by("-is_current", "-id")
    return [_assessment_out(item) for item in found]


@router.post(
    "/assess",
    response={200: AssessedOut, 400: ErrorOut, **ERRORS},
    summary="Assess one consignment posted as fields, without storing anything",
)
def assess_one(request: HttpRequest, payload: AssessIn) -> dict[str, Any]:
    """Profiles, indicators and watch lists of the unit applied to one consignment line."""
    user = _member(request)
    unknown = sorted(set(payload.fields) - set(CONSIGNMENT_ROW_FIELDS))
    if unknown:
        raise ApiError(400, "unknown_fields", "Unknown field names.", {"fields": unknown})
    from portcontrol.targeting.instant import assess_fields

    return assess_fields(user.unit, payload.fields, today=timezone.localdate())


@router.get("/tasks", response={200: TaskPage, **ERRORS}, summary="Tasks of the unit")
def list_tasks(
    request: HttpRequest,
    status: str = "open",
    lane: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    tasks = for_unit(TargetingTask.objects.all(), _member(request)).select_related(
        "voyage", "cargo_unit", "consignment__document", "person", "assignee"
    )
    if status == "open":
        tasks = tasks.exclude(status=TaskStatus.COMPLETE)
    elif status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    if lane:
        tasks = tasks.filter(lane=lane)
    items = [_task_out(task) for task in tasks[offset : offset + limit]]
    return {"count": tasks.count(), "items": items}


def _task_out(task: TargetingTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "target": task.target,
        "target_label": task.target_label,
        "voyage": task.voyage.number,
        "lane": task.lane,
        "score": task.score,
        "threat": task.threat,
        "status": task.status,
        "assignee": task.assignee.username if task.assignee else None,
        "is_random": task.is_random,
        "version": task.version,
        "selected_at": task.selected_at,
    }


@router.post(
    "/tasks/{task_id}/claim",
    response={200: TaskOut, 409: ErrorOut, **ERRORS},
    summary="Claim a task; 409 when someone else changed it first",
)
def claim(request: HttpRequest, task_id: int, payload: ClaimIn) -> dict[str, Any]:
    user = _member(request)
    task = for_unit(TargetingTask.objects.select_related("voyage"), user).filter(pk=task_id).first()
    if task is None:
        raise ApiError(404, "not_found", "Not found.")
    if not may_work_tasks(user):
        raise ApiError(403, "forbidden", "Your role may not work targeting tasks.")
    try:
        task = actions.claim_task(task, by=user, version=payload.version)
    except actions.TaskConflict as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    return _task_out(task)
