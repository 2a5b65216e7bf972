"""Forms of the seizure pages: the seizure (new or corrected), a handover, the list filters.

The seizure form only turns text into values (a voyage number into the voyage, a line per party
into a party); every rule of a seizure is checked by ``seizure_actions.check_seizure_fields``,
the same function the API goes through, and its errors land on the field they name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portcontrol.accounts.models import Agency, Unit
from portcontrol.cargo.models import CargoUnit, Voyage
from portcontrol.inspections.choices import Commodity, Concealment, DrugType, QuantityUnit
from portcontrol.inspections.models import Inspection, SearchArea, Seizure
from portcontrol.inspections.seizure_actions import SEIZURE_FIELDS, check_seizure_fields
from portcontrol.web.periods import Period

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
PARTY_KEYS = ("role", "name", "country")
PERSON_KEYS = ("name", "nationality", "born", "document")


def _datetime_field(label: str, **kwargs: Any) -> forms.DateTimeField:
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
    return forms.DateTimeField(label=label, widget=widget, input_formats=DATETIME_INPUTS, **kwargs)


def lines_to_items(text: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    """One item per non-empty line, values separated by ``;`` in the order of ``keys``.

    >>> lines_to_items("shipper; ТОО Каспий; KZ\\n\\nconsignee; Alyat Trade", ("role", "name", "country"))
    [{'role': 'shipper', 'name': 'ТОО Каспий', 'country': 'KZ'}, {'role': 'consignee', 'name': 'Alyat Trade', 'country': ''}]
    """  # noqa: E501
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        parts += [""] * (len(keys) - len(parts))
        # A name with a ";" in it keeps it: the extra parts go back to the last key.
        item = dict(zip(keys[:-1], parts, strict=False))
        item[keys[-1]] = "; ".join(part for part in parts[len(keys) - 1 :] if part)
        items.append(item)
    return items


def items_to_lines(items: list[dict[str, Any]], keys: tuple[str, ...]) -> str:
    """The items back as lines, for a form that shows recorded values."""
    return "\n".join("; ".join(str(item.get(key) or "") for key in keys) for item in items or [])


class SeizureForm(forms.Form):
    """A seizure as the officer enters it; ``version`` and ``comment`` only when correcting."""

    seized_at = _datetime_field(gettext_lazy("Seized at"))
    place = forms.CharField(
        label=gettext_lazy("Place of seizure"),
        max_length=10,
        help_text=gettext_lazy("UN/LOCODE, e.g. KZKUR"),
    )
    category = forms.ChoiceField(label=gettext_lazy("Commodity"), choices=Commodity.choices)
    drug_type = forms.ChoiceField(
        label=gettext_lazy("Drug type"),
        choices=[("", "—"), *DrugType.choices],
        required=False,
        help_text=gettext_lazy("Only for drugs, and then required."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description of the goods"), widget=forms.Textarea(attrs={"rows": 3})
    )
    hs_code = forms.CharField(label=gettext_lazy("HS code"), max_length=14, required=False)
    quantity = forms.DecimalField(label=gettext_lazy("Quantity"), max_digits=16, decimal_places=3)
    quantity_unit = forms.ChoiceField(
        label=gettext_lazy("Unit of quantity"), choices=QuantityUnit.choices
    )
    estimated_value = forms.DecimalField(
        label=gettext_lazy("Estimated value"), max_digits=16, decimal_places=2, required=False
    )
    currency = forms.CharField(
        label=gettext_lazy("Currency"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("ISO 4217, e.g. USD"),
    )
    concealment = forms.ChoiceField(
        label=gettext_lazy("Concealment method"), choices=Concealment.choices
    )
    voyage = forms.CharField(label=gettext_lazy("Voyage number"), max_length=60, required=False)
    cargo_unit = forms.CharField(
        label=gettext_lazy("Cargo unit"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Container number or trailer identifier on the voyage."),
    )
    search_area = forms.ModelChoiceField(
        label=gettext_lazy("Vessel area"), queryset=SearchArea.objects.none(), required=False
    )
    concealment_place = forms.CharField(
        label=gettext_lazy("Concealment place"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Where exactly, in words: e.g. spare wheel, behind the cabin panel."
        ),
    )
    departure = forms.CharField(
        label=gettext_lazy("Route: departure"), max_length=10, required=False
    )
    transit = forms.CharField(
        label=gettext_lazy("Route: transit"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("UN/LOCODEs or country codes, separated by commas."),
    )
    destination = forms.CharField(
        label=gettext_lazy("Route: destination"), max_length=10, required=False
    )
    parties = forms.CharField(
        label=gettext_lazy("Parties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: role; name; country (e.g. shipper; ТОО Каспий; KZ)."),
    )
    arrested = forms.CharField(
        label=gettext_lazy("People arrested"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One per line: name; nationality; date of birth (YYYY-MM-DD); document."
        ),
    )
    case_reference = forms.CharField(
        label=gettext_lazy("Case reference"), max_length=60, required=False
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=gettext_lazy("Reason for the correction"), max_length=500, required=False
    )

    def __init__(
        self,
        *args: Any,
        unit: Unit,
        inspection: Inspection | None = None,
        correcting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.inspection = inspection
        self.correcting = correcting
        if inspection is not None:
            self.fields["search_area"].queryset = inspection.areas.all()
            # The seizure of an inspection is on the inspection's voyage.
            self.fields["voyage"].disabled = True
            self.fields["voyage"].initial = inspection.voyage.number
        else:
            del self.fields["search_area"]
        if correcting:
            self.fields["version"].required = True
            self.fields["comment"].required = True
        else:
            del self.fields["version"]
            del self.fields["comment"]

    def clean_voyage(self) -> Voyage | None:
        if self.inspection is not None:
            return self.inspection.voyage
        number = (self.cleaned_data.get("voyage") or "").strip()
        if not number:
            return None
        found = Voyage.objects.filter(unit=self.unit, number__iexact=number).first()
        if found is None:
            raise ValidationError(_("No voyage %s in your unit.") % number)
        return found

    def clean_parties(self) -> list[dict[str, str]]:
        return lines_to_items(self.cleaned_data.get("parties") or "", PARTY_KEYS)

    def clean_arrested(self) -> list[dict[str, str]]:
        return lines_to_items(self.cleaned_data.get("arrested") or "", PERSON_KEYS)

    def _cargo_unit(self, identifier: str, voyage: Voyage | None) -> CargoUnit | None:
        """The cargo unit by identifier, on the voyage when one is given, else in the unit."""
        compacted = "".join(identifier.split()).upper()
        if not compacted:
            return None
        found = CargoUnit.objects.filter(unit=self.unit, identifier=compacted)
        if voyage is not None:
            found = found.filter(voyage=voyage)
        matches = list(found.select_related("voyage")[:2])
        if not matches:
            where = _("on voyage %s") % voyage.number if voyage else _("in your unit")
            self.add_error(
                "cargo_unit",
                _("No cargo unit %(id)s %(where)s.")
                % {
                    "id": compacted,
                    "where": where,
                },
            )
            return None
        if len(matches) > 1:
            self.add_error(
                "cargo_unit",
                _("Cargo unit %s is on several voyages: give the voyage number.") % compacted,
            )
            return None
        return matches[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["cargo_unit"] = self._cargo_unit(data.get("cargo_unit") or "", data.get("voyage"))
        if self.errors:
            return data
        fields = {name: data.get(name) for name in SEIZURE_FIELDS if name in self.fields}
        try:
            check_seizure_fields(self.unit, self.inspection, fields)
        except ValidationError as error:
            self.add_action_errors(error)
        return data

    def seizure_fields(self) -> dict[str, Any]:
        """The values to record or correct, as the action takes them."""
        return {name: self.cleaned_data.get(name) for name in SEIZURE_FIELDS if name in self.fields}

    def add_action_errors(self, error: ValidationError) -> None:
        """Errors of the action on their fields; those of fields not shown above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message if target else f"{field}: {message}")


def seizure_initial(seizure: Seizure) -> dict[str, Any]:
    """The recorded values as the form shows them, with the version the officer saw."""
    initial: dict[str, Any] = {name: getattr(seizure, name) for name in SEIZURE_FIELDS}
    initial["voyage"] = seizure.voyage.number if seizure.voyage else ""
    initial["cargo_unit"] = seizure.cargo_unit.identifier if seizure.cargo_unit else ""
    initial["search_area"] = seizure.search_area_id
    initial["parties"] = items_to_lines(seizure.parties, PARTY_KEYS)
    initial["arrested"] = items_to_lines(seizure.arrested, PERSON_KEYS)
    initial["version"] = seizure.version
    return initial


def defaults_initial(defaults: dict[str, Any]) -> dict[str, Any]:
    """Pre-filled values of an inspection (``inspection_defaults``) as the form shows them."""
    initial = dict(defaults)
    voyage = initial.get("voyage")
    initial["voyage"] = voyage.number if voyage else ""
    cargo_unit = initial.get("cargo_unit")
    initial["cargo_unit"] = cargo_unit.identifier if cargo_unit else ""
    initial["parties"] = items_to_lines(initial.get("parties") or [], PARTY_KEYS)
    return initial


class CustodyForm(forms.Form):
    """A handover of the seized goods to the next holder."""

    to_agency = forms.ModelChoiceField(
        label=gettext_lazy("Handed over to"), queryset=Agency.objects.all()
    )
    handed_over_at = _datetime_field(gettext_lazy("Handed over at"))
    received_by = forms.CharField(
        label=gettext_lazy("Received by"),
        max_length=200,
        help_text=gettext_lazy("Name, rank and service of the person who signed for the goods."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def add_action_errors(self, error: ValidationError) -> None:
        """Errors of the handover on their fields."""
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


SORTS = {"date": ("seized_at", "id"), "-date": ("-seized_at", "-id")}
# How the list is told "no place recorded" for an end of a route (see ``reports.links``).
NONE_RECORDED = "-"
# A UN/LOCODE (KZKUR), a country (KZ), or a voyage's port as the manifest wrote it.
PLACE_PATTERN = re.compile(r"^[A-Z0-9]{2,10}$")


class PlaceFilter(forms.CharField):
    """A place to filter on, written as stored (``kz kur`` reads ``KZKUR``); ``-`` for none."""

    def __init__(self, *args: Any, none_allowed: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)
        self.none_allowed = none_allowed
        self.widget.attrs.update({"size": "7", "placeholder": "KZKUR"})

    def clean(self, value: Any) -> str:
        text = "".join(str(super().clean(value) or "").split()).upper()
        if not text or (self.none_allowed and text == NONE_RECORDED):
            return text
        if not PLACE_PATTERN.match(text):
            if self.none_allowed:
                raise ValidationError(
                    _("%(value)s: give a UN/LOCODE (e.g. KZKUR), a country code (KZ) or - for none")
                    % {"value": value}
                )
            raise ValidationError(_("%(value)s: give a UN/LOCODE, e.g. KZKUR") % {"value": value})
        return text


class SeizureFilterForm(forms.Form):
    """Filters of the list and the export, as the dashboard's figures and the map link them.

    The period is local days of seizure (both included); the route's ends are the seizure's
    own departure and destination, else its voyage's ports, as the dashboard groups them;
    ``unit`` is the unit a figure counted, which must be the user's own for a unit worker.
    """

    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Commodity"),
        choices=[("", gettext_lazy("any")), *Commodity.choices],
        required=False,
    )
    concealment = forms.ChoiceField(
        label=gettext_lazy("Concealment"),
        choices=[("", gettext_lazy("any")), *Concealment.choices],
        required=False,
    )
    departure = PlaceFilter(label=gettext_lazy("Route: departure"), none_allowed=True)
    destination = PlaceFilter(label=gettext_lazy("Route: destination"), none_allowed=True)
    place = PlaceFilter(label=gettext_lazy("Place of seizure"))
    own = forms.BooleanField(label=gettext_lazy("Only my unit's"), required=False)
    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        choices=[("-date", gettext_lazy("newest first")), ("date", gettext_lazy("oldest first"))],
        required=False,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_unit(self) -> int | None:
        unit = self.cleaned_data.get("unit")
        unit_id = getattr(self.user, "unit_id", None)
        if unit is not None and unit_id is not None and unit != unit_id:
            raise ValidationError(_("Only the seizures of your own unit are listed here."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def apply(self, seizures: QuerySet[Seizure], unit_id: int | None) -> QuerySet[Seizure]:
        """The seizures that match; none while the form is invalid (see ``error_lines``)."""
        if not self.is_valid():
            return seizures.none()
        data = self.cleaned_data
        if data.get("unit") is not None:
            # Narrows a partner's list; a unit worker's is their unit's already.
            seizures = seizures.filter(unit_id=data["unit"])
        return filter_seizures(
            seizures,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            category=data.get("category") or "",
            own_unit=unit_id if data.get("own") else None,
            sort=data.get("sort") or "-date",
            concealment=data.get("concealment") or "",
            departure=data.get("departure") or "",
            destination=data.get("destination") or "",
            place=data.get("place") or "",
        )

    def error_lines(self) -> list[str]:
        """Each refused filter as "Field: reason", for the top of the page."""
        return [
            f"{self.fields[name].label}: {' '.join(errors)}" if name in self.fields else errors[0]
            for name, errors in self.errors.items()
        ]


def with_route(seizures: QuerySet[Seizure]) -> QuerySet[Seizure]:
    """Each seizure with the ends of its route: its own departure and destination, else the
    ports of its voyage (``route_from``, ``route_to``), as the dashboard counts routes."""
    return seizures.annotate(
        route_from=Coalesce(NullIf("departure", Value("")), "voyage__departure_port"),
        route_to=Coalesce(NullIf("destination", Value("")), "voyage__arrival_port"),
    )


def _route_end(name: str, value: str) -> Q:
    if value == NONE_RECORDED:
        return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})
    return Q(**{name: value})


def filter_seizures(
    seizures: QuerySet[Seizure],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    category: str = "",
    own_unit: int | None = None,
    sort: str = "-date",
    concealment: str = "",
    departure: str = "",
    destination: str = "",
    place: str = "",
) -> QuerySet[Seizure]:
    """Seizures in the period (local days, both ends included), of one commodity, concealment,
    route and place, of one unit. A route end ``-`` is one nobody recorded."""
    if date_from is not None:
        seizures = seizures.filter(seized_at__gte=Period(date_from, date_from).start)
    if date_to is not None:
        seizures = seizures.filter(seized_at__lt=Period(date_to, date_to).end)
    if category:
        seizures = seizures.filter(category=category)
    if concealment:
        seizures = seizures.filter(concealment=concealment)
    if place:
        seizures = seizures.filter(place=place)
    if departure or destination:
        seizures = with_route(seizures)
        if departure:
            seizures = seizures.filter(_route_end("route_from", departure))
        if destination:
            seizures = seizures.filter(_route_end("route_to", destination))
    if own_unit is not None:
        seizures = seizures.filter(unit_id=own_unit)
    return seizures.order_by(*SORTS.get(sort, SORTS["-date"]))
