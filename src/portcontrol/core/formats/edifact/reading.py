"""The frame every EDIFACT reader shares: envelope, message type filter, the error contract."""

from __future__ import annotations

from collections.abc import Callable

from portcontrol.core.errors import ReadError
from portcontrol.core.formats.edifact.envelope import (
    MessageHeader,
    MessageReader,
    read_interchange,
)
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.records import Manifest


def read_messages(
    data: bytes,
    message_type: str,
    builder: ManifestBuilder,
    make_reader: Callable[[ManifestBuilder], MessageReader],
) -> Manifest:
    """Feed every ``message_type`` message of ``data`` to a fresh reader; other types warn.

    Returns the builder's manifest or raises :class:`ReadError`; nothing else escapes.
    """

    def reader_for(header: MessageHeader) -> MessageReader | None:
        if header.type != message_type:
            builder.warn(
                header.place,
                "edifact.message_type",
                f"message {header.reference!r} is {header.type or 'untyped'}, not "
                f"{message_type}; skipped",
            )
            return None
        return make_reader(builder)

    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError("EDIFACT is read from bytes", code="edifact.not_bytes")
    try:
        read_interchange(bytes(data), reader_for, builder.warn)
    except ReadError:
        raise
    except Exception as error:  # noqa: BLE001 - the reader contract: ReadError or a Manifest
        raise ReadError(
            f"the file could not be read ({type(error).__name__}: {error})",
            code="edifact.unreadable",
        ) from error
    return builder.build()
