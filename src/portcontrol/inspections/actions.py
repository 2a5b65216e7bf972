"""Changes to inspections: order, plan, search, findings, attachments, result, cancellation.

Each action runs in one transaction and writes its audit entry inside it. A change of state is
applied only to the version of the inspection that was shown (``version``): a form posted from
an older page is refused, never applied over a colleague's change. Nothing is deleted: an
inspection is cancelled, with the reason. Completing an inspection closes the targeting task it
came from, positive or negative, so the hit statistics count it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.core.errors import PortControlError
from portcontrol.inspections import attachments
from portcontrol.inspections.access import is_partner, is_unit_worker, visible_inspections
from portcontrol.inspections.checklists import new_checklist
from portcontrol.inspections.choices import (
    DiscrepancyKind,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    InspectionTarget,
    SealState,
    SearchAreaKind,
)
from portcontrol.inspections.models import Attachment, Finding, Inspection, SearchArea, Seizure
from portcontrol.targeting import actions as targeting
from portcontrol.targeting.choices import APPROVER_ROLES, TaskResult, TaskStatus
from portcontrol.targeting.models import TargetingTask

OPEN_STATUSES = (InspectionStatus.ORDERED, InspectionStatus.IN_PROGRESS)
# Results that make the targeting task positive: the selection found something.
POSITIVE_RESULTS = (InspectionResult.DISCREPANCY, InspectionResult.SEIZURE)

Record = Consignment | CargoUnit | Person | Voyage
# What each target inspects: a vessel search targets the voyage.
TARGET_MODELS: dict[str, type[Record]] = {
    InspectionTarget.CONSIGNMENT: Consignment,
    InspectionTarget.CARGO_UNIT: CargoUnit,
    InspectionTarget.PERSON: Person,
    InspectionTarget.VESSEL: Voyage,
}


class InspectionError(PortControlError):
    """A change that is not allowed as asked; the message says why, ``field`` names the input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InspectionConflict(InspectionError):
    """The inspection or its task changed since it was shown: nothing is applied."""


AttachmentRefused = attachments.AttachmentRefused


@dataclass
class InspectionPlan:
    """What an order says: the type, who takes part, when."""

    kind: str
    team: Sequence[User] = ()
    agencies: Sequence[Agency] = ()
    planned_for: datetime | None = None
    notes: str = ""
    # Vessel areas to search, each with the checklist of its kind.
    areas: Sequence[str] = field(default_factory=tuple)


# --- checks -------------------------------------------------------------------------------


def _check_unit_worker(by: User, unit_id: int) -> None:
    """Only officers, analysts and supervisors of the unit order, complete or cancel."""
    if not (is_unit_worker(by) and by.unit_id == unit_id):
        raise InspectionError(
            _("Only officers of the unit order, complete or cancel an inspection.")
        )


def _check_participant(by: User, inspection: Inspection) -> None:
    """The unit's officers, and partner officers of an agency taking part."""
    if not visible_inspections(by).filter(pk=inspection.pk).exists():
        raise InspectionError(_("You do not take part in inspection #%(pk)s.") % _pk(inspection))


def _pk(inspection: Inspection) -> dict[str, Any]:
    return {"pk": inspection.pk}


def _locked(inspection: Inspection, version: int | None) -> Inspection:
    """The inspection as it is now, locked; refused when it changed since ``version`` was shown."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if version is not None and locked.version != version:
        raise InspectionConflict(
            _("Inspection #%(pk)s changed since it was shown; reload it.") % _pk(inspection),
            field="version",
        )
    return locked


def _check_open(inspection: Inspection) -> None:
    if inspection.status not in OPEN_STATUSES:
        raise InspectionError(
            _("Inspection #%(pk)s is %(status)s; it is not changed any more.")
            % {"pk": inspection.pk, "status": inspection.get_status_display().lower()}
        )


def _check_plan(plan: InspectionPlan, unit: Unit) -> None:
    """The type and areas are known; agencies are of the unit's country; the team may take part.

    A partner officer on the team must belong to an agency taking part: otherwise they would be
    named on an inspection they cannot open.
    """
    if plan.kind not in InspectionKind.values:
        raise InspectionError(_("Choose the type of inspection."), field="kind")
    unknown = [area for area in plan.areas if area not in SearchAreaKind.values]
    if unknown:
        raise InspectionError(
            _("Unknown search area: %(areas)s.") % {"areas": ", ".join(unknown)}, field="areas"
        )
    country = unit.agency.country
    foreign = [agency.code for agency in plan.agencies if agency.country != country]
    if foreign:
        raise InspectionError(
            _("%(agencies)s: only agencies of %(country)s take part.")
            % {"agencies": ", ".join(foreign), "country": country},
            field="agencies",
        )
    agency_ids = {agency.pk for agency in plan.agencies}
    for member in plan.team:
        of_unit = is_unit_worker(member) and member.unit_id == unit.pk
        of_agency = is_partner(member) and member.agency_id in agency_ids
        if not (of_unit or of_agency):
            raise InspectionError(
                _(
                    "%(user)s is neither an officer of the unit nor of an agency taking part: "
                    "add their agency or leave them out."
                )
                % {"user": member.get_username()},
                field="team",
            )


def _target_fields(target: str, record: Record) -> dict[str, Any]:
    """The record in the field its target names, and the voyage it travels on."""
    if target == InspectionTarget.CONSIGNMENT and isinstance(record, Consignment):
        return {"consignment": record, "voyage": record.document.voyage}
    if target == InspectionTarget.CARGO_UNIT and isinstance(record, CargoUnit):
        return {"cargo_unit": record, "voyage": record.voyage}
    if target == InspectionTarget.PERSON and isinstance(record, Person):
        return {"person": record, "voyage": record.voyage}
    if target == InspectionTarget.VESSEL and isinstance(record, Voyage):
        return {"voyage": record}
    raise InspectionError(_("The record does not match the target chosen."), field="target")


def _describe(inspection: Inspection) -> str:
    return (
        f"inspection #{inspection.pk} ({inspection.kind}) of "
        f"{inspection.target} {inspection.target_label}"
    )


def _audit(inspection: Inspection, by: User, action: str, summary: str, **details: Any) -> None:
    record_audit(
        actor=by,
        action=action,
        obj=inspection,
        unit=inspection.unit,
        summary=f"{_describe(inspection)}: {summary}",
        details={"version": inspection.version, **details},
    )


def _bump(inspection: Inspection, *fields: str) -> None:
    """Save the changed fields with the next version number."""
    inspection.version += 1
    inspection.save(update_fields=["version", *fields])


def _started(inspection: Inspection) -> list[str]:
    """An ordered inspection is in progress from the first area ticked or finding recorded."""
    if inspection.status != InspectionStatus.ORDERED:
        return []
    inspection.status = InspectionStatus.IN_PROGRESS
    inspection.started_at = timezone.now()
    return ["status", "started_at"]


# --- ordering -----------------------------------------------------------------------------


def order_inspection(
    *,
    unit: Unit,
    by: User,
    plan: InspectionPlan,
    target: str | None = None,
    record: Record | None = None,
    task: TargetingTask | None = None,
    task_version: int | None = None,
) -> Inspection:
    """Order an inspection of a task's record, or directly of a record of the unit.

    1. From a task: the task gives the target; a claimed task is issued (the inspection is what
       issuing orders), an issued one may get a further inspection; ``task_version`` must be
       the version shown, as on the task page.
    2. Directly: ``target`` names what ``record`` is (a vessel search targets the voyage).
    3. The search plan gets one area per kind asked, each with its checklist.
    """
    _check_unit_worker(by, unit.pk)
    _check_plan(plan, unit)
    with transaction.atomic():
        if task is not None:
            task = _task_for_order(task, by=by, version=task_version, unit=unit, notes=plan.notes)
            target, record = task.target, task.record
        if target is None or record is None:
            raise InspectionError(_("Choose what to inspect."), field="target")
        if record.unit_id != unit.pk:
            raise InspectionError(_("The record is not of your unit."), field="target")
        inspection = Inspection.objects.create(
            unit=unit,
            task=task,
            target=target,
            kind=plan.kind,
            ordered_by=by,
            planned_for=plan.planned_for,
            notes=plan.notes.strip(),
            **_target_fields(target, record),
        )
        inspection.team.set(plan.team)
        inspection.agencies.set(plan.agencies)
        for kind in dict.fromkeys(plan.areas):
            SearchArea.objects.create(
                inspection=inspection, kind=kind, checklist=new_checklist(kind)
            )
        _audit(
            inspection,
            by,
            "inspections.inspection.ordered",
            "ordered" + (f" from task #{task.pk}" if task else ""),
            task=task.pk if task else None,
            team=[member.get_username() for member in plan.team],
            agencies=[agency.code for agency in plan.agencies],
            planned_for=plan.planned_for.isoformat() if plan.planned_for else None,
            areas=list(dict.fromkeys(plan.areas)),
        )
    return inspection


def _task_for_order(
    task: TargetingTask, *, by: User, version: int | None, unit: Unit, notes: str
) -> TargetingTask:
    """The task, issued if it was claimed; refused when stale, new, complete or someone else's."""
    locked = TargetingTask.objects.select_for_update().get(pk=task.pk)
    if locked.unit_id != unit.pk:
        raise InspectionError(_("The task is not of your unit."), field="task")
    if version is None or locked.version != version:
        raise InspectionConflict(
            _("Task #%(pk)s changed since it was shown; reload it.") % {"pk": task.pk},
            field="version",
        )
    if locked.status == TaskStatus.NEW:
        raise InspectionError(
            _("Task #%(pk)s is new: claim it before ordering its inspection.") % {"pk": task.pk},
            field="task",
        )
    if locked.status == TaskStatus.COMPLETE:
        raise InspectionError(
            _("Task #%(pk)s is complete: order a new inspection from the record instead.")
            % {"pk": task.pk},
            field="task",
        )
    if locked.status == TaskStatus.CLAIMED:
        if locked.assignee_id not in (None, by.pk) and by.role not in APPROVER_ROLES:
            raise InspectionError(
                _("Task #%(pk)s is claimed by %(user)s: they or a supervisor order it.")
                % {"pk": task.pk, "user": locked.assignee},
                field="task",
            )
        try:
            return targeting.issue_task(locked, by=by, version=version, notes=notes.strip())
        except targeting.TaskConflict as exc:
            raise InspectionConflict(str(exc), field="version") from exc
    return locked


def change_inspection(
    inspection: Inspection, *, by: User, version: int, plan: InspectionPlan
) -> Inspection:
    """Change the type, team, agencies, time or notes of an open inspection.

    Areas are only added (``add_search_area``): a ticked area is never taken off the plan.
    """
    _check_unit_worker(by, inspection.unit_id)
    _check_plan(plan, inspection.unit)
    with transaction.atomic():
        locked = _locked(inspection, version)
        _check_open(locked)
        before = _plan_of(locked)
        locked.kind = plan.kind
        locked.planned_for = plan.planned_for
        locked.notes = plan.notes.strip()
        locked.team.set(plan.team)
        locked.agencies.set(plan.agencies)
        _bump(locked, "kind", "planned_for", "notes")
        after = _plan_of(locked)
        changed = {
            name: [before[name], after[name]] for name in after if before[name] != after[name]
        }
        _audit(
            locked,
            by,
            "inspections.inspection.changed",
            "changed: " + (", ".join(changed) or "nothing"),
            changed=changed,
        )
    return locked


def _plan_of(inspection: Inspection) -> dict[str, Any]:
    return {
        "kind": inspection.kind,
        "planned_for": inspection.planned_for.isoformat() if inspection.planned_for else None,
        "notes": inspection.notes,
        "team": sorted(inspection.team.values_list("username", flat=True)),
        "agencies": sorted(inspection.agencies.values_list("code", flat=True)),
    }


def start_inspection(inspection: Inspection, *, by: User, version: int) -> Inspection:
    """The team is at the record: the inspection is in progress."""
    _check_participant(by, inspection)
    with transaction.atomic():
        locked = _locked(inspection, version)
        if locked.status != InspectionStatus.ORDERED:
            raise InspectionError(
                _("Inspection #%(pk)s is not waiting to start.") % _pk(inspection),
                field="status",
            )
        _bump(locked, *_started(locked))
        _audit(locked, by, "inspections.inspection.started", "started")
    return locked


# --- the search ---------------------------------------------------------------------------


def add_search_area(
    inspection: Inspection, *, by: User, version: int, kind: str, name: str = ""
) -> SearchArea:
    """Add an area to the search plan, with the checklist of its kind."""
    _check_unit_worker(by, inspection.unit_id)
    if kind not in SearchAreaKind.values:
        raise InspectionError(_("Choose the kind of area."), field="kind")
    with transaction.atomic():
        locked = _locked(inspection, version)
        _check_open(locked)
        area = SearchArea.objects.create(
            inspection=locked, kind=kind, name=name.strip()[:100], checklist=new_checklist(kind)
        )
        _bump(locked)
        _audit(
            locked,
            by,
            "inspections.inspection.changed",
            f"area {area} added to the search plan",
            area=area.pk,
            kind=kind,
        )
    return area


def tick_area(
    area: SearchArea,
    *,
    by: User,
    version: int,
    searched: bool,
    checked_spots: Collection[int] = (),
    notes: str | None = None,
) -> SearchArea:
    """Record which spots of an area were checked and whether the area is searched.

    ``checked_spots`` are the positions in the area's checklist; those left out are unticked.
    """
    inspection = area.inspection
    _check_participant(by, inspection)
    with transaction.atomic():
        locked = _locked(inspection, version)
        _check_open(locked)
        current = SearchArea.objects.select_for_update().get(pk=area.pk)
        spots = set(checked_spots)
        outside = sorted(spot for spot in spots if not 0 <= spot < len(current.checklist))
        if outside:
            raise InspectionError(
                _("Area %(area)s has no spot number %(spots)s.")
                % {"area": current, "spots": ", ".join(str(spot) for spot in outside)},
                field="spots",
            )
        current.checklist = [
            {**item, "checked": index in spots} for index, item in enumerate(current.checklist)
        ]
        if searched and not current.searched:
            current.searched_by, current.searched_at = by, timezone.now()
        elif not searched:
            current.searched_by, current.searched_at = None, None
        current.searched = searched
        if notes is not None:
            current.notes = notes.strip()
        current.save()
        _bump(locked, *_started(locked))
        _audit(
            locked,
            by,
            "inspections.area.searched",
            f"area {current} {'searched' if searched else 'not searched yet'}, "
            f"{len(spots)} of {len(current.checklist)} spots checked",
            area=current.pk,
            searched=searched,
            spots=[item["spot"] for item in current.checklist if item["checked"]],
        )
    area.refresh_from_db()
    return current


def record_finding(
    inspection: Inspection,
    *,
    by: User,
    kind: str,
    description: str,
    area: SearchArea | None = None,
) -> Finding:
    """Record a discrepancy against the declaration, in an area of the plan or in general.

    No version is asked: a finding is added, never written over someone's change. The version
    is still raised, so a result form shown before the finding is refused.
    """
    _check_participant(by, inspection)
    if kind not in DiscrepancyKind.values:
        raise InspectionError(_("Choose the kind of finding."), field="kind")
    if not description.strip():
        raise InspectionError(_("Describe what was found."), field="description")
    with transaction.atomic():
        locked = _locked(inspection, None)
        _check_open(locked)
        if area is not None and area.inspection_id != locked.pk:
            raise InspectionError(_("The area is not of this inspection."), field="area")
        finding = Finding.objects.create(
            inspection=locked, area=area, kind=kind, description=description.strip(), recorded_by=by
        )
        _bump(locked, *_started(locked))
        _audit(
            locked,
            by,
            "inspections.finding.recorded",
            f"finding ({kind}) recorded" + (f" in {area}" if area else ""),
            finding=finding.pk,
            kind=kind,
            area=area.pk if area else None,
        )
    return finding


def add_attachment(
    inspection: Inspection,
    *,
    by: User,
    upload: File,
    caption: str = "",
    area: SearchArea | None = None,
    seizure: Seizure | None = None,
    name: str | None = None,
) -> Attachment:
    """Attach a photo (JPEG, PNG) or a document (PDF), checked by its content and its size.

    Allowed until the inspection is cancelled: the report of a finished search comes later.
    The file is written inside the transaction and removed again if the row is not committed.
    """
    _check_participant(by, inspection)
    checked = attachments.check_file(upload, name)
    with transaction.atomic():
        locked = _locked(inspection, None)
        if locked.status == InspectionStatus.CANCELLED:
            raise InspectionError(
                _("Inspection #%(pk)s is cancelled; nothing is attached to it.") % _pk(inspection)
            )
        if area is not None and area.inspection_id != locked.pk:
            raise InspectionError(_("The area is not of this inspection."), field="area")
        if seizure is not None and seizure.inspection_id != locked.pk:
            raise InspectionError(_("The seizure is not of this inspection."), field="seizure")
        attachment = Attachment(
            inspection=locked,
            seizure=seizure,
            area=area,
            kind=checked.file_type.kind,
            original_name=checked.name,
            content_type=checked.file_type.content_type,
            size=checked.size,
            sha256=checked.sha256,
            caption=caption.strip()[:200],
            uploaded_by=by,
        )
        written = attachments.store(attachment, checked)
        try:
            attachment.save()
            _bump(locked)
            _audit(
                locked,
                by,
                "inspections.attachment.added",
                f"{attachment.kind} {checked.name} attached ({checked.size} bytes)",
                attachment=attachment.pk,
                sha256=checked.sha256,
                seizure=seizure.pk if seizure else None,
                area=area.pk if area else None,
            )
        except Exception:
            if written:
                attachments.forget(attachment)
            raise
    return attachment


# --- the result ---------------------------------------------------------------------------


def complete_inspection(
    inspection: Inspection,
    *,
    by: User,
    version: int,
    result: str,
    seal_state: str = SealState.NOT_CHECKED,
    seals_found: str = "",
    notes: str = "",
) -> Inspection:
    """Record the result; the task the inspection came from is closed with it.

    1. The result must agree with what was recorded: a seizure result needs a seizure linked to
       the inspection, a discrepancy a finding; nothing found allows neither.
    2. The inspection is done, with its seals and notes.
    3. Its task, once no other inspection of it is open, is completed: positive when any of its
       inspections found a discrepancy or made a seizure, else negative (hit statistics).
    """
    _check_unit_worker(by, inspection.unit_id)
    if result not in InspectionResult.values:
        raise InspectionError(_("Choose the result."), field="result")
    if seal_state not in SealState.values:
        raise InspectionError(_("Choose what the seals showed."), field="seal_state")
    if seal_state == SealState.DIFFERENT and not seals_found.strip():
        raise InspectionError(
            _("Give the seal numbers found, as they differ from the declaration."),
            field="seals_found",
        )
    with transaction.atomic():
        locked = _locked(inspection, version)
        _check_open(locked)
        _check_result_agrees(locked, result)
        now = timezone.now()
        locked.status = InspectionStatus.DONE
        locked.result = result
        locked.seal_state = seal_state
        locked.seals_found = seals_found.strip()[:200]
        locked.notes = (locked.notes + "\n" + notes.strip()).strip()
        locked.started_at = locked.started_at or now
        locked.finished_at = now
        _bump(
            locked,
            "status",
            "result",
            "seal_state",
            "seals_found",
            "notes",
            "started_at",
            "finished_at",
        )
        _audit(
            locked,
            by,
            "inspections.inspection.completed",
            f"result {result}, seals {seal_state}",
            result=result,
            seal_state=seal_state,
            seals_found=locked.seals_found,
            notes=notes.strip(),
        )
        _close_task(locked, by)
    return locked


def _check_result_agrees(inspection: Inspection, result: str) -> None:
    seizures = inspection.seizures.exists()
    findings = inspection.findings.exists()
    if result == InspectionResult.SEIZURE and not seizures:
        raise InspectionError(
            _("Record the seizure for this inspection before completing it with a seizure."),
            field="result",
        )
    if result != InspectionResult.SEIZURE and seizures:
        raise InspectionError(
            _("A seizure was recorded in this inspection: its result is a seizure."),
            field="result",
        )
    if result == InspectionResult.DISCREPANCY and not findings:
        raise InspectionError(
            _("Record the discrepancy as a finding before completing with a discrepancy."),
            field="result",
        )
    if result == InspectionResult.NOTHING_FOUND and findings:
        raise InspectionError(
            _("Findings were recorded: the result is a discrepancy or a seizure."),
            field="result",
        )


def _close_task(inspection: Inspection, by: User) -> TargetingTask | None:
    """Complete the inspection's task when its last open inspection is finished.

    The targeting transition is used as the task page uses it, without the check that only the
    assignee completes: the inspection team reports the result, whoever claimed the task.
    """
    if inspection.task_id is None:
        return None
    task = TargetingTask.objects.select_for_update().get(pk=inspection.task_id)
    inspections = task.inspections.all()
    if task.status != TaskStatus.ISSUED or inspections.filter(status__in=OPEN_STATUSES).exists():
        return None
    done = inspections.filter(status=InspectionStatus.DONE)
    if not done.exists():
        return None  # all cancelled: the task waits for another inspection or a manual result
    positive = done.filter(result__in=POSITIVE_RESULTS).exists()
    result = TaskResult.POSITIVE if positive else TaskResult.NEGATIVE
    # In English whatever the language of whoever closed it: the note is stored for everyone.
    with translation.override(None):
        outcome = inspection.get_result_display() or "cancelled"
    note = f"inspection #{inspection.pk}: {outcome}"
    return targeting.complete_task(
        task, by=by, version=task.version, result=result, notes=note, only_assignee=False
    )


def cancellation_note(reason: str) -> str:
    """The line a cancellation adds to the notes.

    Not translated: the notes are stored once and read by everyone, so they must not be in the
    language of whoever cancelled (the reason itself is the officer's own words).
    """
    return f"Cancelled: {reason.strip()}"


def cancel_inspection(inspection: Inspection, *, by: User, version: int, reason: str) -> Inspection:
    """Call off an open inspection, with the reason; the row and its history stay."""
    _check_unit_worker(by, inspection.unit_id)
    if not reason.strip():
        raise InspectionError(_("Give the reason for cancelling."), field="reason")
    with transaction.atomic():
        locked = _locked(inspection, version)
        _check_open(locked)
        if locked.seizures.exists():
            raise InspectionError(
                _("A seizure was recorded in this inspection: complete it, do not cancel it."),
                field="reason",
            )
        locked.status = InspectionStatus.CANCELLED
        locked.notes = (locked.notes + "\n" + cancellation_note(reason)).strip()
        _bump(locked, "status", "notes")
        _audit(
            locked,
            by,
            "inspections.inspection.cancelled",
            f"cancelled: {reason.strip()}",
            reason=reason,
        )
        _close_task(locked, by)
    return locked


# --- for seizures -------------------------------------------------------------------------


def may_record_seizure(inspection: Inspection) -> bool:
    """Seizures are recorded in an open inspection, or added to one whose result is a seizure."""
    return inspection.status in OPEN_STATUSES or (
        inspection.status == InspectionStatus.DONE and inspection.result == InspectionResult.SEIZURE
    )


def inspection_seizure_context(inspection: Inspection) -> dict[str, Any]:
    """What a seizure made in this inspection starts with: place, vessel, route, where hidden."""
    voyage = inspection.voyage
    cargo_unit = inspection.cargo_unit
    if cargo_unit is None and inspection.consignment_id:
        cargo_unit = inspection.consignment.cargo_units.first()
    return {
        "inspection": inspection,
        "unit": inspection.unit,
        "place": inspection.unit.locode,
        "voyage": voyage,
        "cargo_unit": cargo_unit,
        "search_areas": list(inspection.areas.all()),
        "departure": voyage.departure_port,
        "transit": ", ".join(voyage.transit_ports),
        "destination": voyage.arrival_port,
        "may_record": may_record_seizure(inspection),
    }
