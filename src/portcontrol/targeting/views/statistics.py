"""Hit statistics (per profile, per indicator, random share) and the unit's capacity."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portcontrol.accounts.models import User
from portcontrol.accounts.permissions import for_unit
from portcontrol.targeting import actions
from portcontrol.targeting.access import (
    get_scoped_or_404,
    may_write_profiles,
    member_required,
    scoped,
    supervisor_required,
)
from portcontrol.targeting.assessing import capacities
from portcontrol.targeting.choices import INSPECTION_LANES, Lane, ProfileStatus, ReasonKind
from portcontrol.targeting.forms import CapacityForm
from portcontrol.targeting.models import RiskProfile, TargetingTask, UnitCapacity
from portcontrol.targeting.statistics import HitRow, hit_statistics
from portcontrol.web.periods import Period, all_time, period_form


def _table(user: User, period: Period) -> list[HitRow]:
    tasks = for_unit(TargetingTask.objects.all(), user).filter(
        selected_at__gte=period.start, selected_at__lt=period.end
    )
    return hit_statistics(tasks)


def never_hit(row: HitRow) -> bool:
    """A profile inspected in the period without one positive result."""
    return row.kind == ReasonKind.PROFILE and row.inspected > 0 and row.positive == 0


def _retirable(user: User, table: list[HitRow]) -> dict[str, RiskProfile]:
    """Profiles in force that never hit, by code, when the user may retire profiles."""
    if not may_write_profiles(user):
        return {}
    codes = [row.key for row in table if never_hit(row)]
    found = scoped(RiskProfile.objects.exclude(status=ProfileStatus.RETIRED), user)
    return {profile.code: profile for profile in found.filter(code__in=codes)}


@require_http_methods(["GET", "POST"])
@member_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Selected, inspected, positive and hit rate per profile, indicator and the random share.

    Over any period (all time unless dates or a preset are chosen); analysts and supervisors
    may retire, from here, a profile that was inspected in the period and never hit.
    """
    if request.method == "POST":
        return _retire_never_hit(request)
    form = period_form(request.GET, default=all_time())
    invalid = form.is_bound and not form.is_valid()
    period = form.period()
    table = _table(request.user, period)
    retirable = _retirable(request.user, table)
    context = {
        "table": table,
        "rows": [(row, retirable.get(row.key) if never_hit(row) else None) for row in table],
        "form": form,
        "period": period,
    }
    return render(request, "targeting/statistics.html", context, status=400 if invalid else 200)


def _retire_never_hit(request: HttpRequest) -> HttpResponse:
    """Retire the profile named in the form if it still never hit over the period shown."""
    if not may_write_profiles(request.user):
        raise PermissionDenied("your role may not change profiles or lists")
    value = request.POST.get("profile", "")
    if not value.isdigit():
        raise Http404("not found")
    profile = get_scoped_or_404(RiskProfile.objects.all(), request.user, pk=int(value))
    form = period_form(request.POST, default=all_time())
    if form.is_bound and not form.is_valid():
        messages.error(request, _("The period was not valid; nothing changed."))
        return redirect("targeting:statistics")
    period = form.period()
    back = f"{reverse('targeting:statistics')}?{urlencode(period.query())}"
    row = next(
        (
            r
            for r in _table(request.user, period)
            if r.kind == ReasonKind.PROFILE and r.key == profile.code
        ),
        None,
    )
    if row is None or not never_hit(row):
        messages.error(
            request,
            _("%(code)s was not inspected without hits in this period; it stays in force.")
            % {"code": profile.code},
        )
        return redirect(back)
    comment = _("never hit from %(first)s to %(last)s: %(inspected)d inspected, 0 positive") % {
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "inspected": row.inspected,
    }
    try:
        actions.retire_profile(profile, by=request.user, comment=comment)
    except actions.TargetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(code)s retired: the profile no longer applies.") % {"code": profile.code}
        )
    return redirect(back)


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
