"""Photos and documents of inspections: checked by content, stored under our own name, served.

The type is decided by the first bytes of the file, never by its name or the browser's word:
an officer's phone names a HEIC photo ``IMG_001.jpg``, and a hostile file can be called anything.
Only JPEG and PNG photos and PDF documents are kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.http import FileResponse
from django.utils.translation import gettext as _

from portcontrol.core.errors import PortControlError
from portcontrol.inspections.choices import AttachmentKind
from portcontrol.inspections.models import Attachment

DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Enough bytes to recognise every accepted type.
HEADER_BYTES = 16


class AttachmentRefused(PortControlError):
    """A file that is not kept: the message names the file and the reason."""


@dataclass(frozen=True)
class FileType:
    signature: bytes
    content_type: str
    kind: str
    name: str


ACCEPTED_TYPES = (
    FileType(b"\xff\xd8\xff", "image/jpeg", AttachmentKind.PHOTO, "JPEG"),
    FileType(b"\x89PNG\r\n\x1a\n", "image/png", AttachmentKind.PHOTO, "PNG"),
    FileType(b"%PDF-", "application/pdf", AttachmentKind.DOCUMENT, "PDF"),
)


def max_attachment_bytes() -> int:
    """The largest file kept, in bytes (setting ``PORTCONTROL_MAX_ATTACHMENT_BYTES``)."""
    return int(getattr(settings, "PORTCONTROL_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


def file_type_of(header: bytes) -> FileType | None:
    """The accepted type whose signature the file starts with, else None.

    >>> file_type_of(b"%PDF-1.7\\n").content_type
    'application/pdf'
    >>> file_type_of(b"GIF89a") is None
    True
    """
    for file_type in ACCEPTED_TYPES:
        if header.startswith(file_type.signature):
            return file_type
    return None


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks, with what the attachment row records of it."""

    upload: File
    name: str
    size: int
    sha256: str
    file_type: FileType


def check_file(upload: File, name: str | None = None) -> CheckedFile:
    """Refuse an empty, too large or unknown file; return its type, size and SHA-256.

    1. The size against the limit, before reading: a 2 GB video is refused at once.
    2. The first bytes against the JPEG, PNG and PDF signatures.
    3. The SHA-256 of the whole content, which names the stored file.
    """
    name = (name or upload.name or "file").rsplit("/", 1)[-1][:200]
    size = upload.size or 0
    limit = max_attachment_bytes()
    if size == 0:
        raise AttachmentRefused(_("%(name)s: the file is empty.") % {"name": name})
    if size > limit:
        raise AttachmentRefused(
            _("%(name)s: the file has %(size)s bytes, more than the limit of %(limit)s bytes.")
            % {"name": name, "size": size, "limit": limit}
        )
    upload.seek(0)
    header = upload.read(HEADER_BYTES)
    file_type = file_type_of(header)
    if file_type is None:
        raise AttachmentRefused(
            _(
                "%(name)s: the content is not a JPEG or PNG photo nor a PDF document "
                "(other types are not kept, whatever the file is called)."
            )
            % {"name": name}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload, name, size, digest.hexdigest(), file_type)


def store(attachment: Attachment, checked: CheckedFile) -> bool:
    """Write the bytes through the field's (default) storage; False when they were there already.

    The name is the SHA-256, so a file attached twice to one inspection is stored once.
    """
    path = attachment.file.field.generate_filename(attachment, checked.name)
    if attachment.file.storage.exists(path):
        attachment.file.name = path
        return False
    attachment.file.save(checked.name, checked.upload, save=False)
    return True


def forget(attachment: Attachment) -> None:
    """Remove a file written for a row that was not committed after all."""
    if attachment.file.name:
        attachment.file.storage.delete(attachment.file.name)


def serve(attachment: Attachment, *, download: bool) -> FileResponse:
    """The file, as the stored type, shown inline (photos) or downloaded (documents, or asked).

    ``nosniff`` keeps browsers to the stored type; PDFs always download, so no script in one
    ever runs on our origin; the sandbox policy applies if a browser still opens one inline.
    """
    as_attachment = download or attachment.kind != AttachmentKind.PHOTO
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=as_attachment,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
