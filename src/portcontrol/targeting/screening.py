"""Stored watch-list entries as the core screening sees them."""

from __future__ import annotations

from portcontrol.accounts.models import Unit
from portcontrol.core.screening.entries import EntryKind, WatchListEntry, partial_date
from portcontrol.targeting.access import in_scope
from portcontrol.targeting.choices import EntryStatus
from portcontrol.targeting.models import WatchList
from portcontrol.targeting.models import WatchListEntry as StoredEntry


def core_entry(entry: StoredEntry, watch_list: WatchList) -> WatchListEntry:
    """One stored entry for the screening; identifiers stand in for names of plates and units."""
    kind = EntryKind(entry.kind or watch_list.kind)
    names = tuple(entry.names or ())
    if kind.by_identifier or kind == EntryKind.VESSEL:
        names = names + tuple(value for value in entry.identifiers or () if value not in names)
    born = partial_date(entry.date_of_birth)
    return WatchListEntry(
        id=str(entry.pk),
        list_code=watch_list.code,
        kind=kind,
        names=names,
        dates_of_birth=(born,) if born else (),
        document_numbers=tuple(entry.document_numbers or ())
        + tuple(value for value in entry.identifiers or () if kind == EntryKind.VESSEL),
        nationality=(entry.nationality,) if entry.nationality else (),
        source=entry.source or watch_list.source,
        reason=entry.reason,
        # Past its expiry an entry is still screened until a second person confirms removal.
        expiry=None,
        extra={"list": watch_list.name, "score": str(watch_list.score)},
    )


def entries_in_force(unit: Unit) -> list[WatchListEntry]:
    """Entries of the lists the unit screens against: national ones and the unit's own."""
    lists = {wl.pk: wl for wl in in_scope(WatchList.objects.all(), unit)}
    entries = StoredEntry.objects.filter(watch_list_id__in=list(lists)).exclude(
        status=EntryStatus.REMOVED
    )
    return [core_entry(entry, lists[entry.watch_list_id]) for entry in entries.iterator()]
