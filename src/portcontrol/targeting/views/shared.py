"""Tasks shared with a partner agency, as the border service or police reads them.

A partner agency's officer sees the tasks a unit's analyst or supervisor shared with the
agency, read-only, and nothing else of the unit's targeting. Anyone else, members of the unit
included (they have the task page), gets 404 here and learns nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portcontrol.accounts.models import User
from portcontrol.inspections.access import is_partner, visible_inspections
from portcontrol.targeting.models import TargetingTask

View = Callable[..., HttpResponse]
PER_PAGE = 50


def partner_required(view: View) -> View:
    """Logged in and an officer of a partner agency; anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_partner(request.user):
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped


def shared_with_agency(user: User) -> QuerySet[TargetingTask]:
    """The tasks shared with the user's agency; nothing for anyone but a partner officer."""
    if not is_partner(user):
        return TargetingTask.objects.none()
    return TargetingTask.objects.filter(shared_with=user.agency_id).select_related(
        "voyage", "cargo_unit", "consignment__document", "person"
    )


@partner_required
def shared_tasks(request: HttpRequest) -> HttpResponse:
    """Tasks shared with the user's agency, newest selection first."""
    tasks = shared_with_agency(request.user).order_by("-selected_at", "-id")
    page = Paginator(tasks, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "targeting/shared/list.html", {"page": page})


@partner_required
def shared_task(request: HttpRequest, pk: int) -> HttpResponse:
    """One shared task: target, lane, score, threat, status, reasons, voyage, inspections.

    Every inspection of the task is named, so the partner knows one was ordered; only those
    the agency takes part in link to the inspection page, the others would answer 404.
    """
    task = shared_with_agency(request.user).select_related("assessment").filter(pk=pk).first()
    if task is None:
        raise Http404("not found")
    inspections = list(task.inspections.order_by("ordered_at", "id"))
    visible = set(
        visible_inspections(request.user)
        .filter(pk__in=[inspection.pk for inspection in inspections])
        .values_list("pk", flat=True)
    )
    context = {
        "task": task,
        "reasons": task.assessment.reasons if task.assessment else [],
        "inspections": [(inspection, inspection.pk in visible) for inspection in inspections],
    }
    return render(request, "targeting/shared/detail.html", context)
