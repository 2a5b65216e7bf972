"""High-risk places: members see the ports and countries marked; analysts mark and remove them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portcontrol.targeting import actions
from portcontrol.targeting.access import (
    analyst_required,
    get_scoped_or_404,
    may_write_profiles,
    member_required,
    scoped,
)
from portcontrol.targeting.forms import HighRiskPlaceForm
from portcontrol.targeting.models import HighRiskPlace


@member_required
def places(request: HttpRequest) -> HttpResponse:
    """The places in force (national and the unit's), removed ones when asked; analysts add."""
    may_write = may_write_profiles(request.user)
    if request.method == "POST" and not may_write:
        raise PermissionDenied("your role may not mark places")
    form = HighRiskPlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.mark_place(
                agency=request.user.unit.agency,
                unit=None if data["national"] else request.user.unit,
                code=data["code"],
                reason=data["reason"],
                lane=data["lane"],
                by=request.user,
            )
        except actions.TargetingError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(request, _("The place is marked; its routes are re-assessed."))
            return redirect("targeting:places")
    marked = scoped(HighRiskPlace.objects.select_related("unit", "added_by"), request.user)
    if request.GET.get("removed") != "1":
        marked = marked.filter(removed_at__isnull=True)
    context = {"places": marked, "form": form if may_write else None, "may_write": may_write}
    return render(request, "targeting/places.html", context)


@require_POST
@analyst_required
def place_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a place off the list; the row stays, marked removed."""
    place = get_scoped_or_404(HighRiskPlace.objects.all(), request.user, pk=pk)
    try:
        actions.unmark_place(place, by=request.user)
    except actions.TargetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The place was removed; its routes are re-assessed."))
    return redirect("targeting:places")
