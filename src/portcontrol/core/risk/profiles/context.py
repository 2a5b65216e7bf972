"""What criteria may look up besides the line itself: watch-list and indicator hits."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Context:
    """Hits computed before the profiles run, by line (``line_id`` of the consignment frame).

    ``watch_list_hits["UN-SC"]`` holds the line ids whose shipper, consignee, notify party,
    driver or cargo unit screening matched an entry of that list; ``indicator_hits`` likewise
    per indicator name. A list or indicator missing from the mapping has no hits.
    """

    watch_list_hits: Mapping[str, Collection[int]] = field(default_factory=dict)
    indicator_hits: Mapping[str, Collection[int]] = field(default_factory=dict)

    def watch_list(self, code: str) -> frozenset[int]:
        """Line ids on which a party hit the watch list ``code``."""
        return frozenset(self.watch_list_hits.get(code, ()))

    def indicator(self, name: str) -> frozenset[int]:
        """Line ids the indicator ``name`` hit."""
        return frozenset(self.indicator_hits.get(name, ()))


EMPTY = Context()
