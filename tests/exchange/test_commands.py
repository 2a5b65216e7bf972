"""Management commands and the background task of the exchange app."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from portcontrol.core.messages import PartnerNode, read_own_keys
from portcontrol.exchange import actions
from portcontrol.exchange.choices import DeliveryState
from portcontrol.exchange.models import Delivery
from portcontrol.exchange.tasks import deliver_pending
from portcontrol.exchange.transport import InboxAnswer
from tests.exchange import bodies


def test_exchange_keys_writes_private_file_and_prints_public_document(tmp_path, capsys):
    out = tmp_path / "keys.json"
    call_command("exchange_keys", "--node", "KZ-KURYK", "--out", str(out))
    public = PartnerNode.from_json(capsys.readouterr().out)
    assert public.node_id == "KZ-KURYK"
    assert read_own_keys(out).public() == public
    assert out.stat().st_mode & 0o777 == 0o600
    assert '"d"' not in public.to_json()


def test_exchange_keys_never_overwrites_without_force(tmp_path):
    out = tmp_path / "keys.json"
    out.write_text("{}")
    with pytest.raises(CommandError, match="--force"):
        call_command("exchange_keys", "--node", "KZ-KURYK", "--out", str(out))
    assert out.read_text() == "{}"


def test_exchange_keys_refuses_bad_node_id(tmp_path):
    with pytest.raises(CommandError, match="--node"):
        call_command("exchange_keys", "--node", "-bad id", "--out", str(tmp_path / "k.json"))


def test_exchange_group_refuses_unknown_unit(partner_node):
    with pytest.raises(CommandError, match="--unit: no unit NOPE"):
        call_command("exchange_group", "--code", "G", "--partner", "AZ-ALAT", "--unit", "NOPE")


def test_exchange_group_takes_member_agencies(partner_node):
    from portcontrol.accounts.models import Agency
    from portcontrol.exchange.models import ClosedUserGroup

    Agency.objects.create(code="KZ-BS", name="Border Service", country="KZ", kind="border_service")
    with pytest.raises(CommandError, match="--agency: no agency NOPE"):
        call_command("exchange_group", "--code", "G", "--partner", "AZ-ALAT", "--agency", "NOPE")
    assert not ClosedUserGroup.objects.filter(code="G").exists()
    call_command("exchange_group", "--code", "G", "--partner", "AZ-ALAT", "--agency", "KZ-BS")
    group = ClosedUserGroup.objects.get(code="G")
    assert list(group.agencies.values_list("code", flat=True)) == ["KZ-BS"]


def test_exchange_partner_refuses_document_with_private_keys(db, node, tmp_path):
    path = tmp_path / "private.json"
    path.write_text(node.to_json())
    with pytest.raises(CommandError, match="public_document"):
        call_command("exchange_partner", "add", "--json", str(path), "--inbox-url", "http://x/")


def test_exchange_send_prints_id_of_stored_message(group, tmp_path, capsys):
    body = tmp_path / "alert.json"
    body.write_text(json.dumps(bodies.alert()))
    call_command("exchange_send", "--type", "alert", "--group", group.code, "--body", str(body))
    message_id = capsys.readouterr().out.strip()
    assert Delivery.objects.get().message_id.hex == message_id.replace("-", "")


def test_deliver_pending_task_delivers_due(group, monkeypatch):
    actions.send_message(kind="alert", body=bodies.alert(), group=group)
    monkeypatch.setattr(
        actions, "post_token", lambda url, token, timeout: InboxAnswer(200, {"status": "accepted"})
    )
    assert deliver_pending.call() == 1
    assert Delivery.objects.get().state == DeliveryState.DELIVERED
