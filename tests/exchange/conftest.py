"""This node (KZ-KURYK) with keys in a file, a partner (AZ-ALAT) whose private keys the test
holds, and a closed user group of both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from portcontrol.core.messages import (
    ClosedUserGroup,
    OwnKeys,
    new_message,
    seal,
    write_own_keys,
)

HERE = "KZ-KURYK"
THERE = "AZ-ALAT"
GROUP = "CASPIAN-FERRY"


@dataclass
class Partner:
    """A partner node simulated in the test: it seals what it sends to this node."""

    keys: OwnKeys
    here: OwnKeys

    def token(self, kind: str, body: dict[str, Any], **header: Any) -> str:
        """A message from the partner to this node, sealed as the partner's node would."""
        message = new_message(
            kind, body, sender=self.keys.node_id, recipients=[HERE], group=GROUP, **header
        )
        group = ClosedUserGroup(GROUP, frozenset({HERE, self.keys.node_id}), True)
        sealed = seal(message, self.keys, {HERE: self.here.public()}, group=group)
        return sealed.tokens[HERE]


@pytest.fixture
def node(settings, tmp_path):
    """This node's own keys, written to a file and named in the settings."""
    keys = OwnKeys.generate(HERE)
    path = tmp_path / "node-keys.json"
    write_own_keys(path, keys)
    settings.PORTCONTROL_NODE_ID = HERE
    settings.PORTCONTROL_NODE_KEYS_FILE = str(path)
    return keys


@pytest.fixture
def partner_node(db, node):
    """AZ-ALAT registered here, with a group CASPIAN-FERRY where personal data may travel."""
    from portcontrol.exchange.actions import register_partner, save_group

    keys = OwnKeys.generate(THERE)
    register_partner(
        by=None,
        document=keys.public().to_document(),
        name="Alyat",
        country="AZ",
        inbox_url="http://127.0.0.1:9/api/exchange/inbox",
    )
    save_group(
        by=None, code=GROUP, name="Caspian ferry", personal_data_allowed=True, partner_ids=[THERE]
    )
    return Partner(keys, node)


@pytest.fixture
def group(partner_node):
    from portcontrol.exchange.models import ClosedUserGroup as Group

    return Group.objects.get(code=GROUP)
