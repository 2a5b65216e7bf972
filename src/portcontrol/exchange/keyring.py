"""This node's key set from the administrator pages: rotating it and dropping retired keys.

The key set lives in the file named by ``PORTCONTROL_NODE_KEYS_FILE`` (docs/exchange.md, "Rotation
without losing messages in flight"); each change rewrites that file atomically and writes an
audit entry. A key set given in the ``PORTCONTROL_NODE_KEYS`` variable cannot be changed from here:
the process cannot rewrite its own environment.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import User
from portcontrol.core.errors import PortControlError
from portcontrol.core.messages import (
    Freshness,
    KeyMaterialError,
    KeyUse,
    OwnKeys,
    PrivateKey,
    read_own_keys,
    write_own_keys,
)
from portcontrol.exchange.node import own_node_id

# Old keys must stay in force as long as a message signed with them may still be delivered,
# and an old encryption key held as long as a message encrypted to it may still arrive.
MINIMUM_OVERLAP = Freshness().max_age
DROP_AFTER = Freshness().max_age


class KeyringError(PortControlError):
    """A key change that cannot be made as asked; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "__all__") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class KeyRow:
    """One key as the node page shows it."""

    kid: str
    use: str
    valid_from: datetime | None
    valid_until: datetime | None
    in_force: bool
    droppable: bool


def key_file() -> str:
    """The key-set file of this node, or '' when the keys come from the environment variable."""
    return str(getattr(settings, "PORTCONTROL_NODE_KEYS_FILE", "") or "")


def no_key_file_message() -> str:
    """Why nothing can be changed when the keys are not in a file."""
    return _(
        "This node's keys come from the %(keys)s environment variable. Rotating or dropping "
        "keys needs a key-set file: set %(file)s to it."
    ) % {"keys": "PORTCONTROL_NODE_KEYS", "file": "PORTCONTROL_NODE_KEYS_FILE"}


def key_rows(keys: OwnKeys, now: datetime) -> list[KeyRow]:
    """The keys, oldest window first, with whether each is in force and may be dropped now."""
    ordered = sorted(keys.keys, key=lambda key: (key.valid_from is not None, key.valid_from))
    return [
        KeyRow(
            kid=key.kid,
            use=key.use.value,
            valid_from=key.valid_from,
            valid_until=key.valid_until,
            in_force=key.in_force_at(now),
            droppable=_drop_refusal(keys, key, now) is None,
        )
        for key in ordered
    ]


def rotate_keys(*, by: User | None, now: datetime, starts: datetime, overlap: timedelta) -> OwnKeys:
    """New signing and encryption keys in force from ``starts``; the keys in force then end
    at ``starts + overlap``.

    Steps:

    1. refuse without a key file, an overlap shorter than the maximum message age (a message
       signed just before ``starts`` could no longer be verified when it arrives) or a start
       in the past (partners could not have registered the new keys);
    2. under a lock on the key file, read it, rotate (:meth:`OwnKeys.rotated`);
    3. write the audit entry, then the file, in one transaction: a failed write leaves no entry.
    """
    path = _required_key_file()
    if overlap < MINIMUM_OVERLAP:
        raise KeyringError(
            _(
                "The overlap must be at least %(minimum)s hours, the maximum age of a message: "
                "messages signed with the old key just before the start must still open when "
                "they arrive."
            )
            % {"minimum": _hours(MINIMUM_OVERLAP)},
            "overlap_hours",
        )
    if starts < now:
        raise KeyringError(
            _(
                "The new keys cannot come into force in the past: partners must register "
                "them first."
            ),
            "starts",
        )
    with _locked(path), transaction.atomic():
        keys = _read(path)
        try:
            rotated = keys.rotated(starts=starts, overlap=overlap)
        except KeyMaterialError as error:
            raise KeyringError(str(error)) from None
        before = {key.kid: key for key in keys.keys}
        added = [key.kid for key in rotated.keys if key.kid not in before]
        ended = [
            key.kid
            for key in rotated.keys
            if key.kid in before and key.valid_until != before[key.kid].valid_until
        ]
        record_audit(
            actor=by,
            action="exchange.node_keys.rotated",
            obj=_audited(keys.node_id),  # type: ignore[arg-type]
            summary=f"node {keys.node_id}: keys {', '.join(added)} in force from "
            f"{starts.isoformat()}; keys {', '.join(ended) or '-'} end at "
            f"{(starts + overlap).isoformat()}",
            details={
                "added": added,
                "ended": ended,
                "starts": starts.isoformat(),
                "ends": (starts + overlap).isoformat(),
            },
        )
        write_own_keys(path, rotated)
    return rotated


def drop_key(*, by: User | None, now: datetime, kid: str) -> OwnKeys:
    """The key set without one retired key, written to the key file and audited.

    Refused for a key still in force, ended less than :data:`DROP_AFTER` ago (messages
    encrypted to it may still arrive), or the last key of its use.
    """
    path = _required_key_file()
    with _locked(path), transaction.atomic():
        keys = _read(path)
        key = next((held for held in keys.keys if held.kid == kid), None)
        if key is None:
            raise KeyringError(_("This node holds no key %(kid)s.") % {"kid": kid or "-"}, "kid")
        refusal = _drop_refusal(keys, key, now)
        if refusal is not None:
            raise KeyringError(refusal, "kid")
        remaining = keys.without_key(kid)
        record_audit(
            actor=by,
            action="exchange.node_keys.dropped",
            obj=_audited(keys.node_id),  # type: ignore[arg-type]
            summary=f"node {keys.node_id}: {key.use.value} key {kid} dropped "
            f"(ended {key.valid_until.isoformat() if key.valid_until else '-'})",
            details={"dropped": kid, "use": key.use.value},
        )
        write_own_keys(path, remaining)
    return remaining


def _drop_refusal(keys: OwnKeys, key: PrivateKey, now: datetime) -> str | None:
    """Why the key may not be dropped now, or None."""
    if not any(other.use is key.use and other.kid != key.kid for other in keys.keys):
        what = _("signing") if key.use is KeyUse.SIGNATURE else _("encryption")
        return _("Key %(kid)s is the last %(use)s key of this node: it cannot be dropped.") % {
            "kid": key.kid,
            "use": what,
        }
    if key.valid_until is None or key.in_force_at(now):
        return _("Key %(kid)s is still in force: rotate the keys first, then drop it.") % {
            "kid": key.kid
        }
    if key.valid_until > now - DROP_AFTER:
        return _(
            "Key %(kid)s ended at %(until)s, less than %(hours)s hours ago: messages encrypted "
            "to it may still arrive. It may be dropped from %(after)s."
        ) % {
            "kid": key.kid,
            "until": key.valid_until.strftime("%Y-%m-%d %H:%M UTC"),
            "hours": _hours(DROP_AFTER),
            "after": (key.valid_until + DROP_AFTER).strftime("%Y-%m-%d %H:%M UTC"),
        }
    return None


def _required_key_file() -> Path:
    path = key_file()
    if not path:
        raise KeyringError(no_key_file_message())
    return Path(path)


def _read(path: Path) -> OwnKeys:
    """The key set in the file, refused when it is another node's."""
    try:
        keys = read_own_keys(path)
        node_id = own_node_id()
    except KeyMaterialError as error:
        raise KeyringError(str(error)) from None
    if keys.node_id != node_id:
        raise KeyringError(
            _("The key file is of node %(file)s, but %(setting)s is %(node)s.")
            % {"file": keys.node_id, "setting": "PORTCONTROL_NODE_ID", "node": node_id}
        )
    return keys


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the key file: two administrators rotating at once would
    otherwise each read the old set and the second write would lose the first's keys."""
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _audited(node_id: str) -> SimpleNamespace:
    """What the audit entry is about: the node's key set, which has no database row."""
    return SimpleNamespace(pk=node_id, _meta=SimpleNamespace(label_lower="exchange.node_keys"))


def _hours(span: timedelta) -> int:
    return int(span.total_seconds() // 3600)
