"""Threads: a message, what it replies to and the replies, in both directions.

Messages are linked by the header's ``in_reply_to``, whichever node sent them: an alert this
node sent, the partner's acknowledgement and inspection result, and our answer to that. Only
messages of the user's groups are shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from portcontrol.accounts.models import User
from portcontrol.exchange.access import visible
from portcontrol.exchange.models import IncomingMessage, OutgoingMessage

# A thread longer than this is cut: a loop of replies between misbehaving nodes stays bounded.
MAX_THREAD = 200


@dataclass(frozen=True)
class ThreadEntry:
    """One message of a thread, incoming or outgoing."""

    incoming: IncomingMessage | None
    outgoing: OutgoingMessage | None
    is_shown: bool  # the message whose page this is

    @property
    def message_id(self) -> uuid.UUID:
        return self.incoming.message_id if self.incoming else self.outgoing.id  # type: ignore[union-attr]

    @property
    def created(self) -> datetime:
        return (self.incoming or self.outgoing).created  # type: ignore[union-attr]

    @property
    def in_reply_to(self) -> uuid.UUID | None:
        return (self.incoming or self.outgoing).in_reply_to  # type: ignore[union-attr]


def _find(message_ids: set[uuid.UUID], user: User) -> list[ThreadEntry]:
    incoming = visible(IncomingMessage.objects.all(), user).filter(message_id__in=message_ids)
    outgoing = visible(OutgoingMessage.objects.all(), user).filter(id__in=message_ids)
    return [ThreadEntry(m, None, False) for m in incoming] + [
        ThreadEntry(None, m, False) for m in outgoing.prefetch_related("deliveries__partner")
    ]


def _replies(message_ids: set[uuid.UUID], user: User) -> list[ThreadEntry]:
    incoming = visible(IncomingMessage.objects.all(), user).filter(in_reply_to__in=message_ids)
    outgoing = visible(OutgoingMessage.objects.all(), user).filter(in_reply_to__in=message_ids)
    return [ThreadEntry(m, None, False) for m in incoming] + [
        ThreadEntry(None, m, False) for m in outgoing.prefetch_related("deliveries__partner")
    ]


def thread_of(
    message_id: uuid.UUID, in_reply_to: uuid.UUID | None, user: User
) -> list[ThreadEntry]:
    """The thread of a message, oldest first, the message itself marked.

    Steps:

    1. follow ``in_reply_to`` up to the first message of the thread that is here;
    2. from it, collect the replies level by level, both tables at each level;
    3. order by depth in the thread, then by creation time.
    """
    root, parent = message_id, in_reply_to
    seen = {message_id}
    while parent is not None and parent not in seen and len(seen) < MAX_THREAD:
        found = _find({parent}, user)
        if not found:
            break
        seen.add(parent)
        root, parent = parent, found[0].in_reply_to
    # Depth first, then time: created times are whole seconds, a reply may share its parent's.
    entries: dict[uuid.UUID, tuple[int, ThreadEntry]] = {}
    level, depth = {root}, 0
    for entry in _find({root}, user):
        entries.setdefault(entry.message_id, (depth, entry))
    while level and len(entries) < MAX_THREAD:
        depth += 1
        replies = [e for e in _replies(level, user) if e.message_id not in entries]
        for entry in replies:
            entries[entry.message_id] = (depth, entry)
        level = {entry.message_id for entry in replies}
    ordered = sorted(
        entries.values(), key=lambda item: (item[0], item[1].created, str(item[1].message_id))
    )
    return [
        ThreadEntry(e.incoming, e.outgoing, e.message_id == message_id) for _depth, e in ordered
    ]
