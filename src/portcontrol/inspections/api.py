"""REST endpoints for inspections: list, one inspection, order one, record its result.

Officers of the unit see and work every inspection of their unit; a partner agency's officer
sees only those their agency takes part in, and may not order or complete (403). Anyone else
gets 404 and learns nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from portcontrol.accounts.models import User
from portcontrol.accounts.permissions import for_unit
from portcontrol.cargo.schemas import ErrorOut
from portcontrol.inspections import actions
from portcontrol.inspections.access import is_partner, is_unit_worker, visible_inspections
from portcontrol.inspections.choices import InspectionKind, InspectionStatus
from portcontrol.inspections.forms import agencies_for, team_for
from portcontrol.inspections.models import Inspection
from portcontrol.targeting.models import TargetingTask
from portcontrol.web.api import ApiError

router = Router(tags=["inspections"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CHANGE_ERRORS: dict[int, Any] = {400: ErrorOut, 409: ErrorOut, **ERRORS}
RELATED = ("voyage", "consignment__document", "cargo_unit", "person", "ordered_by")


class InspectionSummaryOut(Schema):
    id: int
    kind: str
    target: str
    target_label: str
    voyage: str
    status: str
    result: str
    task_id: int | None
    planned_for: datetime | None
    ordered_at: datetime
    finished_at: datetime | None
    version: int


class InspectionPage(Schema):
    count: int
    items: list[InspectionSummaryOut]


class SpotOut(Schema):
    spot: str
    checked: bool


class AreaOut(Schema):
    id: int
    kind: str
    name: str
    searched: bool
    searched_at: datetime | None
    checklist: list[SpotOut]


class FindingOut(Schema):
    id: int
    kind: str
    area_id: int | None
    description: str
    recorded_by: str
    recorded_at: datetime


class AttachmentOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    caption: str
    url: str


class InspectionOut(InspectionSummaryOut):
    team: list[str]
    agencies: list[str]
    ordered_by: str
    started_at: datetime | None
    seal_state: str
    seals_found: str
    notes: str
    areas: list[AreaOut]
    findings: list[FindingOut]
    attachments: list[AttachmentOut]
    seizures: list[str]


class OrderIn(Schema):
    """An order from a task (``task_id`` with the ``task_version`` seen), or of a record.

    ``target`` is consignment, cargo_unit, person or vessel; for a vessel ``record_id`` is the
    voyage's id. The team by usernames, agencies by code.
    """

    model_config = {"extra": "forbid"}  # noqa: RUF012

    kind: str
    task_id: int | None = None
    task_version: int | None = None
    target: str | None = None
    record_id: int | None = None
    team: list[str] = []
    agencies: list[str] = []
    planned_for: datetime | None = None
    areas: list[str] = []
    notes: str = ""


class ResultIn(Schema):
    model_config = {"extra": "forbid"}  # noqa: RUF012

    version: int
    result: str
    seal_state: str = "not_checked"
    seals_found: str = ""
    notes: str = ""


def _user(request: HttpRequest) -> User:
    """A unit worker or a partner officer; anyone else gets 404."""
    user = request.auth if isinstance(request.auth, User) else request.user
    if not (is_unit_worker(user) or is_partner(user)):
        raise ApiError(404, "not_found", "Not found.")
    return user


def _unit_worker(user: User) -> User:
    if not is_unit_worker(user):
        raise ApiError(403, "forbidden", "Only officers of the unit order or complete inspections.")
    return user


def _found(user: User, inspection_id: int) -> Inspection:
    found = visible_inspections(user).select_related(*RELATED).filter(pk=inspection_id).first()
    if found is None:
        raise ApiError(404, "not_found", "Not found.")
    return found


def _refused(exc: actions.InspectionError) -> ApiError:
    if isinstance(exc, actions.InspectionConflict):
        return ApiError(409, "conflict", exc.message, {"field": exc.field})
    return ApiError(400, "invalid", exc.message, {"field": exc.field})


def _summary(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "kind": inspection.kind,
        "target": inspection.target,
        "target_label": inspection.target_label,
        "voyage": inspection.voyage.number,
        "status": inspection.status,
        "result": inspection.result,
        "task_id": inspection.task_id,
        "planned_for": inspection.planned_for,
        "ordered_at": inspection.ordered_at,
        "finished_at": inspection.finished_at,
        "version": inspection.version,
    }


def _full(inspection: Inspection) -> dict[str, Any]:
    return {
        **_summary(inspection),
        "team": list(inspection.team.order_by("username").values_list("username", flat=True)),
        "agencies": list(inspection.agencies.order_by("code").values_list("code", flat=True)),
        "ordered_by": inspection.ordered_by.username,
        "started_at": inspection.started_at,
        "seal_state": inspection.seal_state,
        "seals_found": inspection.seals_found,
        "notes": inspection.notes,
        "areas": [
            {
                "id": area.pk,
                "kind": area.kind,
                "name": area.name,
                "searched": area.searched,
                "searched_at": area.searched_at,
                "checklist": area.checklist,
            }
            for area in inspection.areas.all()
        ],
        "findings": [
            {
                "id": finding.pk,
                "kind": finding.kind,
                "area_id": finding.area_id,
                "description": finding.description,
                "recorded_by": finding.recorded_by.username,
                "recorded_at": finding.recorded_at,
            }
            for finding in inspection.findings.select_related("recorded_by")
        ],
        "attachments": [
            {
                "id": item.pk,
                "kind": item.kind,
                "original_name": item.original_name,
                "content_type": item.content_type,
                "size": item.size,
                "sha256": item.sha256,
                "caption": item.caption,
                "url": reverse("inspections:attachment", args=[item.pk]),
            }
            for item in inspection.attachments.all()
        ],
        "seizures": list(inspection.seizures.values_list("reference", flat=True)),
    }


@router.get("/", response={200: InspectionPage, **ERRORS}, summary="Inspections you may see")
def list_inspections(
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    found = visible_inspections(_user(request)).select_related(*RELATED)
    if status == "open":
        found = found.filter(status__in=actions.OPEN_STATUSES)
    elif status in InspectionStatus.values:
        found = found.filter(status=status)
    if kind in InspectionKind.values:
        found = found.filter(kind=kind)
    return {
        "count": found.count(),
        "items": [_summary(item) for item in found[offset : offset + limit]],
    }


@router.get("/{inspection_id}", response={200: InspectionOut, **ERRORS}, summary="One inspection")
def get_inspection(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    return _full(_found(_user(request), inspection_id))


@router.post(
    "/",
    response={201: InspectionOut, **CHANGE_ERRORS},
    summary="Order an inspection of a task's record or of a record; 409 when the task changed",
)
def order(request: HttpRequest, payload: OrderIn) -> Status[dict[str, Any]]:
    user = _unit_worker(_user(request))
    task = record = None
    if payload.task_id is not None:
        task = for_unit(TargetingTask.objects.all(), user).filter(pk=payload.task_id).first()
        if task is None:
            raise ApiError(404, "not_found", "Not found.")
    else:
        model = actions.TARGET_MODELS.get(payload.target or "")
        if model is None:
            raise ApiError(
                400,
                "invalid",
                "target is consignment, cargo_unit, person or vessel (or give task_id).",
                {"field": "target"},
            )
        record = for_unit(model.objects.all(), user).filter(pk=payload.record_id).first()
        if record is None:
            raise ApiError(404, "not_found", "Not found.")
    plan = actions.InspectionPlan(
        kind=payload.kind,
        team=_named(team_for(user.unit), "username", payload.team, "team"),
        agencies=_named(agencies_for(user.unit), "code", payload.agencies, "agencies"),
        planned_for=payload.planned_for,
        notes=payload.notes,
        areas=payload.areas,
    )
    try:
        inspection = actions.order_inspection(
            unit=user.unit,
            by=user,
            plan=plan,
            target=payload.target,
            record=record,
            task=task,
            task_version=payload.task_version,
        )
    except actions.InspectionError as exc:
        raise _refused(exc) from exc
    return Status(201, _full(_found(user, inspection.pk)))


def _named(choices: QuerySet[Any], key: str, names: list[str], field: str) -> list[Any]:
    """Rows by their username or code, among those that may take part; others are unknown."""
    found = {getattr(row, key): row for row in choices.filter(**{f"{key}__in": names})}
    unknown = [name for name in names if name not in found]
    if unknown:
        raise ApiError(400, "invalid", f"{field}: unknown {', '.join(unknown)}.", {"field": field})
    return [found[name] for name in dict.fromkeys(names)]


@router.post(
    "/{inspection_id}/result",
    response={200: InspectionOut, **CHANGE_ERRORS},
    summary="Record the result; closes the targeting task; 409 when the inspection changed",
)
def record_result(request: HttpRequest, inspection_id: int, payload: ResultIn) -> dict[str, Any]:
    user = _user(request)
    inspection = _found(user, inspection_id)
    _unit_worker(user)
    try:
        actions.complete_inspection(
            inspection,
            by=user,
            version=payload.version,
            result=payload.result,
            seal_state=payload.seal_state,
            seals_found=payload.seals_found,
            notes=payload.notes,
        )
    except actions.InspectionError as exc:
        raise _refused(exc) from exc
    return _full(_found(user, inspection_id))
