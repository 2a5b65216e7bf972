"""Progress of long reads, reported to whoever listens, without readers knowing of it.

Readers hand every item to a :class:`~portcontrol.core.manifest.ManifestBuilder`; the builder
counts them here. A caller that wants to show progress (the web import, a command) wraps the read
in :func:`listening` and is called back every ``every`` items with the count so far.

>>> seen = []
>>> with listening(seen.append, every=2):
...     for _ in range(5):
...         item_read()
>>> seen
[2, 4]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class _Listener:
    callback: Callable[[int], None]
    every: int
    count: int = 0


_listener: ContextVar[_Listener | None] = ContextVar("portcontrol_progress", default=None)


@contextmanager
def listening(callback: Callable[[int], None], *, every: int = 1000) -> Iterator[None]:
    """Call ``callback(items_so_far)`` every ``every`` items read inside the block."""
    token = _listener.set(_Listener(callback, max(1, every)))
    try:
        yield
    finally:
        _listener.reset(token)


def item_read() -> None:
    """Count one item read; cheap when nobody listens."""
    listener = _listener.get()
    if listener is None:
        return
    listener.count += 1
    if listener.count % listener.every == 0:
        listener.callback(listener.count)
