"""Columnar fast path: consignment rows parsed and validated as Polars frames.

Same results as :class:`~portcontrol.core.manifest.ManifestBuilder` row by row (field by field:
values, warnings, rejected rows and reasons), at a rate a million-line manifest needs.
"""

from __future__ import annotations

from portcontrol.core.columnar.batch import ValidatedBatch
from portcontrol.core.columnar.reading import frame_from_fields, read_csv_frames
from portcontrol.core.columnar.validate import ConsignmentValidator

__all__ = ["ConsignmentValidator", "ValidatedBatch", "frame_from_fields", "read_csv_frames"]
