"""The frame every EDIFACT reader shares: envelope, message type filter, the error contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from portcontrol.core.errors import ReadError
from portcontrol.core.formats.edifact.envelope import (
    MessageHeader,
    MessageReader,
    read_interchange,
)
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.records import Manifest

MakeReader = Callable[[ManifestBuilder], MessageReader]


def read_messages(
    data: bytes,
    message_type: str,
    builder: ManifestBuilder,
    make_reader: MakeReader,
) -> Manifest:
    """Feed every ``message_type`` message of ``data`` to a fresh reader; other types warn.

    Returns the builder's manifest or raises :class:`ReadError`; nothing else escapes.
    """
    check_bytes(data)
    with read_errors():
        read_interchange(bytes(data), readers_for(message_type, builder, make_reader), builder.warn)
    return builder.build()


def readers_for(
    message_type: str, builder: ManifestBuilder, make_reader: MakeReader
) -> Callable[[MessageHeader], MessageReader | None]:
    """The reader of each message: a fresh one for ``message_type``, none (and a warning) else."""

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

    return reader_for


def check_bytes(data: object) -> None:
    """EDIFACT is read from bytes: anything else is a ReadError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError("EDIFACT is read from bytes", code="edifact.not_bytes")


@contextmanager
def read_errors() -> Iterator[None]:
    """The reader contract: a ReadError passes, any other exception becomes one."""
    try:
        yield
    except ReadError:
        raise
    except Exception as error:  # noqa: BLE001 - the reader contract: ReadError or a Manifest
        raise ReadError(
            f"the file could not be read ({type(error).__name__}: {error})",
            code="edifact.unreadable",
        ) from error
