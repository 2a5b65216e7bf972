"""Message JSON: every type round-trips, anything off is refused with a code naming the field."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from portcontrol.core.messages import (
    InvalidMessage,
    MessageType,
    Refusal,
    RefusalCode,
    message_from_json,
    new_message,
)
from portcontrol.core.messages.model import MAX_MESSAGE_BYTES, PersonalDataClass
from tests.core.messages.factory import ALAT, BODIES, GROUP, KURYK, NOW, alert_body, message


@pytest.mark.parametrize("message_type", list(MessageType))
def test_every_type_round_trips_through_json(message_type: MessageType) -> None:
    sent = message(message_type)
    received = message_from_json(sent.to_json())
    assert received.header == sent.header
    assert received.body == sent.body


def test_json_is_canonical_and_utf8() -> None:
    data = message(body=alert_body("person")).to_json()
    document = json.loads(data)
    assert data == json.dumps(
        document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    assert "Сейтқазиев".encode() in data


def test_header_carries_id_sender_recipients_time_and_group() -> None:
    header = json.loads(message().to_json())["header"]
    assert uuid.UUID(header["id"]).version == 4
    assert header | {"id": "x"} == {
        "version": 1,
        "id": "x",
        "type": "alert",
        "sender": KURYK,
        "recipients": [ALAT],
        "created": "2026-03-04T08:15:00Z",
        "group": GROUP,
        "personal_data": "included",
    }


def _document(message_type: MessageType = MessageType.ALERT) -> dict[str, Any]:
    return json.loads(message(message_type).to_json())


def _refusal(document: Any) -> Refusal:
    with pytest.raises(Refusal) as caught:
        message_from_json(json.dumps(document))
    return caught.value


def test_unknown_type_is_refused_as_unknown_type() -> None:
    document = _document()
    document["header"]["type"] = "gossip"
    refusal = _refusal(document)
    assert refusal.code is RefusalCode.UNKNOWN_TYPE
    assert "gossip" in refusal.message


@pytest.mark.parametrize(
    ("change", "pointer", "reason"),
    [
        (lambda d: d["body"].pop("RiskAssessment"), "/body/RiskAssessment", "is required"),
        (lambda d: d["header"].pop("group"), "/header/group", "is required"),
        (lambda d: d["body"].update(Colour="red"), "/body", "unknown member(s): Colour"),
        (lambda d: d["header"].update(priority=1), "/header", "unknown member(s): priority"),
        (
            lambda d: d["body"]["Consignment"]["GoodsItem"][0].update(SequenceNumeric="1"),
            "/body/Consignment/GoodsItem/0/SequenceNumeric",
            "whole number",
        ),
        (lambda d: d["body"].update(Remarks="  "), "/body/Remarks", "must not be empty"),
        (lambda d: d["body"].update(Remarks="x" * 9000), "/body/Remarks", "over the limit"),
        (lambda d: d["body"].update(Remarks="a\ud800b"), "/body/Remarks", "surrogate"),
        (
            lambda d: d["header"].update(created="0001-01-01T00:00:00+05:00"),
            "/header/created",
            "not a valid date and time",
        ),
        (
            lambda d: d["body"]["RequestedAction"].update(TypeCode="arrest"),
            "/body/RequestedAction/TypeCode",
            "must be one of inspect",
        ),
        (
            lambda d: d["body"]["RequestedAction"].update(ReplyByDateTime="2026-03-05 06:00"),
            "/body/RequestedAction/ReplyByDateTime",
            "time zone",
        ),
        (
            lambda d: d["body"]["Consignment"]["LoadingLocation"].update(ID="Alyat"),
            "/body/Consignment/LoadingLocation/ID",
            "UN/LOCODE",
        ),
        (
            lambda d: d["body"]["Consignment"]["GoodsItem"][0]["Commodity"]["Classification"][
                0
            ].update(ID="87089"),
            "/body/Consignment/GoodsItem/0/Commodity/Classification/0/ID",
            "HS code",
        ),
        (
            lambda d: d["body"]["RiskAssessment"].update(Reason=[]),
            "/body/RiskAssessment/Reason",
            "must not be empty",
        ),
        (
            lambda d: d["body"]["RiskAssessment"].update(Score=120),
            "/body/RiskAssessment/Score",
            "from 0 to 100",
        ),
        (
            lambda d: d["body"].update(SubjectTypeCode="vessel"),
            "/body/BorderTransportMeans",
            "required for a vessel subject",
        ),
        (lambda d: d["header"].update(version=2), "/header/version", "is not 1"),
        (lambda d: d["header"].update(id=str(uuid.uuid1())), "/header/id", "version 4"),
        (lambda d: d["header"].update(id="not-a-uuid"), "/header/id", "UUID"),
        (lambda d: d["header"].update(recipients=[ALAT, ALAT]), "/header/recipients", "twice"),
        (lambda d: d["header"].update(recipients=[KURYK]), "/header/recipients", "the sender"),
        (lambda d: d["header"].update(recipients=[]), "/header/recipients", "must not be empty"),
        (lambda d: d["header"].update(sender="KZ KURYK"), "/header/sender", "1 to 64"),
        (
            lambda d: d["header"].update(created="2026-03-04T08:15:00"),
            "/header/created",
            "time zone",
        ),
        (
            lambda d: d["header"].update(personal_data_removed=["names"]),
            "/header/personal_data_removed",
            "only when personal data is stripped",
        ),
        (
            lambda d: d["header"].update(personal_data="partly"),
            "/header/personal_data",
            "must be one of",
        ),
    ],
)
def test_invalid_alert_is_refused_naming_the_field(change: Any, pointer: str, reason: str) -> None:
    document = _document()
    change(document)
    refusal = _refusal(document)
    assert refusal.code is RefusalCode.INVALID_PAYLOAD
    assert f"{pointer}: " in refusal.message
    assert reason in refusal.message


@pytest.mark.parametrize(
    ("message_type", "change", "pointer"),
    [
        (MessageType.ANSWER, lambda d: d["header"].pop("in_reply_to"), "/header/in_reply_to"),
        (
            MessageType.ACKNOWLEDGEMENT,
            lambda d: d["body"].update(StatusCode="refused"),
            "/body/ReasonCode",
        ),
        (MessageType.INSPECTION_RESULT, lambda d: d["body"].pop("Finding"), "/body/Finding"),
        (
            MessageType.SEIZURE_NOTICE,
            lambda d: d["body"]["Goods"][0].update(CommodityGroupCode="tobacco"),
            "/body/Goods/0/DrugTypeCode",
        ),
        (
            MessageType.SEIZURE_NOTICE,
            lambda d: d["body"]["Goods"][0]["Quantity"].update(value="1,5"),
            "/body/Goods/0/Quantity/value",
        ),
        (MessageType.WATCH_LIST_ENTRY, lambda d: d["body"].pop("Person"), "/body/Person"),
        (MessageType.WATCH_LIST_ENTRY, lambda d: d["body"].pop("ReasonText"), "/body/ReasonText"),
        (
            MessageType.WATCH_LIST_ENTRY,
            lambda d: d["body"]["Person"].update(BirthDate="1984-02-30"),
            "/body/Person/BirthDate",
        ),
    ],
)
def test_rules_of_each_type_are_checked(
    message_type: MessageType, change: Any, pointer: str
) -> None:
    document = _document(message_type)
    change(document)
    refusal = _refusal(document)
    assert refusal.code is RefusalCode.INVALID_PAYLOAD
    assert f"{pointer}: " in refusal.message


def test_watch_list_removal_needs_only_the_entry_id() -> None:
    body = {"ActionCode": "remove", "EntryID": "WL-KZ-0042", "KindCode": "person"}
    sent = message(MessageType.WATCH_LIST_ENTRY, body=body)
    assert message_from_json(sent.to_json()).body == body


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"[]", RefusalCode.INVALID_PAYLOAD),
        (b'{"header": {}, "body": {}, "extra": 1}', RefusalCode.INVALID_PAYLOAD),
        (b"{", RefusalCode.MALFORMED),
        (b'{"a": NaN}', RefusalCode.MALFORMED),
        (b"[" * 100_000 + b"]" * 100_000, RefusalCode.MALFORMED),
        (b" " * (MAX_MESSAGE_BYTES + 1), RefusalCode.TOO_LARGE),
    ],
)
def test_unreadable_json_is_refused(data: bytes, code: RefusalCode) -> None:
    with pytest.raises(Refusal) as caught:
        message_from_json(data)
    assert caught.value.code is code


def test_building_an_invalid_message_names_every_problem() -> None:
    body = BODIES[MessageType.ALERT]()
    del body["RequestedAction"]
    body["Remarks"] = ""
    with pytest.raises(InvalidMessage) as caught:
        new_message(MessageType.ALERT, body, sender=KURYK, recipients=[ALAT], group=GROUP, now=NOW)
    assert [problem.pointer for problem in caught.value.problems] == [
        "/body/RequestedAction",
        "/body/Remarks",
    ]


def test_a_body_that_is_not_plain_json_cannot_be_built() -> None:
    body = BODIES[MessageType.ACKNOWLEDGEMENT]() | {"ReasonText": object()}
    with pytest.raises(InvalidMessage, match="not plain JSON"):
        new_message(
            MessageType.ACKNOWLEDGEMENT,
            body,
            sender=KURYK,
            recipients=[ALAT],
            group=GROUP,
            in_reply_to=uuid.uuid4(),
        )


def test_naive_time_is_refused_when_building() -> None:
    with pytest.raises(ValueError, match="time zone"):
        message(now=NOW.replace(tzinfo=None))


def test_personal_data_classes_match_the_header_values() -> None:
    from portcontrol.core.messages.model import _HeaderJson
    from portcontrol.core.messages.schema import _members

    hint = next(m.hint for m in _members(_HeaderJson) if m.name == "personal_data_removed")
    allowed = set(hint.__args__[0].__args__)
    assert allowed == {member.value for member in PersonalDataClass}
