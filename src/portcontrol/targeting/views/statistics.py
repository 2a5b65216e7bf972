"""Hit statistics (per profile, per indicator, random share) and the unit's capacity."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portcontrol.accounts.permissions import for_unit
from portcontrol.targeting import actions
from portcontrol.targeting.access import member_required, supervisor_required
from portcontrol.targeting.assessing import capacities
from portcontrol.targeting.choices import INSPECTION_LANES, Lane
from portcontrol.targeting.forms import CapacityForm
from portcontrol.targeting.models import TargetingTask, UnitCapacity
from portcontrol.targeting.statistics import hit_statistics


@member_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Selected, inspected, positive and hit rate per profile, indicator and the random share."""
    tasks = for_unit(TargetingTask.objects.all(), request.user)
    return render(request, "targeting/statistics.html", {"table": hit_statistics(tasks)})


@supervisor_required
def capacity(request: HttpRequest) -> HttpResponse:
    """Daily inspections per lane and the random share, set by a supervisor."""
    unit = request.user.unit
    current = capacities(unit)
    forms = {}
    for lane in INSPECTION_LANES:
        row = UnitCapacity(
            unit=unit,
            lane=lane,
            per_day=current[lane].per_day,
            random_share=current[lane].random_share,
        )
        forms[lane] = CapacityForm(request.POST or None, instance=row, prefix=lane)
    if request.method == "POST" and all(form.is_valid() for form in forms.values()):
        for lane, form in forms.items():
            actions.set_capacity(
                unit,
                lane,
                per_day=form.cleaned_data["per_day"],
                random_share=float(form.cleaned_data["random_share"]),
                by=request.user,
            )
        messages.success(request, _("Capacity saved."))
        return redirect("targeting:capacity")
    rows = [(Lane(lane).label, form) for lane, form in forms.items()]
    return render(request, "targeting/capacity.html", {"rows": rows})
