"""Changes to targeting data: profiles, watch lists, assessments and the queue.

Each action runs in one transaction and writes its audit entry inside it. Re-assessment after a
profile or a watch list changes is queued to run once the change is committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.choices import AgencyKind, Role
from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.models import Import, Voyage
from portcontrol.core.errors import PortControlError
from portcontrol.targeting.assessing import AssessRun, assess_voyages
from portcontrol.targeting.choices import (
    APPROVER_ROLES,
    EntryStatus,
    ProfileStatus,
    TaskResult,
    TaskStatus,
)
from portcontrol.targeting.models import (
    HighRiskPlace,
    RiskProfile,
    RiskProfileVersion,
    TargetingTask,
    TaskEvent,
    UnitCapacity,
    WatchList,
    WatchListEntry,
)
from portcontrol.targeting.models.history import compact_place
from portcontrol.targeting.models.profiles import PROFILE_FIELDS

# How far back a changed profile or list re-assesses what the unit holds.
REASSESS_DAYS = 7


class TargetingError(PortControlError):
    """A targeting change that is not allowed as asked; the message says why."""


class FourEyesError(TargetingError):
    """The same person may not both propose and approve a change."""


class TaskConflict(TargetingError):
    """The task changed since it was shown: someone else claimed or moved it."""


# --- assessment ---------------------------------------------------------------------------


def assess_voyages_of(unit: Unit, voyages: list[Voyage], *, by: User | None, why: str) -> AssessRun:
    """Assess the voyages and write one audit entry with the counts."""
    run = assess_voyages(unit, voyages)
    if voyages:
        with transaction.atomic():
            record_audit(
                actor=by,
                action="targeting.assessed",
                obj=voyages[0] if len(voyages) == 1 else unit,
                unit=unit,
                summary=f"{len(voyages)} voyage(s) assessed ({why}): {run.assessed} records, "
                f"{run.above_green} above green, {run.tasks_created} new tasks",
                details={"why": why, **run.as_counts(), "voyages": [v.pk for v in voyages][:200]},
            )
    return run


def assess_import(import_run: Import) -> AssessRun:
    """Assess every voyage an import stored or amended; called by cargo after each ingest."""
    voyage_ids = set(Voyage.objects.filter(first_import=import_run).values_list("pk", flat=True))
    for related in ("documents", "cargo_units", "persons"):
        voyage_ids.update(
            getattr(import_run, related).values_list("voyage_id", flat=True).distinct()
        )
    voyages = list(Voyage.objects.filter(pk__in=voyage_ids, unit_id=import_run.unit_id))
    return assess_voyages_of(
        import_run.unit, voyages, by=import_run.requested_by, why=f"import #{import_run.pk}"
    )


def assess_unit(
    unit: Unit, voyage: Voyage | None = None, *, by: User | None = None, days: int | None = None
) -> AssessRun:
    """Assess one voyage of the unit, its voyages of the last ``days``, or all of them."""
    if voyage is not None:
        voyages = [voyage]
    elif days is not None:
        from portcontrol.targeting.frames import voyages_since

        voyages = voyages_since(unit.pk, timezone.localdate() - timedelta(days=days))
    else:
        voyages = list(Voyage.objects.filter(unit=unit))
    return assess_voyages_of(unit, voyages, by=by, why="asked")


def _reassess_later(units: list[int]) -> None:
    """After commit, queue re-assessment of the recent voyages of these units."""
    from portcontrol.targeting.tasks import reassess_units_task

    if units:
        transaction.on_commit(
            lambda: reassess_units_task.enqueue(sorted(set(units)), REASSESS_DAYS)
        )


def _units_of(agency_id: int, unit_id: int | None) -> list[int]:
    if unit_id is not None:
        return [unit_id]
    return list(Unit.objects.filter(agency_id=agency_id).values_list("pk", flat=True))


# --- risk profiles ------------------------------------------------------------------------


def criteria_errors(criteria: str) -> list[Any]:
    """Every mistake in the criteria (``ProfileError``: message, line, column), in text order."""
    from portcontrol.core.risk.profiles import validate

    return validate(criteria)


def check_criteria(criteria: str) -> None:
    """Refuse criteria the profile language cannot parse: the first error says where."""
    errors = criteria_errors(criteria)
    if errors:
        raise errors[0]


def _new_version(profile: RiskProfile, by: User, comment: str) -> RiskProfileVersion:
    profile.version += 1
    profile.save()
    return RiskProfileVersion.objects.create(
        profile=profile,
        number=profile.version,
        changed_by=by,
        comment=comment[:300],
        **profile.content(),
    )


def create_profile(
    *, agency: Agency, unit: Unit | None, fields: Mapping[str, Any], by: User, comment: str = ""
) -> RiskProfile:
    """A new draft profile with its first version."""
    check_criteria(fields["criteria"])
    with transaction.atomic():
        profile = RiskProfile(agency=agency, unit=unit, author=by, **_content(fields))
        profile.full_clean(exclude=["active_version", "approver"])
        profile.save()
        version = _new_version(profile, by, comment or "created")
        record_audit(
            actor=by,
            action="targeting.profile.created",
            obj=profile,
            unit=unit,
            summary=f"risk profile {profile.code} v{version.number} created "
            f"({'national' if unit is None else unit.code})",
            details={"version": version.number, "criteria": profile.criteria},
        )
    return profile


def _content(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: fields[name] for name in PROFILE_FIELDS if name in fields}


def save_profile(
    profile: RiskProfile, fields: Mapping[str, Any], *, by: User, comment: str = ""
) -> RiskProfileVersion:
    """Save a change as a new version; it waits for approval while the approved one applies."""
    check_criteria(fields.get("criteria", profile.criteria))
    with transaction.atomic():
        locked = RiskProfile.objects.select_for_update().get(pk=profile.pk)
        if not locked.is_editable:
            raise TargetingError("a retired profile is not changed")
        before = locked.content()
        for name, value in _content(fields).items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["active_version", "approver"])
        changed = {
            n: [str(before[n]), str(getattr(locked, n))]
            for n in PROFILE_FIELDS
            if before[n] != getattr(locked, n)
        }
        locked.status = ProfileStatus.DRAFT
        version = _new_version(locked, by, comment)
        record_audit(
            actor=by,
            action="targeting.profile.saved",
            obj=locked,
            unit=locked.unit,
            summary=f"risk profile {locked.code} v{version.number} saved: "
            + (", ".join(changed) or "no field changed"),
            details={"version": version.number, "changed": changed, "comment": comment},
        )
    profile.refresh_from_db()
    return version


def submit_for_approval(profile: RiskProfile, *, by: User) -> None:
    """Ask a supervisor to approve the latest version."""
    with transaction.atomic():
        locked = RiskProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.status != ProfileStatus.DRAFT:
            raise TargetingError("only a draft is submitted for approval")
        locked.status = ProfileStatus.PENDING_APPROVAL
        locked.save(update_fields=["status", "updated_at"])
        record_audit(
            actor=by,
            action="targeting.profile.submitted",
            obj=locked,
            unit=locked.unit,
            summary=f"risk profile {locked.code} v{locked.version} submitted for approval",
            details={"version": locked.version},
        )
    profile.refresh_from_db()


def _check_approver(by: User, proposer_ids: set[int], what: str) -> None:
    if not by.works_in_unit() or by.role not in APPROVER_ROLES:
        raise TargetingError(f"only a supervisor approves {what}")
    if by.pk in proposer_ids:
        raise FourEyesError(f"{what}: a second person must approve (four eyes)")


def approve_profile(profile: RiskProfile, *, by: User) -> None:
    """Activate the submitted version: a supervisor who did not write it (four eyes).

    The engine applies it from now on, and what the affected units hold is re-assessed.
    """
    with transaction.atomic():
        locked = RiskProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.status != ProfileStatus.PENDING_APPROVAL:
            raise TargetingError("only a profile waiting for approval is approved")
        version = locked.versions.get(number=locked.version)
        _check_approver(by, {version.changed_by_id}, f"risk profile {locked.code}")
        locked.status = ProfileStatus.ACTIVE
        locked.active_version = version
        locked.approver = by
        locked.approved_at = timezone.now()
        locked.save()
        record_audit(
            actor=by,
            action="targeting.profile.approved",
            obj=locked,
            unit=locked.unit,
            summary=f"risk profile {locked.code} v{version.number} approved and active",
            details={"version": version.number, "author": version.changed_by_id},
        )
        _reassess_later(_units_of(locked.agency_id, locked.unit_id))
    profile.refresh_from_db()


def return_profile(profile: RiskProfile, *, by: User, comment: str = "") -> None:
    """Send a submitted version back to its author as a draft."""
    with transaction.atomic():
        locked = RiskProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.status != ProfileStatus.PENDING_APPROVAL:
            raise TargetingError("only a profile waiting for approval is sent back")
        _check_approver(by, set(), f"risk profile {locked.code}")
        locked.status = ProfileStatus.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        record_audit(
            actor=by,
            action="targeting.profile.returned",
            obj=locked,
            unit=locked.unit,
            summary=f"risk profile {locked.code} v{locked.version} sent back: {comment}"[:500],
            details={"version": locked.version, "comment": comment},
        )
    profile.refresh_from_db()


def retire_profile(profile: RiskProfile, *, by: User, comment: str = "") -> None:
    """Stop applying a profile; it stays with its versions for the record."""
    with transaction.atomic():
        locked = RiskProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.status == ProfileStatus.RETIRED:
            raise TargetingError("the profile is retired already")
        was_applied = locked.active_version_id is not None
        locked.status = ProfileStatus.RETIRED
        locked.active_version = None
        locked.save()
        record_audit(
            actor=by,
            action="targeting.profile.retired",
            obj=locked,
            unit=locked.unit,
            summary=f"risk profile {locked.code} retired. {comment}".strip(),
            details={"comment": comment},
        )
        if was_applied:
            _reassess_later(_units_of(locked.agency_id, locked.unit_id))
    profile.refresh_from_db()


# --- watch lists --------------------------------------------------------------------------

ENTRY_FIELDS = (
    "kind",
    "names",
    "date_of_birth",
    "document_numbers",
    "nationality",
    "identifiers",
    "source",
    "source_id",
    "reason",
    "expires_on",
)


def create_watch_list(
    *, agency: Agency, unit: Unit | None, fields: Mapping[str, Any], by: User
) -> WatchList:
    """A new, empty watch list."""
    with transaction.atomic():
        watch_list = WatchList(agency=agency, unit=unit, created_by=by, **fields)
        watch_list.full_clean()
        watch_list.save()
        record_audit(
            actor=by,
            action="targeting.watch_list.created",
            obj=watch_list,
            unit=unit,
            summary=f"watch list {watch_list.code} created",
            details={k: str(v) for k, v in fields.items()},
        )
    return watch_list


def _list_changed(watch_list: WatchList) -> None:
    _reassess_later(_units_of(watch_list.agency_id, watch_list.unit_id))


def add_entry(watch_list: WatchList, fields: Mapping[str, Any], *, by: User) -> WatchListEntry:
    """Put someone or something on a list."""
    with transaction.atomic():
        entry = WatchListEntry(
            watch_list=watch_list,
            added_by=by,
            **{k: v for k, v in fields.items() if k in ENTRY_FIELDS},
        )
        if entry.expires_on:
            entry.expiry_set_by = by
        entry.save()
        record_audit(
            actor=by,
            action="targeting.entry.added",
            obj=entry,
            unit=watch_list.unit,
            summary=f"{watch_list.code}: {entry.primary_name} added",
            details={"list": watch_list.code, "fields": _entry_dict(entry)},
        )
        _list_changed(watch_list)
    return entry


def _entry_dict(entry: WatchListEntry) -> dict[str, Any]:
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name in ENTRY_FIELDS
        if (value := getattr(entry, name)) not in (None, "", [])
    }


def update_entry(entry: WatchListEntry, fields: Mapping[str, Any], *, by: User) -> None:
    """Change an entry; setting an expiry records who set it (they may not confirm it)."""
    with transaction.atomic():
        locked = WatchListEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == EntryStatus.REMOVED:
            raise TargetingError("a removed entry is not changed")
        before = _entry_dict(locked)
        for name, value in fields.items():
            if name in ENTRY_FIELDS:
                setattr(locked, name, value)
        if locked.expires_on and _entry_dict(locked).get("expires_on") != before.get("expires_on"):
            locked.expiry_set_by = by
        locked.save()
        after = _entry_dict(locked)
        changed = {
            k: [before.get(k), after.get(k)]
            for k in set(before) | set(after)
            if before.get(k) != after.get(k)
        }
        record_audit(
            actor=by,
            action="targeting.entry.changed",
            obj=locked,
            unit=locked.watch_list.unit,
            summary=f"{locked.watch_list.code}: {locked.primary_name} changed: "
            + (", ".join(sorted(changed)) or "nothing"),
            details={"changed": changed},
        )
        _list_changed(locked.watch_list)
    entry.refresh_from_db()


def request_removal(entry: WatchListEntry, *, by: User, reason: str) -> None:
    """Ask for an entry to leave its list; it is still screened until a second person agrees."""
    with transaction.atomic():
        locked = WatchListEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryStatus.ACTIVE:
            raise TargetingError("removal is asked only for an active entry")
        locked.status = EntryStatus.PENDING_REMOVAL
        locked.removal_requested_by = by
        locked.removal_reason = reason[:300]
        locked.save()
        record_audit(
            actor=by,
            action="targeting.entry.removal_requested",
            obj=locked,
            unit=locked.watch_list.unit,
            summary=f"{locked.watch_list.code}: removal of {locked.primary_name} asked: {reason}",
            details={"reason": reason},
        )
    entry.refresh_from_db()


def approve_removal(entry: WatchListEntry, *, by: User) -> None:
    """Take the entry off its list: a supervisor other than whoever asked (or set the expiry)."""
    with transaction.atomic():
        locked = WatchListEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryStatus.PENDING_REMOVAL:
            raise TargetingError("only an entry waiting for removal is removed")
        proposers = {locked.removal_requested_by_id}
        if locked.is_expired(timezone.localdate()) and locked.expiry_set_by_id:
            proposers.add(locked.expiry_set_by_id)
        _check_approver(by, proposers, f"removal of {locked.primary_name}")
        locked.status = EntryStatus.REMOVED
        locked.removal_approved_by = by
        locked.removed_at = timezone.now()
        locked.save()
        record_audit(
            actor=by,
            action="targeting.entry.removed",
            obj=locked,
            unit=locked.watch_list.unit,
            summary=f"{locked.watch_list.code}: {locked.primary_name} removed "
            f"(asked by user #{locked.removal_requested_by_id})",
            details={"requested_by": locked.removal_requested_by_id},
        )
        _list_changed(locked.watch_list)
    entry.refresh_from_db()


def reject_removal(entry: WatchListEntry, *, by: User, comment: str = "") -> None:
    """Keep the entry on its list: the request for removal is refused."""
    with transaction.atomic():
        locked = WatchListEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryStatus.PENDING_REMOVAL:
            raise TargetingError("only an entry waiting for removal is kept back")
        _check_approver(by, set(), f"removal of {locked.primary_name}")
        locked.status = EntryStatus.ACTIVE
        locked.save()
        record_audit(
            actor=by,
            action="targeting.entry.removal_refused",
            obj=locked,
            unit=locked.watch_list.unit,
            summary=f"{locked.watch_list.code}: {locked.primary_name} kept. {comment}".strip(),
            details={"comment": comment},
        )
    entry.refresh_from_db()


def import_watch_list(
    data: bytes, format: str, watch_list: WatchList, *, by: User
) -> dict[str, int]:
    """Load a UN Security Council XML list or a FollowTheMoney JSON export into a list.

    1. The file is parsed by the core reader of its format (``ReadError`` refuses it whole).
    2. Entries are matched on their reference at the source: new ones are added, known ones
       updated. Entries no longer in the file stay: removal takes a second person.
    """
    from portcontrol.targeting.imports import read_watch_list

    parsed = read_watch_list(data, format)
    counts = {"read": len(parsed), "added": 0, "updated": 0, "absent": 0}
    with transaction.atomic():
        known = {e.source_id: e for e in watch_list.entries.exclude(source_id="")}
        seen: set[str] = set()
        new_entries = []
        for item in parsed:
            fields = _entry_fields(item)
            seen.add(fields["source_id"])
            existing = known.get(fields["source_id"])
            if existing is None:
                new_entries.append(WatchListEntry(watch_list=watch_list, added_by=by, **fields))
                continue
            if existing.status == EntryStatus.REMOVED:
                continue
            if any(getattr(existing, k) != v for k, v in fields.items()):
                for name, value in fields.items():
                    setattr(existing, name, value)
                existing.save()
                counts["updated"] += 1
        WatchListEntry.objects.bulk_create(new_entries, batch_size=2000)
        counts["added"] = len(new_entries)
        counts["absent"] = sum(
            1 for key, e in known.items() if key not in seen and e.status == EntryStatus.ACTIVE
        )
        record_audit(
            actor=by,
            action="targeting.watch_list.imported",
            obj=watch_list,
            unit=watch_list.unit,
            summary=f"{watch_list.code}: {format} file read, {counts['added']} added, "
            f"{counts['updated']} updated, {counts['absent']} no longer in the file",
            details=counts,
        )
        _list_changed(watch_list)
    return counts


def _entry_fields(item: Any) -> dict[str, Any]:
    """Stored fields of a core watch-list entry read from a file."""
    from datetime import date

    born = None
    for value in item.dates_of_birth:
        if len(value) == 10:
            born = date.fromisoformat(value)
            break
    identifier_kind = item.kind.by_identifier
    return {
        "kind": str(item.kind),
        "names": [] if identifier_kind else list(item.names),
        "identifiers": list(item.names) if identifier_kind else [],
        "date_of_birth": born,
        "document_numbers": list(item.document_numbers),
        "nationality": item.nationality[0] if item.nationality else "",
        "source": item.source[:200],
        "source_id": str(item.id)[:100],
        "reason": item.reason,
        "expires_on": item.expiry,
    }


# --- high-risk places ---------------------------------------------------------------------


def mark_place(
    *, agency: Agency, unit: Unit | None, code: str, reason: str, lane: str, by: User
) -> HighRiskPlace:
    """Mark a port or country high-risk, with the reason; what it routes is re-assessed."""
    with transaction.atomic():
        place = HighRiskPlace(
            agency=agency,
            unit=unit,
            code=compact_place(code),
            reason=reason.strip(),
            lane=lane,
            added_by=by,
        )
        place.full_clean()
        marked = HighRiskPlace.objects.filter(
            agency=agency, unit=unit, code=place.code, removed_at__isnull=True
        )
        if marked.exists():
            raise TargetingError(f"{place.code} is marked already")
        place.save()
        record_audit(
            actor=by,
            action="targeting.place.marked",
            obj=place,
            unit=unit,
            summary=f"high-risk place {place.code} marked ({place.lane}"
            f"{', national' if unit is None else ''}): {place.reason}",
            details={"code": place.code, "lane": place.lane, "reason": place.reason},
        )
        _reassess_later(_units_of(agency.pk, unit.pk if unit else None))
    return place


def unmark_place(place: HighRiskPlace, *, by: User) -> None:
    """Take a place off the high-risk list (the row stays, removed); routes are re-assessed."""
    with transaction.atomic():
        locked = HighRiskPlace.objects.select_for_update().get(pk=place.pk)
        if locked.removed_at is not None:
            raise TargetingError(f"{locked.code} was removed already")
        locked.removed_at = timezone.now()
        locked.removed_by = by
        locked.save(update_fields=["removed_at", "removed_by"])
        record_audit(
            actor=by,
            action="targeting.place.removed",
            obj=locked,
            unit=locked.unit,
            summary=f"high-risk place {locked.code} removed (marked by user #{locked.added_by_id})",
            details={"code": locked.code, "lane": locked.lane, "reason": locked.reason},
        )
        _reassess_later(_units_of(locked.agency_id, locked.unit_id))
    place.refresh_from_db()


# --- the queue ----------------------------------------------------------------------------


# Audit codes of the task steps: stable codes, labelled in the page language by the audit log.
TASK_AUDIT_ACTIONS = {
    "claimed": "targeting.task.claimed",
    "unclaimed": "targeting.task.unclaimed",
    "issued": "targeting.task.issued",
    "completed": "targeting.task.completed",
}


def _transition(
    task: TargetingTask,
    *,
    by: User,
    version: int,
    allowed: tuple[str, ...],
    action: str,
    note: str = "",
    only_assignee: bool = False,
    **changes: Any,
) -> TargetingTask:
    """Move a task with one conditional UPDATE: it applies only to the version that was shown.

    Two officers pressing "claim" together both send version v; the database applies the first
    UPDATE, the second finds version v+1 and changes no row, so exactly one wins.
    """
    with transaction.atomic():
        matching = TargetingTask.objects.filter(pk=task.pk, status__in=allowed, version=version)
        if only_assignee and by.role not in APPROVER_ROLES:
            matching = matching.filter(Q(assignee=by) | Q(assignee__isnull=True))
        rows = matching.update(version=F("version") + 1, updated_at=timezone.now(), **changes)
        if rows != 1:
            raise TaskConflict(f"task #{task.pk} changed since it was shown; reload it")
        task.refresh_from_db()
        TaskEvent.objects.create(task=task, actor=by, action=action, status=task.status, note=note)
        record_audit(
            actor=by,
            action=TASK_AUDIT_ACTIONS[action],
            obj=task,
            unit=task.unit,
            summary=f"task #{task.pk} {task.target_label}: {action}"
            + (f" ({note[:200]})" if note else ""),
            details={"status": task.status, "version": task.version, "note": note},
        )
    return task


def claim_task(task: TargetingTask, *, by: User, version: int) -> TargetingTask:
    """Take a new task: the first of two officers wins, the second gets ``TaskConflict``."""
    return _transition(
        task,
        by=by,
        version=version,
        allowed=(TaskStatus.NEW,),
        action="claimed",
        status=TaskStatus.CLAIMED,
        assignee=by,
    )


def unclaim_task(task: TargetingTask, *, by: User, version: int) -> TargetingTask:
    """Give a claimed task back to the queue."""
    return _transition(
        task,
        by=by,
        version=version,
        allowed=(TaskStatus.CLAIMED,),
        action="unclaimed",
        only_assignee=True,
        status=TaskStatus.NEW,
        assignee=None,
    )


def issue_task(task: TargetingTask, *, by: User, version: int, notes: str = "") -> TargetingTask:
    """Order the inspection of a claimed task."""
    return _transition(
        task,
        by=by,
        version=version,
        allowed=(TaskStatus.CLAIMED,),
        action="issued",
        note=notes,
        only_assignee=True,
        status=TaskStatus.ISSUED,
        notes=notes,
    )


def complete_task(
    task: TargetingTask,
    *,
    by: User,
    version: int,
    result: str,
    notes: str = "",
    only_assignee: bool = True,
) -> TargetingTask:
    """Record the outcome of the inspection: positive or negative, for hit rates.

    ``only_assignee=False`` lets any member of the inspection team close the task when the
    inspection's result is recorded: the team, not only who claimed the task, did the work.
    """
    if result not in TaskResult.values:
        raise TargetingError("the result is positive or negative")
    return _transition(
        task,
        by=by,
        version=version,
        allowed=(TaskStatus.ISSUED,),
        action="completed",
        note=notes,
        only_assignee=only_assignee,
        status=TaskStatus.COMPLETE,
        result=result,
        notes=(task.notes + "\n" + notes).strip() if notes else task.notes,
    )


def set_capacity(unit: Unit, lane: str, *, per_day: int, random_share: float, by: User) -> None:
    """Set the unit's daily capacity and random share in one lane."""
    with transaction.atomic():
        capacity, _ = UnitCapacity.objects.update_or_create(
            unit=unit, lane=lane, defaults={"per_day": per_day, "random_share": random_share}
        )
        record_audit(
            actor=by,
            action="targeting.capacity.set",
            obj=capacity,
            unit=unit,
            summary=f"{unit.code} {lane}: {per_day} per day, random share {random_share}",
            details={"lane": lane, "per_day": per_day, "random_share": str(random_share)},
        )


# --- sharing with partner agencies --------------------------------------------------------

# Analysts and supervisors decide what the border service and police may read of the unit's work.
SHARING_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR})
# The kinds of agency a task is shared with; the customs agency itself works the queue.
PARTNER_AGENCY_KINDS = (AgencyKind.BORDER_SERVICE, AgencyKind.POLICE)
TASK_SHARED = "targeting.task.shared"
TASK_UNSHARED = "targeting.task.unshared"


def may_share_task(user: User, task: TargetingTask) -> bool:
    """An analyst or supervisor of the task's unit decides which partner agencies read it."""
    return user.works_in_unit() and user.unit_id == task.unit_id and user.role in SHARING_ROLES


def partner_agencies_of(unit: Unit) -> QuerySet[Agency]:
    """The border service and police of the unit's country: whom its tasks may be shared with."""
    return (
        Agency.objects.filter(country=unit.agency.country, kind__in=PARTNER_AGENCY_KINDS)
        .exclude(pk=unit.agency_id)
        .order_by("kind", "name")
    )


def share_task(task: TargetingTask, agencies: Iterable[Agency], *, by: User) -> list[Agency]:
    """Let the officers of these partner agencies read the task; returns the newly shared.

    An agency the task is shared with already is left as it is, so a second click changes
    nothing and writes nothing.
    """
    chosen = _distinct(agencies)
    if not chosen:
        raise TargetingError("choose at least one agency to share the task with")
    _check_sharer(task, by)
    _check_partners(task, chosen)
    with transaction.atomic():
        locked = TargetingTask.objects.select_for_update().get(pk=task.pk)
        current = {agency.pk for agency in locked.shared_with.all()}
        return _share(locked, [a for a in chosen if a.pk not in current], by=by)


def unshare_task(task: TargetingTask, agencies: Iterable[Agency], *, by: User) -> list[Agency]:
    """Stop sharing the task with these agencies; returns those that had it."""
    chosen = _distinct(agencies)
    if not chosen:
        raise TargetingError("choose at least one agency to stop sharing the task with")
    _check_sharer(task, by)
    with transaction.atomic():
        locked = TargetingTask.objects.select_for_update().get(pk=task.pk)
        current = {agency.pk for agency in locked.shared_with.all()}
        return _unshare(locked, [a for a in chosen if a.pk in current], by=by)


def set_task_sharing(
    task: TargetingTask, agencies: Iterable[Agency], *, by: User
) -> tuple[list[Agency], list[Agency]]:
    """Share the task with exactly these agencies (the form's ticks); returns (added, removed)."""
    wanted = _distinct(agencies)
    _check_sharer(task, by)
    _check_partners(task, wanted)
    wanted_ids = {agency.pk for agency in wanted}
    with transaction.atomic():
        locked = TargetingTask.objects.select_for_update().get(pk=task.pk)
        current = list(locked.shared_with.all())
        current_ids = {agency.pk for agency in current}
        added = _share(locked, [a for a in wanted if a.pk not in current_ids], by=by)
        removed = _unshare(locked, [a for a in current if a.pk not in wanted_ids], by=by)
    return added, removed


def _distinct(agencies: Iterable[Agency]) -> list[Agency]:
    return list({agency.pk: agency for agency in agencies}.values())


def _check_sharer(task: TargetingTask, by: User) -> None:
    """Only an analyst or supervisor of the task's own unit shares it."""
    if not (by.works_in_unit() and by.unit_id == task.unit_id):
        raise TargetingError(
            f"task #{task.pk} is not of your unit: only its unit's analysts and supervisors "
            "share it"
        )
    if by.role not in SHARING_ROLES:
        raise TargetingError(
            "only an analyst or a supervisor shares a task with partner agencies "
            f"(your role: {by.get_role_display()})"
        )


def _check_partners(task: TargetingTask, agencies: list[Agency]) -> None:
    """Agencies of the unit's country, border service or police, and not the unit's own."""
    unit = task.unit
    country = unit.agency.country
    if any(agency.pk == unit.agency_id for agency in agencies):
        raise TargetingError(
            f"{unit.agency.code} is the unit's own agency: its officers work the task in the "
            "queue, it is not shared with them"
        )
    foreign = [agency.code for agency in agencies if agency.country != country]
    if foreign:
        raise TargetingError(
            f"{', '.join(foreign)}: a task of {unit.code} is shared only with agencies of {country}"
        )
    other = [agency.code for agency in agencies if agency.kind not in PARTNER_AGENCY_KINDS]
    if other:
        raise TargetingError(
            f"{', '.join(other)}: a task is shared only with the border service or the police"
        )


def _share(task: TargetingTask, agencies: list[Agency], *, by: User) -> list[Agency]:
    if agencies:
        task.shared_with.add(*agencies)
        _sharing_recorded(task, agencies, by=by, step="shared", action=TASK_SHARED)
    return agencies


def _unshare(task: TargetingTask, agencies: list[Agency], *, by: User) -> list[Agency]:
    if agencies:
        task.shared_with.remove(*agencies)
        _sharing_recorded(task, agencies, by=by, step="unshared", action=TASK_UNSHARED)
    return agencies


def _sharing_recorded(
    task: TargetingTask, agencies: list[Agency], *, by: User, step: str, action: str
) -> None:
    """One step in the task's history and one audit entry naming the agencies."""
    codes = sorted(agency.code for agency in agencies)
    names = ", ".join(f"{agency.name} ({agency.code})" for agency in agencies)
    TaskEvent.objects.create(task=task, actor=by, action=step, status=task.status, note=names)
    record_audit(
        actor=by,
        action=action,
        obj=task,
        unit=task.unit,
        summary=f"task #{task.pk} {task.target_label}: {step} with {names}",
        details={
            "agencies": codes,
            "shared_with": sorted(task.shared_with.values_list("code", flat=True)),
        },
    )
