"""The examples of docs/exchange.md are valid messages: the page cannot drift from the code."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

from portcontrol.core.messages import MessageType, PartnerNode, message_from_json, new_message
from portcontrol.core.messages.model import REPLY_TYPES
from tests.core.messages.factory import ALAT, GROUP, KURYK, NOW

PAGE = (Path(__file__).parents[3] / "docs" / "exchange.md").read_text(encoding="utf-8")
BODY_EXAMPLES = dict(re.findall(r"#### `(\w+)`\n.*?```json\n(.*?)```", PAGE, re.DOTALL))


def test_every_message_type_has_an_example() -> None:
    assert set(BODY_EXAMPLES) == {message_type.value for message_type in MessageType}


@pytest.mark.parametrize("message_type", list(MessageType))
def test_body_example_is_valid(message_type: MessageType) -> None:
    body = json.loads(BODY_EXAMPLES[message_type.value])
    reply_to = uuid.uuid4() if message_type in REPLY_TYPES else None
    sent = new_message(
        message_type,
        body,
        sender=KURYK,
        recipients=[ALAT],
        group=GROUP,
        in_reply_to=reply_to,
        now=NOW,
    )
    assert message_from_json(sent.to_json()).body == body


def test_full_message_example_is_valid() -> None:
    block = re.search(r'```json\n(\{\n  "header".*?)```', PAGE, re.DOTALL)
    assert block is not None
    assert message_from_json(block.group(1)).header.type is MessageType.ALERT


def test_public_document_example_registers() -> None:
    block = re.search(r'```json\n(\{\n  "node".*?)```', PAGE, re.DOTALL)
    assert block is not None
    partner = PartnerNode.from_json(block.group(1))
    assert [key.use.value for key in partner.keys] == ["sig", "enc"]
