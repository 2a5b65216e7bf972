"""Forms of the administrator pages: a partner node, a closed user group, a key rotation."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit
from portcontrol.core.messages import KeyMaterialError
from portcontrol.core.messages import PartnerNode as CorePartner
from portcontrol.exchange.keyring import MINIMUM_OVERLAP
from portcontrol.exchange.models import ClosedUserGroup, PartnerNode

# A public document lists a handful of keys; anything much larger is not one.
DOCUMENT_MAX_BYTES = 100_000


class PartnerForm(forms.Form):
    """A partner's public key document (pasted or uploaded) and its address.

    The document is checked here so the error sits on the field it came from; the action
    checks it again, being the one place every caller passes through.
    """

    public_document = forms.CharField(
        label=_("Public key document (JSON)"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "mono"}),
        required=False,
        max_length=DOCUMENT_MAX_BYTES,
        help_text=_('Paste the document the partner sent: {"node": ..., "keys": [...]}.'),
    )
    document_file = forms.FileField(
        label=_("or upload it"),
        required=False,
        help_text=_("A .json file; it replaces what is pasted above."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.CharField(
        label=_("Country"),
        min_length=2,
        max_length=2,
        help_text=_("Two-letter ISO 3166 code, e.g. AZ."),
    )
    inbox_url = forms.URLField(label=_("Inbox URL"), max_length=500, assume_scheme="https")
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, node_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node_id = node_id  # set when changing a registered partner

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if not country.isalpha() or not country.isascii():
            raise forms.ValidationError(_("Two letters, e.g. AZ."))
        return country

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("document_file")
        field = "document_file" if upload else "public_document"
        text = self._uploaded_text(upload) if upload else data.get("public_document", "")
        if text is None:
            return data
        if not text.strip():
            self.add_error("public_document", _("Paste the public key document or upload it."))
            return data
        document = self._checked_document(text, field)
        if document is not None:
            data["document"] = document
        return data

    def _uploaded_text(self, upload: Any) -> str | None:
        if upload.size > DOCUMENT_MAX_BYTES:
            self.add_error(
                "document_file",
                _("The file is larger than %(size)s bytes: not a public key document.")
                % {"size": DOCUMENT_MAX_BYTES},
            )
            return None
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.add_error("document_file", _("The file is not UTF-8 text."))
            return None

    def _checked_document(self, text: str, field: str) -> dict[str, Any] | None:
        """The parsed document, or None with the precise reason added to the field."""
        try:
            document = json.loads(text)
        except ValueError as error:
            self.add_error(field, _("Not valid JSON: %(error)s.") % {"error": error})
            return None
        try:
            core = CorePartner.from_document(document)
        except KeyMaterialError as error:
            self.add_error(
                field, _("Not a usable public key document: %(error)s.") % {"error": error}
            )
            return None
        if self.node_id is not None and core.node_id != self.node_id:
            self.add_error(
                field,
                _(
                    "The document is of node %(other)s, not %(node)s: register a new partner "
                    "node for it instead."
                )
                % {"other": core.node_id, "node": self.node_id},
            )
            return None
        return dict(document)


class GroupForm(forms.Form):
    """A closed user group: its code and name, whether personal data travels, its members."""

    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("The same code on every node of the group, e.g. CASPIAN-FERRY."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    personal_data_allowed = forms.BooleanField(
        label=_("Personal data may travel"),
        required=False,
        help_text=_("Unticked: names, identity documents, birth dates and addresses are removed."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Member partner nodes"),
        queryset=PartnerNode.objects.all(),
        to_field_name="node_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Member units"),
        queryset=Unit.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Member agencies"),
        queryset=Agency.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, group: ClosedUserGroup | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        if group is not None:
            # The code names the group on every node: changing it here would make a new group.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code names the group on every node: it stays.")

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if self.group is None and ClosedUserGroup.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("A group %(code)s exists already: change it from its own page.") % {"code": code}
            )
        return code


class RotationForm(forms.Form):
    """When the new keys come into force and how long the old ones stay in force after."""

    starts = forms.DateTimeField(
        label=_("New keys in force from"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Leave time to send the new public document to every partner node and have it "
            "registered there before this moment."
        ),
    )
    overlap_hours = forms.IntegerField(
        label=_("Overlap (hours)"),
        min_value=1,
        max_value=24 * 366,
        help_text=_(
            "How long the old keys stay in force after the start: at least %(hours)s hours, "
            "the maximum age of a message."
        )
        % {"hours": int(MINIMUM_OVERLAP.total_seconds() // 3600)},
    )

    @classmethod
    def first(cls) -> RotationForm:
        """The empty form: in force an hour from now, overlapping by the minimum."""
        starts = timezone.localtime() + timedelta(hours=1)
        return cls(
            initial={
                "starts": starts.replace(second=0, microsecond=0),
                "overlap_hours": int(MINIMUM_OVERLAP.total_seconds() // 3600),
            }
        )
