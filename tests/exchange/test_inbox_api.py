"""The inbox endpoint: no login, the token is the request body, refusals carry code and reason."""

from __future__ import annotations

from portcontrol.exchange.models import IncomingMessage, RejectedMessage
from tests.exchange import bodies

URL = "/api/exchange/inbox"


def test_inbox_accepts_a_sealed_message_without_login(client, partner_node):
    token = partner_node.token("alert", bodies.alert())
    response = client.post(URL, token, content_type="application/jose")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert IncomingMessage.objects.get().sender == "AZ-ALAT"


def test_inbox_refuses_garbage_with_code(client, partner_node):
    response = client.post(URL, "not a token", content_type="application/jose")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"
    assert RejectedMessage.objects.get().token_start == "not a token"


def test_inbox_refuses_oversized_request_before_reading(client, partner_node):
    from portcontrol.core.messages.seal import MAX_TOKEN_CHARS

    response = client.post(URL, "A" * (MAX_TOKEN_CHARS + 1), content_type="application/jose")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not IncomingMessage.objects.exists()


def test_inbox_without_own_keys_asks_sender_to_retry(client, db, settings):
    settings.PORTCONTROL_NODE_ID = ""
    response = client.post(URL, "a.b.c.d.e", content_type="application/jose")
    assert response.status_code == 503
    assert response.json()["code"] == "not_configured"
    assert not RejectedMessage.objects.exists()
