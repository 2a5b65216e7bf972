"""Guards against hostile or broken input, applied before a reader spends memory on a file.

Every limit lives in one :class:`Limits` value so that a deployment can widen or narrow them
(``dataclasses.replace(DEFAULT_LIMITS, max_file_bytes=...)``) and pass them to the readers.
The checks run on what a file declares about itself (zip directory, bracket depth) before the
expensive parser sees it, so a refused file costs almost nothing.
"""

from __future__ import annotations

import io
import zipfile
from array import array
from dataclasses import dataclass
from itertools import accumulate

from portcontrol.core.errors import ReadError

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a single manifest file may ask of the reader."""

    # A national day of manifests in CSV is well under this; a streamed CSV may reach it.
    max_file_bytes: int = 1024 * MIB
    # JSON is parsed whole: Python objects take about ten times the bytes of the text.
    max_json_bytes: int = 64 * MIB
    max_json_depth: int = 32
    max_json_string_chars: int = 64 * 1024
    max_json_number_digits: int = 40
    # An XLSX is a zip: what it unpacks to is what costs memory and time.
    max_zip_entries: int = 1000
    max_xlsx_uncompressed_bytes: int = 1024 * MIB
    # Sheet XML is repetitive and compresses 10-50 times; zip bombs compress a thousand times.
    max_compression_ratio: int = 200
    # Below this size a part may compress as well as it likes: tiny parts cannot hurt.
    ratio_check_from_bytes: int = 1 * MIB
    max_columns: int = 512
    max_field_chars: int = 64 * 1024


DEFAULT_LIMITS = Limits()


def check_size(size: int, limit: int, what: str = "file") -> None:
    """Refuse a file larger than the configured limit.

    >>> check_size(10, 100)
    >>> check_size(101, 100)
    Traceback (most recent call last):
    ...
    portcontrol.core.errors.ReadError: whole file: file is 101 bytes, over the limit of 100 bytes
    """
    if size > limit:
        raise ReadError(
            f"{what} is {size} bytes, over the limit of {limit} bytes", code="file.too_large"
        )


# Parts of an XLSX never carry a document type declaration; entity expansion needs one.
_XML_DECLARATION_MARKERS = (b"<!doctype", b"<!entity")
_XML_PREFIX_BYTES = 64 * 1024


def open_checked_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open a zip archive after checking its directory against the limits.

    Numbered steps, each refusing with a :class:`ReadError`:

    1. the central directory must be readable (a truncated file fails here);
    2. at most ``max_zip_entries`` entries, none encrypted;
    3. the declared uncompressed sizes must add up to at most ``max_xlsx_uncompressed_bytes``
       (zipfile stops reading an entry at its declared size and checks the CRC, so a lying
       header cannot smuggle more);
    4. no large entry may compress better than ``max_compression_ratio``;
    5. no XML part may declare a DTD (entity expansion bombs need one).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ReadError(
            f"the zip archive is truncated or damaged ({error})", code="zip.damaged"
        ) from None
    if len(entries) > limits.max_zip_entries:
        raise ReadError(
            f"the zip archive has {len(entries)} entries, over the limit of "
            f"{limits.max_zip_entries}",
            code="zip.too_many_entries",
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ReadError(f"zip entry {entry.filename} is encrypted", code="zip.encrypted")
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if (
            entry.file_size >= limits.ratio_check_from_bytes
            and ratio > limits.max_compression_ratio
        ):
            raise ReadError(
                f"zip entry {entry.filename} expands {ratio:.0f} times "
                f"(limit {limits.max_compression_ratio}): refused as a zip bomb",
                code="zip.bomb",
            )
    if total > limits.max_xlsx_uncompressed_bytes:
        raise ReadError(
            f"the zip archive unpacks to {total} bytes, over the limit of "
            f"{limits.max_xlsx_uncompressed_bytes}: refused as a zip bomb",
            code="zip.bomb",
        )
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")):
            _refuse_xml_declarations(archive, entry)
    return archive


def _refuse_xml_declarations(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse an XML part whose prolog declares a DTD or entities."""
    try:
        with archive.open(entry) as part:
            prefix = part.read(_XML_PREFIX_BYTES).lower()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise ReadError(
            f"zip entry {entry.filename} cannot be unpacked ({error})", code="zip.damaged"
        ) from None
    except Exception as error:  # zlib.error and friends: the entry is damaged
        raise ReadError(
            f"zip entry {entry.filename} cannot be unpacked ({error})", code="zip.damaged"
        ) from None
    if any(marker in prefix for marker in _XML_DECLARATION_MARKERS):
        raise ReadError(
            f"zip entry {entry.filename} declares a DTD: refused (entity expansion)",
            code="xml.dtd",
        )


# Brackets inside strings do not nest: strings are cut out before the brackets are counted.
_OPENERS = b"[{"
_CLOSERS = b"]}"
_DEPTH_STEPS = bytes(
    1 if byte in _OPENERS else 255 if byte in _CLOSERS else 0 for byte in range(256)
)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in _OPENERS + _CLOSERS)


def json_depth(data: bytes) -> int:
    """The deepest bracket nesting of a JSON text, found without parsing it.

    Steps, each a C-speed pass so a hostile file is measured before ``json.loads`` sees it:

    1. drop escaped backslashes, then escaped quotes (escapes occur only inside strings);
    2. split at the remaining quotes: every second piece is outside a string;
    3. keep only brackets, map openers to +1 and closers to -1, take the maximum running sum.

    >>> json_depth(b'{"a": [1, {"b": "]]\\\\"}], "c": "\\"["}')
    3
    >>> json_depth(b'"text"')
    0
    """
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside_strings = b"".join(unescaped.split(b'"')[::2])
    brackets = outside_strings.translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    steps = array("b", brackets.translate(_DEPTH_STEPS))
    return max(accumulate(steps))


def check_json_depth(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse JSON nested deeper than the limit."""
    depth = json_depth(data)
    if depth > limits.max_json_depth:
        raise ReadError(
            f"JSON is nested {depth} levels deep, over the limit of {limits.max_json_depth}",
            code="json.too_deep",
        )
