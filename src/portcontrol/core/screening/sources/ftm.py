"""FollowTheMoney entities, as OpenSanctions and other publishers export them (JSON lines).

Each line is one entity: ``{"id", "schema", "properties": {name: [values]}, "datasets"}``.
Persons, companies, organizations, legal entities and vessels are kept; other schemata
(addresses, sanctions, relations) are skipped.
"""

from __future__ import annotations

import json

from portcontrol.core.errors import Place, ReadError
from portcontrol.core.screening.entries import EntryKind, WatchListEntry, partial_date

_KINDS = {
    "Person": EntryKind.PERSON,
    "Company": EntryKind.COMPANY,
    "Organization": EntryKind.COMPANY,
    "LegalEntity": EntryKind.COMPANY,
    "Vessel": EntryKind.VESSEL,
}
_NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
_DOCUMENT_PROPERTIES = ("idNumber", "passportNumber", "registrationNumber", "imoNumber")


def _values(properties: dict[str, object], key: str) -> list[str]:
    values = properties.get(key, [])
    if not isinstance(values, list):
        return []
    return [value.strip() for value in values if isinstance(value, str) and value.strip()]


def _entry(entity: dict[str, object], list_code: str) -> WatchListEntry | None:
    kind = _KINDS.get(str(entity.get("schema", "")))
    properties = entity.get("properties")
    if kind is None or not isinstance(properties, dict):
        return None
    names = tuple(
        dict.fromkeys(name for key in _NAME_PROPERTIES for name in _values(properties, key))
    )
    if not names:
        return None
    births = (
        partial_date(value[:10])
        for value in _values(properties, "birthDate")
        if kind is EntryKind.PERSON
    )
    datasets = entity.get("datasets")
    source = ", ".join(str(d) for d in datasets) if isinstance(datasets, list) else ""
    reason = "; ".join(_values(properties, "notes") or _values(properties, "topics"))
    return WatchListEntry(
        id=f"{list_code}:{entity.get('id')}",
        list_code=list_code,
        kind=kind,
        names=names,
        dates_of_birth=tuple(dict.fromkeys(b for b in births if b)),
        document_numbers=tuple(
            dict.fromkeys(n for key in _DOCUMENT_PROPERTIES for n in _values(properties, key))
        ),
        nationality=tuple(
            dict.fromkeys(
                value.upper()
                for key in ("nationality", "citizenship", "country", "jurisdiction")
                for value in _values(properties, key)
            )
        ),
        source=source,
        reason=reason[:500],
    )


def read(data: bytes, *, name: str = "", list_code: str = "OPENSANCTIONS") -> list[WatchListEntry]:
    """Entries of a JSON lines export; ReadError on a line that is not a JSON object."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError("not UTF-8 text", code="ftm.encoding") from error
    entries: list[WatchListEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            raise ReadError(
                "not a JSON object", place=Place(line=number), code="ftm.json"
            ) from None
        if not isinstance(entity, dict):
            raise ReadError("not a JSON object", place=Place(line=number), code="ftm.json")
        entry = _entry(entity, list_code)
        if entry:
            entries.append(entry)
    return entries
