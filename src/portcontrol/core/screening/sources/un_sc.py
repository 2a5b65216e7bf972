"""The UN Security Council consolidated sanctions list, in its public XML format.

The file is ``CONSOLIDATED_LIST`` with ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``; names
come in FIRST_NAME .. FOURTH_NAME, aliases in ``*_ALIAS/ALIAS_NAME`` with a QUALITY ("Good",
"Low": low-quality aliases are kept, the screening threshold decides).

The parser refuses any DOCTYPE or entity declaration: the list needs none, and refusing them
closes the door on entity expansion attacks without an extra dependency.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from xml.parsers import expat

from portcontrol.core.errors import Place, ReadError
from portcontrol.core.screening.entries import EntryKind, WatchListEntry, partial_date

LIST_CODE = "UN-SC"
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _refuse(*_: object) -> int:
    """Expat handler for declarations the list never needs."""
    raise ReadError("DOCTYPE and entity declarations are not accepted", code="xml.doctype")


def parse_xml(data: bytes) -> ET.Element:
    """Parse XML with expat, refusing DOCTYPE, entity declarations and external references."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = lambda tag, attributes: builder.start(tag, attributes)
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close()
    except expat.ExpatError as error:
        raise ReadError(
            f"not well-formed XML: {expat.ErrorString(error.code)}",
            place=Place(line=error.lineno),
            code="xml.malformed",
        ) from None
    except (AssertionError, IndexError):
        # TreeBuilder.close() on an empty document.
        raise ReadError("no XML element in the file", code="xml.empty") from None


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def _full_name(element: ET.Element) -> str:
    return " ".join(part for part in (_text(element, tag) for tag in _NAME_PARTS) if part)


def _aliases(element: ET.Element, tag: str) -> list[str]:
    return [name for alias in element.findall(tag) if (name := _text(alias, "ALIAS_NAME"))]


def _dates_of_birth(element: ET.Element) -> tuple[str, ...]:
    found: list[str] = []
    for birth in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            value = partial_date(_text(birth, tag)[:10])
            if value:
                found.append(value)
    return tuple(dict.fromkeys(found))


def _documents(element: ET.Element) -> tuple[str, ...]:
    numbers = [_text(document, "NUMBER") for document in element.findall("INDIVIDUAL_DOCUMENT")]
    return tuple(number for number in numbers if number)


def _nationalities(element: ET.Element) -> tuple[str, ...]:
    return tuple(
        value.text.strip()
        for value in element.findall("NATIONALITY/VALUE")
        if value.text and value.text.strip()
    )


def _entry(element: ET.Element, kind: EntryKind, alias_tag: str) -> WatchListEntry | None:
    main = _full_name(element)
    names = tuple(dict.fromkeys(name for name in (main, *_aliases(element, alias_tag)) if name))
    if not names:
        return None
    reference = _text(element, "REFERENCE_NUMBER")
    listed_on = _text(element, "LISTED_ON")
    person = kind is EntryKind.PERSON
    return WatchListEntry(
        id=f"{LIST_CODE}:{reference or _text(element, 'DATAID')}",
        list_code=LIST_CODE,
        kind=kind,
        names=names,
        dates_of_birth=_dates_of_birth(element) if person else (),
        document_numbers=_documents(element) if person else (),
        nationality=_nationalities(element) if person else (),
        source=f"UN Security Council {_text(element, 'UN_LIST_TYPE')} {reference}".strip(),
        reason=" ".join(_text(element, "COMMENTS1").split())[:500],
        extra={"listed_on": listed_on[:10]} if listed_on else {},
    )


def read(data: bytes, *, name: str = "") -> list[WatchListEntry]:
    """Entries of a consolidated list file; ReadError when it is not one."""
    root = parse_xml(data)
    if root.tag != "CONSOLIDATED_LIST":
        raise ReadError(f"expected CONSOLIDATED_LIST, found {root.tag[:40]}", code="unsc.root")
    entries: list[WatchListEntry] = []
    for element in root.findall("INDIVIDUALS/INDIVIDUAL"):
        entry = _entry(element, EntryKind.PERSON, "INDIVIDUAL_ALIAS")
        if entry:
            entries.append(entry)
    for element in root.findall("ENTITIES/ENTITY"):
        entry = _entry(element, EntryKind.COMPANY, "ENTITY_ALIAS")
        if entry:
            entries.append(entry)
    return entries


def generated_on(data: bytes) -> date | None:
    """The date the list was generated, from the root's dateGenerated attribute."""
    value = parse_xml(data).get("dateGenerated", "")
    text = partial_date(value[:10])
    return date.fromisoformat(text) if text and len(text) == 10 else None
