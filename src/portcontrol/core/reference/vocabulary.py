"""Words manifests use for modes, kinds and roles, mapped to the record vocabulary.

English, Russian and the codes of UN/EDIFACT and UN Recommendation 19 (transport modes) as
they appear in manifests of the Caspian crossings. Keys are lower case with single spaces.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from portcontrol.core.records import (
    CargoUnitKind,
    DocumentKind,
    PersonRole,
    TransportMode,
)

Choice = TypeVar("Choice")


def _table(spec: dict[Choice, str]) -> dict[str, Choice]:
    """A lookup table from ``{value: "word|word|..."}``; each value also answers to itself."""
    table: dict[str, Choice] = {}
    for value, words in spec.items():
        for word in words.split("|"):
            table[word] = value
        if isinstance(value, StrEnum):
            table[str(value)] = value
    return table


# UN Recommendation 19 codes: 1 maritime, 2 rail, 3 road.
TRANSPORT_MODES = _table(
    {
        TransportMode.SEA: "sea|maritime|1|vessel|ship|море|морской",
        TransportMode.FERRY: "ferry|ro-ro|roro|паром|паромный",
        TransportMode.RAIL: "rail|railway|2|train|ж/д|жд|железная дорога|железнодорожный",
        TransportMode.ROAD: "road|3|truck|авто|автомобильный",
    }
)
# UN/EDIFACT 8053 equipment qualifiers: CN container, TE trailer.
CARGO_UNIT_KINDS = _table(
    {
        CargoUnitKind.CONTAINER: "container|cont|ctr|cn|контейнер",
        CargoUnitKind.TRAILER: "trailer|semi-trailer|semitrailer|te|прицеп|полуприцеп",
        CargoUnitKind.TRUCK: "truck|lorry|tractor|vehicle|грузовик|тягач|автомобиль",
        CargoUnitKind.RAIL_WAGON: "rail wagon|wagon|railcar|rail car|вагон",
        CargoUnitKind.OTHER: "other",
    }
)
# PAXLST party qualifiers: FL passenger, FM crew member.
PERSON_ROLES = _table(
    {
        PersonRole.DRIVER: "driver|водитель",
        PersonRole.PASSENGER: "passenger|пассажир|fl",
        PersonRole.CREW: "crew|crew member|экипаж|член экипажа|fm",
    }
)
# UN/EDIFACT 1001 document codes: 705 bill of lading, 714 house bill of lading, 720 rail
# consignment note, 730 road consignment note.
DOCUMENT_KINDS = _table(
    {
        DocumentKind.MASTER_BILL: "master|mbl|mb/l|b/l|bl|bill of lading|705|коносамент",
        DocumentKind.HOUSE_BILL: "house|hbl|hb/l|house bill|714",
        DocumentKind.SEA_WAYBILL: "sea waybill|swb",
        DocumentKind.ROAD_CONSIGNMENT_NOTE: "cmr|road consignment note|730",
        DocumentKind.RAIL_WAYBILL: "rail waybill|smgs|смгс|cim|720",
        DocumentKind.OTHER: "other",
    }
)
# A document given without its kind: the usual one of the transport mode.
DOCUMENT_KIND_BY_MODE = {
    TransportMode.SEA: DocumentKind.MASTER_BILL,
    TransportMode.FERRY: DocumentKind.MASTER_BILL,
    TransportMode.RAIL: DocumentKind.RAIL_WAYBILL,
    TransportMode.ROAD: DocumentKind.ROAD_CONSIGNMENT_NOTE,
}
# UN/EDIFACT 8169 full/empty indicator: 4 empty, 5 full.
EMPTY_WORDS = _table(
    {
        True: "true|yes|y|1|empty|e|4|да|порожний|пустой",
        False: "false|no|n|0|full|f|5|нет|груженый|гружёный",
    }
)
GENDERS = _table(
    {
        "M": "m|male|м|муж|мужской",
        "F": "f|female|ж|жен|женский",
        "U": "u|unknown",
        "X": "x",
    }
)
