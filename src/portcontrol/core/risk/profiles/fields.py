"""The fields a profile can name: every column of the consignment frame, plus the route.

Each field has a kind that decides which operators and values fit it, and plain-word aliases
(``shipper name`` for ``shipper_name``, ``hs`` for ``hs_code``) so that criteria read as an
analyst would say them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NUMBER = "number"
    DATE = "date"  # date and time columns, compared by their day (UTC)
    TEXT = "text"  # free text: names, descriptions, numbers of documents
    CODE = "code"  # a code from a short list (ports, countries, kinds): compared in its case
    HS = "hs"  # HS code: every entry is a prefix, "2915" covers all of heading 29.15
    LIST = "list"  # several codes per line: any one of them may match


@dataclass(frozen=True, slots=True)
class Field:
    """One name of the language and the column (or columns) it reads."""

    name: str
    kind: Kind
    label: str  # in plain words, for the documentation and the form
    aliases: tuple[str, ...] = ()
    case: str | None = None  # "upper" or "lower": how literals of this code are written


ROUTE_PORTS = ("departure_port", "loading_port", "transit_ports", "discharge_port", "arrival_port")

_U, _L = "upper", "lower"
FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        Field("line_id", Kind.NUMBER, "position of the line in the assessed batch", ("line",)),
        Field("voyage_number", Kind.TEXT, "voyage number", ("voyage",)),
        Field("transport_mode", Kind.CODE, "ferry, sea, road or rail", ("mode",), _L),
        Field("vessel_name", Kind.TEXT, "name of the vessel", ("vessel",)),
        Field("vessel_imo", Kind.CODE, "IMO number of the vessel", ("imo",), _U),
        Field("departure_port", Kind.CODE, "port of departure (UN/LOCODE)", ("departure",), _U),
        Field("arrival_port", Kind.CODE, "port of arrival (UN/LOCODE)", ("arrival",), _U),
        Field(
            "transit_ports",
            Kind.LIST,
            "ports called between departure and arrival",
            ("transit",),
            _U,
        ),
        Field("departure_country", Kind.CODE, "country of the port of departure", (), _U),
        Field("arrival_country", Kind.CODE, "country of the port of arrival", (), _U),
        Field("departure_time", Kind.DATE, "day of departure", ("departure date",)),
        Field("arrival_time", Kind.DATE, "day of arrival", ("arrival date",)),
        Field("document_number", Kind.TEXT, "number of the transport document", ("document",)),
        Field("document_kind", Kind.CODE, "bill of lading, CMR, rail waybill...", (), _L),
        Field(
            "loading_port", Kind.CODE, "port of loading on the document", ("port of loading",), _U
        ),
        Field(
            "discharge_port",
            Kind.CODE,
            "port of discharge on the document",
            ("port of discharge",),
            _U,
        ),
        Field(
            "shipper_name",
            Kind.TEXT,
            "name of the shipper (consignor)",
            ("shipper", "consignor", "consignor name"),
        ),
        Field("shipper_country", Kind.CODE, "country of the shipper", (), _U),
        Field("shipper_tax_id", Kind.TEXT, "tax number of the shipper"),
        Field("consignee_name", Kind.TEXT, "name of the consignee", ("consignee",)),
        Field("consignee_country", Kind.CODE, "country of the consignee", (), _U),
        Field("consignee_tax_id", Kind.TEXT, "tax number of the consignee"),
        Field("notify_name", Kind.TEXT, "name of the notify party", ("notify party",)),
        Field("item_number", Kind.NUMBER, "number of the goods item on its document", ("item",)),
        Field(
            "hs_code",
            Kind.HS,
            "HS (commodity) code, any number of digits",
            ("hs", "commodity code", "tariff code"),
        ),
        Field("description", Kind.TEXT, "description of the goods", ("goods", "goods description")),
        Field("packages", Kind.NUMBER, "number of packages", ("number of packages",)),
        Field("package_type", Kind.CODE, "UN/ECE package type code (CT, DR, PK...)", (), _U),
        Field("gross_weight_kg", Kind.NUMBER, "gross weight in kg", ("weight", "gross weight")),
        Field("net_weight_kg", Kind.NUMBER, "net weight in kg", ("net weight",)),
        Field("value", Kind.NUMBER, "declared value", ("declared value",)),
        Field("currency", Kind.CODE, "currency of the value (ISO 4217)", (), _U),
        Field(
            "origin_country",
            Kind.CODE,
            "country of origin of the goods",
            ("origin", "country of origin"),
            _U,
        ),
        Field(
            "value_per_kg", Kind.NUMBER, "declared value per kg of gross weight", ("value per kg",)
        ),
        Field(
            "cargo_unit_ids",
            Kind.LIST,
            "container numbers, trailer or wagon plates",
            ("cargo units",),
            _U,
        ),
        Field(
            "cargo_unit_kind",
            Kind.CODE,
            "container, trailer, truck, rail_wagon...",
            ("cargo unit type", "unit kind"),
            _L,
        ),
        Field(
            "size_type",
            Kind.CODE,
            "ISO 6346 size and type code of the first cargo unit",
            ("container type",),
            _U,
        ),
        Field(
            "cargo_unit_gross_weight_kg",
            Kind.NUMBER,
            "declared gross weight of the first cargo unit",
            ("cargo unit weight",),
        ),
        Field(
            "issue_codes",
            Kind.LIST,
            "codes of the warnings on the line and its cargo units",
            ("issues",),
        ),
        Field(
            "route",
            Kind.LIST,
            "every port of the route: departure, loading, transit, discharge and arrival",
            (),
            _U,
        ),
        Field(
            "weight_per_package",
            Kind.NUMBER,
            "gross weight in kg divided by the number of packages",
            ("kg per package",),
        ),
        Field("route_country", Kind.LIST, "the countries of those ports", (), _U),
    )
}

VIRTUAL_FIELDS = ("route", "route_country", "weight_per_package")

# Every spelling of every field, as a tuple of lower-case words, longest first.
SPELLINGS: dict[tuple[str, ...], str] = {}
for _field in FIELDS.values():
    for _spelling in (_field.name, _field.name.replace("_", " "), *_field.aliases):
        SPELLINGS.setdefault(tuple(_spelling.split()), _field.name)


def literal(field: Field, value: object) -> object:
    """A literal as the column writes it: codes in their case, HS codes as digits only."""
    if not isinstance(value, str):
        return value
    if field.kind is Kind.HS:
        return "".join(value.split()).replace(".", "")
    if field.case == "upper":
        return value.upper()
    if field.case == "lower":
        return value.lower()
    return value
