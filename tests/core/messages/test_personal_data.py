"""Personal data: stripped before encryption where the group forbids it, kept where allowed."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from portcontrol.core.messages import (
    MessageType,
    PersonalData,
    PersonalDataClass,
    Refusal,
    RefusalCode,
    open_message,
    seal,
    strip_personal_data,
)
from tests.core.messages.factory import (
    ALAT,
    ALIAS,
    BIRTH_DATE,
    BODIES,
    COMPANY,
    FAMILY_NAME,
    GIVEN_NAME,
    GROUP,
    KURYK,
    NO_PERSONAL,
    NOW,
    PASSPORT,
    PRIVATE_CONSIGNOR,
    PRIVATE_TAX_NUMBER,
    Network,
    alert_body,
    encrypt_for,
    message,
    network,
    outer_plaintext,
    sign_raw,
)

PERSONAL = [
    FAMILY_NAME,
    GIVEN_NAME,
    *ALIAS.split(),
    BIRTH_DATE,
    "23.11.1984",
    PASSPORT,
    *PRIVATE_CONSIGNOR.split(),
    PRIVATE_TAX_NUMBER,
    "Nizami",
]
WITH_PEOPLE = [
    MessageType.ALERT,
    MessageType.ANSWER,
    MessageType.SEIZURE_NOTICE,
    MessageType.WATCH_LIST_ENTRY,
]


@pytest.fixture(scope="module")
def net() -> Network:
    return network()


def _people(message_type: MessageType) -> dict[str, Any]:
    """A body of the type that names a person (an alert on a person for alerts)."""
    if message_type is MessageType.ALERT:
        return alert_body("person")
    body: dict[str, Any] = BODIES[message_type]()
    return body


def _signed_plaintext(net: Network, message_type: MessageType, group: str, **options: Any) -> str:
    """What the recipient decrypts: the signed JSON, as text."""
    sent = message(message_type, group=group, **options)
    token = seal(
        sent, net.keys[KURYK], net.partners_of(KURYK), group=net.groups[group], now=NOW
    ).tokens[ALAT]
    payload = outer_plaintext(token, net.keys[ALAT]).split(".")[1]
    return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")


@pytest.mark.parametrize("message_type", WITH_PEOPLE)
def test_group_that_forbids_personal_data_gets_none(
    net: Network, message_type: MessageType
) -> None:
    plaintext = _signed_plaintext(net, message_type, NO_PERSONAL, body=_people(message_type))
    for value in PERSONAL:
        assert value.casefold() not in plaintext.casefold(), value
    header = json.loads(plaintext)["header"]
    assert header["personal_data"] == "stripped"
    assert {"names", "identity_documents", "birth_dates"} <= set(header["personal_data_removed"])


def test_alert_on_a_consignment_keeps_the_company_and_drops_the_private_consignor(
    net: Network,
) -> None:
    document = json.loads(_signed_plaintext(net, MessageType.ALERT, NO_PERSONAL))
    consignment = document["body"]["Consignment"]
    assert consignment["Consignee"]["Name"] == COMPANY
    assert consignment["Consignor"] == {"NaturalPersonIndicator": True}
    assert document["header"]["personal_data_removed"] == [
        "names",
        "identity_documents",
        "addresses",
    ]
    assert document["body"]["Remarks"] == "[removed] shipped twice before"
    for value in PERSONAL:
        assert value not in json.dumps(document, ensure_ascii=False), value


def test_stripped_person_keeps_role_nationality_and_gender(net: Network) -> None:
    document = json.loads(
        _signed_plaintext(net, MessageType.ALERT, NO_PERSONAL, body=alert_body("person"))
    )
    assert document["body"]["Person"] == [
        {"RoleCode": "driver", "NationalityCountryCode": "KZ", "GenderCode": "M"}
    ]
    reason = document["body"]["RiskAssessment"]["Reason"][0]["Text"]
    assert reason == (
        "driver [removed] [removed], born [removed], passport [removed], matches a watch-list entry"
    )


@pytest.mark.parametrize("message_type", WITH_PEOPLE)
def test_group_that_allows_personal_data_gets_it(net: Network, message_type: MessageType) -> None:
    plaintext = _signed_plaintext(net, message_type, GROUP, body=_people(message_type))
    assert FAMILY_NAME in plaintext and BIRTH_DATE in plaintext and PASSPORT in plaintext
    header = json.loads(plaintext)["header"]
    assert header["personal_data"] == "included"
    assert "personal_data_removed" not in header


def test_stripped_message_opens_and_says_what_was_removed(net: Network) -> None:
    sent = message(MessageType.WATCH_LIST_ENTRY, group=NO_PERSONAL)
    sealed = seal(
        sent, net.keys[KURYK], net.partners_of(KURYK), group=net.groups[NO_PERSONAL], now=NOW
    )
    verified = open_message(
        sealed.tokens[ALAT], net.keys[ALAT], net.partners_of(ALAT), groups=net.groups, now=NOW
    )
    assert verified.message.header.personal_data is PersonalData.STRIPPED
    assert verified.message.header.personal_data_removed == (
        PersonalDataClass.NAMES,
        PersonalDataClass.IDENTITY_DOCUMENTS,
        PersonalDataClass.BIRTH_DATES,
    )
    assert sent.body["Person"]["FamilyName"] == FAMILY_NAME  # the caller's message is untouched


def test_message_without_personal_data_is_marked_stripped_with_nothing_removed(
    net: Network,
) -> None:
    plaintext = _signed_plaintext(net, MessageType.ACKNOWLEDGEMENT, NO_PERSONAL)
    header = json.loads(plaintext)["header"]
    assert header["personal_data"] == "stripped"
    assert "personal_data_removed" not in header


def _signed_and_encrypted(net: Network, document: dict[str, Any]) -> str:
    payload = json.dumps(document, ensure_ascii=False).encode()
    return encrypt_for(sign_raw(payload, net.keys[KURYK]), net.partners_of(KURYK)[ALAT])


def test_receiver_refuses_personal_data_its_group_forbids(net: Network) -> None:
    """A sender whose view of the group still allowed personal data."""
    document = json.loads(message(group=NO_PERSONAL).to_json())
    with pytest.raises(Refusal) as caught:
        open_message(
            _signed_and_encrypted(net, document),
            net.keys[ALAT],
            net.partners_of(ALAT),
            groups=net.groups,
            now=NOW,
        )
    assert caught.value.code is RefusalCode.PERSONAL_DATA_FORBIDDEN
    assert NO_PERSONAL in caught.value.message


def test_receiver_refuses_a_message_marked_stripped_that_still_holds_names(net: Network) -> None:
    document = json.loads(message(group=GROUP).to_json())
    document["header"]["personal_data"] = "stripped"
    with pytest.raises(Refusal) as caught:
        open_message(
            _signed_and_encrypted(net, document),
            net.keys[ALAT],
            net.partners_of(ALAT),
            groups=net.groups,
            now=NOW,
        )
    assert caught.value.code is RefusalCode.PERSONAL_DATA_FORBIDDEN
    assert "names" in caught.value.message


def test_short_names_are_removed_but_not_searched_in_free_text() -> None:
    body = {"Person": [{"FamilyName": "Li", "GivenName": "Bo"}], "Answer": "Li Bo, a liar"}
    stripped, removed = strip_personal_data(body)
    assert stripped == {"Person": [{}], "Answer": "Li Bo, a liar"}
    assert removed == (PersonalDataClass.NAMES,)


def test_names_are_replaced_as_whole_words_only() -> None:
    body = {"Person": [{"FamilyName": "Ali"}], "Answer": "Ali met Alibek in Baku; ALI left"}
    stripped, _ = strip_personal_data(body)
    assert stripped["Answer"] == "[removed] met Alibek in Baku; [removed] left"
