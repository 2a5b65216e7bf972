"""Reference data shipped inside the package (HS 2022, UN/LOCODE) and its loaders.

Each file is read once, lazily, into plain dicts and sets sized for millions of lookups. A newer
official edition is installed with :func:`install_edition` into the directory named by the
environment variable ``PORTCONTROL_REFERENCE_DIR``; the loaders prefer a file found there over
the shipped one.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from portcontrol.core.reference.editions import (
    HS_FILE,
    LOCODE_FILE,
    EditionError,
)
from portcontrol.core.reference.editions import install_edition as _install_into

SHIPPED_DIR = Path(__file__).resolve().parent
CORRELATION_FILE = "hs2017-hs2022.csv"
ENVIRONMENT_VARIABLE = "PORTCONTROL_REFERENCE_DIR"
# Sections of the HS file that are statistical groupings, not nomenclature.
_STATISTICAL_SECTIONS = frozenset({"TOTAL"})


@dataclass(frozen=True, slots=True, eq=False)
class HsNomenclature:
    """Codes and descriptions of one HS edition."""

    descriptions: dict[str, str]  # chapter, heading and subheading codes (2, 4, 6 digits)
    subheadings: frozenset[str]
    placeholders: frozenset[str]  # statistical codes such as 99, 9999, 999999


def reference_dir() -> Path | None:
    """The directory of installed newer editions, when one is configured."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return Path(value) if value else None


def data_path(name: str) -> Path:
    """The file to read: an installed edition when present, else the shipped one."""
    installed = reference_dir()
    if installed is not None and (installed / name).is_file():
        return installed / name
    return SHIPPED_DIR / name


def _read_gzip_text(path: Path) -> str:
    """The text of a gzipped UTF-8 file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read()


@cache
def hs_nomenclature() -> HsNomenclature:
    """The HS nomenclature: descriptions by code and the set of subheadings."""
    descriptions: dict[str, str] = {}
    placeholders: set[str] = set()
    for row in csv.DictReader(io.StringIO(_read_gzip_text(data_path(HS_FILE)))):
        code = row["hscode"]
        if not code.isdigit() or len(code) not in (2, 4, 6):
            continue
        if row["section"] in _STATISTICAL_SECTIONS:
            placeholders.add(code)
            continue
        descriptions[code] = row["description"]
    subheadings = frozenset(code for code in descriptions if len(code) == 6)
    return HsNomenclature(descriptions, subheadings, frozenset(placeholders))


@cache
def hs_correlation() -> dict[str, tuple[str, ...]]:
    """Deleted HS 2017 subheadings and the HS 2022 subheadings that replaced them (partial)."""
    path = data_path(CORRELATION_FILE)
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return {
        row["hs2017"]: tuple(code for code in row["hs2022"].split(";") if code)
        for row in csv.DictReader(lines)
    }


@cache
def locodes() -> dict[str, str]:
    """UN/LOCODE places: ``"KZKUR"`` to the rest of its line (name, subdivision, ...).

    The rest stays an unparsed string (about a fifth of the memory of parsed tuples);
    :func:`locode_fields` splits it when a place is looked up.
    """
    text = _read_gzip_text(data_path(LOCODE_FILE))
    places: dict[str, str] = {}
    # The writer keeps country and location at fixed widths: "KZ,KUR,rest".
    for line in text.split("\n")[1:]:
        if len(line) > 7:
            places[line[0:2] + line[3:6]] = line[7:]
    return places


@cache
def locode_countries() -> frozenset[str]:
    """Countries that have at least one place in the UN/LOCODE list."""
    return frozenset(code[:2] for code in locodes())


def locode_fields(rest: str) -> list[str]:
    """Name, subdivision, function, lat, lon of a place's stored line."""
    return next(csv.reader([rest]))


def clear_caches() -> None:
    """Forget loaded data, so the next lookup reads the files again."""
    for loader in (hs_nomenclature, hs_correlation, locodes, locode_countries):
        loader.cache_clear()


def install_edition(
    kind: str, source_path: str | Path, target_dir: str | Path | None = None
) -> Path:
    """Install a newer official edition (``kind`` is ``"hs"`` or ``"locode"``); returns its path.

    1. Read the source (plain, gzip or zip; UTF-8 or Latin-1) and check it is a full list.
    2. Write the compact file atomically into ``target_dir`` or ``PORTCONTROL_REFERENCE_DIR``.
    3. Clear the loaders' caches so the new edition is used from the next lookup on.
    """
    directory = Path(target_dir) if target_dir is not None else reference_dir()
    if directory is None:
        raise EditionError(f"set {ENVIRONMENT_VARIABLE} to the directory for reference data")
    installed = _install_into(kind, source_path, directory)
    clear_caches()
    return installed


__all__ = [
    "EditionError",
    "HsNomenclature",
    "clear_caches",
    "data_path",
    "hs_correlation",
    "hs_nomenclature",
    "install_edition",
    "locode_countries",
    "locode_fields",
    "locodes",
    "reference_dir",
]
