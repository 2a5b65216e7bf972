"""Exchange pages: inbox, one message with its thread, outbox, composing, rejected log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portcontrol.accounts.choices import Role
from portcontrol.accounts.models import User
from portcontrol.accounts.permissions import get_for_unit_or_404
from portcontrol.core.messages.personal import personal_data_classes
from portcontrol.exchange import actions, compose
from portcontrol.exchange.access import (
    administrator_required,
    get_visible_or_404,
    groups_of,
    member_required,
    visible,
)
from portcontrol.exchange.choices import MessageKind, PostState
from portcontrol.exchange.forms import ReplyForm, RequestForm, TaskAlertForm
from portcontrol.exchange.models import (
    ClosedUserGroup,
    IncomingMessage,
    OutgoingMessage,
    RejectedMessage,
)
from portcontrol.exchange.threads import thread_of
from portcontrol.targeting.access import may_work_tasks
from portcontrol.targeting.models import TargetingTask

PAGE_SIZE = 200
# How the officer reads the classes of personal data the core removes.
PERSONAL_DATA_WORDS = {
    "names": gettext_lazy("names"),
    "identity_documents": gettext_lazy("identity documents"),
    "birth_dates": gettext_lazy("birth dates"),
    "addresses": gettext_lazy("addresses of private persons"),
}


@member_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Incoming messages of the user's groups, newest first, with the unread count."""
    incoming = visible(IncomingMessage.objects.select_related("group"), request.user)
    context = {
        "messages_in": incoming[:PAGE_SIZE],
        "unread": incoming.filter(read_at__isnull=True).count(),
    }
    return render(request, "exchange/inbox.html", context)


@member_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One incoming message; opening it does not mark it read (that is a deliberate act)."""
    incoming = get_visible_or_404(
        IncomingMessage.objects.select_related("group"), request.user, pk=pk
    )
    kinds = actions.REPLIES.get(incoming.kind, frozenset())
    form = ReplyForm(request.POST or None, kinds=kinds) if kinds else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.answer(
                incoming,
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                by=request.user,
                unit=request.user.unit,
            )
        except actions.ExchangeError as error:
            form.add_error("body" if error.field in ("body", "__all__") else "kind", str(error))
        else:
            messages.success(request, _("The reply is sealed and queued for delivery."))
            return redirect("exchange:incoming", pk=incoming.pk)
    may_queue = incoming.kind == MessageKind.ALERT and _may_queue(request.user, incoming)
    context = {
        "incoming": incoming,
        "document": json.dumps(incoming.document, indent=2, ensure_ascii=False),
        "form": form,
        "thread": thread_of(incoming.message_id, incoming.in_reply_to, request.user),
        "may_queue": may_queue,
        "queued_task": (actions.queued_task_of(incoming, request.user.unit) if may_queue else None),
    }
    return render(request, "exchange/incoming_detail.html", context)


def _may_queue(user: User, incoming: IncomingMessage) -> bool:
    """Queue workers of a unit taking part in the alert's group, by unit or agency."""
    if not may_work_tasks(user):
        return False
    unit_groups = ClosedUserGroup.objects.filter(pk=incoming.group_id)
    return (
        unit_groups.filter(units=user.unit_id).exists()
        or unit_groups.filter(agencies=user.unit.agency_id).exists()
    )


@require_POST
@member_required
def incoming_to_task(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an incoming alert to the queue of the user's unit: one task, however many clicks."""
    incoming: IncomingMessage = get_visible_or_404(
        IncomingMessage.objects.select_related("group"), request.user, pk=pk
    )
    if incoming.kind != MessageKind.ALERT or not _may_queue(request.user, incoming):
        raise Http404("not found")
    try:
        queued = actions.queue_alert(incoming, by=request.user)
    except actions.NoMatchingRecord as error:
        messages.warning(request, _("Not added to the queue: %(reason)s.") % {"reason": error})
        return redirect("exchange:incoming", pk=incoming.pk)
    if queued.created:
        messages.success(request, _("Task #%(task)s is in your queue.") % {"task": queued.task.pk})
    else:
        messages.info(
            request,
            _("The alert is already in your queue as task #%(task)s.") % {"task": queued.task.pk},
        )
    return redirect("targeting:task", pk=queued.task.pk)


@member_required
def outgoing_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """One message this node sent, its delivery per recipient and its thread."""
    outgoing: OutgoingMessage = get_visible_or_404(
        OutgoingMessage.objects.select_related("group", "created_by", "unit"), request.user, pk=pk
    )
    context = {
        "outgoing": outgoing,
        "posted": actions.post_state(outgoing) == PostState.POSTED,
        "stripped_note": stripped_note(outgoing),
        "document": json.dumps(outgoing.document, indent=2, ensure_ascii=False),
        "deliveries": outgoing.deliveries.select_related("partner"),
        "thread": thread_of(outgoing.id, outgoing.in_reply_to, request.user),
    }
    return render(request, "exchange/outgoing_detail.html", context)


def stripped_note(outgoing: OutgoingMessage) -> str:
    """What was taken out of a message because its group forbids personal data, or ""."""
    header = outgoing.document.get("header", {})
    if header.get("personal_data") != "stripped":
        return ""
    removed = header.get("personal_data_removed", [])
    classes = ", ".join(str(PERSONAL_DATA_WORDS.get(name, name)) for name in removed)
    if not classes:
        return _(
            "Group %(group)s does not allow personal data: the message was checked for it "
            "and held none."
        ) % {"group": outgoing.group.code}
    return _(
        "Group %(group)s does not allow personal data: %(classes)s were removed before the "
        "message was stored, in the body and wherever they appeared in free text."
    ) % {"group": outgoing.group.code, "classes": classes}


def _done_message(outgoing: OutgoingMessage, *, sent: str, posted: str) -> str:
    """The confirmation: posted to the members here, or sealed and queued for partner nodes."""
    if actions.post_state(outgoing) == PostState.POSTED:
        return posted % {"group": outgoing.group.code}
    return sent


def _unit_groups(user: User) -> QuerySet[ClosedUserGroup]:
    """Groups the user takes part in (by unit, the unit's agency or their own agency), or 404."""
    groups = groups_of(user).order_by("code")
    if not groups.exists():
        raise Http404("not found")
    return groups


def _stripping_notes(body: dict, groups: QuerySet[ClosedUserGroup]) -> list[str]:
    """For each group that forbids personal data, what the core will take out of this body."""
    found = personal_data_classes(body)
    if not found:
        return []
    classes = ", ".join(str(PERSONAL_DATA_WORDS.get(c.value, c.value)) for c in found)
    return [
        _(
            "Group %(group)s does not allow personal data: %(classes)s will be removed "
            "before the alert leaves, in the body and wherever they appear in free text."
        )
        % {"group": group.code, "classes": classes}
        for group in groups
        if not group.personal_data_allowed
    ]


@login_required
def compose_task_alert(request: HttpRequest, task_pk: int) -> HttpResponse:
    """An alert about a task's target, pre-filled from its records and assessment."""
    if not may_work_tasks(request.user):
        raise Http404("not found")
    task: TargetingTask = get_for_unit_or_404(
        TargetingTask.objects.select_related("voyage", "cargo_unit", "person", "assessment"),
        request.user,
        pk=task_pk,
    )
    groups = _unit_groups(request.user)
    records = compose.records_of(task)
    form = TaskAlertForm(request.POST or None, groups=groups, initial=_alert_initial(task, groups))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = compose.alert_body(
            task,
            requested_action=data["requested_action"],
            description=data["description"],
            reply_by=data["reply_by"],
            remarks=data["remarks"],
            records=records,
        )
        try:
            outgoing = actions.send_task_alert(
                task,
                group=data["group"],
                body=body,
                recipients=form.chosen_recipients(),
                by=request.user,
            )
        except actions.ExchangeError as error:
            form.add_error(None, f"{error.field}: {error}")
        else:
            done = _done_message(
                outgoing,
                sent=_("The alert is sealed and queued for delivery."),
                posted=_("The alert is posted to the members of group %(group)s on this node."),
            )
            messages.success(request, done)
            return redirect("exchange:outgoing", pk=outgoing.pk)
    preview = compose.alert_body(task, requested_action="inspect", records=records)
    context = {
        "task": task,
        "form": form,
        "preview": preview,
        "preview_json": json.dumps(preview, indent=2, ensure_ascii=False),
        "stripping_notes": _stripping_notes(preview, groups),
    }
    return render(request, "exchange/compose_alert.html", context)


def _alert_initial(task: TargetingTask, groups: QuerySet[ClosedUserGroup]) -> dict[str, object]:
    """The first group, and the action the lane calls for."""
    action = {"red": "inspect", "yellow": "documentary_check"}.get(task.lane, "monitor")
    first = groups.first()
    return {"group": first.code if first else None, "requested_action": action}


def _is_partner_agency_officer(user: User) -> bool:
    """An active officer of a partner agency (border service, police) of this node."""
    return user.is_active and user.role == Role.PARTNER and user.agency_id is not None


@login_required
def compose_request(request: HttpRequest) -> HttpResponse:
    """A request for information in one of the user's groups.

    Unit staff send it to the group's partner nodes, or post it to its members here; a partner
    agency's officer (a member through the agency, with no unit) posts to the members here
    only: what leaves the node is the customs units' to send.
    """
    user = request.user
    abroad = user.works_in_unit()
    if not abroad and not _is_partner_agency_officer(user):
        raise Http404("not found")
    groups = _unit_groups(user)
    first = groups.first()
    form = RequestForm(
        request.POST or None,
        groups=groups,
        abroad=abroad,
        initial={"group": first.code if first else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            outgoing = actions.send_message(
                kind=MessageKind.REQUEST.value,
                body=form.body(),
                group=form.cleaned_data["group"],
                recipients=form.chosen_recipients(),
                by=user,
                unit=user.unit if abroad else None,
            )
        except actions.ExchangeError as error:
            form.add_error(None, f"{error.field}: {error}")
        else:
            done = _done_message(
                outgoing,
                sent=_("The request is sealed and queued for delivery."),
                posted=_("The request is posted to the members of group %(group)s on this node."),
            )
            messages.success(request, done)
            return redirect("exchange:outgoing", pk=outgoing.pk)
    return render(request, "exchange/compose_request.html", {"form": form})


@require_POST
@member_required
def incoming_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an incoming message read."""
    incoming = get_visible_or_404(IncomingMessage.objects.all(), request.user, pk=pk)
    actions.mark_read(incoming, by=request.user)
    return redirect("exchange:incoming", pk=incoming.pk)


@require_POST
@member_required
def incoming_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the sender an acknowledgement of receipt."""
    incoming = get_visible_or_404(
        IncomingMessage.objects.select_related("group"), request.user, pk=pk
    )
    try:
        actions.acknowledge(incoming, by=request.user, unit=request.user.unit)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The acknowledgement is sealed and queued for delivery."))
    return redirect("exchange:incoming", pk=incoming.pk)


@member_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Messages sent in the user's groups with the delivery state per recipient node."""
    sent = visible(OutgoingMessage.objects.select_related("group"), request.user)
    sent = sent.prefetch_related("deliveries__partner")
    return render(request, "exchange/outbox.html", {"sent": sent[:PAGE_SIZE]})


@administrator_required
def rejected(request: HttpRequest) -> HttpResponse:
    """Tokens the inbox refused, with the reason: forgeries, replays, misconfigured partners."""
    entries = RejectedMessage.objects.all()[:PAGE_SIZE]
    return render(request, "exchange/rejected.html", {"entries": entries})
