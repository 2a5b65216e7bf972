"""Risk profiles: list, detail with versions, editors (text and simple), approval, dry run."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portcontrol.core.errors import PortControlError
from portcontrol.targeting import actions
from portcontrol.targeting.access import (
    analyst_required,
    get_scoped_or_404,
    may_approve,
    may_write_profiles,
    member_required,
    scoped,
    supervisor_required,
)
from portcontrol.targeting.choices import ProfileStatus
from portcontrol.targeting.forms import DryRunForm, ProfileForm, SimpleCriteriaForm
from portcontrol.targeting.models import RiskProfile


def _profile(request: HttpRequest, pk: int) -> RiskProfile:
    return get_scoped_or_404(
        RiskProfile.objects.select_related("unit", "author", "approver", "active_version"),
        request.user,
        pk=pk,
    )


@member_required
def profiles(request: HttpRequest) -> HttpResponse:
    """National profiles and the unit's own, with their status and who approved them."""
    found = scoped(RiskProfile.objects.all(), request.user).select_related(
        "unit", "author", "approver", "active_version"
    )
    status = request.GET.get("status")
    if status in ProfileStatus.values:
        found = found.filter(status=status)
    context = {
        "profiles": found,
        "statuses": ProfileStatus.choices,
        "may_write": may_write_profiles(request.user),
    }
    return render(request, "targeting/profiles.html", context)


@member_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A profile as it stands, its applied version and every earlier version."""
    profile = _profile(request, pk)
    user = request.user
    context = {
        "profile": profile,
        "versions": profile.versions.select_related("changed_by"),
        "may_write": may_write_profiles(user) and profile.is_editable,
        "may_approve": may_approve(user)
        and profile.status == ProfileStatus.PENDING_APPROVAL
        and profile.versions.filter(number=profile.version).exclude(changed_by=user).exists(),
    }
    return render(request, "targeting/profile_detail.html", context)


def _save_form(request: HttpRequest, form: ProfileForm, profile: RiskProfile | None) -> RiskProfile:
    data = form.cleaned_data
    if profile is None:
        unit = None if data.get("national") else request.user.unit
        return actions.create_profile(
            agency=request.user.unit.agency,
            unit=unit,
            fields=data,
            by=request.user,
            comment=data.get("comment", ""),
        )
    actions.save_profile(profile, data, by=request.user, comment=data.get("comment", ""))
    return profile


@analyst_required
def profile_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The text editor: every field, criteria in the language, errors with line and column."""
    profile = _profile(request, pk) if pk is not None else None
    if profile is not None and not profile.is_editable:
        raise PermissionDenied("a retired profile is not changed")
    creating = profile is None
    building = request.method == "POST" and "build" in request.POST
    bound = request.method == "POST" and not building
    form = ProfileForm(request.POST if bound else None, instance=profile, creating=creating)
    if building:
        # The simple editor writes the criteria; the analyst checks them before saving.
        simple = SimpleCriteriaForm(request.POST, prefix="simple")
        data = request.POST.dict()
        if simple.is_valid():
            try:
                data["criteria"] = simple.criteria()
            except (ImportError, PortControlError, TypeError, ValueError) as exc:
                messages.error(request, _("The simple editor could not build criteria: %s") % exc)
        form = ProfileForm(initial=data, instance=profile, creating=creating)
    if bound and form.is_valid():
        try:
            saved = _save_form(request, form, profile)
        except actions.TargetingError as exc:
            messages.error(request, str(exc))
        except Exception as exc:  # a duplicate code within the administration
            from django.db import IntegrityError

            if not isinstance(exc, IntegrityError):
                raise
            form.add_error("code", _("This code is used by another profile."))
        else:
            messages.success(request, _("Saved as a new version; submit it for approval."))
            return redirect("targeting:profile", pk=saved.pk)
    return render(
        request,
        "targeting/profile_edit.html",
        {"form": form, "simple": SimpleCriteriaForm(prefix="simple"), "profile": profile},
    )


def _profile_action(request: HttpRequest, pk: int, do, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    profile = _profile(request, pk)
    try:
        do(profile)
    except actions.FourEyesError:
        messages.error(request, _("A second person must approve what you wrote (four eyes)."))
    except actions.TargetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("targeting:profile", pk=profile.pk)


@require_POST
@analyst_required
def profile_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _profile_action(
        request,
        pk,
        lambda p: actions.submit_for_approval(p, by=request.user),
        _("Submitted for approval."),
    )


@require_POST
@supervisor_required
def profile_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _profile_action(
        request,
        pk,
        lambda p: actions.approve_profile(p, by=request.user),
        _("Approved: the profile applies from now on."),
    )


@require_POST
@supervisor_required
def profile_return(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")[:300]
    return _profile_action(
        request,
        pk,
        lambda p: actions.return_profile(p, by=request.user, comment=comment),
        _("Sent back to its author."),
    )


@require_POST
@analyst_required
def profile_retire(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")[:300]
    return _profile_action(
        request,
        pk,
        lambda p: actions.retire_profile(p, by=request.user, comment=comment),
        _("Retired: the profile no longer applies."),
    )


@analyst_required
def profile_dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    """What the latest version would have selected over the last days, and its hit rate."""
    from portcontrol.targeting.dry_run import dry_run

    profile = _profile(request, pk)
    form = DryRunForm(request.GET or None)
    result = None
    error = ""
    if form.is_valid():
        try:
            result = dry_run(profile, request.user.unit, days=form.cleaned_data["days"])
        except (ImportError, PortControlError) as exc:
            error = str(exc)
    return render(
        request,
        "targeting/profile_dry_run.html",
        {"profile": profile, "form": form, "result": result, "error": error},
    )
