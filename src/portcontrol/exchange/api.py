"""The exchange API: the inbox partner nodes post sealed tokens to.

No session or token authentication: the message's signature by a registered partner key is
the authentication, checked by :func:`portcontrol.exchange.actions.receive`.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from portcontrol.core.messages import KeyMaterialError
from portcontrol.core.messages.seal import MAX_TOKEN_CHARS
from portcontrol.exchange import actions
from portcontrol.exchange.models import RejectedMessage

router = Router(tags=["exchange"])


class ReceiptOut(Schema):
    status: str
    code: str
    detail: str
    message_id: str | None = None


def _remote(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@router.post(
    "/inbox",
    auth=None,
    response={200: ReceiptOut, 400: ReceiptOut, 413: ReceiptOut, 503: ReceiptOut},
    summary="Receive a sealed message (JWE compact serialization) from a partner node",
)
def inbox(request: HttpRequest) -> Status:
    """Take one token as the request body; 200 when accepted or already received."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > MAX_TOKEN_CHARS:
        # Refused before reading: a partner never sends more than the largest message seals to.
        detail = f"the request has {declared} bytes, over the limit of {MAX_TOKEN_CHARS}"
        RejectedMessage.objects.create(
            remote_address=_remote(request)[:100],
            code="too_large",
            message=detail,
            token_start="",
            token_length=declared,
        )
        return Status(413, {"status": "refused", "code": "too_large", "detail": detail})
    try:
        receipt = actions.receive(request.body, remote=_remote(request))
    except KeyMaterialError as error:
        # This node's own identity is not configured: the sender keeps the token and retries.
        return Status(
            503, {"status": "unavailable", "code": "not_configured", "detail": str(error)}
        )
    return Status(receipt.http_status, receipt.as_json())
