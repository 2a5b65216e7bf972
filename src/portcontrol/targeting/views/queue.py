"""The targeting queue and the task page: claim, order the inspection, record the result."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portcontrol.accounts.permissions import for_unit, get_for_unit_or_404
from portcontrol.cargo.models import Consignment, Party, Person
from portcontrol.targeting import actions
from portcontrol.targeting.access import member_required, task_worker_required
from portcontrol.targeting.choices import Lane, TaskResult, TaskStatus, Threat
from portcontrol.targeting.forms import TaskActionForm, TaskSharingForm
from portcontrol.targeting.models import TargetingTask, TaskEvent
from portcontrol.web.periods import Period, check_period_order

PER_PAGE = 50
OPEN = (TaskStatus.NEW, TaskStatus.CLAIMED, TaskStatus.ISSUED)
# The status filter's names for the open tasks (the default) and for every task.
OPEN_FILTER = "open"
ALL = "all"
# Steps that mean someone decided what to do with the selection, as the dashboards count them.
DECISION_EVENTS = ("issued", "completed")


def _day_bounds(first: date | None, last: date | None) -> dict[str, datetime]:
    """Lookups on ``selected_at`` for whole local days, as the dashboards count them."""
    bounds: dict[str, datetime] = {}
    if first is not None:
        bounds["selected_at__gte"] = Period(first, first).start
    if last is not None:
        bounds["selected_at__lt"] = Period(last, last).end
    return bounds


def _decided() -> Q:
    """Tasks someone decided on: an "issued" or "completed" step, or an inspection ordered."""
    step = TaskEvent.objects.filter(task=OuterRef("pk"), action__in=DECISION_EVENTS)
    ordered = TargetingTask.objects.filter(pk=OuterRef("pk"), inspections__isnull=False)
    return Q(Exists(step)) | Q(Exists(ordered))


class QueueFilterForm(forms.Form):
    """Filters of the queue, as people set them and as the dashboard's figures link them.

    ``from`` and ``to`` are local days of selection (both included); ``random`` 0 lists the
    targeted tasks, 1 the random ones; ``decided`` the tasks with a decision (the dashboard's
    time to decision); ``unit`` the unit a figure counted, which must be the user's own.
    """

    voyage = forms.CharField(label=gettext_lazy("Voyage"), max_length=60, required=False)
    lane = forms.ChoiceField(
        label=gettext_lazy("Lane"),
        choices=[("", gettext_lazy("any")), *Lane.choices],
        required=False,
    )
    threat = forms.ChoiceField(
        label=gettext_lazy("Threat"),
        choices=[("", gettext_lazy("any")), *Threat.choices],
        required=False,
    )
    score = forms.IntegerField(label=gettext_lazy("Score at least"), min_value=0, required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            (OPEN_FILTER, gettext_lazy("open")),
            (ALL, gettext_lazy("all")),
            *TaskStatus.choices,
        ],
        required=False,
    )
    result = forms.ChoiceField(
        label=gettext_lazy("Result"),
        choices=[("", gettext_lazy("any")), *TaskResult.choices],
        required=False,
    )
    random = forms.ChoiceField(
        label=gettext_lazy("Selection"),
        choices=[
            ("", gettext_lazy("any")),
            ("0", gettext_lazy("targeted only")),
            ("1", gettext_lazy("random only")),
        ],
        required=False,
    )
    decided = forms.BooleanField(label=gettext_lazy("Decided only"), required=False)
    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # "from" is a Python keyword, so these two fields cannot be class attributes.
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        optional: dict[str, Any] = {"required": False, "widget": date_input}
        self.fields["from"] = forms.DateField(label=gettext_lazy("From"), **optional)
        self.fields["to"] = forms.DateField(label=gettext_lazy("To"), **optional)

    def clean_unit(self) -> int | None:
        unit = self.cleaned_data.get("unit")
        if unit is not None and unit != self.user.unit_id:
            raise forms.ValidationError(_("Only the tasks of your own unit are listed here."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_period_order(self)
        return data

    def apply(self, tasks: QuerySet[TargetingTask]) -> QuerySet[TargetingTask]:
        """The tasks that match the (valid) filters; open ones when no status is asked for."""
        data = self.cleaned_data
        status = data.get("status") or OPEN_FILTER
        if status == OPEN_FILTER:
            tasks = tasks.filter(status__in=OPEN)
        elif status != ALL:
            tasks = tasks.filter(status=status)
        if data.get("voyage"):
            tasks = tasks.filter(voyage__number__iexact=data["voyage"].strip())
        for name in ("lane", "threat", "result"):
            if data.get(name):
                tasks = tasks.filter(**{name: data[name]})
        if data.get("score") is not None:
            tasks = tasks.filter(score__gte=data["score"])
        if data.get("random"):
            tasks = tasks.filter(is_random=data["random"] == "1")
        if data.get("decided"):
            tasks = tasks.filter(_decided())
        return tasks.filter(**_day_bounds(data.get("from"), data.get("to")))

    def error_lines(self) -> list[str]:
        """Each refused filter as "Field: reason", for the top of the page."""
        return [
            f"{self.fields[name].label}: {' '.join(errors)}" if name in self.fields else errors[0]
            for name, errors in self.errors.items()
        ]


def _filtered(request: HttpRequest, form: QueueFilterForm) -> QuerySet[TargetingTask]:
    tasks = for_unit(TargetingTask.objects.all(), request.user).select_related(
        "voyage", "cargo_unit", "consignment__document", "person", "assignee"
    )
    return form.apply(tasks) if form.is_valid() else tasks.none()


@member_required
def queue(request: HttpRequest) -> HttpResponse:
    """Open tasks of the unit, highest score first, with filters.

    A filter that cannot be read is named with the reason, and nothing is listed until it is
    put right: a list broader than asked for would pass for a figure's tasks.
    """
    form = QueueFilterForm(request.GET, user=request.user)
    page = Paginator(_filtered(request, form), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "query": query.urlencode(), "form": form}
    status = 200 if form.is_valid() else 400
    return render(request, "targeting/queue.html", context, status=status)


@member_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One task: the cargo unit, its goods, parties and people, every reason, the history."""
    task = get_for_unit_or_404(
        TargetingTask.objects.select_related(
            "voyage", "cargo_unit", "consignment__document", "person", "assignee", "assessment"
        ),
        request.user,
        pk=pk,
    )
    if task.cargo_unit_id:
        goods = Consignment.objects.filter(
            cargo_units=task.cargo_unit_id, document__is_current=True
        )
    elif task.consignment_id:
        goods = Consignment.objects.filter(pk=task.consignment_id)
    else:
        goods = Consignment.objects.none()
    goods = goods.select_related("document")
    parties = Party.objects.filter(document__in=goods.values("document")).select_related("document")
    people = Person.objects.none()
    if task.person_id:
        people = Person.objects.filter(pk=task.person_id)
    elif task.cargo_unit_id and task.cargo_unit.vehicle_plate:
        people = Person.objects.filter(
            voyage=task.voyage_id, vehicle_plate=task.cargo_unit.vehicle_plate
        )
    context = {
        "task": task,
        "goods": goods,
        "parties": parties,
        "people": people,
        "reasons": task.assessment.reasons if task.assessment else [],
        "events": task.events.select_related("actor"),
        "form": TaskActionForm(initial={"version": task.version}),
        "may_work": actions_allowed(request, task),
        **_sharing(request, task),
    }
    return render(request, "targeting/task_detail.html", context)


def actions_allowed(request: HttpRequest, task: TargetingTask) -> bool:
    """Whether the buttons are shown: the queue roles, and for a claimed task its assignee."""
    from portcontrol.targeting.access import may_approve, may_work_tasks

    user = request.user
    if not may_work_tasks(user):
        return False
    return task.status == TaskStatus.NEW or task.assignee_id == user.pk or may_approve(user)


def _sharing(request: HttpRequest, task: TargetingTask) -> dict[str, Any]:
    """The agencies the task is shared with and, for who may change that, the form."""
    shared_with = list(task.shared_with.order_by("kind", "name"))
    form = None
    if actions.may_share_task(request.user, task):
        form = TaskSharingForm(unit=task.unit, initial={"agencies": shared_with})
    return {"shared_with": shared_with, "sharing_form": form}


@require_POST
@member_required
def task_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share the task with exactly the ticked partner agencies; analysts and supervisors only."""
    task = get_for_unit_or_404(
        TargetingTask.objects.select_related("unit__agency"), request.user, pk=pk
    )
    if not actions.may_share_task(request.user, task):
        raise PermissionDenied("only an analyst or a supervisor shares a task")
    form = TaskSharingForm(request.POST, unit=task.unit)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("agencies", [])) or _("Nothing changed."))
        return redirect("targeting:task", pk=task.pk)
    try:
        added, removed = actions.set_task_sharing(
            task, form.cleaned_data["agencies"], by=request.user
        )
    except actions.TargetingError as exc:
        messages.error(request, str(exc))
    else:
        if added or removed:
            messages.success(request, _("Sharing with partner agencies updated."))
        else:
            messages.info(request, _("The task was shared with these agencies already."))
    return redirect("targeting:task", pk=task.pk)


TRANSITIONS = {
    "claim": lambda task, by, data: actions.claim_task(task, by=by, version=data["version"]),
    "unclaim": lambda task, by, data: actions.unclaim_task(task, by=by, version=data["version"]),
    "issue": lambda task, by, data: actions.issue_task(
        task, by=by, version=data["version"], notes=data["notes"]
    ),
    "complete": lambda task, by, data: actions.complete_task(
        task, by=by, version=data["version"], result=data["result"], notes=data["notes"]
    ),
}


@require_POST
@task_worker_required
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Claim, give back, order or complete a task, if nobody changed it meanwhile."""
    task = get_for_unit_or_404(TargetingTask.objects.all(), request.user, pk=pk)
    form = TaskActionForm(request.POST)
    if action not in TRANSITIONS or not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing changed."))
        return redirect("targeting:task", pk=task.pk)
    try:
        TRANSITIONS[action](task, request.user, form.cleaned_data)
    except actions.TaskConflict:
        messages.error(
            request, _("Someone else changed this task meanwhile; here is how it stands now.")
        )
    except actions.TargetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Task updated."))
    return redirect("targeting:task", pk=task.pk)
