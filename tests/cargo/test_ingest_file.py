"""The ingestion action: raw file first, records in one transaction, repeats change nothing."""

from __future__ import annotations

import pytest

from portcontrol.accounts.models import AuditEntry
from portcontrol.cargo.models import (
    CargoUnit,
    Consignment,
    Import,
    ImportFile,
    ImportIssue,
    Party,
    Person,
    QuarantineItem,
    TransportDocument,
    Voyage,
)
from portcontrol.core.errors import Place, ReadError

from .conftest import make_manifest

pytestmark = pytest.mark.django_db

ROWS = (
    Voyage,
    TransportDocument,
    Consignment,
    CargoUnit,
    Party,
    Person,
    QuarantineItem,
    ImportIssue,
)


def _snapshot() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ROWS}


def test_raw_file_is_kept_with_hash_size_and_uploader(ingest, analyst, media_root):
    import_run = ingest(make_manifest(), data=b"raw bytes of a manifest")
    file = import_run.file
    assert file.size == len(b"raw bytes of a manifest")
    assert file.uploaded_by == analyst
    assert file.path.read_bytes() == b"raw bytes of a manifest"
    assert str(file.path).startswith(str(media_root / "imports" / file.sha256[:2]))


def test_records_are_stored_with_counts_and_warnings(voyage_data):
    import_run = voyage_data
    assert import_run.status == "done"
    assert import_run.format == "csv"
    assert import_run.counts["consignments"] == 1
    assert import_run.counts["rejected"] == 1
    voyage = Voyage.objects.get()
    assert (voyage.vessel_name, voyage.imo, voyage.route) == ("Barys", "9700196", "KZKUR → AZALA")
    container = CargoUnit.objects.get()
    assert container.seals == ["SEAL1"]
    assert container.vehicle_plate == "123ABC07"
    assert container.issues[0]["code"] == "seal.short"
    assert list(Consignment.objects.get().cargo_units.all()) == [container]
    assert Party.objects.get(role="shipper").name_search == "too kaspiy trans"
    assert ImportIssue.objects.filter(import_run=import_run, code="file.bom").exists()
    assert import_run.warning_count == 2  # the file's and the container's


def test_rejected_item_is_kept_in_quarantine_with_place_and_reason(voyage_data):
    item = QuarantineItem.objects.get()
    assert item.import_run == voyage_data
    assert item.line == 100
    assert "column cargo_unit_id" in item.place
    assert item.reasons[0]["code"] == "container.check_digit"
    assert item.fields["cargo_unit_id"] == "MSKU1234560"


def test_same_bytes_twice_change_nothing(ingest, reader):
    first = ingest(make_manifest(), data=b"same bytes")
    before = _snapshot()
    second = ingest(make_manifest(), data=b"same bytes")
    assert second.pk == first.pk
    assert second.repeated
    assert _snapshot() == before
    assert reader.calls == 1
    assert Import.objects.count() == 1
    assert AuditEntry.objects.filter(action="cargo.import.repeated").count() == 1


def test_same_content_in_other_bytes_leaves_documents_unchanged(ingest):
    ingest(make_manifest(), data=b"first file")
    second = ingest(make_manifest(), data=b"second file, same records")
    assert second.counts["stored"]["documents_unchanged"] == 1
    assert TransportDocument.objects.count() == 1
    assert Consignment.objects.count() == 1
    assert Person.objects.count() == 1


def test_amended_manifest_makes_a_new_version_and_keeps_the_old(ingest):
    ingest(make_manifest(documents={"KZ-BL-1": [("870323", "Cars")]}), data=b"v1")
    amended = ingest(
        make_manifest(documents={"KZ-BL-1": [("870323", "Cars"), ("401110", "Tyres")]}),
        data=b"v2",
    )
    old, new = TransportDocument.objects.order_by("version")
    assert (old.version, old.is_current, old.replaced_by) == (1, False, new)
    assert (new.version, new.is_current, new.import_run) == (2, True, amended)
    assert old.consignments.count() == 1
    assert new.consignments.count() == 2
    assert amended.counts["stored"]["documents_amended"] == 1
    assert CargoUnit.objects.count() == 1  # the container is the same container


def test_unreadable_file_fails_and_writes_no_record(ingest):
    import_run = ingest(
        ReadError("truncated UNB segment", Place(line=1, segment=1)), data=b"UNA:+.? 'UNB+UNOC"
    )
    assert import_run.status == "failed"
    assert "truncated UNB segment" in import_run.error
    assert ImportFile.objects.count() == 1  # the raw file is kept all the same
    assert _snapshot() == dict.fromkeys(_snapshot(), 0)
    assert AuditEntry.objects.filter(action="cargo.import.failed").exists()


def test_failure_while_storing_leaves_nothing_half_written(ingest, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("portcontrol.cargo.actions.ImportIssue.objects.bulk_create", broken)
    import_run = ingest(make_manifest(), data=b"breaks while storing")
    assert import_run.status == "failed"
    assert _snapshot() == dict.fromkeys(_snapshot(), 0)


def test_every_import_is_audited(voyage_data, analyst):
    actions = set(AuditEntry.objects.filter(actor=analyst).values_list("action", flat=True))
    assert {"cargo.import.received", "cargo.import.done"} <= actions


def test_each_unit_keeps_its_own_records(ingest, outsider, reader):
    from portcontrol.cargo.actions import ingest_file

    ingest(make_manifest(), data=b"shared file")
    theirs = ingest_file(
        unit=outsider.unit, data=b"shared file", name="m.csv", by=outsider, source="web"
    )
    assert not theirs.repeated
    assert Voyage.objects.filter(unit=outsider.unit).count() == 1
    assert Voyage.objects.count() == 2


def test_background_import_runs_in_the_worker_and_reports_progress(ingest):
    import_run = ingest(make_manifest(), data=b"large file", background=True)
    import_run.refresh_from_db()
    assert import_run.status == "done"
    assert (import_run.progress_done, import_run.progress_total) == (3, 3)
    assert import_run.percent == 100
    assert Consignment.objects.count() == 1
