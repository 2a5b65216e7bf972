"""Exchange messages: the envelope header and one typed body per message type.

A message is one JSON object (docs/exchange.md shows every type in full)::

    {"header": {"version": 1, "id": "<UUID4>", "type": "alert", "sender": "KZ-KURYK",
                "recipients": ["AZ-ALAT"], "created": "2026-03-04T08:15:00Z",
                "group": "CASPIAN-FERRY", "personal_data": "included"},
     "body": {"SubjectTypeCode": "consignment", "Consignment": {...},
              "RiskAssessment": {...}, "RequestedAction": {...}}}

The header is the exchange protocol's own (lower-case names, like JWT claims); the body uses the
names of the WCO Data Model, as the JSON manifests do (:mod:`portcontrol.core.formats.wco_json`),
with a few documented extensions where the Data Model has no element. Every body is a TypedDict:
mypy checks the code that builds one, and :mod:`portcontrol.core.messages.schema` checks what a
partner sent against the same annotations (the bodies are in
:mod:`portcontrol.core.messages.bodies`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, NotRequired, TypedDict, cast

from portcontrol.core.messages import bodies, schema
from portcontrol.core.messages.errors import KeyMaterialError, Refusal, RefusalCode
from portcontrol.core.messages.keys import check_node_id, format_time, utc
from portcontrol.core.messages.schema import Problem

PROTOCOL_VERSION = 1
# The largest message JSON accepted or sent; the token limits follow from it (seal.py).
MAX_MESSAGE_BYTES = 256 * 1024


class MessageType(StrEnum):
    ALERT = "alert"
    REQUEST = "request"
    ANSWER = "answer"
    INSPECTION_RESULT = "inspection_result"
    SEIZURE_NOTICE = "seizure_notice"
    WATCH_LIST_ENTRY = "watch_list_entry"
    ACKNOWLEDGEMENT = "acknowledgement"


# Types that only make sense as a reply to an earlier message.
REPLY_TYPES = frozenset(
    {MessageType.ANSWER, MessageType.INSPECTION_RESULT, MessageType.ACKNOWLEDGEMENT}
)


class PersonalData(StrEnum):
    """Whether the body may hold personal data, or the sender's node took it out."""

    INCLUDED = "included"
    STRIPPED = "stripped"


class PersonalDataClass(StrEnum):
    """The classes of personal data a closed user group may forbid (docs/exchange.md)."""

    NAMES = "names"  # family, given and alias names of people; names of private parties
    IDENTITY_DOCUMENTS = "identity_documents"  # passports, identity cards, personal numbers
    BIRTH_DATES = "birth_dates"
    ADDRESSES = "addresses"  # of private parties only


Body = (
    bodies.AlertBody
    | bodies.RequestBody
    | bodies.AnswerBody
    | bodies.InspectionResultBody
    | bodies.SeizureNoticeBody
    | bodies.WatchListEntryBody
    | bodies.AcknowledgementBody
)

BODY_SPECS: dict[MessageType, type] = {
    MessageType.ALERT: bodies.AlertBody,
    MessageType.REQUEST: bodies.RequestBody,
    MessageType.ANSWER: bodies.AnswerBody,
    MessageType.INSPECTION_RESULT: bodies.InspectionResultBody,
    MessageType.SEIZURE_NOTICE: bodies.SeizureNoticeBody,
    MessageType.WATCH_LIST_ENTRY: bodies.WatchListEntryBody,
    MessageType.ACKNOWLEDGEMENT: bodies.AcknowledgementBody,
}


_RULES: dict[MessageType, tuple[Callable[[Mapping[str, Any]], list[Problem]], ...]] = {
    MessageType.ALERT: (bodies.subject_named, bodies.score_in_range),
    MessageType.REQUEST: (bodies.subject_named,),
    MessageType.INSPECTION_RESULT: (bodies.findings_for_discrepancy,),
    MessageType.SEIZURE_NOTICE: (bodies.drug_type_with_drugs,),
    MessageType.WATCH_LIST_ENTRY: (bodies.entry_named,),
    MessageType.ACKNOWLEDGEMENT: (bodies.reason_when_refused,),
}


# --- the message ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """Who sends what to whom, when, within which closed user group."""

    id: uuid.UUID
    type: MessageType
    sender: str
    recipients: tuple[str, ...]
    created: datetime
    group: str
    in_reply_to: uuid.UUID | None = None
    personal_data: PersonalData = PersonalData.INCLUDED
    personal_data_removed: tuple[PersonalDataClass, ...] = ()
    version: int = PROTOCOL_VERSION

    def to_json(self) -> dict[str, Any]:
        """The header as JSON members; optional ones left out when empty."""
        members: dict[str, Any] = {
            "version": self.version,
            "id": str(self.id),
            "type": self.type.value,
            "sender": self.sender,
            "recipients": list(self.recipients),
            "created": format_time(self.created),
            "group": self.group,
            "personal_data": self.personal_data.value,
        }
        if self.in_reply_to is not None:
            members["in_reply_to"] = str(self.in_reply_to)
        if self.personal_data_removed:
            members["personal_data_removed"] = [name.value for name in self.personal_data_removed]
        return members


@dataclass(frozen=True)
class Message:
    """A header and the body of its type."""

    header: Header
    body: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> uuid.UUID:
        return self.header.id

    @property
    def type(self) -> MessageType:
        return self.header.type

    @property
    def sender(self) -> str:
        return self.header.sender

    def to_json(self) -> bytes:
        """Canonical UTF-8 JSON: sorted members, no spaces (what is signed)."""
        document = {"header": self.header.to_json(), "body": self.body}
        return json.dumps(
            document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode("utf-8")


class _HeaderJson(TypedDict):
    version: int
    id: Annotated[str, schema.UUID_TEXT]
    type: str
    sender: str
    recipients: list[str]
    created: bodies.DateTime
    group: str
    in_reply_to: NotRequired[Annotated[str, schema.UUID_TEXT]]
    personal_data: Literal["included", "stripped"]
    personal_data_removed: NotRequired[
        list[Literal["names", "identity_documents", "birth_dates", "addresses"]]
    ]


def new_message(
    type: MessageType,
    body: Body | Mapping[str, Any],
    *,
    sender: str,
    recipients: Sequence[str],
    group: str,
    in_reply_to: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Message:
    """A new message with a fresh UUID4 and the current UTC time; checked like incoming ones.

    Raises ``ValueError`` (``InvalidMessage``) naming every problem.
    """
    created = utc(now) if now is not None else datetime.now(UTC)
    header = Header(
        id=uuid.uuid4(),
        type=MessageType(type),
        sender=sender,
        recipients=tuple(recipients),
        created=created.replace(microsecond=0),
        group=group,
        in_reply_to=in_reply_to,
    )
    message = Message(header, body)
    problems = problems_of(message)
    if problems:
        raise InvalidMessage(problems)
    return message


class InvalidMessage(ValueError):
    """A message built here that would be refused by its recipients."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def problems_of(message: Message) -> list[Problem]:
    """Everything wrong with a message, as a recipient would see it."""
    try:
        document = json.loads(message.to_json())
    except (TypeError, ValueError) as error:  # a Decimal or a date object left in the body
        return [Problem("/body", f"is not plain JSON ({error})")]
    problems, _ = _check_document(document)
    return problems


def message_from_json(data: bytes | str) -> Message:
    """A received message from its JSON, checked strictly; ``Refusal`` when it is not one."""
    return message_from_document(parse_json(data))


def parse_json(data: bytes | str) -> Any:
    """JSON text as Python values; NaN, Infinity, deep nesting and huge numbers refused."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise Refusal(
            RefusalCode.TOO_LARGE,
            f"the message has {len(data)} bytes, over the limit of {MAX_MESSAGE_BYTES}",
        )

    def constant(text: str) -> None:
        raise ValueError(f"{text} is not a JSON number")

    try:
        return json.loads(data, parse_constant=constant)
    except (ValueError, RecursionError) as error:
        raise Refusal(RefusalCode.MALFORMED, f"the message is not valid JSON ({error})") from None


def message_from_document(document: Any) -> Message:
    """A received message from parsed JSON: header first, then the body of its type."""
    problems, header = _check_document(document)
    if problems:
        code = RefusalCode.INVALID_PAYLOAD
        if any(problem.pointer == "/header/type" for problem in problems):
            code = RefusalCode.UNKNOWN_TYPE
        raise Refusal(code, "; ".join(str(problem) for problem in problems))
    assert header is not None
    return Message(header, document["body"])


def _check_document(document: Any) -> tuple[list[Problem], Header | None]:
    """Problems of a message document and, when there are none, its header."""
    if not isinstance(document, dict):
        return [Problem("", "a message must be a JSON object")], None
    unknown = sorted(str(name) for name in document if name not in ("header", "body"))
    if unknown:
        return [Problem("", f"unknown member(s): {', '.join(unknown)}")], None
    problems = schema.check(document.get("header"), _HeaderJson, "/header")
    if problems:
        return problems, None
    raw = document["header"]
    try:
        message_type = MessageType(raw["type"])
    except ValueError:
        known = ", ".join(member.value for member in MessageType)
        return [Problem("/header/type", f"unknown message type {raw['type']!r} ({known})")], None
    header_problems, header = _header(raw, message_type)
    if header_problems:
        return header_problems, None
    body: Any = document.get("body")
    problems = schema.check(body, BODY_SPECS[message_type], "/body")
    if not problems:
        for rule in _RULES.get(message_type, ()):
            problems.extend(rule(body))
    return problems, header if not problems else None


def _header(raw: Mapping[str, Any], message_type: MessageType) -> tuple[list[Problem], Header]:
    """The header's values, and what is wrong with them beyond their JSON shape."""
    problems: list[Problem] = []
    if raw["version"] != PROTOCOL_VERSION:
        problems.append(
            Problem("/header/version", f"version {raw['version']} is not {PROTOCOL_VERSION}")
        )
    identifier = uuid.UUID(raw["id"])
    if identifier.version != 4:
        problems.append(Problem("/header/id", "must be a random UUID (version 4)"))
    for pointer, value in [("/header/sender", raw["sender"]), ("/header/group", raw["group"])] + [
        (f"/header/recipients/{position}", recipient)
        for position, recipient in enumerate(raw["recipients"])
    ]:
        try:
            check_node_id(value, "id")
        except KeyMaterialError as error:
            problems.append(Problem(pointer, str(error)))
    recipients = tuple(raw["recipients"])
    if len(set(recipients)) != len(recipients):
        problems.append(Problem("/header/recipients", "names a node twice"))
    if raw["sender"] in recipients:
        problems.append(Problem("/header/recipients", "must not include the sender"))
    reply_to = raw.get("in_reply_to")
    if message_type in REPLY_TYPES and reply_to is None:
        problems.append(Problem("/header/in_reply_to", f"is required for a {message_type.value}"))
    personal = PersonalData(raw["personal_data"])
    removed = tuple(PersonalDataClass(name) for name in raw.get("personal_data_removed", ()))
    if personal is PersonalData.INCLUDED and "personal_data_removed" in raw:
        problems.append(
            Problem("/header/personal_data_removed", "is given only when personal data is stripped")
        )
    header = Header(
        id=identifier,
        type=message_type,
        sender=raw["sender"],
        recipients=recipients,
        created=utc(datetime.fromisoformat(raw["created"])),
        group=raw["group"],
        in_reply_to=uuid.UUID(reply_to) if reply_to else None,
        personal_data=personal,
        personal_data_removed=removed,
        version=raw["version"],
    )
    return problems, header


def body_of(message: Message) -> dict[str, Any]:
    """A deep copy of the body as plain JSON values, safe to change."""
    return cast(dict[str, Any], json.loads(json.dumps(message.body)))


@dataclass(frozen=True)
class ClosedUserGroup:
    """A closed user group: the nodes that exchange within it, and whether personal data may
    travel there (decided by the group's members, configured alike on each node)."""

    id: str
    members: frozenset[str]
    personal_data_allowed: bool

    def __post_init__(self) -> None:
        check_node_id(self.id, "group id")
        for member in self.members:
            check_node_id(member)

    def includes(self, node_id: str) -> bool:
        """Whether the node is a member of the group."""
        return node_id in self.members
