"""The targeting queue and the task page: claim, order the inspection, record the result."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portcontrol.accounts.permissions import for_unit, get_for_unit_or_404
from portcontrol.cargo.models import Consignment, Party, Person
from portcontrol.targeting import actions
from portcontrol.targeting.access import member_required, task_worker_required
from portcontrol.targeting.choices import Lane, TaskStatus, Threat
from portcontrol.targeting.forms import TaskActionForm
from portcontrol.targeting.models import TargetingTask

PER_PAGE = 50
OPEN = (TaskStatus.NEW, TaskStatus.CLAIMED, TaskStatus.ISSUED)


def _filtered(request: HttpRequest):  # type: ignore[no-untyped-def]
    tasks = for_unit(TargetingTask.objects.all(), request.user).select_related(
        "voyage", "cargo_unit", "consignment__document", "person", "assignee"
    )
    get = request.GET
    status = get.get("status", "open")
    if status == "open":
        tasks = tasks.filter(status__in=OPEN)
    elif status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    if get.get("voyage"):
        tasks = tasks.filter(voyage__number__iexact=get["voyage"].strip())
    if get.get("lane") in Lane.values:
        tasks = tasks.filter(lane=get["lane"])
    if get.get("threat") in Threat.values:
        tasks = tasks.filter(threat=get["threat"])
    if get.get("score", "").isdigit():
        tasks = tasks.filter(score__gte=int(get["score"]))
    if get.get("random") == "1":
        tasks = tasks.filter(is_random=True)
    return tasks


@member_required
def queue(request: HttpRequest) -> HttpResponse:
    """Open tasks of the unit, highest score first, with filters."""
    page = Paginator(_filtered(request), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "lanes": Lane.choices,
        "threats": Threat.choices,
        "statuses": TaskStatus.choices,
        "filters": request.GET,
    }
    return render(request, "targeting/queue.html", context)


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
    }
    return render(request, "targeting/task_detail.html", context)


def actions_allowed(request: HttpRequest, task: TargetingTask) -> bool:
    """Whether the buttons are shown: the queue roles, and for a claimed task its assignee."""
    from portcontrol.targeting.access import may_approve, may_work_tasks

    user = request.user
    if not may_work_tasks(user):
        return False
    return task.status == TaskStatus.NEW or task.assignee_id == user.pk or may_approve(user)


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
