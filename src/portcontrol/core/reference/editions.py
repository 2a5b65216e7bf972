"""Converting official reference files into the compact files the loaders read.

Two kinds of source are understood:

- ``hs``: the HS nomenclature as CSV with the columns ``section,hscode,description,parent,level``
  (the layout of the shipped HS 2022 file, from UN Comtrade via datasets/harmonized-system).
- ``locode``: UN/LOCODE either in the Geoapify compilation layout (header ``country,location,
  name,nameWoDiacritics,subdivision,status,function,iata,lat,lon,geocoded``) or the official
  UNECE CodeList CSV (no header: change, country, location, name, name without diacritics,
  subdivision, status, function, date, IATA, coordinates, remarks), plain, gzipped or zipped.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from portcontrol.core.errors import PortControlError

HS_COLUMNS = ("section", "hscode", "description", "parent", "level")
LOCODE_COLUMNS = ("country", "location", "name", "subdivision", "function", "lat", "lon")
HS_FILE = "harmonized-system.csv.gz"
LOCODE_FILE = "unlocode.csv.gz"

# One place of the Geoapify compilation. Its file has flaws that a CSV reader cannot undo: some
# records run together on one line (a missing line break, sometimes with no comma between the
# longitude and the next country code) and names with commas are quoted wrongly, which shifts
# columns and drops the status and IATA fields. The function field (8 characters of digits, B
# and dashes) is distinctive enough to anchor each record on.
_GEOAPIFY_RECORD = re.compile(
    r"([A-Z]{2}),([A-Z0-9]{3}),([^\n]*?),([A-Z0-9]{0,3}),"
    r"(?:([A-Z]{2}|),([0-9B-]{8}),([A-Z0-9]{0,3}),|([0-9B-]{8}),)"
    r"(-?[0-9.]*),(-?[0-9.]*)(?:,(?:true|false)?)?"
)
_UNECE_COORDINATES = re.compile(r"^(\d{2})(\d{2})([NS])\s+(\d{3})(\d{2})([EW])$")
_FUNCTION = re.compile(r"^[0-9B-]{8}$")
_LOCATION = re.compile(r"^[A-Z0-9]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class EditionError(PortControlError):
    """A file offered as a new edition of reference data cannot be used."""


@dataclass(frozen=True, slots=True)
class LocodeRow:
    """One place as the compact shipped file keeps it."""

    country: str
    location: str
    name: str
    subdivision: str
    function: str
    lat: float | None
    lon: float | None


def read_text(path: Path) -> str:
    """The text of a plain, gzipped or zipped file (all CSV members of a zip, joined)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    elif raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = sorted(n for n in archive.namelist() if n.lower().endswith(".csv"))
            if not members:
                raise EditionError(f"{path.name}: the zip holds no CSV file")
            return "\n".join(_decode(archive.read(name)) for name in members)
    return _decode(raw)


def _decode(raw: bytes) -> str:
    """UTF-8 when it is; the official UNECE files are Latin-1 (cp1252 is a superset)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_hs_rows(text: str) -> list[dict[str, str]]:
    """Rows of an HS nomenclature CSV, checked for the expected columns."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in HS_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise EditionError(f"HS file lacks the columns {', '.join(missing)}")
    rows = [{c: (row.get(c) or "").strip() for c in HS_COLUMNS} for row in reader]
    if sum(1 for row in rows if len(row["hscode"]) == 6 and row["hscode"].isdigit()) < 1000:
        raise EditionError("HS file has fewer than 1000 subheadings: not a full nomenclature")
    return rows


def write_hs(rows: Iterable[dict[str, str]], target: Path) -> None:
    """Write HS rows as the gzipped CSV the loader reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HS_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in HS_COLUMNS])
    _write_gzip(target, buffer.getvalue())


def read_locode_rows(text: str) -> list[LocodeRow]:
    """Places of a UN/LOCODE file in either known layout; duplicates merged."""
    first_line = text.split("\n", 1)[0].lower()
    rows = _geoapify_rows(text) if first_line.startswith("country,") else _unece_rows(text)
    merged = _merge_duplicates(rows)
    if len(merged) < 1000:
        raise EditionError("UN/LOCODE file has fewer than 1000 places: not a full code list")
    return merged


def _geoapify_rows(text: str) -> Iterator[LocodeRow]:
    """Places of the Geoapify compilation, read past its known flaws."""
    for line in text.split("\n")[1:]:
        for match in _GEOAPIFY_RECORD.finditer(line):
            country, location, names, subdivision, _, function, _, bare_function, lat, lon = (
                match.groups()
            )
            yield LocodeRow(
                country,
                location,
                _first_name(names),
                subdivision,
                function or bare_function,
                _float(lat),
                _float(lon),
            )


def _first_name(raw: str) -> str:
    """The place name from the name and name-without-diacritics pair, however quoted."""
    fields = next(csv.reader([raw]), [])
    if len(fields) == 2:
        name, plain = fields
    else:
        # Wrongly quoted "Name, Region" pairs: drop the quotes, split at the middle comma.
        flat = raw.replace('"', "")
        half = (len(flat) - 1) // 2
        if len(flat) % 2 == 1 and flat[half] == ",":
            name, plain = flat[:half], flat[half + 1 :]
        else:
            name = plain = flat
    # Some names were stored with a replacement character where a letter was lost.
    chosen = plain if "\ufffd" in name else name
    return " ".join(chosen.split())


def _unece_rows(text: str) -> Iterator[LocodeRow]:
    """Places of the official UNECE CodeList CSV (country header lines and removals skipped)."""
    for fields in csv.reader(io.StringIO(text)):
        if len(fields) < 11:
            continue
        change, country, location, name, plain, subdivision, _, function = fields[:8]
        country, location = country.strip().upper(), location.strip().upper()
        # "X" marks an entry to be removed from the list.
        if change.strip() == "X" or not location:
            continue
        if not (_COUNTRY.match(country) and _LOCATION.match(location)):
            continue
        lat, lon = _unece_coordinates(fields[10].strip())
        chosen = plain if "\ufffd" in name or not name.strip() else name
        yield LocodeRow(
            country,
            location,
            " ".join(chosen.split()),
            subdivision.strip(),
            function.strip() if _FUNCTION.match(function.strip()) else "0-------",
            lat,
            lon,
        )


def _unece_coordinates(value: str) -> tuple[float | None, float | None]:
    """Degrees from the UNECE ``DDMMN DDDMME`` notation."""
    match = _UNECE_COORDINATES.match(value)
    if not match:
        return None, None
    lat_d, lat_m, ns, lon_d, lon_m, ew = match.groups()
    lat = int(lat_d) + int(lat_m) / 60
    lon = int(lon_d) + int(lon_m) / 60
    return (-lat if ns == "S" else lat), (-lon if ew == "W" else lon)


def _float(value: str) -> float | None:
    """A coordinate, or None when absent or not a number."""
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _merge_duplicates(rows: Iterable[LocodeRow]) -> list[LocodeRow]:
    """One row per code: the first, with the function flags of all its duplicates."""
    places: dict[str, LocodeRow] = {}
    for row in rows:
        key = row.country + row.location
        known = places.get(key)
        if known is None:
            places[key] = row
            continue
        function = "".join(
            a if a != "-" else b for a, b in zip(known.function, row.function, strict=False)
        )
        places[key] = LocodeRow(
            known.country,
            known.location,
            known.name,
            known.subdivision or row.subdivision,
            function,
            known.lat if known.lat is not None else row.lat,
            known.lon if known.lon is not None else row.lon,
        )
    return list(places.values())


def write_locodes(rows: Iterable[LocodeRow], target: Path) -> None:
    """Write places as the compact gzipped CSV the loader reads (fixed-width code columns)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LOCODE_COLUMNS)
    for row in sorted(rows, key=lambda r: (r.country, r.location)):
        writer.writerow(
            [
                row.country,
                row.location,
                row.name,
                row.subdivision,
                row.function,
                _coordinate(row.lat),
                _coordinate(row.lon),
            ]
        )
    _write_gzip(target, buffer.getvalue())


def _coordinate(value: float | None) -> str:
    """Four decimals (about 11 m) are more than UN/LOCODE's own minute precision."""
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _write_gzip(target: Path, text: str) -> None:
    """Write atomically, so a loader never reads a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    # mtime=0 keeps the bytes reproducible from the same source.
    with open(partial, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))
    partial.replace(target)


def install_edition(kind: str, source_path: str | Path, target_dir: str | Path) -> Path:
    """Convert an official edition file into the loader's file in ``target_dir``."""
    source = Path(source_path)
    if not source.is_file():
        raise EditionError(f"{source}: no such file")
    text = read_text(source)
    directory = Path(target_dir)
    if kind == "hs":
        target = directory / HS_FILE
        write_hs(read_hs_rows(text), target)
    elif kind == "locode":
        target = directory / LOCODE_FILE
        write_locodes(read_locode_rows(text), target)
    else:
        raise EditionError(f"unknown kind of reference data {kind!r}: use 'hs' or 'locode'")
    return target
