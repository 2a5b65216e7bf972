"""Forms of the inspection pages: order, change, search areas, findings, attachments, result.

Every form that changes the state of an inspection carries the version the officer saw.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.choices import Role
from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.inspections.actions import InspectionPlan
from portcontrol.inspections.checklists import spot_label
from portcontrol.inspections.choices import (
    DiscrepancyKind,
    InspectionKind,
    InspectionResult,
    SealState,
    SearchAreaKind,
)
from portcontrol.inspections.models import Inspection, SearchArea, Seizure
from portcontrol.targeting.choices import TASK_ROLES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class VersionForm(forms.Form):
    """A change with the version of the inspection (or task) the officer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TeamField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        where = obj.unit.code if obj.unit_id else (obj.agency.name if obj.agency_id else "")
        return f"{obj.get_full_name() or obj.username} ({where}, {obj.get_role_display()})"


def agencies_for(unit: Unit) -> QuerySet[Agency]:
    """Agencies that may take part: those of the unit's country (customs, border, police)."""
    return Agency.objects.filter(country=unit.agency.country).order_by("kind", "name")


def team_for(unit: Unit) -> QuerySet[User]:
    """Who may be on the team: the unit's officers, and partner officers of those agencies."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(unit=unit, role__in=TASK_ROLES)
            | Q(role=Role.PARTNER, agency__country=unit.agency.country)
        )
        .select_related("unit", "agency")
        .order_by("role", "last_name", "username")
    )


class InspectionPlanForm(forms.Form):
    """The type, team, agencies, time and notes of an inspection (to order or to change)."""

    kind = forms.ChoiceField(label=_("Type"), choices=InspectionKind.choices)
    team = TeamField(
        label=_("Team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies taking part"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their officers see this inspection and may record what they find."),
    )
    planned_for = forms.DateTimeField(
        label=_("Planned for"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notes = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = team_for(unit)
        self.fields["agencies"].queryset = agencies_for(unit)

    def plan(self, areas: list[str] | None = None) -> InspectionPlan:
        data = self.cleaned_data
        return InspectionPlan(
            kind=data["kind"],
            team=list(data["team"]),
            agencies=list(data["agencies"]),
            planned_for=data["planned_for"],
            notes=data["notes"],
            areas=areas or [],
        )


class InspectionOrderForm(InspectionPlanForm):
    """A new inspection; from a task it carries the task's version, a vessel search its areas."""

    areas = forms.MultipleChoiceField(
        label=_("Search plan: areas of the vessel"),
        choices=SearchAreaKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each area gets a checklist of the usual concealment spots."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def order_plan(self) -> InspectionPlan:
        return self.plan(self.cleaned_data["areas"])


class ChangeForm(InspectionPlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_of(cls, inspection: Inspection) -> dict[str, Any]:
        return {
            "kind": inspection.kind,
            "team": list(inspection.team.all()),
            "agencies": list(inspection.agencies.all()),
            "planned_for": inspection.planned_for,
            "notes": inspection.notes,
            "version": inspection.version,
        }


class AreaAddForm(VersionForm):
    # The forms of the inspection page share field names (kind, area): a prefix of their own
    # keeps each field's HTML id unique, so a label focuses its own field.
    prefix = "new_area"

    kind = forms.ChoiceField(label=_("Area"), choices=SearchAreaKind.choices)
    name = forms.CharField(label=_("Name"), required=False, max_length=100)


class AreaTickForm(VersionForm):
    """The spots checked in one area, and whether the whole area is searched."""

    searched = forms.BooleanField(label=_("Area searched"), required=False)
    spots = forms.TypedMultipleChoiceField(
        label=_("Spots checked"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, area: SearchArea, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"area{area.pk}")
        kwargs.setdefault(
            "initial",
            {
                "searched": area.searched,
                "spots": [i for i, item in enumerate(area.checklist) if item.get("checked")],
                "notes": area.notes,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["spots"].choices = [
            (index, spot_label(item["spot"])) for index, item in enumerate(area.checklist)
        ]


def _area_field() -> forms.ModelChoiceField:
    """An optional area of the inspection's search plan; another inspection's is refused."""
    return forms.ModelChoiceField(
        label=_("Area"),
        queryset=SearchArea.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("The area is not of this inspection.")},
    )


class FindingForm(forms.Form):
    prefix = "finding"

    kind = forms.ChoiceField(label=_("Kind"), choices=DiscrepancyKind.choices)
    area = _area_field()
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = inspection.areas.all()


class AttachmentForm(forms.Form):
    """A photo or document, optionally of an area of the plan and of a seizure made here."""

    prefix = "attachment"

    file = forms.FileField(
        label=_("Photo or document"),
        help_text=_("JPEG or PNG photos, PDF documents."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)
    area = _area_field()
    seizure = forms.ModelChoiceField(
        label=_("Seizure"),
        queryset=Seizure.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("The seizure is not of this inspection.")},
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = inspection.areas.all()
        self.fields["seizure"].queryset = inspection.seizures.order_by("reference")


class ResultForm(VersionForm):
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    seal_state = forms.ChoiceField(
        label=_("Seals"), choices=SealState.choices, initial=SealState.NOT_CHECKED
    )
    seals_found = forms.CharField(
        label=_("Seal numbers found"),
        required=False,
        max_length=200,
        help_text=_("As read on the cargo unit, separated by commas."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)
