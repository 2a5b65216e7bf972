"""This node's identity: its node id and private keys, from the environment, never the database.

``PORTCONTROL_NODE_ID`` names the node; ``PORTCONTROL_NODE_KEYS_FILE`` (preferred) or
``PORTCONTROL_NODE_KEYS`` hold its key set (docs/exchange.md, "Where a node's private keys live").
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from portcontrol.core.messages import (
    KeyMaterialError,
    OwnKeys,
    own_keys_from_environment,
    read_own_keys,
)

_cache: dict[tuple[str, tuple[int, int]], OwnKeys] = {}


def own_node_id() -> str:
    """This node's id from the settings; an error naming the variable when unset."""
    node_id: str = getattr(settings, "PORTCONTROL_NODE_ID", "")
    if not node_id:
        raise KeyMaterialError("PORTCONTROL_NODE_ID is not set: this node has no exchange identity")
    return node_id


def own_keys() -> OwnKeys:
    """This node's key set, re-read when the file changes (a rotation needs no restart)."""
    path: str = getattr(settings, "PORTCONTROL_NODE_KEYS_FILE", "")
    if path:
        # A rotation replaces the file (a new inode), so a change within the same second shows.
        stat = Path(path).stat() if Path(path).exists() else None
        key = (path, (stat.st_ino, stat.st_mtime_ns) if stat else (0, 0))
        keys = _cache.get(key)
        if keys is None:
            _cache.clear()
            keys = _cache[key] = read_own_keys(path)
    else:
        keys = own_keys_from_environment(os.environ)
    node_id = own_node_id()
    if keys.node_id != node_id:
        raise KeyMaterialError(
            f"the key set is of node {keys.node_id}, but PORTCONTROL_NODE_ID is {node_id}"
        )
    return keys
