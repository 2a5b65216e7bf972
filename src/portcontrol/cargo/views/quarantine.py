"""Correct and re-submit, or dismiss, a rejected item."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portcontrol.accounts.permissions import get_for_unit_or_404
from portcontrol.cargo.access import ingest_required
from portcontrol.cargo.actions import (
    QuarantineClosed,
    dismiss_quarantine_item,
    resubmit_quarantine_item,
)
from portcontrol.cargo.forms import CorrectionForm
from portcontrol.cargo.models import QuarantineItem


def _item(request: HttpRequest, pk: int) -> QuarantineItem:
    return get_for_unit_or_404(
        QuarantineItem.objects.select_related("import_run", "import_run__file", "resolved_by"),
        request.user,
        pk=pk,
    )


@ingest_required
def quarantine_item(request: HttpRequest, pk: int) -> HttpResponse:
    """The fields of a rejected item with its reasons; POST re-submits the corrected fields."""
    item = _item(request, pk)
    form = CorrectionForm(request.POST or None, item=item)
    if request.method == "POST" and item.is_open and form.is_valid():
        try:
            stored = resubmit_quarantine_item(item, form.corrected(), by=request.user)
        except QuarantineClosed:
            messages.error(request, _("This item was already corrected or dismissed."))
            return redirect("cargo:quarantine", pk=item.pk)
        if stored:
            messages.success(request, _("The corrected item was stored."))
            return redirect("cargo:import", pk=item.import_run_id)
        messages.error(request, _("The corrected item is still rejected: see the reasons."))
        form = CorrectionForm(item=item)
    return render(request, "cargo/quarantine_item.html", {"item": item, "form": form})


@require_POST
@ingest_required
def quarantine_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a rejected item without storing it (it stays on record)."""
    item = _item(request, pk)
    try:
        dismiss_quarantine_item(item, by=request.user, reason=request.POST.get("reason", "")[:300])
    except QuarantineClosed:
        messages.error(request, _("This item was already corrected or dismissed."))
    else:
        messages.success(request, _("The item was dismissed."))
    return redirect("cargo:import", pk=item.import_run_id)
