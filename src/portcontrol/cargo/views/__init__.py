"""Pages of the cargo app: imports, quarantine, browsing and search."""

from portcontrol.cargo.views.browse import (
    cargo_unit_detail,
    document_detail,
    voyage_detail,
    voyages,
)
from portcontrol.cargo.views.imports import (
    import_detail,
    import_progress,
    imports,
    manifest_template,
    upload,
)
from portcontrol.cargo.views.quarantine import quarantine_dismiss, quarantine_item
from portcontrol.cargo.views.search import search

__all__ = [
    "cargo_unit_detail",
    "document_detail",
    "import_detail",
    "import_progress",
    "imports",
    "manifest_template",
    "quarantine_dismiss",
    "quarantine_item",
    "search",
    "upload",
    "voyage_detail",
    "voyages",
]
