"""Changes to exchange data: partners and groups, sending, delivering and receiving messages.

Each change runs in one transaction; administrator changes and sent messages write an audit
entry inside it. Delivery is queued to the background worker once the message is committed.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import Agency, AuditEntry, Unit, User
from portcontrol.core.errors import PortControlError
from portcontrol.core.messages import (
    ClosedUserGroup as CoreGroup,
)
from portcontrol.core.messages import (
    Freshness,
    InvalidMessage,
    KeyMaterialError,
    Message,
    MessageType,
    PersonalData,
    Refusal,
    RefusalCode,
    SealError,
    VerifiedMessage,
    new_message,
    open_message,
    seal,
    strip_personal_data,
)
from portcontrol.core.messages import (
    PartnerNode as CorePartner,
)
from portcontrol.core.messages.model import MAX_MESSAGE_BYTES, problems_of
from portcontrol.exchange.choices import ANSWERING_KINDS, DeliveryState, MessageKind, PostState
from portcontrol.exchange.matching import Match, match_alert
from portcontrol.exchange.models import (
    ClosedUserGroup,
    Delivery,
    IncomingMessage,
    OutgoingMessage,
    PartnerNode,
    RejectedMessage,
)
from portcontrol.exchange.node import own_keys, own_node_id
from portcontrol.exchange.transport import InboxAnswer, TransportError, post_token
from portcontrol.targeting.assessing import ALERT_ORIGIN
from portcontrol.targeting.choices import TargetKind, TaskStatus, Threat
from portcontrol.targeting.models import Assessment, TargetingTask, TaskEvent

# The task's foreign key to its record, per target.
TARGET_FIELDS = {
    TargetKind.CONSIGNMENT: "consignment",
    TargetKind.CARGO_UNIT: "cargo_unit",
    TargetKind.PERSON: "person",
}

# Retry waits: 30 s, 1 min, 2 min ... at most one hour, each shortened by up to half at random
# so that a partner coming back is not hit by every node's outbox in the same second.
RETRY_FIRST = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
# A message older than the receivers' maximum age is refused as stale: stop retrying it.
GIVE_UP_AFTER = Freshness().max_age
# An attempt left "sent" this long (the worker died mid-post) is attempted again.
STUCK_AFTER = timedelta(minutes=10)
# Replies allowed to each kind of incoming message.
REPLIES: dict[str, frozenset[str]] = {
    MessageKind.REQUEST.value: frozenset({MessageKind.ANSWER.value}),
    MessageKind.ALERT.value: frozenset(
        {
            MessageKind.INSPECTION_RESULT.value,
            MessageKind.SEIZURE_NOTICE.value,
            MessageKind.ANSWER.value,
        }
    ),
}


class ExchangeError(PortControlError):
    """A change or message that cannot be made as asked; ``field`` names the culprit."""

    def __init__(self, message: str, field: str = "__all__") -> None:
        super().__init__(message)
        self.field = field


# --- partners and groups (administrators) --------------------------------------------------


def register_partner(
    *,
    by: User | None,
    document: Mapping[str, Any] | str,
    name: str,
    country: str,
    inbox_url: str,
    active: bool = True,
) -> PartnerNode:
    """Register a partner node, or replace its keys and address when registered before."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError as error:
            raise ExchangeError(f"not valid JSON ({error})", "public_document") from None
    if not isinstance(document, Mapping):
        raise ExchangeError("the public document is a JSON object", "public_document")
    try:
        core = CorePartner.from_document(document)
    except KeyMaterialError as error:
        raise ExchangeError(str(error), "public_document") from None
    with transaction.atomic():
        partner = PartnerNode.objects.select_for_update().filter(node_id=core.node_id).first()
        is_new = partner is None
        partner = partner or PartnerNode(node_id=core.node_id)
        partner.name, partner.country, partner.inbox_url = name, country.upper(), inbox_url
        partner.public_document, partner.active = core.to_document(), active
        _validated(partner)
        partner.save()
        record_audit(
            actor=by,
            action="exchange.partner.registered" if is_new else "exchange.partner.changed",
            obj=partner,
            summary=f"partner node {partner.node_id} at {partner.inbox_url}, "
            f"{len(core.keys)} key(s), {'active' if active else 'inactive'}",
            details={"kids": [key.kid for key in core.keys], "inbox_url": inbox_url},
        )
    return partner


def save_group(
    *,
    by: User | None,
    code: str,
    name: str,
    personal_data_allowed: bool,
    partner_ids: Iterable[str],
    units: Iterable[Unit] = (),
    agencies: Iterable[Agency] = (),
) -> ClosedUserGroup:
    """Create or change a closed user group with its member nodes, units and agencies."""
    wanted = sorted(set(partner_ids))
    partners = list(PartnerNode.objects.filter(node_id__in=wanted))
    unknown = sorted(set(wanted) - {p.node_id for p in partners})
    if unknown:
        raise ExchangeError(f"not registered partner nodes: {', '.join(unknown)}", "partners")
    try:
        CoreGroup(code, frozenset(wanted), personal_data_allowed)
    except KeyMaterialError as error:
        raise ExchangeError(str(error), "code") from None
    with transaction.atomic():
        group, _ = ClosedUserGroup.objects.get_or_create(code=code, defaults={"name": name})
        group.name, group.personal_data_allowed = name, personal_data_allowed
        _validated(group)
        group.save()
        group.partners.set(partners)
        group.units.set(list(units))
        group.agencies.set(list(agencies))
        record_audit(
            actor=by,
            action="exchange.group.saved",
            obj=group,
            summary=f"group {code}: nodes {', '.join(wanted) or '-'}, personal data "
            f"{'allowed' if personal_data_allowed else 'forbidden'}",
            details={"partners": wanted, "personal_data_allowed": personal_data_allowed},
        )
    return group


def _validated(obj: PartnerNode | ClosedUserGroup) -> None:
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ExchangeError(f"{field}: {' '.join(messages)}", field) from None


def active_partners() -> dict[str, CorePartner]:
    """Every active partner as the message core sees it, by node id."""
    return {p.node_id: p.as_core() for p in PartnerNode.objects.filter(active=True)}


def configured_groups() -> dict[str, CoreGroup]:
    """Every closed user group as the message core sees it, by code."""
    node_id = own_node_id()
    groups = ClosedUserGroup.objects.prefetch_related("partners")
    return {group.code: group.as_core(node_id) for group in groups}


# --- sending ---------------------------------------------------------------------------------


def send_message(
    *,
    kind: str,
    body: Mapping[str, Any],
    group: ClosedUserGroup,
    recipients: Iterable[str] | None = None,
    in_reply_to: uuid.UUID | None = None,
    by: User | None = None,
    unit: Unit | None = None,
    now: datetime | None = None,
) -> OutgoingMessage:
    """Build, seal per recipient and store a message with its deliveries; queue the delivery.

    Recipients default to every active partner of the group. Nothing is stored when the
    message would be refused by its recipients or cannot be sealed.

    A group without partner nodes, or ``recipients=[]``, makes a post to the group's members on
    this node (:func:`post_here`): nothing leaves the node.
    """
    wanted = None if recipients is None else list(dict.fromkeys(recipients))
    if wanted == [] or (wanted is None and not group.partners.exists()):
        return post_here(
            kind=kind, body=body, group=group, in_reply_to=in_reply_to, by=by, unit=unit, now=now
        )
    now = now or timezone.now()
    keys = own_keys()
    members = {p.node_id: p for p in group.partners.filter(active=True)}
    chosen = sorted(members) if wanted is None else wanted
    outsiders = [node for node in chosen if node not in members]
    if outsiders:
        raise ExchangeError(
            f"not active member nodes of group {group.code}: {', '.join(outsiders)}", "recipients"
        )
    if not chosen:
        raise ExchangeError(f"group {group.code} has no active partner node", "recipients")
    try:
        message = new_message(
            MessageType(kind),
            body,
            sender=keys.node_id,
            recipients=chosen,
            group=group.code,
            in_reply_to=in_reply_to,
            now=now,
        )
        sealed = seal(
            message,
            keys,
            {node: p.as_core() for node, p in members.items()},
            group=group.as_core(keys.node_id),
            now=now,
        )
    except InvalidMessage as error:
        raise ExchangeError(str(error), "body") from None
    except (SealError, ValueError) as error:
        raise ExchangeError(str(error)) from None
    with transaction.atomic():
        outgoing = OutgoingMessage.objects.create(
            id=sealed.message.id,
            kind=kind,
            group=group,
            document=json.loads(sealed.message.to_json()),
            created=sealed.message.header.created,
            in_reply_to=in_reply_to,
            created_by=by if by is not None and by.pk else None,
            unit=unit,
        )
        Delivery.objects.bulk_create(
            Delivery(message=outgoing, partner=members[node], token=token, next_attempt_at=now)
            for node, token in sealed.tokens.items()
        )
        record_audit(
            actor=by,
            action="exchange.message.sent",
            obj=outgoing,
            unit=unit,
            summary=f"{kind} {outgoing.id} to {', '.join(chosen)} in group {group.code}",
            details={"recipients": chosen, "in_reply_to": str(in_reply_to or "")},
        )
        transaction.on_commit(_enqueue_delivery)
    return outgoing


def post_here(
    *,
    kind: str,
    body: Mapping[str, Any],
    group: ClosedUserGroup,
    in_reply_to: uuid.UUID | None = None,
    by: User | None = None,
    unit: Unit | None = None,
    now: datetime | None = None,
) -> OutgoingMessage:
    """Post a message to the members of the group on this node: no partner node receives it.

    The message is checked as a sent one would be and, when the group forbids personal data,
    stored stripped exactly as :func:`~portcontrol.core.messages.seal` would sign it: a post
    within a national operation follows the same rule as one that crosses a border. It is not
    signed or sealed (it never leaves the node), has no deliveries, and its header names no
    recipient, which is what makes it "posted" (:func:`post_state`).
    """
    now = now or timezone.now()
    message = _message_for_members_here(kind, body, group, in_reply_to, now)
    header = message.header
    removed = [name.value for name in header.personal_data_removed]
    with transaction.atomic():
        outgoing = OutgoingMessage.objects.create(
            id=message.id,
            kind=kind,
            group=group,
            document=json.loads(message.to_json()),
            created=header.created,
            in_reply_to=in_reply_to,
            created_by=by if by is not None and by.pk else None,
            unit=unit,
        )
        stripped = f", personal data removed: {', '.join(removed)}" if removed else ""
        record_audit(
            actor=by,
            action="exchange.message.posted",
            obj=outgoing,
            unit=unit,
            summary=f"{kind} {outgoing.id} posted to the members of group {group.code} "
            f"on this node{stripped}",
            details={
                "recipients": [],
                "in_reply_to": str(in_reply_to or ""),
                "personal_data": header.personal_data.value,
                "personal_data_removed": removed,
            },
        )
    return outgoing


def _message_for_members_here(
    kind: str,
    body: Mapping[str, Any],
    group: ClosedUserGroup,
    in_reply_to: uuid.UUID | None,
    now: datetime,
) -> Message:
    """The message as posted: checked like a sent one, stripped when due, addressed to no node.

    The core refuses a header without recipients, and the body's rules do not depend on who
    receives it: the message is checked addressed to a stand-in node, then stored without it.
    """
    try:
        sender = own_node_id()
        kind_of = MessageType(kind)
    except (KeyMaterialError, ValueError) as error:
        raise ExchangeError(str(error), "kind") from None
    stand_in = "members-here" if sender != "members-here" else "members-here-2"
    try:
        message = new_message(
            kind_of,
            body,
            sender=sender,
            recipients=[stand_in],
            group=group.code,
            in_reply_to=in_reply_to,
            now=now,
        )
    except InvalidMessage as error:
        raise ExchangeError(str(error), "body") from None
    if not group.personal_data_allowed:
        stripped, removed = strip_personal_data(message.body)
        header = replace(
            message.header, personal_data=PersonalData.STRIPPED, personal_data_removed=removed
        )
        message = Message(header, stripped)
    problems = problems_of(message)
    if problems:
        raise ExchangeError("; ".join(str(problem) for problem in problems), "body")
    message = Message(replace(message.header, recipients=()), message.body)
    size = len(message.to_json())
    if size > MAX_MESSAGE_BYTES:
        raise ExchangeError(f"the message has {size} bytes, over {MAX_MESSAGE_BYTES}", "body")
    return message


def post_state(outgoing: OutgoingMessage) -> PostState:
    """Posted to this node's members (its header names no recipient node), or sent abroad."""
    recipients = outgoing.document.get("header", {}).get("recipients")
    return PostState.SENT if recipients else PostState.POSTED


def _enqueue_delivery() -> None:
    from portcontrol.exchange.tasks import deliver_pending

    deliver_pending.enqueue()


# --- delivering ------------------------------------------------------------------------------


@dataclass
class DeliveryRun:
    """What one pass of the outbox did."""

    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def retry_wait(attempts: int) -> timedelta:
    """How long to wait after the given number of failed attempts: doubling, capped, jittered."""
    full = min(RETRY_CAP, RETRY_FIRST * (2 ** max(0, min(attempts - 1, 20))))
    return full * random.uniform(0.5, 1.0)  # noqa: S311 - spreading load, not a secret


def deliver(delivery: Delivery, *, now: datetime | None = None) -> Delivery:
    """Post a queued delivery's token to the partner once and record the outcome.

    Steps:

    1. claim it (queued → sent) with a conditional update, so two workers never post it both;
    2. post the token, outside any transaction (the partner may be slow);
    3. 2xx: delivered (the inbox accepted it, or had it already); 4xx other than 408/429:
       failed with the partner's reason (a refusal does not change on retry); anything else,
       or no answer: queued again after :func:`retry_wait`, until the message is too old.
    """
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.QUEUED).update(
        state=DeliveryState.SENT, attempt_started_at=now, attempts=F("attempts") + 1
    )
    delivery.refresh_from_db()
    if not claimed:
        return delivery
    partner = delivery.partner
    timeout = float(getattr(settings, "PORTCONTROL_EXCHANGE_TIMEOUT", 15))
    try:
        answer: InboxAnswer | None = post_token(partner.inbox_url, delivery.token, timeout=timeout)
        error = "" if answer is None else answer.describe()
    except TransportError as failure:
        answer, error = None, str(failure)
    _record_outcome(delivery, answer, error, timezone.now())
    return delivery


def _record_outcome(
    delivery: Delivery, answer: InboxAnswer | None, error: str, now: datetime
) -> None:
    update: dict[str, Any] = {"last_error": "" if answer and answer.status < 300 else error[:1000]}
    if answer is not None and 200 <= answer.status < 300:
        update.update(state=DeliveryState.DELIVERED, delivered_at=now)
    elif answer is not None and 400 <= answer.status < 500 and answer.status not in (408, 429):
        update.update(state=DeliveryState.FAILED)
    elif now - delivery.message.created >= GIVE_UP_AFTER:
        update.update(
            state=DeliveryState.FAILED,
            last_error=f"given up: not delivered within {GIVE_UP_AFTER} ({error})"[:1000],
        )
    else:
        update.update(
            state=DeliveryState.QUEUED, next_attempt_at=now + retry_wait(delivery.attempts)
        )
    # Only from "sent": a reply that arrived meanwhile may already have moved the state on.
    Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENT).update(**update)
    delivery.refresh_from_db()


def deliver_due(
    *, now: datetime | None = None, limit: int | None = None, retry_now: bool = False
) -> DeliveryRun:
    """Attempt the due deliveries, oldest first; ``retry_now`` ignores the retry waits."""
    now = now or timezone.now()
    Delivery.objects.filter(
        state=DeliveryState.SENT, attempt_started_at__lt=now - STUCK_AFTER
    ).update(state=DeliveryState.QUEUED, next_attempt_at=now)
    due = Delivery.objects.filter(state=DeliveryState.QUEUED)
    if not retry_now:
        due = due.filter(next_attempt_at__lte=now)
    due = due.select_related("partner", "message").order_by("message__created", "pk")
    run = DeliveryRun()
    for delivery in due[:limit] if limit else due:
        deliver(delivery)
        run.attempted += 1
        if delivery.has_arrived():
            run.delivered += 1
        elif delivery.state == DeliveryState.FAILED:
            run.failed += 1
        elif delivery.state == DeliveryState.QUEUED:
            run.retrying += 1
    return run


# --- receiving -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """The inbox's answer to one token: HTTP status and the JSON object to return."""

    http_status: int
    status: str  # accepted, duplicate or refused
    code: str = ""
    detail: str = ""
    message_id: str = ""

    def as_json(self) -> dict[str, str]:
        document = {"status": self.status, "code": self.code, "detail": self.detail}
        if self.message_id:
            document["message_id"] = self.message_id
        return document


def receive(token: bytes | str, *, remote: str, now: datetime | None = None) -> Receipt:
    """Check an incoming token and store the message once; refusals go to the rejected log.

    Steps: every check of ``open_message`` (docs/exchange.md, "Inbox checks") except the
    duplicate check, which is the unique constraint on (sender, id) where the message is stored,
    so two workers receiving the same message at once store it once. A repeat is answered 200
    (the sender may stop retrying) and logged, but not stored again.
    """
    now = now or timezone.now()
    try:
        verified = open_message(
            token, own_keys(), active_partners(), groups=configured_groups(), now=now
        )
    except Refusal as refusal:
        _reject(token, remote, refusal.code, refusal.message)
        status = 413 if refusal.code == RefusalCode.TOO_LARGE else 400
        return Receipt(status, "refused", refusal.code.value, refusal.message)
    try:
        with transaction.atomic():
            incoming = _store(verified, now)
            _note_reply(incoming)
    except IntegrityError:
        detail = (
            f"message {verified.id} from {verified.sender} was received before "
            "(a replay or a repeated delivery): acknowledged, not stored again"
        )
        _reject(token, remote, RefusalCode.DUPLICATE, detail)
        return Receipt(200, "duplicate", RefusalCode.DUPLICATE.value, detail, str(verified.id))
    return Receipt(200, "accepted", message_id=str(incoming.message_id))


def _reject(token: bytes | str, remote: str, code: RefusalCode, message: str) -> None:
    text = token.decode("ascii", "replace") if isinstance(token, bytes) else token
    RejectedMessage.objects.create(
        remote_address=remote[:100],
        code=code.value,
        message=message[:2000],
        token_start=text[:200],
        token_length=len(token),
    )


def _store(verified: VerifiedMessage, now: datetime) -> IncomingMessage:
    header = verified.message.header
    return IncomingMessage.objects.create(
        message_id=verified.id,
        sender=verified.sender,
        partner=PartnerNode.objects.filter(node_id=verified.sender).first(),
        kind=verified.type.value,
        group=ClosedUserGroup.objects.get(code=header.group),
        document=json.loads(verified.message.to_json()),
        created=header.created,
        received=now,
        in_reply_to=header.in_reply_to,
        signing_kid=verified.signing_kid,
        # A receipt asks nothing of anyone: it moves the state of what it acknowledges (the
        # outbox shows it) and stays in the inbox and the thread, but is not counted unread.
        read_at=now if verified.type == MessageType.ACKNOWLEDGEMENT else None,
    )


def _note_reply(incoming: IncomingMessage) -> None:
    """A reply moves the state of what it answers, as delivered to its sender, forward."""
    if incoming.in_reply_to is None:
        return
    ours = Delivery.objects.filter(
        message_id=incoming.in_reply_to, partner__node_id=incoming.sender
    )
    if incoming.kind in ANSWERING_KINDS:
        ours.exclude(state=DeliveryState.FAILED).update(state=DeliveryState.ANSWERED)
    elif incoming.kind == MessageKind.ACKNOWLEDGEMENT:
        if incoming.body.get("StatusCode") == "refused":
            reason = f"{incoming.body.get('ReasonCode', '')}: {incoming.body.get('ReasonText', '')}"
            ours.update(state=DeliveryState.FAILED, last_error=f"refused by partner {reason}")
        else:
            ours.filter(
                state__in=[DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.QUEUED]
            ).update(state=DeliveryState.READ)


# --- working the inbox -----------------------------------------------------------------------


def mark_read(incoming: IncomingMessage, *, by: User | None, now: datetime | None = None) -> None:
    """Mark an incoming message read (the first reader counts)."""
    IncomingMessage.objects.filter(pk=incoming.pk, read_at__isnull=True).update(
        read_at=now or timezone.now(), read_by=by if by is not None and by.pk else None
    )
    incoming.refresh_from_db()


def answer(
    incoming: IncomingMessage,
    *,
    kind: str,
    body: Mapping[str, Any],
    by: User | None,
    unit: Unit | None = None,
) -> OutgoingMessage:
    """Reply to the sender of an incoming request or alert; it is then read and answered."""
    allowed = REPLIES.get(incoming.kind, frozenset())
    if kind not in allowed:
        raise ExchangeError(f"a {kind} cannot answer a {incoming.kind}", "kind")
    with transaction.atomic():
        reply = send_message(
            kind=kind,
            body=body,
            group=incoming.group,
            recipients=[incoming.sender],
            in_reply_to=incoming.message_id,
            by=by,
            unit=unit,
        )
        IncomingMessage.objects.filter(pk=incoming.pk).update(answered=True)
        mark_read(incoming, by=by)
    return reply


def acknowledge(
    incoming: IncomingMessage, *, by: User | None, unit: Unit | None = None
) -> OutgoingMessage:
    """Tell the sender the message was received and read; it is then read here too."""
    if incoming.kind == MessageKind.ACKNOWLEDGEMENT:
        raise ExchangeError("an acknowledgement is not acknowledged", "kind")
    with transaction.atomic():
        reply = send_message(
            kind=MessageKind.ACKNOWLEDGEMENT.value,
            body={"StatusCode": "received"},
            group=incoming.group,
            recipients=[incoming.sender],
            in_reply_to=incoming.message_id,
            by=by,
            unit=unit,
        )
        mark_read(incoming, by=by)
    return reply


# --- alerts from tasks, and alerts into the queue -------------------------------------------

ALERT_QUEUED = "exchange.alert.queued"
ALERT_ENGINE_VERSION = ALERT_ORIGIN
# Requested actions that call for a physical look when the sender gave no lane.
LANE_OF_ACTION = {"inspect": "red", "scan": "red", "hold": "red", "documentary_check": "yellow"}


class NoMatchingRecord(ExchangeError):
    """The unit holds no record the alert is about (yet): the manifest may not have arrived."""


@dataclass(frozen=True)
class QueuedAlert:
    """The task an incoming alert became, and whether this call made it."""

    task: TargetingTask
    created: bool


def send_task_alert(
    task: TargetingTask,
    *,
    group: ClosedUserGroup,
    body: Mapping[str, Any],
    recipients: Iterable[str] | None,
    by: User,
) -> OutgoingMessage:
    """Send an alert about a task's target to partner nodes; the task's audit trail names it."""
    with transaction.atomic():
        outgoing = send_message(
            kind=MessageKind.ALERT.value,
            body=body,
            group=group,
            recipients=recipients,
            by=by,
            unit=task.unit,
        )
        record_audit(
            actor=by,
            action="exchange.alert.sent_from_task",
            obj=task,
            unit=task.unit,
            summary=f"alert {outgoing.id} on task #{task.pk} {task.target_label} "
            f"{post_state(outgoing).value} in group {group.code}",
            details={"message": str(outgoing.id), "group": group.code},
        )
    return outgoing


def queued_task_of(incoming: IncomingMessage, unit: Unit) -> TargetingTask | None:
    """The task an alert already became in the unit, if it did."""
    entry = (
        AuditEntry.objects.filter(
            action=ALERT_QUEUED,
            object_type=IncomingMessage._meta.label_lower,
            object_id=str(incoming.pk),
            unit=unit,
        )
        .order_by("pk")
        .first()
    )
    if entry is None:
        return None
    return TargetingTask.objects.filter(pk=entry.details.get("task"), unit=unit).first()


def queue_alert(incoming: IncomingMessage, *, by: User) -> QueuedAlert:
    """Make an incoming alert a task in the queue of the user's unit, once.

    Steps:

    1. lock the alert; if it became a task of this unit before, return that task (a second
       click, or two officers at once, make no second task);
    2. find the record the alert is about in the unit's cargo data (:mod:`.matching`); none
       found raises :class:`NoMatchingRecord` naming what was looked for;
    3. a target with an open task keeps it: the alert is noted on that task;
    4. otherwise a task is made with the alert's lane and score and an assessment whose first
       reason is the alert, followed by the engine's current reasons for the record;
    5. the alert is marked read, and an audit entry links it to the task.
    """
    unit = by.unit
    if incoming.kind != MessageKind.ALERT or unit is None:
        raise ExchangeError("only an alert becomes a task, by a member of a unit", "kind")
    with transaction.atomic():
        IncomingMessage.objects.select_for_update().filter(pk=incoming.pk).first()
        earlier = queued_task_of(incoming, unit)
        if earlier is not None:
            return QueuedAlert(earlier, created=False)
        match = match_alert(unit, incoming.body)
        target = match.target
        if match.record is None or target is None:
            raise NoMatchingRecord(_no_record_message(incoming, match), "record")
        note = _alert_note(incoming)
        task = _open_task(unit, match, target)
        created = task is None
        if task is None:
            task = _new_alert_task(unit, match, target, incoming, note)
        TaskEvent.objects.create(
            task=task, actor=by, action="alert", status=task.status, note=note[:2000]
        )
        mark_read(incoming, by=by)
        record_audit(
            actor=by,
            action=ALERT_QUEUED,
            obj=incoming,
            unit=unit,
            summary=f"alert {incoming.message_id} from {incoming.sender} "
            f"{'became' if created else 'noted on'} task #{task.pk} {task.target_label}",
            details={"task": task.pk, "created": created, "target": target.value},
        )
    return QueuedAlert(task, created)


def _no_record_message(incoming: IncomingMessage, match: Match) -> str:
    if match.voyage is not None:
        return (
            f"the alert is about voyage {match.voyage.number} (found here), but a vessel is "
            "not a target of the queue: open the voyage and select its cargo units or people"
        )
    if not match.looked_for:
        return (
            "the alert names no container, document or identity document number "
            "(personal data may have been stripped by the sender's group)"
        )
    return (
        f"none of {', '.join(match.looked_for)} is in your unit's cargo data yet: the manifest "
        "may not have arrived. The alert stays in the inbox; add it to the queue again once "
        "the manifest is loaded"
    )


def _alert_note(incoming: IncomingMessage) -> str:
    """The alert's reasons and requested action in one line, as the queue shows a reason."""
    body = incoming.body
    reasons = [r.get("Text", "") for r in body.get("RiskAssessment", {}).get("Reason", [])]
    action = body.get("RequestedAction", {})
    asked = " ".join(filter(None, [action.get("TypeCode", ""), action.get("Description", "")]))
    text = "; ".join(filter(None, reasons)) or "no reason given"
    return f"Alert from partner node {incoming.sender}: {text} (requested: {asked or '-'})"


def _open_task(unit: Unit, match: Match, target: TargetKind) -> TargetingTask | None:
    field = TARGET_FIELDS[target]
    return (
        TargetingTask.objects.filter(unit=unit, target=target, **{field: match.record})
        .exclude(status=TaskStatus.COMPLETE)
        .first()
    )


def _alert_lane_score_threat(body: Mapping[str, Any]) -> tuple[str, int, str]:
    risk = body.get("RiskAssessment", {})
    lane = risk.get("LaneCode") or LANE_OF_ACTION.get(
        body.get("RequestedAction", {}).get("TypeCode", ""), "yellow"
    )
    score = round(min(100.0, max(0.0, float(risk.get("Score", 0) or 0))))
    threat = next((t for t in risk.get("ThreatCode", []) if t in Threat.values), "")
    return lane, score, threat


def _new_alert_task(
    unit: Unit, match: Match, target: TargetKind, incoming: IncomingMessage, note: str
) -> TargetingTask:
    """A task with its own assessment: the alert's reason first, then the engine's reasons.

    The assessment is not current: the engine's current assessment of the record stays the
    one the voyage pages and statistics read; this one explains the task.
    """
    lane, score, threat = _alert_lane_score_threat(incoming.body)
    field = TARGET_FIELDS[target]
    current = Assessment.objects.filter(
        unit=unit, target=target, is_current=True, **{field: match.record}
    ).first()
    alert_reason = {
        "kind": "alert",
        "key": f"{incoming.sender}:{incoming.message_id}",
        "label": note[:500],
        "score": float(score),
        "lane": lane,
        "threat": threat,
        "detail": {"partner": incoming.sender, "message": str(incoming.message_id)},
    }
    assessment = Assessment.objects.create(
        unit=unit,
        voyage=match.voyage,
        target=target,
        **{field: match.record},
        score=score,
        lane=lane,
        threat=threat,
        reasons=[alert_reason, *(current.reasons if current else [])],
        engine_version=ALERT_ENGINE_VERSION,
        is_current=False,
    )
    return TargetingTask.objects.create(
        unit=unit,
        voyage=match.voyage,
        target=target,
        **{field: match.record},
        assessment=assessment,
        lane=lane,
        score=score,
        threat=threat,
        selected_at=timezone.now(),
    )
