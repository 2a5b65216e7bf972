"""Taking personal data out of a message body before it leaves for a group that forbids it.

What counts as personal data here (the classes of :class:`PersonalDataClass`):

- ``names``: FamilyName, GivenName and AliasName of every ``Person``; the Name of a party marked
  ``NaturalPersonIndicator: true`` (a private consignor or consignee);
- ``identity_documents``: every IdentityDocument of a ``Person``; the ID (personal tax number;
  a Kazakh IIN even encodes the birth date) of a private party;
- ``birth_dates``: BirthDate of every ``Person``;
- ``addresses``: the Address of a private party.

What stays: companies and other legal persons (parties without the indicator) with their names,
tax numbers and addresses, because trade data between customs administrations is not personal
data and a consignment alert is useless without its consignor and consignee; a person's role,
nationality and gender, which identify nobody alone; vehicle plates and container numbers.

Free text (reasons, remarks, questions, answers, descriptions) cannot be understood, only
searched: every removed name word (three letters or more), document number and birth date
(``1985-03-12``, ``12.03.1985``, ``12/03/1985``) found in it as a whole word is replaced by
``[removed]``. Anything else a person writes in free text is theirs to keep out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from portcontrol.core.messages.model import PersonalDataClass

PERSON_MEMBERS = frozenset({"Person"})
PARTY_MEMBERS = frozenset({"Consignor", "Consignee", "NotifyParty", "Party"})
FREE_TEXT_MEMBERS = frozenset(
    {"Remarks", "Text", "Description", "Question", "Answer", "ReasonText"}
)
REMOVED = "[removed]"

_PERSON_FIELDS = {
    "FamilyName": PersonalDataClass.NAMES,
    "GivenName": PersonalDataClass.NAMES,
    "AliasName": PersonalDataClass.NAMES,
    "BirthDate": PersonalDataClass.BIRTH_DATES,
    "IdentityDocument": PersonalDataClass.IDENTITY_DOCUMENTS,
}
_PRIVATE_PARTY_FIELDS = {
    "Name": PersonalDataClass.NAMES,
    "ID": PersonalDataClass.IDENTITY_DOCUMENTS,
    "Address": PersonalDataClass.ADDRESSES,
}
_IDENTIFYING_PARTS = ("ID", "Line")
_SHORTEST_NAME_WORD = 3


def strip_personal_data(
    body: Mapping[str, Any],
) -> tuple[dict[str, Any], tuple[PersonalDataClass, ...]]:
    """A copy of the body without personal data, and the classes that were found in it.

    Steps:

    1. copy the body (the caller's stays as it was);
    2. from every object under a ``Person`` member, and every private party, remove the members
       listed in the module docstring, remembering their values;
    3. in every free-text member left, replace those values where they appear as whole words.
    """
    stripped = _copy(body)
    found: set[PersonalDataClass] = set()
    values: set[str] = set()
    for owner, fields in _personal_objects(stripped):
        for member, data_class in fields.items():
            if member in owner:
                found.add(data_class)
                values.update(_texts(owner.pop(member)))
    pattern = _pattern(values, "\n".join(_free_texts(stripped)).casefold())
    if pattern is not None:
        _scrub(stripped, pattern)
    order = list(PersonalDataClass)
    return stripped, tuple(sorted(found, key=order.index))


def _copy(node: Any) -> Any:
    """A copy of a JSON tree (faster than ``copy.deepcopy``, which handles any object)."""
    if isinstance(node, Mapping):
        return {member: _copy(value) for member, value in node.items()}
    if isinstance(node, list):
        return [_copy(item) for item in node]
    return node


def personal_data_classes(body: Mapping[str, Any]) -> tuple[PersonalDataClass, ...]:
    """The classes of personal data a body holds (none when it was stripped)."""
    return strip_personal_data(body)[1]


def _personal_objects(node: Any) -> Iterator[tuple[dict[str, Any], dict[str, PersonalDataClass]]]:
    """Every person and private-party object of the tree, with the members to remove."""
    if isinstance(node, list):
        for item in node:
            yield from _personal_objects(item)
    elif isinstance(node, dict):
        for member, value in node.items():
            if member in PERSON_MEMBERS:
                for person in value if isinstance(value, list) else [value]:
                    if isinstance(person, dict):
                        yield person, _PERSON_FIELDS
            elif member in PARTY_MEMBERS and isinstance(value, dict):
                if value.get("NaturalPersonIndicator") is True:
                    yield value, _PRIVATE_PARTY_FIELDS
            yield from _personal_objects(value)


def _texts(value: Any) -> Iterator[str]:
    """The identifying texts of a removed value: a name, aliases, a document's number, an
    address line (not a document's type or a country, which identify nobody)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for member in _IDENTIFYING_PARTS:
            yield from _texts(value.get(member))


def _spellings(value: str) -> Iterator[str]:
    """How a removed value may be written in free text: its words, or a date in three forms."""
    try:
        born = date.fromisoformat(value)
    except ValueError:
        born = None
    if born is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        yield value
        yield born.strftime("%d.%m.%Y")
        yield born.strftime("%d/%m/%Y")
        return
    if len(value) >= _SHORTEST_NAME_WORD:
        yield value
    for word in re.split(r"[\s,;]+", value):
        if len(word) >= _SHORTEST_NAME_WORD:
            yield word


def _pattern(values: set[str], free_text: str) -> re.Pattern[str] | None:
    """One case-insensitive pattern of the whole-word spellings that occur in the free text,
    longest first; None when none occurs (the usual case, and compiling costs)."""
    spellings = {text for value in values for text in _spellings(value)}
    present = sorted((text for text in spellings if text.casefold() in free_text), key=len)
    if not present:
        return None
    alternatives = "|".join(re.escape(text) for text in reversed(present))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _free_texts(node: Any) -> Iterator[str]:
    """The free-text values of the tree."""
    if isinstance(node, list):
        for item in node:
            yield from _free_texts(item)
    elif isinstance(node, dict):
        for member, value in node.items():
            if member in FREE_TEXT_MEMBERS and isinstance(value, str):
                yield value
            else:
                yield from _free_texts(value)


def _scrub(node: Any, pattern: re.Pattern[str]) -> None:
    """Replace removed values in free-text members, in place."""
    if isinstance(node, list):
        for item in node:
            _scrub(item, pattern)
    elif isinstance(node, dict):
        for member, value in node.items():
            if member in FREE_TEXT_MEMBERS and isinstance(value, str):
                node[member] = pattern.sub(REMOVED, value)
            else:
                _scrub(value, pattern)
