"""Readers report how many items they have read to whoever listens."""

from portcontrol.core.formats import read_manifest
from portcontrol.core.progress import listening

HEADER = "voyage_number,document_number,item_number,hs_code,goods_description\n"


def csv_of(lines: int) -> bytes:
    rows = [f"KUR-1,KZB-{n // 3},{n % 3 + 1},100199,Wheat\n" for n in range(lines)]
    return (HEADER + "".join(rows)).encode()


def test_every_thousand_items_are_reported_while_a_csv_is_read():
    seen: list[int] = []
    with listening(seen.append, every=1000):
        manifest = read_manifest(csv_of(4500), name="big.csv")
    assert len(manifest.consignments) == 4500
    assert seen == [1000, 2000, 3000, 4000]


def test_nobody_listening_costs_nothing_and_breaks_nothing():
    manifest = read_manifest(csv_of(10), name="small.csv")
    assert len(manifest.consignments) == 10
