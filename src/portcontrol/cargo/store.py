"""Writing a read manifest into rows: bulk inserts, document versions, no duplicates.

Called by the actions inside one transaction; knows nothing of files, audit or users.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models

from portcontrol.cargo.models import (
    CargoUnit,
    Consignment,
    ConsignmentCargoUnit,
    Import,
    Party,
    Person,
    TransportDocument,
    Voyage,
)
from portcontrol.cargo.normalise import code_key, name_key
from portcontrol.core import records
from portcontrol.core.errors import Issue

BATCH = 2000


def issue_dict(issue: Issue) -> dict[str, Any]:
    """An issue as stored in JSON: code, message, severity and place in words."""
    return {
        "code": issue.code,
        "message": issue.message,
        "severity": str(issue.severity),
        "place": str(issue.place),
    }


def _issues(issues: list[Issue]) -> list[dict[str, Any]]:
    return [issue_dict(issue) for issue in issues]


def _aware(value: datetime | None) -> datetime | None:
    # Manifests often give local times without a zone; they are kept as UTC, as written.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class _Fitter:
    """Blank for missing text, cut to the column width: one odd value cannot fail an import."""

    def __init__(self, model: type[models.Model]) -> None:
        text = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        self.widths = {
            f.name: f.max_length if isinstance(f, models.CharField) else None for f in text
        }

    def __call__(self, **values: Any) -> dict[str, Any]:
        for name, width in self.widths.items():
            value = values.get(name)
            if value is None and name in values:
                values[name] = ""
            elif width and isinstance(value, str) and len(value) > width:
                values[name] = value[:width]
        return values


_FIT = {
    model: _Fitter(model)
    for model in (Voyage, TransportDocument, CargoUnit, Consignment, Party, Person)
}


@dataclass(slots=True)
class Ref:
    """A stored row as its children need it: its id and its voyage."""

    pk: int
    voyage_id: int


@dataclass
class StoreResult:
    """What storing one manifest changed."""

    voyages_new: int = 0
    documents_new: int = 0
    documents_amended: int = 0
    documents_unchanged: int = 0
    cargo_units_new: int = 0
    cargo_units_updated: int = 0
    consignments_new: int = 0
    parties_new: int = 0
    parties_unattached: int = 0
    persons_new: int = 0
    persons_known: int = 0
    amended: list[str] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        """Numbers for the import report."""
        return {k: v for k, v in self.__dict__.items() if isinstance(v, int)}


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows given as {attname: value} without building model instances; return ids."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy_values(model, rows)
    created = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
    return [row.pk for row in created]


def _reserve_ids(cursor: Any, model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [meta.db_table, meta.pk.column, count],
    )
    return [pk for (pk,) in cursor.fetchall()]


def _copy_values(model: type[models.Model], rows: list[dict[str, Any]]) -> list[int]:
    """COPY rows of attribute values, with ids reserved from the table's sequence first."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [meta.pk, *fields])
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        ids = _reserve_ids(cursor, model, len(rows))
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = [pk]
                for name, default in defaults.items():
                    value = row.get(name, default)
                    if name in json_fields:
                        value = "[]" if value == [] else json.dumps(value, default=str)
                    values.append(value)
                copy.write_row(values)
    return ids


def _document_digest(
    document: records.TransportDocument,
    consignments: list[records.Consignment],
    parties: list[records.Party],
) -> str:
    """A digest of what a file says about one document: same digest, same content."""
    payload = {
        "kind": str(document.kind),
        "loading": document.loading_port,
        "discharge": document.discharge_port,
        "items": sorted(
            [
                c.item_number,
                c.hs_code,
                c.description,
                c.packages,
                c.package_type,
                str(c.gross_weight_kg),
                str(c.net_weight_kg),
                str(c.value),
                c.currency,
                c.origin_country,
                sorted(code_key(u) for u in c.cargo_unit_ids),
            ]
            for c in consignments
        ),
        "parties": sorted([str(p.role), p.name, p.address, p.country, p.tax_id] for p in parties),
    }
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


class ManifestWriter:
    """Stores one manifest for one import.

    1. Voyages are found by number in the unit, or created.
    2. Each document is compared with its current version by digest: unchanged documents are
       left alone; changed ones get a new version and the old one points to it.
    3. Cargo units are found by identifier on the voyage (updated when the file says more),
       or created.
    4. Goods items, their links to cargo units and the parties of new versions are inserted.
    5. People already known on the voyage are not repeated.

    With ``append`` (a corrected quarantine item) a goods item joins the current version of
    its document instead of making a new version.
    """

    def __init__(self, import_run: Import, *, append: bool = False) -> None:
        self.import_run = import_run
        self.unit_id = import_run.unit_id
        self.append = append
        self.result = StoreResult()
        self.voyages: dict[str, Voyage] = {}

    def write(self, manifest: records.Manifest) -> StoreResult:
        """Store every record of the manifest; return what changed."""
        self._voyages(manifest)
        documents = self._documents(manifest)
        cargo_units = self._cargo_units(manifest)
        self._consignments(manifest, documents, cargo_units)
        self._parties(manifest, documents)
        self._persons(manifest)
        return self.result

    # 1. voyages
    def _voyages(self, manifest: records.Manifest) -> None:
        given = {v.number: v for v in manifest.voyages}
        numbers = set(given)
        numbers.update(d.voyage_number for d in manifest.documents)
        numbers.update(u.voyage_number for u in manifest.cargo_units)
        numbers.update(p.voyage_number for p in manifest.persons)
        known = Voyage.objects.filter(unit_id=self.unit_id, number__in=numbers)
        self.voyages = {v.number: v for v in known}
        fit = _FIT[Voyage]
        new = [
            Voyage(**fit(**self._voyage_values(given.get(number), number)))
            for number in sorted(numbers - set(self.voyages))
        ]
        for voyage in Voyage.objects.bulk_create(new, batch_size=BATCH):
            self.voyages[voyage.number] = voyage
        self.result.voyages_new = len(new)

    def _voyage_values(self, voyage: records.Voyage | None, number: str) -> dict[str, Any]:
        values: dict[str, Any] = {
            "unit_id": self.unit_id,
            "number": number,
            "first_import": self.import_run,
        }
        if voyage is not None:
            values.update(
                transport_mode=str(voyage.transport_mode),
                vessel_name=voyage.vessel_name,
                imo=voyage.imo,
                carrier=voyage.carrier,
                departure_port=voyage.departure_port,
                arrival_port=voyage.arrival_port,
                transit_ports=list(voyage.transit_ports),
                departure_time=_aware(voyage.departure_time),
                arrival_time=_aware(voyage.arrival_time),
                issues=_issues(voyage.issues),
            )
        return values

    # 2. documents
    def _documents(self, manifest: records.Manifest) -> dict[str, Ref]:
        """Documents that receive goods items and parties from this file, by number."""
        items = defaultdict(list)
        for consignment in manifest.consignments:
            items[consignment.document_number].append(consignment)
        parties = defaultdict(list)
        for party in manifest.parties:
            if party.document_number:
                parties[party.document_number].append(party)
        voyage_ids = {self.voyages[d.voyage_number].pk for d in manifest.documents}
        current = {
            (doc.voyage_id, doc.number): doc
            for doc in TransportDocument.objects.filter(
                voyage_id__in=voyage_ids, is_current=True
            ).only("id", "voyage_id", "number", "version", "content_hash")
        }
        fit = _FIT[TransportDocument]
        receiving: dict[str, Ref] = {}
        rows: list[dict[str, Any]] = []
        replaced: list[tuple[TransportDocument, int]] = []  # earlier version, index in rows
        for document in manifest.documents:
            voyage_id = self.voyages[document.voyage_number].pk
            earlier = current.get((voyage_id, document.number))
            if earlier is not None and self.append:
                receiving[document.number] = Ref(earlier.pk, voyage_id)
                continue
            digest = _document_digest(document, items[document.number], parties[document.number])
            if earlier is not None and earlier.content_hash == digest:
                self.result.documents_unchanged += 1
                continue
            if earlier is not None:
                replaced.append((earlier, len(rows)))
            rows.append(
                fit(
                    unit_id=self.unit_id,
                    voyage_id=voyage_id,
                    number=document.number,
                    kind=str(document.kind),
                    loading_port=document.loading_port,
                    discharge_port=document.discharge_port,
                    content_hash=digest,
                    version=earlier.version + 1 if earlier else 1,
                    is_current=True,
                    import_run_id=self.import_run.pk,
                    issues=_issues(document.issues),
                )
            )
        ids = _insert(TransportDocument, rows)
        for row, pk in zip(rows, ids, strict=True):
            receiving[row["number"]] = Ref(pk, row["voyage_id"])
        for earlier, index in replaced:
            earlier.is_current = False
            earlier.replaced_by_id = ids[index]
        TransportDocument.objects.bulk_update(
            [earlier for earlier, _ in replaced], ["is_current", "replaced_by"], BATCH
        )
        self.result.documents_new = len(rows) - len(replaced)
        self.result.documents_amended = len(replaced)
        self.result.amended = [earlier.number for earlier, _ in replaced]
        return receiving

    # 3. cargo units
    def _cargo_units(self, manifest: records.Manifest) -> dict[tuple[int, str], Ref]:
        voyage_ids = {self.voyages[u.voyage_number].pk for u in manifest.cargo_units}
        earlier_units = {
            (u.voyage_id, u.identifier): u
            for u in CargoUnit.objects.filter(voyage_id__in=voyage_ids)
        }
        known: dict[tuple[int, str], Ref] = {
            key: Ref(unit.pk, unit.voyage_id) for key, unit in earlier_units.items()
        }
        fit = _FIT[CargoUnit]
        rows: list[dict[str, Any]] = []
        changed: list[CargoUnit] = []
        names: list[str] = []
        for unit in manifest.cargo_units:
            voyage_id = self.voyages[unit.voyage_number].pk
            values = fit(
                kind=str(unit.kind),
                size_type=unit.size_type,
                seals=list(unit.seals),
                vehicle_plate=code_key(unit.vehicle_plate or ""),
                is_empty=unit.is_empty,
                gross_weight_kg=unit.gross_weight_kg,
                stowage_position=unit.stowage_position,
                loading_port=unit.loading_port,
                discharge_port=unit.discharge_port,
            )
            names = list(values)
            identifier = code_key(unit.identifier)[:40]
            key = (voyage_id, identifier)
            earlier = earlier_units.get(key)
            if key not in known:
                known[key] = Ref(0, voyage_id)  # its id is known once inserted
                rows.append(
                    dict(
                        unit_id=self.unit_id,
                        voyage_id=voyage_id,
                        identifier=identifier,
                        import_run_id=self.import_run.pk,
                        issues=_issues(unit.issues),
                        **values,
                    )
                )
            elif earlier is not None and any(
                getattr(earlier, k) != v for k, v in values.items() if v not in ("", None)
            ):
                for name, value in values.items():
                    if value not in ("", None):
                        setattr(earlier, name, value)
                changed.append(earlier)
        for row, pk in zip(rows, _insert(CargoUnit, rows), strict=True):
            known[(row["voyage_id"], row["identifier"])].pk = pk
        if changed:
            CargoUnit.objects.bulk_update(changed, names, BATCH)
        self.result.cargo_units_new = len(rows)
        self.result.cargo_units_updated = len(changed)
        return known

    # 4. goods items
    def _consignments(
        self,
        manifest: records.Manifest,
        documents: dict[str, Ref],
        cargo_units: dict[tuple[int, str], Ref],
    ) -> None:
        fit = _FIT[Consignment]
        rows: list[dict[str, Any]] = []
        wanted: list[list[int]] = []
        for item in manifest.consignments:
            document = documents.get(item.document_number)
            if document is None:  # its document is unchanged: nothing to add
                continue
            rows.append(
                fit(
                    unit_id=self.unit_id,
                    document_id=document.pk,
                    item_number=item.item_number,
                    hs_code=item.hs_code,
                    description=item.description,
                    packages=item.packages,
                    package_type=item.package_type,
                    gross_weight_kg=item.gross_weight_kg,
                    net_weight_kg=item.net_weight_kg,
                    value=item.value,
                    currency=item.currency,
                    origin_country=item.origin_country,
                    import_run_id=self.import_run.pk,
                    issues=_issues(item.issues),
                )
            )
            voyage_id = document.voyage_id
            found = (cargo_units.get((voyage_id, code_key(i))) for i in item.cargo_unit_ids)
            wanted.append([unit.pk for unit in found if unit is not None and unit.pk])
        ids = _insert(Consignment, rows)
        links = {(pk, unit) for pk, units in zip(ids, wanted, strict=True) for unit in units}
        _insert(
            ConsignmentCargoUnit,
            [{"consignment_id": c, "cargo_unit_id": u} for c, u in sorted(links)],
        )
        self.result.consignments_new = len(rows)

    # 5. parties
    def _parties(self, manifest: records.Manifest, documents: dict[str, Ref]) -> None:
        known_loose = set(
            Party.objects.filter(
                voyage_id__in={v.pk for v in self.voyages.values()}, document__isnull=True
            ).values_list("voyage_id", "role", "name")
        )
        fit = _FIT[Party]
        rows: list[dict[str, Any]] = []
        for party in manifest.parties:
            document = documents.get(party.document_number or "")
            if party.document_number and document is None:
                continue  # unchanged document, or a document this file does not give
            if document is not None:
                voyage_id = document.voyage_id
            elif len(self.voyages) == 1:  # a party of the voyage itself (its carrier)
                voyage_id = next(iter(self.voyages.values())).pk
                key = (voyage_id, str(party.role), party.name)
                if key in known_loose:
                    continue
                known_loose.add(key)
            else:
                self.result.parties_unattached += 1
                continue
            rows.append(
                fit(
                    unit_id=self.unit_id,
                    voyage_id=voyage_id,
                    document_id=document.pk if document is not None else None,
                    role=str(party.role),
                    name=party.name,
                    name_search=name_key(party.name),
                    address=party.address,
                    country=party.country,
                    tax_id=party.tax_id,
                    import_run_id=self.import_run.pk,
                    issues=_issues(party.issues),
                )
            )
        _insert(Party, rows)
        self.result.parties_new = len(rows)

    # 6. people
    def _persons(self, manifest: records.Manifest) -> None:
        voyage_ids = {self.voyages[p.voyage_number].pk for p in manifest.persons}
        known = set(
            Person.objects.filter(voyage_id__in=voyage_ids).values_list(
                "voyage_id",
                "role",
                "family_name",
                "given_names",
                "date_of_birth",
                "document_number",
            )
        )
        fit = _FIT[Person]
        rows: list[dict[str, Any]] = []
        for person in manifest.persons:
            values = fit(
                unit_id=self.unit_id,
                voyage_id=self.voyages[person.voyage_number].pk,
                role=str(person.role),
                family_name=person.family_name,
                given_names=person.given_names,
                name_search=name_key(f"{person.family_name} {person.given_names}"),
                date_of_birth=person.date_of_birth,
                nationality=person.nationality,
                gender=person.gender,
                document_type=person.document_type,
                document_number=person.document_number,
                vehicle_plate=code_key(person.vehicle_plate or ""),
                import_run_id=self.import_run.pk,
                issues=_issues(person.issues),
            )
            key = (
                values["voyage_id"],
                values["role"],
                values["family_name"],
                values["given_names"],
                values["date_of_birth"],
                values["document_number"],
            )
            if key in known:
                self.result.persons_known += 1
                continue
            known.add(key)
            rows.append(values)
        _insert(Person, rows)
        self.result.persons_new = len(rows)


def store_manifest(
    manifest: records.Manifest, *, import_run: Import, append: bool = False
) -> StoreResult:
    """Store a manifest's records for an import; the caller holds the transaction."""
    return ManifestWriter(import_run, append=append).write(manifest)
