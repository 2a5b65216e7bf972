"""Seizure pages: the list with its exports, one seizure, its history, the PDF, the forms.

Unit workers see, record, correct and hand over the seizures of their unit. A partner agency's
officer reads the seizures made in the inspections their agency takes part in, and changes
none. Anyone else gets 404.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portcontrol.accounts.models import Agency
from portcontrol.cargo.models import CargoUnit, Voyage
from portcontrol.core.formats.cen import cell_text
from portcontrol.inspections import seizure_actions
from portcontrol.inspections.access import (
    get_inspection_or_404,
    get_seizure_or_404,
    is_unit_worker,
    participant_required,
    unit_worker_required,
    visible_seizures,
)
from portcontrol.inspections.actions import may_record_seizure
from portcontrol.inspections.cen import EXPORT_FORMATS, export_seizures
from portcontrol.inspections.models import Inspection, SearchArea, Seizure, SeizureVersion
from portcontrol.inspections.seizure_forms import (
    CustodyForm,
    SeizureFilterForm,
    SeizureForm,
    defaults_initial,
    seizure_initial,
)
from portcontrol.inspections.seizure_pdf import seizure_report

PER_PAGE = 50
RELATED = ("unit", "inspection", "voyage", "cargo_unit", "search_area", "held_by", "recorded_by")


def _with_amount(seizure: Seizure) -> Seizure:
    """The quantity as people write it: 12.5, 1000 (the database keeps 12.500, 1000.000)."""
    seizure.quantity_shown = cell_text(seizure.quantity)  # type: ignore[attr-defined]
    return seizure


def _seizure(request: HttpRequest, pk: int) -> Seizure:
    get_seizure_or_404(request.user, pk)
    return _with_amount(Seizure.objects.select_related(*RELATED).get(pk=pk))


def _filtered(request: HttpRequest) -> tuple[SeizureFilterForm, Any]:
    form = SeizureFilterForm(request.GET, user=request.user)
    return form, form.apply(visible_seizures(request.user), request.user.unit_id)


def _list_page(request: HttpRequest, form: SeizureFilterForm, found: Any) -> HttpResponse:
    """The list; with a filter that cannot be read, its name and reason and nothing listed."""
    page = Paginator(found.select_related("unit", "voyage", "held_by"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = [_with_amount(seizure) for seizure in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "may_record": is_unit_worker(request.user),
        "formats": list(EXPORT_FORMATS),
    }
    status = 200 if form.is_valid() else 400
    return render(request, "inspections/seizure_list.html", context, status=status)


@participant_required
def seizures(request: HttpRequest) -> HttpResponse:
    """The seizures the user may see, newest first, filtered as a dashboard figure links."""
    form, found = _filtered(request)
    return _list_page(request, form, found)


@participant_required
def seizures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as the CEN-style table, CSV or XLSX: the rows the list shows.

    Filters that cannot be read send back the list page naming them, never a broader file.
    """
    if fmt not in EXPORT_FORMATS:
        raise Http404("not found")
    form, found = _filtered(request)
    if not form.is_valid():
        return _list_page(request, form, found)
    data, content_type = export_seizures(found, fmt)
    response = HttpResponse(data, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="seizures-{stamp}.{fmt}"'
    return response


@participant_required
def seizure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded value, the chain of custody, the versions and the photos."""
    seizure = _seizure(request, pk)
    context = {
        "seizure": seizure,
        "custody": seizure.custody.select_related("from_agency", "to_agency", "recorded_by"),
        "versions": seizure.versions.select_related("saved_by"),
        "attachments": seizure.attachments.select_related("uploaded_by"),
        "may_write": is_unit_worker(request.user),
    }
    return render(request, "inspections/seizure_detail.html", context)


RECORDS: dict[str, tuple[type, Any]] = {
    "voyage": (Voyage, lambda voyage: voyage.number),
    "cargo_unit": (CargoUnit, lambda unit: unit.identifier),
    "search_area": (SearchArea, str),
}


def _labels_of_records(versions: list[SeizureVersion]) -> dict[tuple[str, int], str]:
    """The voyage numbers, cargo unit identifiers and area names the versions refer to."""
    labels: dict[tuple[str, int], str] = {}
    for field, (model, label) in RECORDS.items():
        ids = {v.data.get(field) for v in versions if v.data.get(field) is not None}
        for record in model.objects.filter(pk__in=ids):
            labels[(field, record.pk)] = label(record)
    return labels


def _item_shown(item: dict[str, Any]) -> str:
    """``shipper: ТОО Каспий (KZ)`` for a party, ``IVANOV Oleg (KZ, 1980-02-03)`` for a person."""
    if "role" in item:
        head = f"{item.get('role')}: {item.get('name')}"
        rest = [item.get("country")]
    else:
        head = str(item.get("name"))
        rest = [item.get("nationality"), item.get("born"), item.get("document")]
    shown = ", ".join(str(part) for part in rest if part)
    return f"{head} ({shown})" if shown else head


def _shown(field: str, value: Any, labels: dict[tuple[str, int], str]) -> str:
    """A stored value as a person reads it: labels of codes, names of records, dates."""
    if value is None or value == "" or value == []:
        return "—"
    if field in RECORDS:
        return labels.get((field, value), f"#{value}")
    if field == "seized_at":
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
    if field in ("quantity", "estimated_value"):
        return cell_text(Decimal(value))
    if field in ("parties", "arrested"):
        return "; ".join(_item_shown(item) for item in value)
    choices = getattr(Seizure._meta.get_field(field), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def version_rows(versions: list[SeizureVersion]) -> list[dict[str, Any]]:
    """Each version with its changes against the one before: (field label, before, after)."""
    labels = _labels_of_records(versions)
    rows = []
    before: dict[str, Any] = {}
    for version in versions:
        changed = seizure_actions.differences(before, version.data)
        rows.append(
            {
                "version": version,
                "changes": [
                    (
                        Seizure._meta.get_field(field).verbose_name,
                        _shown(field, old, labels) if before else "",
                        _shown(field, new, labels),
                    )
                    for field, (old, new) in changed.items()
                    if before or new not in (None, "", [])
                ],
            }
        )
        before = version.data
    return rows


@participant_required
def seizure_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Each version with what it changed against the one before, and why."""
    seizure = _seizure(request, pk)
    versions = list(SeizureVersion.objects.filter(seizure=seizure).select_related("saved_by"))
    context = {"seizure": seizure, "rows": version_rows(versions)}
    return render(request, "inspections/seizure_history.html", context)


@participant_required
def seizure_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable seizure report."""
    seizure = _seizure(request, pk)
    response = HttpResponse(seizure_report(seizure), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{seizure.reference}.pdf"'
    return response


def _record(request: HttpRequest, inspection: Inspection | None, initial: dict[str, Any]):  # type: ignore[no-untyped-def]
    unit = request.user.unit
    form = SeizureForm(request.POST or None, initial=initial, unit=unit, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            seizure = seizure_actions.record_seizure(
                unit=unit, fields=form.seizure_fields(), by=request.user, inspection=inspection
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("Seizure %s recorded.") % seizure.reference)
            return redirect("inspections:seizure", pk=seizure.pk)
    context = {"form": form, "inspection": inspection, "seizure": None}
    return render(request, "inspections/seizure_form.html", context)


@unit_worker_required
def seizure_new(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Record a seizure of an inspection, starting from what the inspection knows."""
    inspection = get_inspection_or_404(request.user, inspection_pk)
    if not may_record_seizure(inspection):
        raise PermissionDenied("no seizure is recorded in this inspection")
    initial = defaults_initial(seizure_actions.inspection_defaults(inspection))
    initial["seized_at"] = timezone.localtime().replace(second=0, microsecond=0)
    return _record(request, inspection, initial)


@unit_worker_required
def seizure_new_direct(request: HttpRequest) -> HttpResponse:
    """Record a seizure made without an inspection of the unit (a tip-off, a patrol)."""
    initial = {
        "seized_at": timezone.localtime().replace(second=0, microsecond=0),
        "place": request.user.unit.locode,
    }
    return _record(request, None, initial)


@unit_worker_required
def seizure_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a seizure: a new version, with the reason; a stale form is refused."""
    seizure = _seizure(request, pk)
    form = SeizureForm(
        request.POST or None,
        initial=seizure_initial(seizure),
        unit=seizure.unit,
        inspection=seizure.inspection,
        correcting=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            seizure_actions.correct_seizure(
                seizure,
                form.seizure_fields(),
                by=request.user,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except seizure_actions.SeizureConflict as error:
            messages.error(request, str(error))
            return redirect("inspections:seizure", pk=seizure.pk)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("Correction saved as version %d.") % seizure.version)
            return redirect("inspections:seizure", pk=seizure.pk)
    context = {"form": form, "inspection": seizure.inspection, "seizure": seizure}
    return render(request, "inspections/seizure_form.html", context)


@unit_worker_required
def seizure_custody(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the seized goods over to the next holder (police, prosecutor, laboratory)."""
    seizure = _seizure(request, pk)
    initial = {"handed_over_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = CustodyForm(request.POST or None, initial=initial)
    # Handovers stay within the country; across borders goods travel with a request, not here.
    form.fields["to_agency"].queryset = Agency.objects.filter(
        country=seizure.unit.agency.country
    ).exclude(pk=seizure.held_by_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seizure_actions.hand_over_seizure(
                seizure,
                to_agency=data["to_agency"],
                handed_over_at=data["handed_over_at"],
                received_by=data["received_by"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("Handover to %s recorded.") % data["to_agency"])
            return redirect("inspections:seizure", pk=seizure.pk)
    return render(request, "inspections/seizure_custody.html", {"form": form, "seizure": seizure})
