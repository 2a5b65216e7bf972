"""Feedback to partner nodes: what an inspection asked for by an alert found, and watch lists.

The alerting PCU must hear back: once the inspection of a task that came from a partner's alert
is done, its result goes to the alerting node in reply to the alert (``in_reply_to``), followed
by one seizure notice per seizure made in it. The bodies use the WCO Data Model names of
:mod:`portcontrol.core.messages.bodies`, built from the unit's records with the helpers of
:mod:`.compose`; values a partner's inbox would refuse are left out rather than sent.

Feedback is sent once per inspection: the audit entry ``exchange.feedback.sent`` on the
inspection records it (with the messages sent), and a second attempt is refused.

Texts written into the bodies are in English whatever the sender's language: a body is read by
another administration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import AuditEntry, Unit, User
from portcontrol.core.messages.schema import MAX_LONG_TEXT
from portcontrol.exchange import actions, compose
from portcontrol.exchange.access import groups_of
from portcontrol.exchange.choices import MessageKind
from portcontrol.exchange.models import ClosedUserGroup, IncomingMessage, OutgoingMessage
from portcontrol.inspections.choices import (
    InspectionResult,
    InspectionStatus,
    InspectionTarget,
    SealState,
)
from portcontrol.inspections.models import Inspection, Seizure
from portcontrol.targeting.choices import PROFILE_ROLES, TASK_ROLES, EntryStatus
from portcontrol.targeting.models import TargetingTask, WatchListEntry

FEEDBACK_SENT = "exchange.feedback.sent"
ENTRY_SHARED = "exchange.watch_list_entry.shared"
ENTRY_ACTIONS = ("add", "update", "remove")
# The inspection's results as the body's ResultCode (the same codes, by design).
RESULT_CODES = {
    InspectionResult.NOTHING_FOUND: "nothing_found",
    InspectionResult.DISCREPANCY: "discrepancy",
    InspectionResult.SEIZURE: "seizure",
}
# Seal states that are a finding of their own, in the words the partner reads.
SEAL_FINDINGS = {
    SealState.DIFFERENT: "seal numbers differ from the declaration",
    SealState.BROKEN: "seal broken or tampered with",
    SealState.MISSING: "seal missing",
}
IMO_TYPE_CODE = "10"

_COUNTRY = re.compile(r"[A-Z]{2}")
_IMO = re.compile(r"\d{7}")
_HS_CODE = re.compile(r"\d{4}(\d{2}){0,3}")


class FeedbackAlreadySent(actions.ExchangeError):
    """The result of the inspection went to the alerting node before: nothing is sent again."""


# --- where a task came from ---------------------------------------------------------------


def alert_of_task(task: TargetingTask | None) -> IncomingMessage | None:
    """The incoming alert the task came from, if it came from one.

    1. The task made from an alert has an assessment whose reason of kind ``alert`` names the
       partner and the message;
    2. an alert noted on a task that was open already is linked by its ``exchange.alert.queued``
       audit entry only (the task keeps its own assessment).
    """
    if task is None:
        return None
    assessment = task.assessment if task.assessment_id else None
    for reason in assessment.reasons if assessment is not None else []:
        detail = reason.get("detail") or {}
        if reason.get("kind") == "alert" and detail.get("partner") and detail.get("message"):
            found = _alert(sender=detail["partner"], message_id=detail["message"])
            if found is not None:
                return found
    entries = AuditEntry.objects.filter(
        action=actions.ALERT_QUEUED,
        object_type=IncomingMessage._meta.label_lower,
        unit=task.unit_id,
        details__task=task.pk,
    ).order_by("pk")
    for entry in entries:
        found = _alert(pk=entry.object_id)
        if found is not None:
            return found
    return None


def _alert(**lookup: object) -> IncomingMessage | None:
    try:
        return (
            IncomingMessage.objects.select_related("group", "partner")
            .filter(kind=MessageKind.ALERT, **lookup)
            .first()
        )
    except (ValueError, TypeError):  # a message id or pk that is no UUID or number
        return None


def feedback_sent(inspection: Inspection) -> AuditEntry | None:
    """The audit entry of the feedback sent for the inspection, if it was sent."""
    return (
        AuditEntry.objects.filter(
            action=FEEDBACK_SENT,
            object_type=Inspection._meta.label_lower,
            object_id=str(inspection.pk),
        )
        .order_by("pk")
        .first()
    )


# --- bodies -------------------------------------------------------------------------------


def unit_location(unit: Unit) -> dict[str, str] | None:
    """Where the unit works: its UN/LOCODE, else its code when that is one."""
    return compose.location_member(unit.locode) or compose.location_member(unit.code)


def inspection_subjects(inspection: Inspection) -> dict[str, Any]:
    """What was inspected, as the alert named it: the cargo unit, the goods, the person, vessel."""
    target = inspection.target
    if target == InspectionTarget.CARGO_UNIT and inspection.cargo_unit is not None:
        return {"TransportEquipment": [compose.cargo_unit_member(inspection.cargo_unit)]}
    if target == InspectionTarget.CONSIGNMENT and inspection.consignment is not None:
        return {"Consignment": compose.consignment_member(inspection.consignment)}
    if target == InspectionTarget.PERSON and inspection.person is not None:
        return {"Person": [compose.person_member(inspection.person)]}
    vessel = compose.vessel_member(inspection.voyage)
    return {"BorderTransportMeans": vessel} if vessel else {}


def _findings(inspection: Inspection) -> list[dict[str, str]]:
    """The findings recorded, then the seals when they were not as declared."""
    found = [
        {
            "KindCode": finding.kind,
            "Description": compose.text_member(finding.description, MAX_LONG_TEXT),
        }
        for finding in inspection.findings.order_by("pk")
        if finding.description.strip()
    ]
    seal = SEAL_FINDINGS.get(inspection.seal_state)
    if seal:
        numbers = inspection.seals_found.strip()
        found.append(
            {"KindCode": "seal", "Description": f"{seal} (found: {numbers})" if numbers else seal}
        )
    return found


def inspection_result_body(inspection: Inspection) -> dict[str, Any]:
    """The InspectionResultBody of a done inspection: when, where, how, what it found, of what."""
    when = inspection.started_at or inspection.finished_at or timezone.now()
    body: dict[str, Any] = {
        "InspectionDateTime": compose.message_time(when),
        "InspectionLocation": unit_location(inspection.unit),
        "InspectionKindCode": [inspection.kind],
        "ResultCode": RESULT_CODES.get(inspection.result, "not_inspected"),
        "Finding": _findings(inspection),
    }
    body.update(inspection_subjects(inspection))
    return compose.compact(body)


def _decimal_text(value: Decimal) -> str:
    """A decimal written as text, as stored (``"24.350"``): never in exponent notation."""
    return f"{value:f}"


def seized_goods(seizure: Seizure) -> dict[str, Any]:
    """The goods of a seizure: CEN commodity group, drug type, description, quantity, hiding."""
    hs_code = (seizure.hs_code or "").replace(".", "").strip()
    commodity = compose.compact(
        {
            "Description": compose.text_member(seizure.description, MAX_LONG_TEXT),
            "Classification": [{"ID": hs_code}] if _HS_CODE.fullmatch(hs_code) else None,
        }
    )
    currency = (seizure.currency or "").strip().upper()
    value = (
        {"value": _decimal_text(seizure.estimated_value), "currencyID": currency}
        if seizure.estimated_value is not None and re.fullmatch(r"[A-Z]{3}", currency)
        else None
    )
    is_drugs = seizure.category == "drugs"
    return compose.compact(
        {
            "CommodityGroupCode": seizure.category,
            "DrugTypeCode": seizure.drug_type if is_drugs and seizure.drug_type else None,
            "Commodity": commodity,
            "Quantity": {
                "value": _decimal_text(seizure.quantity),
                "unitCode": seizure.quantity_unit,
            },
            "ConcealmentCode": seizure.concealment,
            "EstimatedValueAmount": value,
        }
    )


def seizure_notice_body(seizure: Seizure) -> dict[str, Any]:
    """The SeizureNoticeBody: number, time, place, the goods, and the cargo unit and vessel."""
    subjects: dict[str, Any] = {}
    if seizure.cargo_unit is not None:
        subjects["TransportEquipment"] = [compose.cargo_unit_member(seizure.cargo_unit)]
    if seizure.voyage is not None:
        subjects["BorderTransportMeans"] = compose.vessel_member(seizure.voyage)
    place = compose.text_member(seizure.concealment_place)
    body: dict[str, Any] = {
        "SeizureID": compose.text_member(seizure.reference),
        "SeizureDateTime": compose.message_time(seizure.seized_at),
        "SeizureLocation": compose.location_member(seizure.place) or unit_location(seizure.unit),
        "Goods": [seized_goods(seizure)],
        **subjects,
        "Remarks": f"Concealment place: {place}" if place else None,
    }
    return compose.compact(body)


def entry_id(entry: WatchListEntry) -> str:
    """The entry's id as partners see it: stable across updates and removal."""
    return f"{entry.watch_list.code}-{entry.pk}"


def _entry_subject(entry: WatchListEntry, kind: str) -> dict[str, Any]:
    """The member the entry's kind calls for (docs/exchange.md, ``watch_list_entry``)."""
    names = [compose.text_member(name) for name in entry.names or [] if str(name).strip()]
    identifiers = [compose.text_member(i) for i in entry.identifiers or [] if str(i).strip()]
    nationality = (entry.nationality or "").strip().upper()
    country = nationality if _COUNTRY.fullmatch(nationality) else None
    first = next(iter(identifiers or names), None)
    if kind == "person":
        # The list keeps each name whole: it goes as the family name, other spellings as aliases.
        documents = [{"ID": compose.text_member(n)} for n in entry.document_numbers or [] if n]
        person = {
            "FamilyName": names[0] if names else None,
            "AliasName": names[1:],
            "BirthDate": entry.date_of_birth.isoformat() if entry.date_of_birth else None,
            "NationalityCountryCode": country,
            "IdentityDocument": [d for d in documents if d["ID"]],
        }
        return {"Person": compose.compact(person)}
    if kind == "company":
        party = {
            "Name": names[0] if names else None,
            "ID": identifiers[0] if identifiers else None,
            "Address": {"CountryCode": country} if country else None,
        }
        return {"Party": compose.compact(party)}
    if kind == "vehicle":
        return {"VehiclePlateID": first}
    if kind == "container":
        return {"TransportEquipment": {"ID": first, "KindCode": "container"} if first else None}
    imo = next((i for i in identifiers if _IMO.fullmatch(i)), None)
    vessel = {
        "ID": imo,
        "IdentificationTypeCode": IMO_TYPE_CODE if imo else None,
        "Name": names[0] if names else None,
    }
    return {"BorderTransportMeans": compose.compact(vessel)}


def _entry_reason(entry: WatchListEntry) -> str:
    """Why the entry is listed; the list's name and source when no reason was written."""
    reason = compose.text_member(entry.reason, MAX_LONG_TEXT)
    if reason:
        return reason
    source = compose.text_member(entry.source or entry.watch_list.source)
    listed = f"listed on {entry.watch_list.name}"
    return f"{listed} (source: {source})" if source else listed


def watch_list_entry_body(entry: WatchListEntry, action: str = "add") -> dict[str, Any]:
    """The WatchListEntryBody to add, update or remove the entry at the partners."""
    if action not in ENTRY_ACTIONS:
        raise actions.ExchangeError(
            f"the action on a watch-list entry is one of {', '.join(ENTRY_ACTIONS)}, "
            f"not {action!r}",
            "action",
        )
    kind = entry.kind or entry.watch_list.kind
    body: dict[str, Any] = {"ActionCode": action, "EntryID": entry_id(entry), "KindCode": kind}
    if action == "remove":
        return body
    body.update(_entry_subject(entry, kind))
    body["ReasonText"] = _entry_reason(entry)
    if entry.expires_on is not None:
        body["ValidUntilDate"] = entry.expires_on.isoformat()
    return compose.compact(body)


# --- sending ------------------------------------------------------------------------------


def _check_may_send_feedback(inspection: Inspection, by: User) -> None:
    if not (
        by.is_authenticated
        and by.unit_id == inspection.unit_id
        and by.role in TASK_ROLES
        and by.is_active
    ):
        raise actions.ExchangeError(
            "only officers, analysts and supervisors of the inspecting unit send its result", "by"
        )


def _check_feedback_due(inspection: Inspection) -> IncomingMessage:
    """The alert to answer, or why the inspection's result cannot go (yet)."""
    if inspection.status != InspectionStatus.DONE:
        raise actions.ExchangeError(
            f"inspection #{inspection.pk} is not complete ({inspection.status}): "
            "its result is sent once it is recorded",
            "inspection",
        )
    alert = alert_of_task(inspection.task)
    if alert is None:
        raise actions.ExchangeError(
            f"inspection #{inspection.pk} did not come from a partner node's alert: "
            "there is no alerting node to send its result to",
            "inspection",
        )
    sent = feedback_sent(inspection)
    if sent is not None:
        raise FeedbackAlreadySent(
            f"the result of inspection #{inspection.pk} was sent to {alert.sender} at "
            f"{compose.message_time(sent.at)} already: it is not sent twice",
            "inspection",
        )
    return alert


def send_inspection_feedback(inspection: Inspection, *, by: User) -> list[OutgoingMessage]:
    """Send the alerting node the inspection's result and its seizures, in reply to the alert.

    1. Refused unless the inspection is done, its task came from a partner's alert, and its
       feedback was not sent before (the inspection row is locked, so two clicks send once);
    2. the inspection result answers the alert (:func:`actions.answer` marks it answered);
    3. each seizure of the inspection follows as a seizure notice in reply to the same alert;
    4. an ``exchange.feedback.sent`` audit entry on the inspection lists what was sent.

    Nothing is sent when any message cannot be built or sealed: one transaction holds them all.
    """
    _check_may_send_feedback(inspection, by)
    with transaction.atomic():
        inspection = (
            # Only the inspection row is locked: its optional records join as outer joins.
            Inspection.objects.select_for_update(of=("self",))
            .select_related("unit", "task", "cargo_unit", "consignment__document", "person")
            .select_related("voyage")
            .get(pk=inspection.pk)
        )
        alert = _check_feedback_due(inspection)
        result = actions.answer(
            alert,
            kind=MessageKind.INSPECTION_RESULT.value,
            body=inspection_result_body(inspection),
            by=by,
            unit=inspection.unit,
        )
        sent = [result]
        seizures = inspection.seizures.select_related("unit", "cargo_unit", "voyage")
        for seizure in seizures.order_by("seized_at", "pk"):
            sent.append(
                actions.send_message(
                    kind=MessageKind.SEIZURE_NOTICE.value,
                    body=seizure_notice_body(seizure),
                    group=alert.group,
                    recipients=[alert.sender],
                    in_reply_to=alert.message_id,
                    by=by,
                    unit=inspection.unit,
                )
            )
        record_audit(
            actor=by,
            action="exchange.feedback.sent",
            obj=inspection,
            unit=inspection.unit,
            summary=f"result of inspection #{inspection.pk} ({inspection.result}) and "
            f"{len(sent) - 1} seizure notice(s) sent to {alert.sender} in reply to alert "
            f"{alert.message_id}",
            details={
                "alert": str(alert.message_id),
                "partner": alert.sender,
                "messages": [str(message.id) for message in sent],
                "seizures": [seizure.pk for seizure in seizures],
            },
        )
    return sent


def _check_may_share(entry: WatchListEntry, group: ClosedUserGroup, by: User) -> None:
    if not (by.is_authenticated and by.works_in_unit() and by.role in PROFILE_ROLES):
        raise actions.ExchangeError(
            "only analysts and supervisors of a unit share watch-list entries", "by"
        )
    watch_list = entry.watch_list
    if watch_list.agency_id != by.unit.agency_id or watch_list.unit_id not in (None, by.unit_id):
        raise actions.ExchangeError("the watch list is not one your unit sees", "entry")
    if not groups_of(by).filter(pk=group.pk).exists():
        raise actions.ExchangeError(f"your unit does not take part in group {group.code}", "group")


def _check_shareable(entry: WatchListEntry, today: date) -> None:
    if entry.status != EntryStatus.ACTIVE:
        raise actions.ExchangeError(
            f"watch-list entry {entry_id(entry)} is {entry.get_status_display()}: "
            "only an active entry is shared",
            "entry",
        )
    if entry.is_expired(today):
        raise actions.ExchangeError(
            f"watch-list entry {entry_id(entry)} expired on {entry.expires_on}: "
            "extend it before sharing it",
            "entry",
        )


def shares_of(entry: WatchListEntry) -> QuerySet[AuditEntry]:
    """The audit entries of each time the entry was shared, oldest first."""
    return AuditEntry.objects.filter(
        action=ENTRY_SHARED,
        object_type=WatchListEntry._meta.label_lower,
        object_id=str(entry.pk),
    ).order_by("pk")


def shared_before(entry: WatchListEntry, group: ClosedUserGroup) -> bool:
    """Whether the entry was shared in the group before: partners have it, this is an update."""
    return shares_of(entry).filter(details__group=group.code).exists()


def share_watch_list_entry(
    entry: WatchListEntry,
    *,
    group: ClosedUserGroup,
    recipients: Iterable[str] | None = None,
    by: User,
) -> OutgoingMessage:
    """Share an active entry with the partner nodes of a group; an entry shared before is an
    update there. The entry's audit trail names the message."""
    _check_may_share(entry, group, by)
    _check_shareable(entry, timezone.localdate())
    action = "update" if shared_before(entry, group) else "add"
    with transaction.atomic():
        outgoing = actions.send_message(
            kind=MessageKind.WATCH_LIST_ENTRY.value,
            body=watch_list_entry_body(entry, action),
            group=group,
            recipients=recipients,
            by=by,
            unit=by.unit,
        )
        record_audit(
            actor=by,
            action="exchange.watch_list_entry.shared",
            obj=entry,
            unit=by.unit,
            summary=f"entry {entry_id(entry)} {entry.primary_name} shared ({action}) in group "
            f"{group.code}: message {outgoing.id}",
            details={"message": str(outgoing.id), "group": group.code, "action": action},
        )
    return outgoing
