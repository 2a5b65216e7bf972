"""End to end through the real core readers and validation: CSV in, records out."""

from __future__ import annotations

import pytest

from portcontrol.cargo.actions import ingest_file, resubmit_quarantine_item
from portcontrol.cargo.models import Consignment, Import, QuarantineItem, TransportDocument, Voyage

from .conftest import make_manifest

formats = pytest.importorskip("portcontrol.core.formats")
pytestmark = pytest.mark.django_db


def _csv(**kwargs) -> bytes:  # type: ignore[no-untyped-def]
    return formats.write_csv(make_manifest(**kwargs))


def test_csv_with_a_bad_hs_code_keeps_its_neighbours(analyst):
    data = _csv(documents={"KZ-BL-1": [("870323", "Cars")], "KZ-BL-2": [("999999", "Bad")]})
    import_run = ingest_file(
        unit=analyst.unit, data=data, name="ferry.csv", by=analyst, source="web"
    )
    assert import_run.status == "done" and import_run.format == "csv"
    assert Consignment.objects.get().description == "Cars"
    item = QuarantineItem.objects.get()
    assert item.line == 3
    assert item.reasons[0]["code"] == "hs.invalid"


def test_quarantined_item_corrected_through_the_core_builder(analyst):
    data = _csv(documents={"KZ-BL-1": [("870323", "Cars")], "KZ-BL-2": [("999999", "Bad")]})
    ingest_file(unit=analyst.unit, data=data, name="ferry.csv", by=analyst, source="web")
    item = QuarantineItem.objects.get()
    still_bad = resubmit_quarantine_item(item, {**item.fields, "hs_code": "999999"}, by=analyst)
    assert not still_bad and item.is_open
    assert resubmit_quarantine_item(item, {**item.fields, "hs_code": "401110"}, by=analyst)
    stored = Consignment.objects.get(hs_code="401110")
    assert stored.document.number == "KZ-BL-2"
    assert stored.document.voyage == Voyage.objects.get()
    assert TransportDocument.objects.filter(number="KZ-BL-2").count() == 1


def test_amended_csv_makes_a_new_version(analyst):
    first = _csv(documents={"KZ-BL-1": [("870323", "Cars")]})
    second = _csv(documents={"KZ-BL-1": [("870323", "Cars"), ("401110", "Tyres")]})
    for data in (first, second, first + b""):
        ingest_file(unit=analyst.unit, data=data, name="ferry.csv", by=analyst, source="cli")
    assert Import.objects.count() == 2
    assert list(
        TransportDocument.objects.order_by("version").values_list("version", "is_current")
    ) == [(1, False), (2, True)]


def test_garbage_is_refused_with_a_clear_message_and_nothing_written(analyst):
    import_run = ingest_file(
        unit=analyst.unit,
        data=b"\x00\x01PK\x03\x04 not a manifest",
        name="manifest.csv",
        by=analyst,
        source="web",
    )
    assert import_run.status == "failed"
    assert import_run.error
    assert Voyage.objects.count() == 0 and QuarantineItem.objects.count() == 0
