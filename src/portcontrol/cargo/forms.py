"""Forms of the cargo pages: upload, quarantine correction, search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portcontrol.cargo.choices import FORMAT_CHOICES
from portcontrol.cargo.labels import field_label
from portcontrol.cargo.models import QuarantineItem


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Manifest file"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.PORTCONTROL_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."),
                params={"limit": settings.PORTCONTROL_MAX_UPLOAD_BYTES // (1024 * 1024)},
                code="too_large",
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload


def fields_of_kind(kind: str) -> tuple[str, ...]:
    """Canonical field names of a rejected item's kind, as the core builder takes them."""
    from portcontrol.core import manifest

    return {
        "consignment": manifest.CONSIGNMENT_ROW_FIELDS,
        "cargo_unit": manifest.CARGO_UNIT_ROW_FIELDS,
        "person": manifest.PERSON_FIELDS,
        "voyage": manifest.VOYAGE_FIELDS,
    }.get(kind, ())


class CorrectionForm(forms.Form):
    """Every canonical field of the item's kind, filled with what the file said."""

    def __init__(self, *args: Any, item: QuarantineItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = list(fields_of_kind(item.kind))
        names += [name for name in item.fields if name not in names]
        faulty = {r.get("place", "").rpartition("column ")[2] for r in item.reasons}
        for name in names:
            self.fields[name] = forms.CharField(
                label=field_label(name),
                required=False,
                initial=item.fields.get(name, ""),
                max_length=2000,
            )
            if name in faulty:
                self.fields[name].widget.attrs["class"] = "faulty"

    def corrected(self) -> dict[str, str]:
        """The fields as entered."""
        return {k: v for k, v in self.cleaned_data.items() if v}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Anything"), required=False, max_length=200)
    container = forms.CharField(label=_("Container or cargo unit"), required=False, max_length=40)
    party = forms.CharField(label=_("Party name"), required=False, max_length=200)
    plate = forms.CharField(label=_("Vehicle plate"), required=False, max_length=20)
    hs = forms.CharField(label=_("HS code"), required=False, max_length=12)
