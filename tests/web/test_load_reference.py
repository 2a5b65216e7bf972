"""Loading a newer reference edition from the command line."""

import gzip

import pytest
from django.core.management import CommandError, call_command

from portcontrol.core.identifiers import hs
from portcontrol.core.reference import clear_caches, data_path


@pytest.fixture
def reference_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTCONTROL_REFERENCE_DIR", str(tmp_path))
    yield tmp_path
    monkeypatch.delenv("PORTCONTROL_REFERENCE_DIR")
    clear_caches()


def test_a_newer_hs_edition_replaces_the_shipped_one(reference_dir, tmp_path, capsys):
    shipped = gzip.decompress(data_path("harmonized-system.csv.gz").read_bytes()).decode()
    # A new edition that adds one subheading under an existing heading.
    newer = shipped.rstrip("\n") + '\nXXI,970699,"Test antiques, a later edition",9706,6\n'
    source = tmp_path / "hs-next.csv"
    source.write_text(newer, encoding="utf-8")
    assert not hs.is_valid("970699")
    call_command("load_reference", "hs", str(source))
    assert "Installed hs edition" in capsys.readouterr().out
    assert hs.is_valid("970699")


def test_a_file_that_is_no_edition_is_refused(reference_dir, tmp_path):
    source = tmp_path / "garbage.csv"
    source.write_text("this,is,not\nan,hs,list\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_reference", "hs", str(source))
    assert hs.is_valid("291524")  # the shipped edition is still in force
