"""Reading watch-list files with the core readers of their formats."""

from __future__ import annotations

from typing import Any

from portcontrol.core.errors import ReadError
from portcontrol.targeting.choices import ImportFormat


def read_watch_list(data: bytes, format: str, *, name: str = "") -> list[Any]:
    """Core watch-list entries of a UN SC XML or FollowTheMoney JSON file (else ``ReadError``)."""
    if format == ImportFormat.UN_SC:
        from portcontrol.core.screening.sources import un_sc as reader
    elif format == ImportFormat.FTM:
        from portcontrol.core.screening.sources import ftm as reader
    else:
        raise ReadError(f"unknown watch-list format {format!r}")
    return list(reader.read(data, name=name))
