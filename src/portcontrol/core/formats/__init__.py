"""Manifest formats: detect what a file is, read it into a validated Manifest, write it back.

``read_manifest`` is the one entry point for a whole file in memory; ``read_csv_batches`` and
``iter_csv_rows`` read a big CSV from a binary stream in constant memory. Every reader either
returns a :class:`~portcontrol.core.records.Manifest` or raises
:class:`~portcontrol.core.errors.ReadError`.
"""

from __future__ import annotations

from collections.abc import Callable

from portcontrol.core.errors import Issue, Place, ReadError
from portcontrol.core.formats.detect import (
    EDIFACT_FORMATS,
    FORMATS,
    detect_format,
    format_from_name,
)
from portcontrol.core.formats.limits import DEFAULT_LIMITS, Limits, check_size
from portcontrol.core.formats.tabular import (
    iter_csv_rows,
    open_csv,
    read_csv,
    read_csv_batches,
    read_xlsx,
    write_cargo_units_csv,
    write_csv,
    write_people_csv,
    write_xlsx,
)
from portcontrol.core.formats.wco_json import read_json, write_json
from portcontrol.core.records import Manifest

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "Limits",
    "detect_format",
    "iter_csv_rows",
    "open_csv",
    "read_csv",
    "read_csv_batches",
    "read_json",
    "read_manifest",
    "read_xlsx",
    "write_cargo_units_csv",
    "write_csv",
    "write_json",
    "write_people_csv",
    "write_xlsx",
]

Reader = Callable[..., Manifest]


def _readers() -> dict[str, Reader]:
    """Each format's reader; the EDIFACT ones come from their own package when it is there."""
    readers: dict[str, Reader] = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}
    try:
        from portcontrol.core.formats import edifact
    except ImportError:
        return readers
    for name in ("cuscar", "baplie", "paxlst"):
        reader = getattr(edifact, f"read_{name}", None)
        if reader is not None:
            readers[name] = reader
    return readers


def read_manifest(
    data: bytes,
    *,
    name: str = "",
    format: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Manifest:
    """Read a manifest file of any supported format into a validated Manifest.

    The format is told from the content (``detect_format``) unless ``format`` forces one; when
    the file name's extension claims another format, the manifest says so in a warning. The
    returned manifest's ``format`` is the format actually read.
    """
    if format is not None and format not in FORMATS:
        raise ReadError(
            f"unknown format {format!r}: one of {', '.join(FORMATS)}", code="file.format"
        )
    found = format or detect_format(data, name)
    reader = _readers().get(found)
    if reader is None:
        raise ReadError(f"no reader for {found} is installed", code="file.format")
    if found in ("csv", "xlsx", "json"):
        manifest = reader(data, name=name, limits=limits)
    else:
        check_size(len(data), limits.max_file_bytes)
        manifest = reader(data, name=name)
    manifest.format = found
    claimed = format_from_name(name)
    if claimed and claimed != found and not (claimed == "edifact" and found in EDIFACT_FORMATS):
        manifest.issues.insert(
            0,
            Issue(
                Place(),
                "file.misnamed",
                f"the file is named {name} but holds {found.upper()}: read as {found.upper()}",
            ),
        )
    return manifest
