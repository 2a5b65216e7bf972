"""One consignment assessed as it is posted, nothing stored: the API's fast path."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from portcontrol.accounts.models import Unit
from portcontrol.core.errors import Place
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.risk.frame import cargo_unit_frame, consignment_frame, person_frame
from portcontrol.core.risk.reasons import Target
from portcontrol.targeting import engine
from portcontrol.targeting.assessing import reasons_json
from portcontrol.targeting.cache import cached_inputs_for
from portcontrol.targeting.frames import Frames, StoredManifests


def assess_fields(unit: Unit, fields: Mapping[str, str], *, today: date) -> dict[str, Any]:
    """Build the line through the manifest builder, assess it, return its assessments."""
    frames, rejected = posted_frames(fields)
    # The unit's profiles, index and context are kept between requests (see ``cache``).
    inputs = cached_inputs_for(unit, today)
    # One line: the record-by-record engine, which gives the batch engine's assessments
    # without the fixed cost of its frame operations.
    rows = engine.assess_records(frames, unit, today=today, inputs=inputs)

    def out(row: dict[str, Any]) -> dict[str, Any]:
        return {
            "target": row["target"],
            "score": round(row["score"], 2),
            "lane": row["lane"],
            "threat": row["threat"],
            "reasons": reasons_json(row["reasons"]),
            "engine_version": engine.ENGINE_VERSION,
        }

    return {
        "consignment": next(out(r) for r in rows if r["target"] == Target.CONSIGNMENT),
        "cargo_units": [out(r) for r in rows if r["target"] == Target.CARGO_UNIT],
        "rejected": rejected,
    }


def posted_frames(fields: Mapping[str, str]) -> tuple[Frames, list[str]]:
    """The engine's frames of one posted line, and what the builder rejected (400 if all)."""
    builder = ManifestBuilder(format="api")
    builder.add_consignment_row(dict(fields), Place(line=1))
    manifest = builder.build()
    rejected = [issue.message for item in manifest.rejected for issue in item.reasons]
    if not manifest.consignments:
        from portcontrol.web.api import ApiError

        raise ApiError(400, "rejected", "The consignment was rejected.", {"reasons": rejected})
    frames = Frames(
        consignments=consignment_frame([manifest]),
        cargo_units=cargo_unit_frame([manifest]),
        persons=person_frame([manifest]),
        stored=StoredManifests(),
    )
    return frames, rejected
