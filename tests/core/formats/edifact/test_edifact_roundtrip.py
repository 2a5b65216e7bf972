"""Writers: a written file reads back to the same records; character sets; refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iso6346

from portcontrol.core.formats.edifact import (
    WriteError,
    read_baplie,
    read_cuscar,
    read_paxlst,
    write_baplie,
    write_cuscar,
    write_paxlst,
)
from portcontrol.core.records import (
    CargoUnit,
    CargoUnitKind,
    Consignment,
    DocumentKind,
    Manifest,
    Party,
    PartyRole,
    Person,
    PersonRole,
    TransportDocument,
    TransportMode,
    Voyage,
)

LOCODES = ("KZKUR", "KZAAU", "AZALA", "AZBAK", "TMKRW")
HS_CODES = ("291524", "293941", "284161", "870323", "240220")
COUNTRIES = ("KZ", "AZ", "RU", "TM", "KG")
IMOS = ("9321483", "9074729")
# Letters of both scripts and every service character, so that escaping is exercised.
NAME_CHARS = "ABCXYZÄÖÜАБВЖЩЯЁабвжщяё0123456789+:'?.&-/"


def words(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text as the validation keeps it: no blank ends, single spaces."""
    return (
        st.lists(st.text(NAME_CHARS, min_size=1, max_size=10), min_size=1, max_size=4)
        .map(" ".join)
        .filter(lambda text: len(text) <= max_size)
    )


def codes() -> st.SearchStrategy[str]:
    return st.text("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=4, max_size=10)


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(
    lambda moment: moment.replace(second=0, microsecond=0, fold=0, tzinfo=UTC)
)
amounts = st.decimals(
    min_value=Decimal("0.001"),
    max_value=Decimal("999999"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
).map(lambda d: d.normalize() + 0)


def container_number(serial: int) -> str:
    body = f"TGHU{serial:06d}"
    return body + iso6346.calc_check_digit(body)


@st.composite
def voyages(draw: Any, number: str) -> Voyage:
    mode = draw(st.sampled_from(list(TransportMode)))
    return Voyage(
        number,
        mode,
        draw(st.none() | words()),
        draw(st.none() | st.sampled_from(IMOS)),
        draw(st.none() | words()),
        draw(st.none() | st.sampled_from(LOCODES)),
        draw(st.none() | st.sampled_from(LOCODES)),
        draw(st.lists(st.sampled_from(LOCODES), max_size=2, unique=True)),
        draw(st.none() | moments),
        draw(st.none() | moments),
    )


def document_kinds(mode: TransportMode) -> list[DocumentKind]:
    # One waybill code (AAM) serves sea and rail: the conveyance decides which it is.
    waybill = DocumentKind.RAIL_WAYBILL if mode == TransportMode.RAIL else DocumentKind.SEA_WAYBILL
    return [
        DocumentKind.MASTER_BILL,
        DocumentKind.HOUSE_BILL,
        waybill,
        DocumentKind.ROAD_CONSIGNMENT_NOTE,
        DocumentKind.OTHER,
    ]


@st.composite
def cargo_manifests(draw: Any) -> Manifest:
    manifest = Manifest(format="cuscar")
    serials = iter(draw(st.lists(st.integers(0, 999_999), min_size=12, max_size=12, unique=True)))
    document_counter = 0
    for voyage_index in range(draw(st.integers(1, 2))):
        voyage = draw(voyages(f"KK{voyage_index + 1:03d}"))
        manifest.voyages.append(voyage)
        pool: list[CargoUnit] = []
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from([CargoUnitKind.CONTAINER, CargoUnitKind.TRAILER]))
            identifier = (
                container_number(next(serials))
                if kind == CargoUnitKind.CONTAINER
                else draw(codes())
            )
            if any(unit.identifier == identifier for unit in pool):
                continue
            pool.append(
                CargoUnit(
                    identifier,
                    voyage.number,
                    kind,
                    draw(st.none() | st.sampled_from(["22G1", "45G1"])),
                    draw(st.lists(codes(), max_size=2, unique=True)),
                    draw(st.none() | codes()) if kind == CargoUnitKind.TRAILER else None,
                    draw(st.booleans()),
                    draw(st.none() | amounts),
                )
            )
        manifest.cargo_units.extend(pool)
        for _ in range(draw(st.integers(0, 3))):
            document_counter += 1
            number = f"BL{document_counter:04d}"
            manifest.documents.append(
                TransportDocument(
                    number,
                    voyage.number,
                    draw(st.sampled_from(document_kinds(voyage.transport_mode))),
                    draw(st.none() | st.sampled_from(LOCODES)),
                    draw(st.none() | st.sampled_from(LOCODES)),
                )
            )
            for role in draw(st.lists(st.sampled_from(list(PartyRole)[:3]), unique=True)):
                manifest.parties.append(
                    Party(
                        role,
                        draw(words()),
                        number,
                        draw(st.none() | words()),
                        draw(st.none() | st.sampled_from(COUNTRIES)),
                    )
                )
            for item in range(1, draw(st.integers(1, 3)) + 1):
                linked = (
                    draw(
                        st.lists(
                            st.sampled_from(pool), unique_by=lambda u: u.identifier, max_size=2
                        )
                    )
                    if pool
                    else []
                )
                manifest.consignments.append(
                    Consignment(
                        number,
                        item,
                        draw(st.none() | st.sampled_from(HS_CODES)),
                        draw(words()),
                        draw(st.none() | st.integers(1, 9999)),
                        draw(st.none() | st.sampled_from(["CT", "PK", "DR"])),
                        draw(st.none() | amounts),
                        None,
                        draw(st.none() | amounts),
                        draw(st.sampled_from(["USD", "EUR"])),
                        draw(st.none() | st.sampled_from(COUNTRIES)),
                        [unit.identifier for unit in linked],
                    )
                )
    return manifest


@st.composite
def people_manifests(draw: Any) -> Manifest:
    manifest = Manifest(format="paxlst")
    for voyage_index in range(draw(st.integers(1, 2))):
        voyage = draw(voyages(f"PX{voyage_index + 1:03d}"))
        manifest.voyages.append(voyage)
        for _ in range(draw(st.integers(0, 5))):
            role = draw(st.sampled_from(list(PersonRole)))
            manifest.persons.append(
                Person(
                    voyage.number,
                    role,
                    draw(words()),
                    draw(st.just("") | words()),
                    draw(st.none() | st.dates(date(1930, 1, 1), date(2020, 12, 31))),
                    draw(st.none() | st.sampled_from(COUNTRIES)),
                    draw(st.none() | st.sampled_from(["M", "F"])),
                    draw(st.none() | st.sampled_from(["P", "I"])),
                    draw(st.none() | codes()),
                    draw(codes()) if role == PersonRole.DRIVER else None,
                )
            )
    return manifest


def records(manifest: Manifest) -> dict[str, list[tuple[Any, ...]]]:
    """Every record's fields without places and warnings, in a stable order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for kind in ("voyages", "documents", "consignments", "cargo_units", "parties", "persons"):
        rows = [
            tuple(
                repr(getattr(record, name))
                for name in record.__slots__
                if name not in ("place", "issues")
            )
            for record in getattr(manifest, kind)
        ]
        found[kind] = sorted(rows)
    return found


ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(cargo_manifests(), st.sampled_from(["UNOW", "UNOY"]))
def test_cuscar_round_trip(manifest: Manifest, charset: str) -> None:
    back = read_cuscar(write_cuscar(manifest, charset=charset))
    assert back.rejected == []
    assert records(back) == records(manifest)


@ROUND_TRIP
@given(people_manifests())
def test_paxlst_round_trip(manifest: Manifest) -> None:
    back = read_paxlst(write_paxlst(manifest))
    assert back.rejected == []
    assert records(back) == records(manifest)


def _bay_plan() -> Manifest:
    voyage = Voyage("KK9", TransportMode.FERRY, "BERIK", "9321483", None, "KZKUR", "AZALA")
    units = [
        CargoUnit(
            "MSCU1234566",
            "KK9",
            CargoUnitKind.CONTAINER,
            "22G1",
            ["S1"],
            None,
            False,
            Decimal("23500"),
            "0020282",
            "KZKUR",
            "AZALA",
        ),
        CargoUnit(
            "KZ123ABC",
            "KK9",
            CargoUnitKind.TRAILER,
            None,
            [],
            "777AAA01",
            True,
            None,
            "0340002",
            "KZKUR",
            "AZBAK",
        ),
    ]
    return Manifest(format="baplie", voyages=[voyage], cargo_units=units)


def test_baplie_round_trip() -> None:
    manifest = _bay_plan()
    assert records(read_baplie(write_baplie(manifest))) == records(manifest)


def test_written_counts_and_references_are_correct() -> None:
    data = write_paxlst(
        Manifest(
            format="paxlst",
            voyages=[Voyage("V1")],
            persons=[Person("V1", PersonRole.CREW, "A"), Person("V1", PersonRole.PASSENGER, "B")],
        ),
        reference="R1",
    )
    text = data.decode("utf-8")
    assert "UNZ+2+R1'" in text and "CNT+41:1'" in text and "CNT+42:1'" in text
    assert read_paxlst(data).issues == []


def test_cyrillic_written_in_unoe_reads_back_without_warning() -> None:
    manifest = Manifest(
        format="paxlst",
        voyages=[Voyage("V1")],
        persons=[Person("V1", PersonRole.PASSENGER, "ЖУКОВА", "ЁЛКА")],
    )
    data = write_paxlst(manifest, charset="UNOE")
    assert "ЖУКОВА".encode("iso8859-5") in data and b"UNB+UNOE:3" in data
    back = read_paxlst(data)
    assert back.issues == [] and back.persons[0].given_names == "ЁЛКА"


def test_latin1_names_write_in_unoc() -> None:
    manifest = Manifest(
        format="paxlst",
        voyages=[Voyage("V1")],
        persons=[Person("V1", PersonRole.PASSENGER, "MÜLLER")],
    )
    back = read_paxlst(write_paxlst(manifest, charset="UNOC"))
    assert back.persons[0].family_name == "MÜLLER" and back.issues == []


def test_characters_the_set_cannot_carry_are_refused() -> None:
    manifest = Manifest(
        format="paxlst",
        voyages=[Voyage("V1")],
        persons=[Person("V1", PersonRole.PASSENGER, "ИВАНОВ")],
    )
    with pytest.raises(WriteError) as error:
        write_paxlst(manifest, charset="UNOC")
    assert "'И'" in str(error.value) and "UNOC" in str(error.value)


def test_unknown_charset_is_refused() -> None:
    with pytest.raises(WriteError):
        write_cuscar(Manifest(format="cuscar"), charset="KECA")


def test_same_manifest_same_bytes() -> None:
    assert write_baplie(_bay_plan()) == write_baplie(_bay_plan())
