"""Forms of the targeting app: profiles (text and simple), watch lists, entries, tasks, capacity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit
from portcontrol.core.errors import PortControlError
from portcontrol.targeting.choices import ImportFormat, TaskResult
from portcontrol.targeting.models import (
    HighRiskPlace,
    RiskProfile,
    UnitCapacity,
    WatchList,
    WatchListEntry,
)
from portcontrol.targeting.models.profiles import PROFILE_FIELDS


def criteria_error(exc: PortControlError) -> str:
    """The message of a profile-language error, with its line and column."""
    return str(exc)


class ProfileForm(forms.ModelForm):
    """Every field of a profile, the criteria as text in the profile language."""

    national = forms.BooleanField(
        label=_("National (all units of the administration)"), required=False
    )
    comment = forms.CharField(label=_("What changed and why"), required=False, max_length=300)

    class Meta:
        model = RiskProfile
        fields = list(PROFILE_FIELDS)
        widgets = {
            "criteria": forms.Textarea(attrs={"rows": 8, "class": "mono", "spellcheck": "false"}),
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["national"]
            self.fields["code"].disabled = True

    def clean_criteria(self) -> str:
        from portcontrol.targeting.actions import criteria_errors

        text: str = self.cleaned_data["criteria"]
        errors = criteria_errors(text)
        if errors:
            # Each error names its line and column and repeats the line with the place marked.
            raise forms.ValidationError([criteria_error(error) for error in errors])
        return text

    def validate_unique(self) -> None:
        # The code is unique per administration: the action checks it with the agency known.
        pass


class SimpleCriteriaForm(forms.Form):
    """The common cases of a profile without writing the language (all must hold)."""

    hs_codes = forms.CharField(
        label=_("HS codes or prefixes"), required=False, help_text=_("Separated by commas.")
    )
    route_countries = forms.CharField(label=_("Countries on the route"), required=False)
    route_places = forms.CharField(label=_("Places on the route (UN/LOCODE)"), required=False)
    origin_countries = forms.CharField(label=_("Countries of origin"), required=False)
    description_words = forms.CharField(label=_("Words in the goods description"), required=False)
    shipper_words = forms.CharField(label=_("Words in the shipper's name"), required=False)
    value_per_kg_min = forms.DecimalField(label=_("Value per kg at least"), required=False)
    value_per_kg_max = forms.DecimalField(label=_("Value per kg at most"), required=False)
    weight_min = forms.DecimalField(label=_("Gross weight (kg) at least"), required=False)

    def criteria(self) -> str:
        """The criteria these fields mean, in the profile language."""
        from portcontrol.core.risk.profiles import build_criteria

        form = {
            key: (float(value) if not isinstance(value, str) else value)
            for key, value in self.cleaned_data.items()
            if value not in (None, "")
        }
        return build_criteria(form)


class WatchListForm(forms.ModelForm):
    national = forms.BooleanField(
        label=_("National (all units of the administration)"), required=False
    )

    class Meta:
        model = WatchList
        fields = ["code", "name", "kind", "source", "score"]


class LinesField(forms.CharField):
    """Several values, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


class EntryForm(forms.ModelForm):
    names = LinesField(label=_("Names (one spelling per line)"), required=False)
    document_numbers = LinesField(label=_("Document numbers (one per line)"), required=False)
    identifiers = LinesField(
        label=_("Plates, container, IMO or tax numbers (one per line)"), required=False
    )

    class Meta:
        model = WatchListEntry
        fields = [
            "names",
            "date_of_birth",
            "nationality",
            "document_numbers",
            "identifiers",
            "source",
            "reason",
            "expires_on",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("names") and not data.get("identifiers"):
            raise forms.ValidationError(_("Give at least one name or one identifier."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class WatchListImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)


class TaskActionForm(forms.Form):
    """A change to a task, with the version the officer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.ChoiceField(label=_("Result"), choices=TaskResult.choices, required=False)


class TaskSharingForm(forms.Form):
    """The partner agencies a task is shared with: ticked ones read it, the others no longer."""

    agencies = forms.ModelMultipleChoiceField(
        label=_("Shared with"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        from portcontrol.targeting.actions import partner_agencies_of

        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = partner_agencies_of(unit)


class CapacityForm(forms.ModelForm):
    class Meta:
        model = UnitCapacity
        fields = ["per_day", "random_share"]

    def clean_random_share(self) -> Any:
        share = self.cleaned_data["random_share"]
        if not 0 <= share <= 1:
            raise forms.ValidationError(_("A share is between 0 and 1."))
        return share


class DryRunForm(forms.Form):
    days = forms.IntegerField(label=_("Days back"), min_value=1, max_value=365, initial=30)


class HighRiskPlaceForm(forms.ModelForm):
    """A port or country to mark high-risk, why, and the lane its routes get."""

    national = forms.BooleanField(
        label=_("National (all units of the administration)"), required=False
    )

    # Wider than the stored code: people write "KZ KUR" or "KZ-KUR"; the spaces go.
    code = forms.CharField(
        label=_("place"),
        max_length=10,
        help_text=_("UN/LOCODE of a port (5) or country code (2)."),
    )

    class Meta:
        model = HighRiskPlace
        fields = ["code", "reason", "lane"]

    def clean_code(self) -> str:
        from portcontrol.targeting.models.history import compact_place

        return compact_place(self.cleaned_data["code"])
