"""Forms of the exchange pages: replying, composing an alert from a task, a request."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portcontrol.exchange.choices import MessageKind
from portcontrol.exchange.models import ClosedUserGroup, PartnerNode


class ReplyForm(forms.Form):
    """A reply of an allowed kind with its body as JSON (docs/exchange.md shows each body)."""

    kind = forms.ChoiceField(label=_("Type"), choices=())
    body = forms.CharField(
        label=_("Body (JSON)"), widget=forms.Textarea(attrs={"rows": 8}), max_length=200_000
    )

    def __init__(self, *args: Any, kinds: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in MessageKind.choices if k in kinds]

    def clean_body(self) -> dict[str, Any]:
        try:
            body = json.loads(self.cleaned_data["body"])
        except ValueError as error:
            raise forms.ValidationError(_("not valid JSON: %(error)s") % {"error": error}) from None
        if not isinstance(body, dict):
            raise forms.ValidationError(_("the body is a JSON object {...}"))
        return body


REQUESTED_ACTIONS = [
    ("inspect", _("Inspect (physical examination)")),
    ("scan", _("Scan (non-intrusive inspection)")),
    ("documentary_check", _("Documentary check")),
    ("hold", _("Hold: do not load or release until contacted")),
    ("monitor", _("Monitor without stopping")),
    ("controlled_delivery", _("Controlled delivery: coordinate first")),
    ("inform", _("For information only")),
]


class GroupRecipientsForm(forms.Form):
    """The closed user group (of the user's unit or agency) and its partner nodes to send to.

    ``abroad=False`` (a partner agency's officer) leaves only the group: the message is posted
    to the group's members on this node, never sent to partner nodes.
    """

    group = forms.ModelChoiceField(
        label=_("Closed user group"), queryset=None, to_field_name="code"
    )
    recipients = forms.MultipleChoiceField(
        label=_("Recipients"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: every partner node of the group; a group without partner nodes: "
            "its members on this node."
        ),
    )
    here_only = forms.BooleanField(
        label=_("This node's members only"),
        required=False,
        help_text=_("Post to the group's units and agencies here; no partner node receives it."),
    )

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[ClosedUserGroup],
        abroad: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.abroad = abroad
        self.fields["group"].queryset = groups
        if not abroad:
            del self.fields["recipients"], self.fields["here_only"]
            return
        nodes = PartnerNode.objects.filter(groups__in=groups, active=True).distinct()
        self.fields["recipients"].choices = [(p.node_id, str(p)) for p in nodes]

    def chosen_recipients(self) -> list[str] | None:
        """``[]`` for this node's members only, ``None`` for every partner node of the group."""
        if not self.abroad or self.cleaned_data.get("here_only"):
            return []
        return list(self.cleaned_data.get("recipients") or []) or None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        group, chosen = data.get("group"), data.get("recipients") or []
        if chosen and data.get("here_only"):
            self.add_error(
                "recipients",
                _("tick no recipient node when posting to this node's members only"),
            )
            return data
        if group is not None and chosen:
            members = set(group.partners.filter(active=True).values_list("node_id", flat=True))
            outside = sorted(set(chosen) - members)
            if outside:
                self.add_error(
                    "recipients",
                    _("not partner nodes of group %(group)s: %(nodes)s")
                    % {"group": group.code, "nodes": ", ".join(outside)},
                )
        return data


class TaskAlertForm(GroupRecipientsForm):
    """What the officer adds to the alert built from the task: the request and remarks."""

    requested_action = forms.ChoiceField(label=_("Requested action"), choices=REQUESTED_ACTIONS)
    description = forms.CharField(label=_("What exactly is asked"), required=False, max_length=512)
    reply_by = forms.DateTimeField(
        label=_("Reply by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestForm(GroupRecipientsForm):
    """A request for information, optionally about a container, document, vessel or voyage."""

    question = forms.CharField(
        label=_("Question"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    container = forms.CharField(
        label=_("Container or trailer number"), required=False, max_length=40
    )
    document_number = forms.CharField(
        label=_("Transport document number"), required=False, max_length=60
    )
    imo = forms.RegexField(
        label=_("Vessel IMO number"),
        required=False,
        regex=r"^\d{7}$",
        error_messages={"invalid": _("an IMO number has 7 digits")},
    )
    voyage = forms.CharField(label=_("Voyage number"), required=False, max_length=60)
    reply_by = forms.DateTimeField(
        label=_("Reply by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def body(self) -> dict[str, Any]:
        """The request body in WCO names: the question and the subjects named."""
        data = self.cleaned_data
        body: dict[str, Any] = {"Question": data["question"].strip()}
        if data["container"].strip():
            body["TransportEquipment"] = [{"ID": "".join(data["container"].split()).upper()}]
            body["SubjectTypeCode"] = "cargo_unit"
        if data["document_number"].strip():
            body["Consignment"] = {
                "TransportContractDocument": {"ID": data["document_number"].strip()}
            }
            body["SubjectTypeCode"] = "consignment"
        vessel: dict[str, str] = {}
        if data["imo"]:
            vessel.update(ID=data["imo"], IdentificationTypeCode="10")
        if data["voyage"].strip():
            vessel["JourneyID"] = data["voyage"].strip()
        if vessel:
            body["BorderTransportMeans"] = vessel
            body.setdefault("SubjectTypeCode", "vessel")
        if data["reply_by"] is not None:
            body["ReplyByDateTime"] = data["reply_by"].isoformat().replace("+00:00", "Z")
        return body
