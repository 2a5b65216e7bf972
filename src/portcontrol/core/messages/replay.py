"""Replay protection: the message ids a node has already accepted, per sender.

The inbox refuses a message whose (sender, id) it has seen (code ``duplicate``). The Django app
keeps the ids in its database, where a unique constraint makes the check safe between workers;
:class:`MemorySeenIds` is the same contract in memory, for tests and benchmarks. Ids only need
keeping for the maximum message age: anything older is refused as stale before this check.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol

from portcontrol.core.messages.keys import utc


class SeenIds(Protocol):
    """Where the inbox records the ids of accepted messages."""

    def add(self, sender: str, message_id: uuid.UUID, created: datetime) -> bool:
        """Record the id; False when this sender's id was recorded before."""
        ...


class MemorySeenIds:
    """Seen ids in a dictionary: one process, forgotten on restart."""

    def __init__(self) -> None:
        self._created: dict[tuple[str, uuid.UUID], datetime] = {}

    def add(self, sender: str, message_id: uuid.UUID, created: datetime) -> bool:
        """Record the id; False when this sender's id was recorded before."""
        key = (sender, message_id)
        if key in self._created:
            return False
        self._created[key] = utc(created)
        return True

    def forget_before(self, moment: datetime) -> int:
        """Drop ids of messages created before the moment; how many were dropped."""
        moment = utc(moment)
        old = [key for key, created in self._created.items() if created < moment]
        for key in old:
            del self._created[key]
        return len(old)

    def __len__(self) -> int:
        return len(self._created)
