"""Inspection pages: the list, one inspection with its search plan, ordering, the result.

Unit workers see every inspection of their unit and order, change, complete or cancel them.
A partner agency's officer sees only the inspections their agency takes part in, and there ticks
areas, records findings and attaches photos. Anyone else gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portcontrol.accounts.models import AuditEntry, User
from portcontrol.accounts.permissions import get_for_unit_or_404
from portcontrol.inspections import actions, attachments
from portcontrol.inspections.access import (
    get_inspection_or_404,
    is_unit_worker,
    participant_required,
    unit_worker_required,
    visible_inspections,
)
from portcontrol.inspections.choices import (
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    InspectionTarget,
    SearchAreaKind,
)
from portcontrol.inspections.forms import (
    AreaAddForm,
    AreaTickForm,
    AttachmentForm,
    CancelForm,
    ChangeForm,
    FindingForm,
    InspectionOrderForm,
    ResultForm,
    VersionForm,
)
from portcontrol.inspections.models import Attachment, Inspection, SearchArea
from portcontrol.targeting.models import TargetingTask
from portcontrol.web.periods import Period, check_period_order

PER_PAGE = 50
# The status filter's name for "ordered or in progress".
OPEN = "open"
RELATED = ("voyage", "consignment__document", "cargo_unit", "person", "task", "ordered_by")


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_inspection_or_404(request.user, pk)


def _to_detail(inspection: Inspection) -> HttpResponse:
    return redirect("inspections:detail", pk=inspection.pk)


def _form_error(form: forms.Form, exc: actions.InspectionError) -> None:
    """Put an action's refusal on the field it names, else (or if hidden) on the whole form."""
    named = form.fields.get(exc.field or "")
    form.add_error(exc.field if named and not named.widget.is_hidden else None, exc.message)


def _first_error(form: forms.Form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return _("The request was incomplete; nothing changed.")


def _apply(
    request: HttpRequest,
    inspection: Inspection,
    form: forms.Form,
    change: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate a form posted from the inspection page, call the action, go back to the page."""
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _to_detail(inspection)
    try:
        change(form.cleaned_data)
    except actions.InspectionConflict:
        messages.error(
            request, _("Someone changed this inspection meanwhile; here is how it stands now.")
        )
    except (actions.InspectionError, actions.AttachmentRefused) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return _to_detail(inspection)


# --- list and detail ----------------------------------------------------------------------


def _day_range(first: date | None, last: date | None) -> dict[str, datetime]:
    """Lookups on ``ordered_at`` for whole local days, as the dashboards count them."""
    bounds: dict[str, datetime] = {}
    if first is not None:
        bounds["ordered_at__gte"] = Period(first, first).start
    if last is not None:
        bounds["ordered_at__lt"] = Period(last, last).end
    return bounds


class OfficerChoice(forms.ModelChoiceField):
    """A member of the teams, named as the dashboard's workload names them."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class InspectionFilterForm(forms.Form):
    """Filters of the inspection list, as the dashboard's figures link them.

    ``from`` and ``to`` are local days of the order (both included); ``officer`` a member of
    the team; ``unit`` the unit a figure counted, which must be the user's own: the list never
    shows another unit's inspections, so it says so instead of listing the wrong ones.
    """

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[("", gettext_lazy("any")), *InspectionKind.choices],
        required=False,
    )
    result = forms.ChoiceField(
        label=gettext_lazy("Result"),
        choices=[("", gettext_lazy("any")), *InspectionResult.choices],
        required=False,
    )
    officer = OfficerChoice(
        label=gettext_lazy("Officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("any"),
    )
    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # "from" is a Python keyword, so these two fields cannot be class attributes.
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        optional: dict[str, Any] = {"required": False, "widget": date_input}
        self.fields["from"] = forms.DateField(label=gettext_lazy("From"), **optional)
        self.fields["to"] = forms.DateField(label=gettext_lazy("To"), **optional)
        self.fields["status"].choices = [
            ("", gettext_lazy("any")),
            (OPEN, gettext_lazy("open")),
            *InspectionStatus.choices,
        ]
        self.fields["officer"].queryset = (
            User.objects.filter(inspections__in=visible_inspections(user))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )

    def clean_unit(self) -> int | None:
        unit = self.cleaned_data.get("unit")
        if unit is not None and is_unit_worker(self.user) and unit != self.user.unit_id:
            raise forms.ValidationError(_("Only the inspections of your own unit are listed here."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_period_order(self)
        return data

    def apply(self, found: QuerySet[Inspection]) -> QuerySet[Inspection]:
        """The inspections that match the (valid) filters."""
        data = self.cleaned_data
        status = data.get("status")
        if status == OPEN:
            found = found.filter(status__in=actions.OPEN_STATUSES)
        elif status:
            found = found.filter(status=status)
        for name in ("kind", "result"):
            if data.get(name):
                found = found.filter(**{name: data[name]})
        if data.get("officer") is not None:
            found = found.filter(team=data["officer"])
        if data.get("unit") is not None:
            # Narrows a partner's list; a unit worker's is their unit's already.
            found = found.filter(unit_id=data["unit"])
        return found.filter(**_day_range(data.get("from"), data.get("to")))

    def error_lines(self) -> list[str]:
        """Each refused filter as "Field: reason", for the top of the page."""
        return [
            f"{self.fields[name].label}: {' '.join(errors)}" if name in self.fields else errors[0]
            for name, errors in self.errors.items()
        ]


@participant_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """The inspections the user may see, newest first, filtered as a dashboard figure links.

    A filter that cannot be read is named with the reason, and nothing is listed until it is
    put right: a list broader than asked for would pass for the figure's records.
    """
    form = InspectionFilterForm(request.GET, user=request.user)
    found = visible_inspections(request.user).select_related(*RELATED)
    valid = form.is_valid()
    found = form.apply(found) if valid else found.none()
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "query": query.urlencode(), "form": form}
    return render(
        request, "inspections/inspection_list.html", context, status=200 if valid else 400
    )


@participant_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Target, team, search plan with checklists, findings, attachments, seizures, history."""
    inspection = visible_inspections(request.user).select_related(*RELATED).filter(pk=pk).first()
    if inspection is None:
        raise Http404("not found")
    areas = list(inspection.areas.select_related("searched_by"))
    attached = inspection.attachments.select_related("uploaded_by", "area", "seizure")
    context = {
        "inspection": inspection,
        "team": inspection.team.select_related("unit", "agency"),
        "agencies": inspection.agencies.all(),
        "areas": [(area, AreaTickForm(area=area)) for area in areas],
        "findings": inspection.findings.select_related("area", "recorded_by"),
        "photos": [item for item in attached if item.kind == "photo"],
        "documents": [item for item in attached if item.kind != "photo"],
        "seizures": [(seizure, _seizure_url(seizure.pk)) for seizure in inspection.seizures.all()],
        "history": AuditEntry.objects.filter(
            object_type=Inspection._meta.label_lower, object_id=str(inspection.pk)
        ).select_related("actor"),
        "is_open": inspection.status in actions.OPEN_STATUSES,
        "may_manage": is_unit_worker(request.user),
        "may_record_seizure": actions.may_record_seizure(inspection),
        "finding_form": FindingForm(inspection=inspection),
        "attachment_form": AttachmentForm(inspection=inspection),
        "area_add_form": AreaAddForm(initial={"version": inspection.version}),
        "cancel_form": CancelForm(initial={"version": inspection.version}),
    }
    return render(request, "inspections/inspection_detail.html", context)


def _seizure_url(pk: int) -> str | None:
    """The seizure's page, when the seizure pages have one."""
    try:
        return reverse("inspections:seizure", args=[pk])
    except NoReverseMatch:
        return None


# --- ordering and changing ----------------------------------------------------------------


@unit_worker_required
def inspection_order_from_task(request: HttpRequest, task_pk: int) -> HttpResponse:
    """Order the inspection of a task's record; a claimed task is issued with it."""
    task = get_for_unit_or_404(
        TargetingTask.objects.select_related(
            "voyage", "cargo_unit", "consignment__document", "person", "assignee"
        ),
        request.user,
        pk=task_pk,
    )
    return _order(request, target=task.target, record=task.record, task=task)


@unit_worker_required
def inspection_order(request: HttpRequest, target: str, pk: int) -> HttpResponse:
    """Order an inspection of a consignment, cargo unit, person or vessel (voyage) directly."""
    model = actions.TARGET_MODELS.get(target)
    if model is None:
        raise Http404("not found")
    record = get_for_unit_or_404(model.objects.all(), request.user, pk=pk)
    return _order(request, target=target, record=record)


def _order(
    request: HttpRequest, *, target: str, record: Any, task: TargetingTask | None = None
) -> HttpResponse:
    unit = request.user.unit
    initial = {
        "team": [request.user],
        "version": task.version if task else None,
        "kind": InspectionKind.PHYSICAL,
        "areas": SearchAreaKind.values if target == InspectionTarget.VESSEL else [],
    }
    form = InspectionOrderForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = actions.order_inspection(
                unit=unit,
                by=request.user,
                plan=form.order_plan(),
                target=target,
                record=record,
                task=task,
                task_version=form.cleaned_data["version"],
            )
        except actions.InspectionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Inspection ordered."))
            return _to_detail(inspection)
    context = {
        "form": form,
        "task": task,
        "record": record,
        "target_label": InspectionTarget(target).label,
    }
    return render(request, "inspections/inspection_order.html", context)


@unit_worker_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the type, team, agencies, time or instructions of an open inspection."""
    inspection = _inspection(request, pk)
    form = ChangeForm(
        request.POST or None, unit=inspection.unit, initial=ChangeForm.initial_of(inspection)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_inspection(
                inspection, by=request.user, version=form.cleaned_data["version"], plan=form.plan()
            )
        except actions.InspectionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Inspection changed."))
            return _to_detail(inspection)
    return render(
        request, "inspections/inspection_edit.html", {"form": form, "inspection": inspection}
    )


@require_POST
@participant_required
def inspection_start(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _apply(
        request,
        inspection,
        VersionForm(request.POST),
        lambda data: actions.start_inspection(inspection, by=request.user, version=data["version"]),
        _("Inspection started."),
    )


# --- the search ---------------------------------------------------------------------------


@require_POST
@unit_worker_required
def inspection_area_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _apply(
        request,
        inspection,
        AreaAddForm(request.POST),
        lambda data: actions.add_search_area(
            inspection,
            by=request.user,
            version=data["version"],
            kind=data["kind"],
            name=data["name"],
        ),
        _("Area added to the search plan."),
    )


@require_POST
@participant_required
def inspection_area_tick(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    """Tick the spots checked in an area, and the area as searched."""
    inspection = _inspection(request, pk)
    area = SearchArea.objects.filter(inspection=inspection, pk=area_pk).first()
    if area is None:
        raise Http404("not found")
    return _apply(
        request,
        inspection,
        AreaTickForm(request.POST, area=area),
        lambda data: actions.tick_area(
            area,
            by=request.user,
            version=data["version"],
            searched=data["searched"],
            checked_spots=data["spots"],
            notes=data["notes"],
        ),
        _("Search area updated."),
    )


@require_POST
@participant_required
def inspection_finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _apply(
        request,
        inspection,
        FindingForm(request.POST, inspection=inspection),
        lambda data: actions.record_finding(
            inspection,
            by=request.user,
            kind=data["kind"],
            description=data["description"],
            area=data["area"],
        ),
        _("Finding recorded."),
    )


@require_POST
@participant_required
def inspection_attachment_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _apply(
        request,
        inspection,
        AttachmentForm(request.POST, request.FILES, inspection=inspection),
        lambda data: actions.add_attachment(
            inspection,
            by=request.user,
            upload=data["file"],
            caption=data["caption"],
            area=data["area"],
            seizure=data["seizure"],
        ),
        _("File attached."),
    )


@participant_required
def inspection_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The bytes of a photo or document, to those who see its inspection: never a public URL."""
    attachment = Attachment.objects.filter(
        pk=pk, inspection__in=visible_inspections(request.user)
    ).first()
    if attachment is None:
        raise Http404("not found")
    return attachments.serve(attachment, download=request.GET.get("download") == "1")


# --- the result ---------------------------------------------------------------------------


@unit_worker_required
def inspection_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the result: nothing found, a discrepancy or a seizure; seals; notes."""
    inspection = _inspection(request, pk)
    form = ResultForm(request.POST or None, initial={"version": inspection.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.complete_inspection(
                inspection,
                by=request.user,
                version=data["version"],
                result=data["result"],
                seal_state=data["seal_state"],
                seals_found=data["seals_found"],
                notes=data["notes"],
            )
        except actions.InspectionConflict:
            form.add_error(
                None, _("Someone changed this inspection meanwhile; reload it and check again.")
            )
        except actions.InspectionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Result recorded."))
            return _to_detail(inspection)
    context = {
        "form": form,
        "inspection": inspection,
        "findings": inspection.findings.select_related("area"),
        "seizures": inspection.seizures.all(),
        "is_open": inspection.status in actions.OPEN_STATUSES,
        "seals_declared": inspection.cargo_unit.seals if inspection.cargo_unit_id else [],
    }
    return render(request, "inspections/inspection_result.html", context)


@require_POST
@unit_worker_required
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _apply(
        request,
        inspection,
        CancelForm(request.POST),
        lambda data: actions.cancel_inspection(
            inspection, by=request.user, version=data["version"], reason=data["reason"]
        ),
        _("Inspection cancelled."),
    )
