"""UN/EDIFACT readers and writers: CUSCAR (cargo report), BAPLIE (bay plan), PAXLST (people).

Our own tolerant tokenizer and message definitions; see README.md for the subset of each
message we read and write and the canonical field each data element becomes.
"""

from __future__ import annotations

from portcontrol.core.formats.edifact.baplie import read_baplie, write_baplie
from portcontrol.core.formats.edifact.cuscar import read_cuscar, write_cuscar
from portcontrol.core.formats.edifact.envelope import detect_message_type
from portcontrol.core.formats.edifact.paxlst import read_paxlst, write_paxlst
from portcontrol.core.formats.edifact.writer import WriteError

__all__ = [
    "WriteError",
    "detect_message_type",
    "read_baplie",
    "read_cuscar",
    "read_paxlst",
    "write_baplie",
    "write_cuscar",
    "write_paxlst",
]
