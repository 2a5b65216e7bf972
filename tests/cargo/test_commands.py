"""The ``ingest`` and ``issue_token`` commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portcontrol.accounts.models import ApiToken
from portcontrol.cargo.models import Import
from portcontrol.core.errors import Place, ReadError

from .conftest import make_manifest

pytestmark = pytest.mark.django_db


def _ingest(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingest_prints_format_counts_rejected_and_warnings(tmp_path, reader, analyst):
    path = tmp_path / "ferry.csv"
    path.write_bytes(reader.register(b"ferry file", make_manifest(rejected=1)))
    out, _ = _ingest(str(path), "--unit", "KZKUR", "--user", "analyst", "-v", "2")
    assert "ferry.csv: csv" in out
    assert "1 voyages, 1 documents, 1 consignments, 1 cargo units, 2 parties, 1 persons" in out
    assert "consignment at line 100, column cargo_unit_id: MSKU1234560: wrong check digit" in out
    assert "warnings: 2" in out
    assert "Byte-order mark removed" in out
    assert Import.objects.get().requested_by == analyst


def test_ingest_twice_says_already_imported(tmp_path, reader, make_unit):
    make_unit("KZKUR")
    path = tmp_path / "ferry.csv"
    path.write_bytes(reader.register(b"ferry file", make_manifest()))
    _ingest(str(path), "--unit", "KZKUR")
    out, _ = _ingest(str(path), "--unit", "KZKUR")
    assert "already imported" in out
    assert Import.objects.count() == 1


def test_refused_file_exits_with_status_1(tmp_path, reader, make_unit):
    make_unit("KZKUR")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.edi"
    good.write_bytes(reader.register(b"good", make_manifest()))
    bad.write_bytes(reader.register(b"bad", ReadError("UNZ missing", Place(segment=12))))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "ingest", str(good), str(bad), "--unit", "KZKUR", stdout=io.StringIO(), stderr=err
        )
    assert exit_info.value.code == 1
    assert "bad.edi: refused: segment 12: UNZ missing" in err.getvalue()
    assert Import.objects.filter(status="done").count() == 1


def test_unknown_unit_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="no unit"):
        _ingest(str(tmp_path / "x.csv"), "--unit", "XXNOPE")


def test_issue_token_prints_a_working_token_once(analyst):
    out = io.StringIO()
    call_command(
        "issue_token",
        "--user",
        "analyst",
        "--name",
        "port community system",
        stdout=out,
        stderr=io.StringIO(),
    )
    raw = out.getvalue().strip()
    assert raw.startswith("pc_")
    found = ApiToken.find(raw)
    assert found is not None and found.user == analyst
    assert raw not in {token.key_hash for token in ApiToken.objects.all()}
