"""The exchange between the demo's Kazakh and Azerbaijani nodes, as their officers would run it.

``portcontrol demo`` starts both nodes and runs three rounds, each on one node, every message
going over HTTP to the other node's inbox:

1. Kazakhstan: Kuryk alerts Alyat to the highest-scored trucks and containers it selected on
   ferries bound for Alyat, asks about a ferry coming from Alyat, and shares a watch-list entry;
2. Azerbaijan: Alyat puts each alert in its queue with one click and acknowledges it, works
   its queue (the demo inspections), answers the question and sends back what the inspections
   of the alerted targets found, with a seizure notice for each seizure;
3. Kazakhstan: Kuryk acknowledges the results and works its own queue; within the country it
   posts its top remaining alert to the national operation's group (customs, border service and
   police on this node, nothing leaves it) and shares that task with the border service.

Each round is done once: a second run finds its messages and sends nothing new.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count

from portcontrol.accounts.choices import AgencyKind, Role
from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.models import Voyage
from portcontrol.exchange import actions
from portcontrol.exchange.choices import DeliveryState, MessageKind
from portcontrol.exchange.compose import alert_body
from portcontrol.exchange.models import (
    ClosedUserGroup,
    Delivery,
    IncomingMessage,
    OutgoingMessage,
)
from portcontrol.targeting.choices import Lane, TaskStatus
from portcontrol.targeting.models import TargetingTask
from portcontrol.web.demo import Say, work_inspections


@dataclass(frozen=True)
class DemoNode:
    """One country's node in the demo: its id, its name, and its PCU facing the other shore."""

    country: str
    node_id: str
    name: str
    ferry_unit: str
    national_group: str
    national_group_name: str


NODES = {
    "KZ": DemoNode(
        "KZ", "KZ-SRC", "Kazakhstan, State Revenue Committee", "KZKUR",
        "KZ-OPS-STEPPE", "Operation Steppe: customs, border service and police",
    ),
    "AZ": DemoNode(
        "AZ", "AZ-SCC", "Azerbaijan, State Customs Committee", "AZALA",
        "AZ-OPS-SHIRVAN", "Operation Shirvan: customs and border service",
    ),
}  # fmt: skip
FERRY_GROUP = "CASPIAN-FERRY"
FERRY_GROUP_NAME = "Kuryk–Alyat ferry line"
ALERTS_SENT = 3


def other(country: str) -> DemoNode:
    """The node on the other shore."""
    return next(node for code, node in NODES.items() if code != country)


def _user(unit: Unit, role: str) -> User:
    return User.objects.get(unit=unit, role=role, username=f"{unit.code.lower()}.{role}")


# --- configuration -------------------------------------------------------------------------


def configure_exchange(country: str, *, peer_document: str, peer_inbox_url: str, say: Say) -> None:
    """Register the other country's node and the groups: the bilateral ferry line, where
    personal data may travel, and a national operation of customs and partner agencies."""
    here, there = NODES[country], other(country)
    admin = User.objects.filter(username="admin").first()
    partner = actions.register_partner(
        by=admin,
        document=peer_document,
        name=there.name,
        country=there.country,
        inbox_url=peer_inbox_url,
    )
    units = list(Unit.objects.filter(agency__country=country, agency__kind=AgencyKind.CUSTOMS))
    border = list(Agency.objects.filter(country=country, kind=AgencyKind.BORDER_SERVICE))
    everyone = list(Agency.objects.filter(country=country).exclude(kind=AgencyKind.CUSTOMS))
    actions.save_group(
        by=admin,
        code=FERRY_GROUP,
        name=FERRY_GROUP_NAME,
        personal_data_allowed=True,
        partner_ids=[partner.node_id],
        units=units,
        agencies=border,
    )
    actions.save_group(
        by=admin,
        code=here.national_group,
        name=here.national_group_name,
        personal_data_allowed=True,
        partner_ids=[],
        units=units,
        agencies=everyone,
    )
    say(f"  partner {partner.node_id} at {peer_inbox_url}; groups {FERRY_GROUP}, "
        f"{here.national_group}")  # fmt: skip


# --- round 1: Kuryk alerts Alyat -------------------------------------------------------------


def send_alerts(country: str, *, say: Say) -> None:
    """Alerts on the top tasks bound for the other shore, a question about an arriving ferry,
    a watch-list entry shared."""
    here, there = NODES[country], other(country)
    if OutgoingMessage.objects.filter(kind=MessageKind.ALERT).exists():
        say("  alerts already sent")
        return
    unit = Unit.objects.get(code=here.ferry_unit)
    analyst = _user(unit, Role.ANALYST)
    group = ClosedUserGroup.objects.get(code=FERRY_GROUP)
    tasks = (
        TargetingTask.objects.filter(
            unit=unit, status=TaskStatus.NEW, lane=Lane.RED, voyage__arrival_port=there.ferry_unit
        )
        .select_related("voyage", "assessment", "cargo_unit", "consignment", "person")
        .order_by("-score", "pk")[:ALERTS_SENT]
    )
    for task in tasks:
        body = alert_body(
            task,
            requested_action="inspect",
            description=f"Selected in {unit.code} before departure: please inspect on arrival.",
        )
        sent = actions.send_task_alert(task, group=group, body=body, recipients=None, by=analyst)
        say(f"  alert {sent.id}: task #{task.pk} {task.target_label} (score {task.score})")
    _ask_about_arriving_ferry(unit, analyst, group, there, say)
    _share_watch_list_entry(unit, analyst, group, say)
    _deliver(say)


def _ask_about_arriving_ferry(
    unit: Unit, analyst: User, group: ClosedUserGroup, there: DemoNode, say: Say
) -> None:
    voyage = (
        Voyage.objects.filter(unit=unit, departure_port=there.ferry_unit)
        .exclude(imo="")
        .order_by("-arrival_time", "pk")
        .first()
    )
    if voyage is None:
        return
    body = {
        "SubjectTypeCode": "vessel",
        "BorderTransportMeans": {
            "ID": voyage.imo,
            "IdentificationTypeCode": "10",
            "Name": voyage.vessel_name,
            "JourneyID": voyage.number,
        },
        "Question": "Which trucks of this ferry did you inspect at loading, and what was found?",
    }
    sent = actions.send_message(
        kind=MessageKind.REQUEST.value, body=body, group=group, by=analyst, unit=unit
    )
    say(f"  request {sent.id}: ferry {voyage.vessel_name} voyage {voyage.number}")


def _share_watch_list_entry(unit: Unit, analyst: User, group: ClosedUserGroup, say: Say) -> None:
    from portcontrol.exchange.feedback import share_watch_list_entry
    from portcontrol.targeting.choices import EntryStatus
    from portcontrol.targeting.models import WatchListEntry

    entry = (
        WatchListEntry.objects.filter(watch_list__agency=unit.agency)
        .exclude(status=EntryStatus.REMOVED)
        .order_by("pk")
        .first()
    )
    if entry is None:
        return
    sent = share_watch_list_entry(entry, group=group, by=analyst)
    say(f"  watch-list entry {sent.id}: {entry}")


# --- round 2: Alyat works the alerts and answers -------------------------------------------


def answer_partner(country: str, scenario_dir: Path, *, seed: int, say: Say) -> None:
    """Alerts into the queue and acknowledged, the question answered, the queue worked, the
    results of the alerted targets sent back."""
    here = NODES[country]
    unit = Unit.objects.get(code=here.ferry_unit)
    analyst = _user(unit, Role.ANALYST)
    for alert in IncomingMessage.objects.filter(kind=MessageKind.ALERT, read_at__isnull=True):
        _queue_and_acknowledge(alert, analyst, say)
    for entry in IncomingMessage.objects.filter(
        kind=MessageKind.WATCH_LIST_ENTRY, read_at__isnull=True
    ):
        actions.acknowledge(entry, by=analyst, unit=unit)
        say(f"  watch-list entry {entry.message_id} acknowledged")
    work_inspections(scenario_dir, seed=seed, say=say, elsewhere=[other(country).ferry_unit])
    for request in IncomingMessage.objects.filter(kind=MessageKind.REQUEST, answered=False):
        _answer_request(request, unit, analyst, say)
    _send_results(unit, analyst, say)
    _deliver(say)


def _queue_and_acknowledge(alert: IncomingMessage, analyst: User, say: Say) -> None:
    try:
        queued = actions.queue_alert(alert, by=analyst)
        outcome = f"task #{queued.task.pk} {queued.task.target_label}"
    except actions.NoMatchingRecord as missing:
        outcome = f"kept in the inbox: {missing}"
    actions.acknowledge(alert, by=analyst, unit=analyst.unit)
    say(f"  alert {alert.message_id} from {alert.sender}: {outcome}; acknowledged")


def _answer_request(request: IncomingMessage, unit: Unit, analyst: User, say: Say) -> None:
    from portcontrol.inspections.models import Inspection

    journey = request.body.get("BorderTransportMeans", {}).get("JourneyID", "")
    voyage = Voyage.objects.filter(unit=unit, number=journey).first()
    if voyage is None:
        text = f"Voyage {journey or '?'} is not in our manifests."
    else:
        done = (
            Inspection.objects.filter(unit=unit, task__voyage=voyage)
            .values("result")
            .annotate(count=Count("pk"))
        )
        counts = ", ".join(f"{row['count']} {row['result'] or 'open'}" for row in done)
        text = (
            f"Voyage {voyage.number} ({voyage.route}): "
            f"{counts or 'no inspection recorded at loading'}."
        )
    actions.answer(
        request,
        kind=MessageKind.ANSWER.value,
        body={"Answer": text},
        by=analyst,
        unit=unit,
    )
    say(f"  request {request.message_id} answered: {text}")


def _send_results(unit: Unit, analyst: User, say: Say) -> None:
    from portcontrol.exchange.feedback import alert_of_task, send_inspection_feedback
    from portcontrol.inspections.choices import InspectionStatus
    from portcontrol.inspections.models import Inspection

    inspections = Inspection.objects.filter(unit=unit, task__isnull=False).select_related("task")
    for inspection in inspections.order_by("pk"):
        if inspection.status != InspectionStatus.DONE or alert_of_task(inspection.task) is None:
            continue
        try:
            sent = send_inspection_feedback(inspection, by=analyst)
        except actions.ExchangeError as refused:
            say(f"  inspection #{inspection.pk}: {refused}")
            continue
        kinds = ", ".join(message.kind for message in sent)
        say(f"  inspection #{inspection.pk} of task #{inspection.task_id}: sent {kinds}")


# --- round 3: Kuryk reads the results ------------------------------------------------------


def read_results(country: str, scenario_dir: Path, *, seed: int, say: Say) -> None:
    """Results and answers acknowledged; then Kuryk works its own queue."""
    unit = Unit.objects.get(code=NODES[country].ferry_unit)
    analyst = _user(unit, Role.ANALYST)
    replies = IncomingMessage.objects.filter(
        kind__in=[MessageKind.INSPECTION_RESULT, MessageKind.SEIZURE_NOTICE, MessageKind.ANSWER],
        read_at__isnull=True,
    )
    for reply in replies:
        actions.acknowledge(reply, by=analyst, unit=unit)
        say(f"  {reply.kind} {reply.message_id} from {reply.sender}: read and acknowledged")
    work_inspections(scenario_dir, seed=seed, say=say, elsewhere=[other(country).ferry_unit])
    _within_the_country(NODES[country], unit, say)
    _deliver(say)


def _within_the_country(here: DemoNode, unit: Unit, say: Say) -> None:
    """The unit's highest open task: posted to the national group, shared with the border
    service, so that their officers see it (once)."""
    from portcontrol.targeting.actions import share_task

    group = ClosedUserGroup.objects.get(code=here.national_group)
    if group.outgoing.exists():
        say(f"  {group.code}: posted before")
        return
    task = (
        TargetingTask.objects.filter(unit=unit, lane=Lane.RED)
        .exclude(status=TaskStatus.COMPLETE)
        .select_related("voyage", "assessment", "cargo_unit", "consignment", "person")
        .order_by("-score", "pk")
        .first()
    )
    if task is None:
        return
    supervisor = _user(unit, Role.SUPERVISOR)
    body = alert_body(
        task, requested_action="hold", description="Hold at the gate until customs clears it."
    )
    posted = actions.send_task_alert(task, group=group, body=body, recipients=[], by=supervisor)
    border = Agency.objects.filter(country=here.country, kind=AgencyKind.BORDER_SERVICE)
    share_task(task, list(border), by=supervisor)
    say(f"  alert {posted.id} posted to {group.code}; task #{task.pk} {task.target_label} "
        f"shared with {', '.join(agency.code for agency in border)}")  # fmt: skip


def _deliver(say: Say, wait: float = 60) -> None:
    """Deliver now rather than wait for the worker, and until nothing is on its way: the next
    round, on the other node, reads what arrived. The worker may hold some deliveries (it was
    queued when the messages were stored): those are waited for, not posted twice."""
    deadline = time.monotonic() + wait
    delivered = 0
    while True:
        delivered += actions.deliver_due(retry_now=True).delivered
        on_the_way = Delivery.objects.filter(state__in=[DeliveryState.QUEUED, DeliveryState.SENT])
        if not on_the_way.exists() or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    failed = Delivery.objects.filter(state=DeliveryState.FAILED).count()
    say(f"  outbox: {delivered} delivered by this round, {on_the_way.count()} on the way, "
        f"{failed} failed")  # fmt: skip
