"""Posting a sealed token to a partner's inbox: the one outbound HTTP boundary of the exchange."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TOKEN_CONTENT_TYPE = "application/jose"
# A partner's answer is a small JSON object; more is not read.
_MAX_ANSWER_BYTES = 64 * 1024


class TransportError(Exception):
    """The partner could not be reached or did not answer: worth retrying later."""


@dataclass(frozen=True)
class InboxAnswer:
    """What the partner's inbox said: HTTP status and its JSON object (empty when not JSON)."""

    status: int
    document: dict[str, Any]

    def describe(self) -> str:
        """``code: detail`` as the inbox gave it, or the bare status."""
        code = self.document.get("code") or self.document.get("status")
        detail = self.document.get("detail", "")
        if code:
            return f"{code}: {detail}".rstrip(": ")
        return f"HTTP {self.status}"


def post_token(url: str, token: str, *, timeout: float) -> InboxAnswer:
    """POST the token; any HTTP answer is returned, a network failure raises TransportError."""
    request = urllib.request.Request(
        url,
        data=token.encode("ascii"),
        method="POST",
        headers={"Content-Type": TOKEN_CONTENT_TYPE, "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return InboxAnswer(response.status, _json_object(response.read(_MAX_ANSWER_BYTES)))
    except urllib.error.HTTPError as error:
        with error:
            return InboxAnswer(error.code, _json_object(error.read(_MAX_ANSWER_BYTES)))
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise TransportError(f"{url} not reached: {reason}") from None


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}
