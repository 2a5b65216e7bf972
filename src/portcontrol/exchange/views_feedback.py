"""Feedback pages: send an inspection's result to the alerting node, share a watch-list entry.

The buttons live on the inspection page and the watch-list entry page (the template tags of
:mod:`portcontrol.exchange.templatetags.exchange_feedback`); these views do the sending. Who may
not send gets 404, as for any page of another unit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portcontrol.accounts.models import User
from portcontrol.exchange import actions, feedback
from portcontrol.exchange.access import groups_of
from portcontrol.exchange.forms import GroupRecipientsForm
from portcontrol.exchange.models import ClosedUserGroup
from portcontrol.inspections.access import get_inspection_or_404, is_unit_worker
from portcontrol.targeting.access import may_write_profiles, scoped
from portcontrol.targeting.models import WatchList, WatchListEntry


@require_POST
@login_required
def inspection_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the result of a done inspection (and its seizures) to the node that alerted."""
    if not is_unit_worker(request.user):
        raise Http404("not found")
    inspection = get_inspection_or_404(request.user, pk)
    try:
        sent = feedback.send_inspection_feedback(inspection, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, _("Not sent: %(reason)s.") % {"reason": error})
    else:
        seizures = len(sent) - 1
        messages.success(
            request,
            ngettext(
                "The result and %(seizures)d seizure notice are sealed and queued for delivery.",
                "The result and %(seizures)d seizure notices are sealed and queued for delivery.",
                seizures,
            )
            % {"seizures": seizures},
        )
    return redirect("inspections:detail", pk=inspection.pk)


def sharing_groups(user: User) -> QuerySet[ClosedUserGroup]:
    """Groups the user's unit takes part in, for an analyst or supervisor; else none."""
    if not (user.is_authenticated and may_write_profiles(user)):
        return ClosedUserGroup.objects.none()
    return groups_of(user).order_by("code")


def _shareable_entry_or_404(user: User, pk: int) -> WatchListEntry:
    """An entry of a list the user's unit sees, for a user who may share; else 404."""
    entry = WatchListEntry.objects.select_related("watch_list").filter(pk=pk).first()
    lists = scoped(WatchList.objects.all(), user)
    if entry is None or not lists.filter(pk=entry.watch_list_id).exists():
        raise Http404("not found")
    return entry


@login_required
def entry_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share a watch-list entry with the partner nodes of one of the unit's groups."""
    groups = sharing_groups(request.user)
    if not groups.exists():
        raise Http404("not found")
    entry = _shareable_entry_or_404(request.user, pk)
    first = groups.first()
    form = GroupRecipientsForm(
        request.POST or None, groups=groups, initial={"group": first.code if first else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            outgoing = feedback.share_watch_list_entry(
                entry,
                group=form.cleaned_data["group"],
                recipients=form.cleaned_data["recipients"] or None,
                by=request.user,
            )
        except actions.ExchangeError as error:
            form.add_error(None, f"{error.field}: {error}")
        else:
            messages.success(request, _("The entry is sealed and queued for delivery."))
            return redirect("exchange:outgoing", pk=outgoing.pk)
    context = {
        "entry": entry,
        "form": form,
        "entry_id": feedback.entry_id(entry),
        "shared": feedback.shares_of(entry),
    }
    return render(request, "exchange/feedback/entry_share.html", context)
