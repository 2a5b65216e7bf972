"""Every code the core emits has words on the pages; pages show them in the chosen language."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from portcontrol.accounts.labels import ACTION_LABELS, action_label
from portcontrol.cargo import labels
from portcontrol.cargo.actions import ingest_file
from portcontrol.cargo.models import QuarantineItem
from portcontrol.core import manifest as canonical
from portcontrol.core.errors import Issue, Place, ReadError
from portcontrol.core.manifest import ManifestBuilder

from .conftest import make_manifest

formats = pytest.importorskip("portcontrol.core.formats")

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "src" / "portcontrol" / "core"
PORTCONTROL = ROOT / "src" / "portcontrol"
EDIFACT_SAMPLES = ROOT / "tests" / "core" / "formats" / "edifact" / "samples"

CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
FIELD_SUFFIX = re.compile(r"^\.[a-z_]+$")
CODE_SHAPE = re.compile(r"(?:[a-z_]|\{\})+\.(?:[a-z_]|\{\})+")
# String constants shaped like codes that are file names inside archives and scenarios.
FILE_NAME = re.compile(r"\.(?:csv|json|edi|xml|rels|xlsx|txt)$")
NUMBER_CHECKERS = {"check_decimal", "check_count"}
TIME_CHECKERS = {"check_datetime", "check_date"}
ALL_FIELDS = set(
    canonical.CONSIGNMENT_ROW_FIELDS
    + canonical.PERSON_FIELDS
    + canonical.CARGO_UNIT_ROW_FIELDS
    + canonical.VOYAGE_FIELDS
)


def core_trees() -> Iterator[tuple[Path, ast.AST]]:
    """The parsed sources of the core."""
    for path in sorted(CORE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(node: ast.AST) -> str:
    """The name a checker is referred to by (``check_count`` or ``v.check_count``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _strings(nodes: list[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


# --- which codes the core can emit -------------------------------------------------------------


def test_every_code_literal_in_the_core_has_a_label():
    literals = {
        node.value
        for _path, tree in core_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.match(node.value)
        and not FILE_NAME.search(node.value)
    }
    # The scan must see the codes it is about, or a move of the core would make it pass empty.
    assert {"container.check_digit", "hs.invalid", "locode.unknown", "edifact.truncated"} <= (
        literals
    )
    missing = sorted(code for code in literals if not labels.has_issue_label(code))
    assert missing == []


def test_every_field_suffix_the_validation_completes_has_a_label():
    # core.validation makes the problems whose code a field name completes (".negative").
    tree = ast.parse((CORE / "validation.py").read_text(encoding="utf-8"))
    suffixes = {
        node.value[1:]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and FIELD_SUFFIX.match(node.value)
    }
    assert {"invalid", "negative"} <= suffixes
    assert suffixes <= set(labels.SUFFIX_LABELS)


def test_every_field_a_checker_serves_has_its_own_explanation():
    """``_value(check_decimal, ..., "packages", ...)`` reports "packages.invalid"/".negative"."""
    expected: set[str] = set()
    for _path, tree in core_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                parts = [node.func, *node.args]
            elif isinstance(node, ast.Tuple):
                parts = list(node.elts)
            else:
                continue
            checkers = {_name(part) for part in parts}
            fields = [s for s in _strings(parts) if s in ALL_FIELDS]
            if _name(node.func if isinstance(node, ast.Call) else node) == "_choice":
                expected |= {f"{field}.unknown" for field in fields}
            if checkers & NUMBER_CHECKERS:
                expected |= {f"{field}.{s}" for field in fields for s in ("invalid", "negative")}
            if checkers & TIME_CHECKERS:
                expected |= {f"{field}.invalid" for field in fields}
    assert {"packages.negative", "date_of_birth.invalid", "transport_mode.unknown"} <= expected
    assert sorted(expected - set(labels.FIELD_ISSUE_LABELS)) == []


def test_every_f_string_code_pattern_matches_a_label():
    """Codes made by f-strings (``f"hs.{kind}_zero"``, ``f"{name}.unknown"``) are labelled."""
    patterns = []
    for _path, tree in core_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            shape = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            # Only strings shaped like a code: "<word>.<word>" with a placeholder in it.
            if "{}" in shape and CODE_SHAPE.fullmatch(shape) and not FILE_NAME.search(shape):
                patterns.append(re.escape(shape).replace(r"\{\}", "[a-z0-9_]+"))
    assert "hs\\.[a-z0-9_]+_zero" in patterns
    known = set(labels.ISSUE_LABELS) | set(labels.FIELD_ISSUE_LABELS)
    unmatched = [p for p in patterns if not any(re.fullmatch(p, code) for code in known)]
    assert unmatched == []


def consignment_row(**changes: str) -> dict[str, str]:
    """A valid ferry goods row, Kuryk to Alyat, with the given fields changed."""
    row = {
        "voyage_number": "KUR-0501",
        "transport_mode": "ferry",
        "vessel_name": "Barys",
        "vessel_imo": "IMO 9074729",
        "departure_port": "KZKUR",
        "arrival_port": "AZALA",
        "departure_time": "2024-05-01 18:00",
        "arrival_time": "2024-05-02 14:00",
        "document_number": "KURALA-001",
        "document_type": "B/L",
        "shipper_name": "ТОО Каспий Логистик",
        "shipper_country": "KZ",
        "consignee_name": "Alyat Trade LLC",
        "consignee_country": "AZ",
        "item_number": "1",
        "hs_code": "2915.24",
        "goods_description": "acetic anhydride",
        "packages": "10",
        "gross_weight_kg": "1234.5",
        "net_weight_kg": "1200",
        "value": "5000",
        "currency": "USD",
        "origin_country": "KZ",
        "cargo_unit_id": "CSQU3054383",
        "cargo_unit_type": "container",
        "seals": "KZ1001",
    }
    row.update(changes)
    return row


# One change per row, each provoking (at least) one code of the validation.
CONSIGNMENT_MUTATIONS: list[dict[str, str]] = [
    {"voyage_number": ""},
    {"document_number": ""},
    {"hs_code": "999999"},
    {"hs_code": "12345678901"},
    {"hs_code": "10121"},
    {"hs_code": "7777"},
    {"hs_code": "ab12"},
    {"packages": "-3"},
    {"packages": "many"},
    {"gross_weight_kg": "heavy"},
    {"net_weight_kg": "-1"},
    {"net_weight_kg": "2000", "gross_weight_kg": "1000"},
    {"value": "a lot"},
    {"item_number": "first"},
    {"cargo_unit_gross_weight_kg": "-5"},
    {"currency": "XXZ"},
    {"origin_country": "Atlantis"},
    {"cargo_unit_id": "CSQU3054380"},
    {"cargo_unit_id": "ABC"},
    {"cargo_unit_id": "СSQU3054383"},
    {"cargo_unit_id": "CSQU3O54383"},
    {"cargo_unit_id": "CSQU3054383; MSKU1234565", "seals": "A1"},
    {"vessel_imo": "IMO 9074720"},
    {"vessel_imo": "boat"},
    {"departure_port": "XXQQQ"},
    {"departure_time": "yesterday"},
    {"arrival_time": "2024-04-01 10:00"},
    {"transport_mode": "balloon"},
    {"document_type": "scroll"},
    {"cargo_unit_type": "crate"},
    {"is_empty": "perhaps"},
    {"shipper_tax_id": "123"},
    {"consignee_name": "", "consignee_address": "Baku"},
    {"vessel_name": "Another ship"},
]
PERSON_ROWS: list[dict[str, str]] = [
    {"voyage_number": "", "family_name": "IVANOV"},
    {"voyage_number": "KUR-0501", "family_name": ""},
    {"voyage_number": "KUR-0501", "family_name": "IVANOV", "person_role": "pilot"},
    {"voyage_number": "KUR-0501", "family_name": "IVANOV", "gender": "Q"},
    {"voyage_number": "KUR-0501", "family_name": "IVANOV", "date_of_birth": "32.13.1990"},
    {"voyage_number": "KUR-0501", "family_name": "IVANOV", "nationality": "ZZ"},
]
CARGO_UNIT_ROWS: list[dict[str, str]] = [
    {"voyage_number": "", "cargo_unit_id": "CSQU3054383"},
    {"voyage_number": "KUR-0501", "cargo_unit_id": ""},
    {"voyage_number": "KUR-0501", "cargo_unit_id": "CSQU3054383", "loading_port": "QQXXX"},
]
BAD_FILES: list[tuple[bytes, str]] = [
    (b"", "empty.csv"),
    (b"\x00\x01\x02\x03binary\x00\x00", "blob.csv"),
    (b"{", "broken.json"),
    (b'{"Declaration": {}}', "empty.json"),
    (b"PK\x03\x04 not really a zip", "book.xlsx"),
    (b"hello;world\n1;2\n", "unknown.csv"),
    (
        b"voyage_number,document_number,hs_code,hs_code,colour\n"
        b"KUR-1,BL-1,870323,870323,red,extra\n",
        "layout.csv",
    ),
    ("voyage_number,document_number,hs_code\nKUR-1,BL-1,870323\n".encode("cp1251"), "a.json"),
    (
        "voyage_number,document_number,goods_description\nKUR-1,BL-1,Шины\n".encode("cp1251"),
        "b.csv",
    ),
]


def corpus_codes() -> set[str]:
    """The codes of every warning, reason and read error the corpus provokes."""
    builder = ManifestBuilder("csv")
    line = 2
    for changes in [{}, *CONSIGNMENT_MUTATIONS, {}]:
        builder.add_consignment_row(consignment_row(**changes), Place(line=line))
        line += 1
    for fields in PERSON_ROWS:
        builder.add_person_row(fields, Place(line=line))
        line += 1
    for fields in CARGO_UNIT_ROWS:
        builder.add_cargo_unit_row(fields, Place(line=line))
        line += 1
    builder.add_voyage({"voyage_number": ""}, Place(line=line))
    built = builder.build()
    codes = codes_of(built.warnings(), [r for item in built.rejected for r in item.reasons])
    files = [(path.read_bytes(), path.name) for path in sorted(EDIFACT_SAMPLES.glob("*.edi"))]
    files += BAD_FILES
    files.append((formats.write_csv(make_manifest(containers=("MSKU1234560",))), "x.csv"))
    for data, name in files:
        try:
            read = formats.read_manifest(data, name=name)
        except ReadError as error:
            codes.add(error.code)
            continue
        codes |= codes_of(read.warnings(), [r for item in read.rejected for r in item.reasons])
    return codes


def codes_of(*groups: list[Issue]) -> set[str]:
    return {issue.code for group in groups for issue in group}


def test_every_code_the_core_emits_on_the_corpus_has_a_label():
    codes = corpus_codes()
    # The corpus must reach rejections, field codes, identifiers, layout and EDIFACT envelopes.
    assert {
        "consignment.voyage_missing",
        "hs.invalid",
        "packages.negative",
        "gross_weight_kg.invalid",
        "departure_time.invalid",
        "transport_mode.unknown",
        "container.check_digit",
        "record.conflict",
        "person.family_name_missing",
        "file.empty",
        "json.syntax",
        "edifact.truncated",
    } <= codes
    missing = sorted(code for code in codes if not labels.has_issue_label(code))
    assert missing == []


# --- the label functions ---------------------------------------------------------------------


def test_unknown_codes_and_names_fall_back_to_themselves():
    assert labels.issue_label("seal.short") == "seal.short"
    assert labels.has_issue_label("seal.short") is False
    assert labels.field_label("colour") == "colour"
    assert action_label("cargo.import.exported") == "cargo.import.exported"


def test_field_codes_name_the_field_in_the_active_language():
    with translation.override("en"):
        assert (
            labels.issue_label("gross_weight_kg.negative") == "Gross weight, kg: a negative number"
        )
        assert labels.issue_label("hs.invalid") == "HS code: not a valid code"
    with translation.override("ru"):
        assert (
            labels.issue_label("gross_weight_kg.negative") == "Вес брутто, кг: отрицательное число"
        )
        assert labels.issue_label("container.check_digit") == (
            "Номер контейнера: неверная контрольная цифра"
        )


def test_every_canonical_field_has_a_label():
    assert sorted(ALL_FIELDS - set(labels.FIELD_LABELS)) == []


def test_every_audit_action_written_has_a_label():
    actions = set()
    for path in PORTCONTROL.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "record_audit":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        actions |= {
                            n.value
                            for n in ast.walk(keyword.value)
                            if isinstance(n, ast.Constant) and isinstance(n.value, str)
                        }
            # An app's own audit helper passes the code on: its arguments that look like codes.
            if isinstance(node, ast.Call) and _name(node.func) == "_audit":
                actions |= {
                    n.value
                    for n in node.args
                    if isinstance(n, ast.Constant)
                    and isinstance(n.value, str)
                    and re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", n.value)
                }
    assert {"cargo.import.received", "cargo.quarantine.dismissed"} <= actions
    assert sorted(actions - set(ACTION_LABELS)) == []


# --- pages -----------------------------------------------------------------------------------

HS_REJECTED = {
    "ru": "Код ТН ВЭД: недопустимый код",
    "kk": "СЭҚ ТН коды: жарамсыз код",
}
CHECK_DIGIT = {
    "ru": "Номер контейнера: неверная контрольная цифра",
    "kk": "Контейнер нөмірі: бақылау цифры қате",
}
HS_FIELD = {"ru": "Код ТН ВЭД", "kk": "СЭҚ ТН коды"}
IMPORT_DONE = {"ru": "Загрузка завершена", "kk": "Жүктеу аяқталды"}


@pytest.fixture
def rejected_hs_import(analyst):
    data = formats.write_csv(
        make_manifest(
            documents={"KZ-BL-1": [("870323", "Cars")], "KZ-BL-2": [("999999", "Bad")]},
            containers=("MSKU1234560",),
        )
    )
    return ingest_file(unit=analyst.unit, data=data, name="ferry.csv", by=analyst, source="web")


def in_language(client, language: str):  # type: ignore[no-untyped-def]
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_import_report_explains_reasons_and_warnings_in_the_language(
    client_for, analyst, rejected_hs_import, language
):
    client = in_language(client_for(analyst), language)
    html = client.get(reverse("cargo:import", args=[rejected_hs_import.pk])).content.decode()
    assert f'<html lang="{language}">' in html
    # The explanation first, the core's English detail naming the value after it.
    explanation = html.index(HS_REJECTED[language])
    assert html.index("999999", explanation) > explanation
    assert "line 3" in html
    assert CHECK_DIGIT[language] in html and "MSKU1234560" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_quarantine_page_labels_fields_and_keeps_canonical_names(
    client_for, analyst, rejected_hs_import, language
):
    item = QuarantineItem.objects.get(import_run=rejected_hs_import)
    client = in_language(client_for(analyst), language)
    html = client.get(reverse("cargo:quarantine", args=[item.pk])).content.decode()
    assert HS_REJECTED[language] in html
    assert f'<label for="id_hs_code">{HS_FIELD[language]}</label>' in html
    assert 'name="hs_code"' in html
    assert ">hs_code</label>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_audit_log_shows_action_labels(client_for, analyst, rejected_hs_import, language):
    client = in_language(client_for(analyst), language)
    html = client.get(reverse("accounts:audit")).content.decode()
    assert IMPORT_DONE[language] in html
    assert "cargo.import.done" in html  # the code stays beside it, for searching


@pytest.mark.django_db
def test_upload_form_offers_the_json_format_in_the_language(client_for, analyst):
    client = in_language(client_for(analyst), "ru")
    html = client.get(reverse("cargo:upload")).content.decode()
    assert "JSON (модель данных ВТамО)" in html
    assert "JSON (WCO Data Model)" not in html
