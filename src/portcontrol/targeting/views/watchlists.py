"""Watch lists: entries, changes, removal with a second person, imports of public lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portcontrol.core.errors import ReadError
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
from portcontrol.targeting.choices import EntryStatus
from portcontrol.targeting.forms import EntryForm, ReasonForm, WatchListForm, WatchListImportForm
from portcontrol.targeting.models import WatchList, WatchListEntry

PER_PAGE = 100


def _watch_list(request: HttpRequest, pk: int) -> WatchList:
    return get_scoped_or_404(WatchList.objects.select_related("unit"), request.user, pk=pk)


def _entry(request: HttpRequest, pk: int) -> WatchListEntry:
    entry = WatchListEntry.objects.select_related("watch_list").filter(pk=pk).first()
    if entry is None:
        return get_scoped_or_404(WatchList.objects.none(), request.user)  # 404
    get_scoped_or_404(WatchList.objects.all(), request.user, pk=entry.watch_list_id)
    return entry


@member_required
def watch_lists(request: HttpRequest) -> HttpResponse:
    """National lists and the unit's own, with their counts."""
    found = (
        scoped(WatchList.objects.all(), request.user)
        .annotate(
            active=Count("entries", filter=~Q(entries__status=EntryStatus.REMOVED)),
            pending=Count("entries", filter=Q(entries__status=EntryStatus.PENDING_REMOVAL)),
        )
        .select_related("unit")
    )
    context = {"lists": found, "may_write": may_write_profiles(request.user)}
    return render(request, "targeting/watch_lists.html", context)


@analyst_required
def watch_list_new(request: HttpRequest) -> HttpResponse:
    form = WatchListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        national = data.pop("national")
        try:
            watch_list = actions.create_watch_list(
                agency=request.user.unit.agency,
                unit=None if national else request.user.unit,
                fields=data,
                by=request.user,
            )
        except IntegrityError:
            form.add_error("code", _("This code is used by another list."))
        else:
            return redirect("targeting:watch_list", pk=watch_list.pk)
    return render(request, "targeting/watch_list_new.html", {"form": form})


@member_required
def watch_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A list and its entries; removed ones only when asked."""
    watch_list = _watch_list(request, pk)
    entries = watch_list.entries.select_related("added_by", "removal_requested_by")
    if request.GET.get("removed") != "1":
        entries = entries.exclude(status=EntryStatus.REMOVED)
    if request.GET.get("q"):
        entries = entries.filter(names__icontains=request.GET["q"].strip())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "watch_list": watch_list,
        "page": page,
        "today": timezone.localdate(),
        "may_write": may_write_profiles(request.user),
        "may_approve": may_approve(request.user),
    }
    return render(request, "targeting/watch_list_detail.html", context)


@analyst_required
def entry_edit(
    request: HttpRequest, pk: int | None = None, list_pk: int | None = None
) -> HttpResponse:
    """Add an entry to a list, or change one."""
    entry = _entry(request, pk) if pk is not None else None
    watch_list = entry.watch_list if entry else _watch_list(request, list_pk or 0)
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                actions.add_entry(watch_list, form.cleaned_data, by=request.user)
            else:
                actions.update_entry(entry, form.cleaned_data, by=request.user)
        except actions.TargetingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("targeting:watch_list", pk=watch_list.pk)
    context = {"form": form, "entry": entry, "watch_list": watch_list}
    return render(request, "targeting/entry_edit.html", context)


def _entry_action(request: HttpRequest, pk: int, do, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    entry = _entry(request, pk)
    try:
        do(entry)
    except actions.FourEyesError:
        messages.error(request, _("A second person must approve a removal you asked for."))
    except actions.TargetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("targeting:watch_list", pk=entry.watch_list_id)


@require_POST
@analyst_required
def entry_request_removal(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry should be removed."))
        return redirect("targeting:watch_list", pk=_entry(request, pk).watch_list_id)
    reason = form.cleaned_data["reason"]
    return _entry_action(
        request,
        pk,
        lambda e: actions.request_removal(e, by=request.user, reason=reason),
        _("Removal asked: a supervisor must approve it."),
    )


@require_POST
@supervisor_required
def entry_approve_removal(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_action(
        request,
        pk,
        lambda e: actions.approve_removal(e, by=request.user),
        _("The entry was removed."),
    )


@require_POST
@supervisor_required
def entry_reject_removal(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_action(
        request,
        pk,
        lambda e: actions.reject_removal(e, by=request.user),
        _("The entry stays on the list."),
    )


@analyst_required
def watch_list_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Load a UN Security Council XML list or a FollowTheMoney JSON export into the list."""
    watch_list = _watch_list(request, pk)
    form = WatchListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = actions.import_watch_list(
                form.cleaned_data["file"].read(),
                form.cleaned_data["format"],
                watch_list,
                by=request.user,
            )
        except (ReadError, ImportError) as exc:
            form.add_error("file", _("The file could not be read: %s") % exc)
        else:
            messages.success(
                request,
                _(
                    "%(read)d entries read: %(added)d added, %(updated)d updated, "
                    "%(absent)d no longer in the file (kept until removed by two people)."
                )
                % counts,
            )
            return redirect("targeting:watch_list", pk=watch_list.pk)
    return render(
        request, "targeting/watch_list_import.html", {"form": form, "watch_list": watch_list}
    )
