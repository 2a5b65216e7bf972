"""What a file is, told from its content (magic bytes and structure), not from its name.

A manifest renamed, mis-labelled or replaced by something else must be refused with a message
that names what the file really is, before any reader spends time on it.
"""

from __future__ import annotations

import re

from portcontrol.core.errors import ReadError

FORMATS = ["csv", "xlsx", "json", "cuscar", "baplie", "paxlst"]
EDIFACT_FORMATS = ("cuscar", "baplie", "paxlst")

# Things people upload by mistake, by their first bytes: named in the refusal.
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy .xls workbook or a password-protected file"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF_BYTES = 64 * 1024
# Text files carry tabs and line breaks; anything else below 0x20 means binary data.
_CONTROL_BYTES = bytes(range(32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"")
_EXTENSIONS = {
    "csv": "csv",
    "txt": "csv",
    "tsv": "csv",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "json": "json",
    "edi": "edifact",
    "edifact": "edifact",
    "cuscar": "cuscar",
    "baplie": "baplie",
    "paxlst": "paxlst",
}
_UNH_TYPE = re.compile(rb"UNH\s*.[^'\n]*?.(CUSCAR|BAPLIE|PAXLST)\b", re.IGNORECASE)


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a manifest file, one of :data:`FORMATS`, or a :class:`ReadError`.

    The name only breaks ties the content leaves open; a PNG called ``manifest.csv`` is
    still a PNG.

    >>> detect_format(b"voyage_number,document_number\\nV1,B1\\n")
    'csv'
    >>> detect_format(b'  {"Declaration": {}}')
    'json'
    >>> detect_format(b"UNA:+.? 'UNB+UNOC:3+A+B+240501:1000+1'UNH+1+PAXLST:D:02B:UN:IATA'")
    'paxlst'
    >>> detect_format(b"\\x89PNG\\r\\n\\x1a\\n....", "manifest.csv")
    Traceback (most recent call last):
    ...
    portcontrol.core.errors.ReadError: whole file: the file is a PNG image, not a manifest
    """
    head = data[:_SNIFF_BYTES]
    if not head.strip():
        raise ReadError("the file is empty", code="file.empty")
    for magic, what in _FOREIGN_MAGIC:
        if head.startswith(magic):
            raise ReadError(f"the file is {what}, not a manifest", code="file.not_a_manifest")
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(UTF16_BOMS):
        return "csv"  # Excel's "Unicode text" export: UTF-16, tab-separated
    if is_binary(head):
        raise ReadError(
            "the file holds binary data, not a manifest (CSV, XLSX, JSON or EDIFACT)",
            code="file.binary",
        )
    text = head.removeprefix(_UTF8_BOM).lstrip()
    if text[:1] in (b"{", b"["):
        return "json"
    if text[:3].upper() in (b"UNA", b"UNB", b"UNH"):
        return edifact_message_type(data)
    return "csv"


def is_binary(head: bytes) -> bool:
    """True when the bytes hold NULs or more than a trace of control characters.

    >>> is_binary(b"a,b\\r\\n1,2\\n")
    False
    >>> is_binary(b"a\\x00b")
    True
    """
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 100 > len(head)


def edifact_message_type(data: bytes) -> str:
    """Which EDIFACT message an interchange carries (cuscar, baplie or paxlst)."""
    found = _message_type_from_edifact_package(data)
    if found is None:
        match = _UNH_TYPE.search(data[: 1 << 20])
        found = match.group(1).decode("ascii").lower() if match else None
    if found not in EDIFACT_FORMATS:
        raise ReadError(
            "the EDIFACT interchange carries no CUSCAR, BAPLIE or PAXLST message",
            code="edifact.unknown_message",
        )
    return found


def _message_type_from_edifact_package(data: bytes) -> str | None:
    """Ask the EDIFACT package, which knows every layout quirk; None when it cannot tell."""
    try:
        from portcontrol.core.formats.edifact import detect_message_type
    except ImportError:
        return None
    try:
        found = detect_message_type(data)
    except Exception:  # noqa: BLE001  the fallback below decides; a guess must not crash
        return None
    return str(found).lower() if found else None


def format_from_name(name: str) -> str | None:
    """The format a file name claims by its extension, if any.

    >>> format_from_name("Manifest.XLSX")
    'xlsx'
    >>> format_from_name("list") is None
    True
    """
    _, dot, extension = name.rpartition(".")
    return _EXTENSIONS.get(extension.lower()) if dot else None
