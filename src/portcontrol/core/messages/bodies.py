"""The bodies of exchange messages, one TypedDict per message type, named after the WCO Data Model.

The building blocks (Consignment, TransportEquipment, BorderTransportMeans, Person, Party, ...)
carry the element names the JSON manifests use (:mod:`portcontrol.core.formats.wco_json`);
members the Data Model has no element for are marked "extension" here and in docs/exchange.md.
Each TypedDict is checked at run time by :mod:`portcontrol.core.messages.schema`; the rules at
the end check what one member says about another (an alert on a vessel names the vessel).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from portcontrol.core.messages import schema
from portcontrol.core.messages.schema import Problem

Text = Annotated[str, schema.TEXT]
Date = Annotated[str, schema.DATE]
DateTime = Annotated[str, schema.DATE_TIME]
DecimalText = Annotated[str, schema.DECIMAL]
CountryCode = Annotated[str, schema.COUNTRY]
LocationCode = Annotated[str, schema.LOCATION]
HsCode = Annotated[str, schema.HS_CODE]

ThreatCode = Literal[
    "drugs",
    "precursors",
    "firearms",
    "wmd",
    "nuclear",
    "cigarettes",
    "counterfeits",
    "wildlife",
    "revenue",
    "other",
]
SubjectTypeCode = Literal["consignment", "cargo_unit", "vessel", "person"]


# --- WCO Data Model building blocks ---------------------------------------------------------


class Location(TypedDict):
    ID: LocationCode


class Address(TypedDict):
    Line: NotRequired[str]
    CityName: NotRequired[str]
    CountryCode: NotRequired[CountryCode]


class Party(TypedDict):
    """Consignor, Consignee, NotifyParty, Carrier, or a company on a watch list."""

    Name: NotRequired[str]  # optional: removed with a natural person's personal data
    ID: NotRequired[str]  # tax or registration number (BIN, VOEN, INN)
    Address: NotRequired[Address]
    NaturalPersonIndicator: NotRequired[bool]  # extension: the party is a private person


class TransportContractDocument(TypedDict):
    ID: str  # bill of lading, waybill or CMR number
    TypeCode: NotRequired[str]  # UN/EDIFACT 1001: 705 bill of lading, 730 CMR, ...


class Classification(TypedDict):
    ID: HsCode
    IdentificationTypeCode: NotRequired[Literal["HS"]]


class Commodity(TypedDict):
    Description: NotRequired[Text]
    Classification: NotRequired[list[Classification]]


class GoodsMeasure(TypedDict):
    GrossMassMeasure: NotRequired[DecimalText]  # kilograms
    NetNetWeightMeasure: NotRequired[DecimalText]


class Origin(TypedDict):
    CountryCode: CountryCode


class TransportEquipmentReference(TypedDict):
    ID: str


class GoodsItem(TypedDict):
    SequenceNumeric: NotRequired[int]
    Commodity: NotRequired[Commodity]
    GoodsMeasure: NotRequired[GoodsMeasure]
    Origin: NotRequired[list[Origin]]
    TransportEquipment: NotRequired[list[TransportEquipmentReference]]


class Seal(TypedDict):
    ID: str


class TransportEquipment(TypedDict):
    """A cargo unit: container (ISO 6346 number), trailer, truck or rail wagon."""

    ID: str
    KindCode: NotRequired[Literal["container", "trailer", "truck", "rail_wagon", "other"]]
    CharacteristicCode: NotRequired[str]  # ISO 6346 size and type, 22G1
    Seal: NotRequired[list[Seal]]
    VehiclePlateID: NotRequired[str]  # extension, as in the JSON manifests


class ItineraryStop(TypedDict):
    SequenceNumeric: int
    LocationID: LocationCode
    RoutingCountryCode: NotRequired[CountryCode]


class BorderTransportMeans(TypedDict):
    """The vessel, ferry or train, and the voyage (JourneyID) when it matters."""

    ID: NotRequired[str]  # IMO ship number when IdentificationTypeCode is 10
    IdentificationTypeCode: NotRequired[str]
    Name: NotRequired[str]
    JourneyID: NotRequired[str]
    ModeCode: NotRequired[Literal["1", "2", "3"]]  # UN/ECE Rec. 19: sea, rail, road
    RegistrationNationalityCode: NotRequired[CountryCode]
    DepartureDateTime: NotRequired[DateTime]
    ArrivalDateTime: NotRequired[DateTime]
    LoadingLocation: NotRequired[Location]
    UnloadingLocation: NotRequired[Location]
    Itinerary: NotRequired[list[ItineraryStop]]


class Consignment(TypedDict):
    TransportContractDocument: TransportContractDocument
    Consignor: NotRequired[Party]
    Consignee: NotRequired[Party]
    NotifyParty: NotRequired[Party]
    LoadingLocation: NotRequired[Location]
    UnloadingLocation: NotRequired[Location]
    GoodsItem: NotRequired[list[GoodsItem]]
    TransportEquipment: NotRequired[list[TransportEquipment]]


class IdentityDocument(TypedDict):
    ID: str
    TypeCode: NotRequired[str]  # passport, identity card, seaman's book (free code)
    IssuingCountryCode: NotRequired[CountryCode]  # extension


class Person(TypedDict):
    """A natural person: driver, passenger, crew member, offender, watch-list subject.

    Every member is optional: with personal data stripped only role, nationality and gender
    are left.
    """

    RoleCode: NotRequired[Literal["driver", "passenger", "crew", "offender", "other"]]
    FamilyName: NotRequired[str]
    GivenName: NotRequired[str]
    AliasName: NotRequired[list[str]]  # extension: other spellings and names
    BirthDate: NotRequired[Date]
    NationalityCountryCode: NotRequired[CountryCode]
    GenderCode: NotRequired[Literal["M", "F", "U"]]
    IdentityDocument: NotRequired[list[IdentityDocument]]


class Subjects(TypedDict):
    """What a message is about: any of consignment, cargo units, vessel (voyage), people."""

    Consignment: NotRequired[Consignment]
    TransportEquipment: NotRequired[list[TransportEquipment]]
    BorderTransportMeans: NotRequired[BorderTransportMeans]
    Person: NotRequired[list[Person]]


# --- bodies ---------------------------------------------------------------------------------


class RiskReason(TypedDict):
    KindCode: Literal["profile", "indicator", "watch_list", "model", "random", "analyst"]
    Code: NotRequired[str]  # profile code, indicator name, watch-list entry id
    Text: Text  # the reason in words, as the analyst saw it
    Score: NotRequired[float]
    ThreatCode: NotRequired[ThreatCode]


class RiskAssessment(TypedDict):
    Score: NotRequired[float]  # 0 to 100
    LaneCode: NotRequired[Literal["red", "yellow", "blue", "green"]]
    ThreatCode: NotRequired[list[ThreatCode]]
    Reason: list[RiskReason]


class RequestedAction(TypedDict):
    TypeCode: Literal[
        "inspect",  # physical examination
        "documentary_check",
        "scan",  # non-intrusive inspection
        "monitor",  # watch without stopping
        "controlled_delivery",  # let it run under surveillance, coordinate first
        "hold",  # do not load / do not release until contacted
        "inform",  # for information only
    ]
    Description: NotRequired[Text]
    ReplyByDateTime: NotRequired[DateTime]


class AlertBody(Subjects):
    """A high-risk consignment, cargo unit, vessel or person, why, and what is asked."""

    SubjectTypeCode: SubjectTypeCode
    RiskAssessment: RiskAssessment
    RequestedAction: RequestedAction
    Remarks: NotRequired[Text]


class RequestBody(Subjects):
    """A request for information, about the subjects given (if any)."""

    SubjectTypeCode: NotRequired[SubjectTypeCode]
    Question: Text
    ReplyByDateTime: NotRequired[DateTime]


class AnswerBody(Subjects):
    """The answer to a request (``in_reply_to`` names it), with any records that answer it."""

    Answer: Text


class Finding(TypedDict):
    KindCode: Literal[
        "description", "quantity", "weight", "value", "origin", "undeclared", "seal", "other"
    ]
    Description: Text


class InspectionResultBody(Subjects):
    """What the inspection asked for by an alert (``in_reply_to``) found."""

    InspectionDateTime: DateTime
    InspectionLocation: NotRequired[Location]
    InspectionKindCode: NotRequired[
        list[Literal["documentary", "scanner", "physical", "radiation", "dog"]]
    ]
    ResultCode: Literal["nothing_found", "discrepancy", "seizure", "not_inspected"]
    Finding: NotRequired[list[Finding]]
    Remarks: NotRequired[Text]


CommodityGroupCode = Literal[
    "drugs",
    "precursors",
    "weapons",
    "strategic",
    "nuclear",
    "tobacco",
    "counterfeits",
    "wildlife",
    "currency",
    "other",
]


class Quantity(TypedDict):
    value: DecimalText
    unitCode: Literal["kg", "g", "l", "pcs", "sticks", "rounds", "tablets", "bq"]


class Amount(TypedDict):
    value: DecimalText
    currencyID: Annotated[str, schema.CURRENCY]


class SeizedGoods(TypedDict):
    CommodityGroupCode: CommodityGroupCode  # the CEN commodity groups
    DrugTypeCode: NotRequired[str]  # only with drugs: heroin, cannabis, methamphetamine, ...
    Commodity: NotRequired[Commodity]
    Quantity: Quantity
    ConcealmentCode: NotRequired[
        Literal[
            "not_concealed",
            "misdeclared",
            "mixed_with_cargo",
            "false_compartment",
            "vehicle_cavity",
            "inside_goods",
            "fuel_tank",
            "vessel_structure",
            "baggage",
            "on_body",
            "other",
        ]
    ]
    EstimatedValueAmount: NotRequired[Amount]


class SeizureNoticeBody(Subjects):
    """A seizure (feedback on an alert when ``in_reply_to`` is given), CEN-like fields."""

    SeizureID: NotRequired[str]  # the seizing unit's number, KZKUR-2026-0001
    SeizureDateTime: DateTime
    SeizureLocation: Location
    Goods: list[SeizedGoods]
    Remarks: NotRequired[Text]


class WatchListEntryBody(TypedDict):
    """A watch-list entry shared with the group, or its update or removal."""

    ActionCode: Literal["add", "update", "remove"]
    EntryID: str  # the sender's id of the entry, stable across updates and removal
    KindCode: Literal["person", "company", "vehicle", "container", "vessel"]
    Person: NotRequired[Person]
    Party: NotRequired[Party]
    VehiclePlateID: NotRequired[str]
    TransportEquipment: NotRequired[TransportEquipment]
    BorderTransportMeans: NotRequired[BorderTransportMeans]
    ReasonText: NotRequired[Text]
    ThreatCode: NotRequired[list[ThreatCode]]
    ValidUntilDate: NotRequired[Date]


class AcknowledgementBody(TypedDict):
    """Receipt of a message (``in_reply_to``), or its refusal with the inbox's reason."""

    StatusCode: Literal["received", "refused"]
    ReasonCode: NotRequired[str]  # a RefusalCode value when refused
    ReasonText: NotRequired[Text]


Body = (
    AlertBody
    | RequestBody
    | AnswerBody
    | InspectionResultBody
    | SeizureNoticeBody
    | WatchListEntryBody
    | AcknowledgementBody
)

# --- cross-member rules ---------------------------------------------------------------------

_SUBJECT_MEMBERS = {
    "consignment": "Consignment",
    "cargo_unit": "TransportEquipment",
    "vessel": "BorderTransportMeans",
    "person": "Person",
}
_ENTRY_MEMBERS = {
    "person": "Person",
    "company": "Party",
    "vehicle": "VehiclePlateID",
    "container": "TransportEquipment",
    "vessel": "BorderTransportMeans",
}


def subject_named(body: Mapping[str, Any]) -> list[Problem]:
    """The subject type names a member that is given."""
    member = _SUBJECT_MEMBERS.get(body.get("SubjectTypeCode", ""))
    if member and member not in body:
        return [Problem(f"/body/{member}", f"is required for a {body['SubjectTypeCode']} subject")]
    return []


def score_in_range(body: Mapping[str, Any]) -> list[Problem]:
    score = body["RiskAssessment"].get("Score")
    if score is not None and not 0 <= score <= 100:
        return [Problem("/body/RiskAssessment/Score", "must be from 0 to 100")]
    return []


def findings_for_discrepancy(body: Mapping[str, Any]) -> list[Problem]:
    if body["ResultCode"] == "discrepancy" and "Finding" not in body:
        return [Problem("/body/Finding", "is required when the result is a discrepancy")]
    return []


def drug_type_with_drugs(body: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem(f"/body/Goods/{position}/DrugTypeCode", "is given only for drugs")
        for position, goods in enumerate(body["Goods"])
        if "DrugTypeCode" in goods and goods["CommodityGroupCode"] != "drugs"
    ]


def entry_named(body: Mapping[str, Any]) -> list[Problem]:
    """An added or updated entry names its subject and says why it is listed."""
    if body["ActionCode"] == "remove":
        return []
    problems = []
    member = _ENTRY_MEMBERS[body["KindCode"]]
    if member not in body:
        problems.append(Problem(f"/body/{member}", f"is required for a {body['KindCode']} entry"))
    if "ReasonText" not in body:
        problems.append(Problem("/body/ReasonText", "is required to add or update an entry"))
    return problems


def reason_when_refused(body: Mapping[str, Any]) -> list[Problem]:
    if body["StatusCode"] == "refused" and "ReasonCode" not in body:
        return [Problem("/body/ReasonCode", "is required when a message is refused")]
    return []
