"""rapidfuzz, imported on first use and then kept: the one place that does it.

Importing rapidfuzz costs 12-15 ms (and 41 modules), which a command or a server start that
ranks nothing need not pay (``info`` of a known model; ``tests/cli/test_import_path.py`` and
``tests/server/test_import_path.py`` pin it). Ranking calls the scorers in loops, so they are
fetched once and kept, not imported again per call.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Any, NamedTuple

__all__ = ["Rapidfuzz", "rapidfuzz"]


class Rapidfuzz(NamedTuple):
    fuzz: ModuleType
    """``ratio``, ``partial_ratio``: the scorers."""
    process: ModuleType
    """``extract``: a scorer over many choices, in C."""
    lcs: Any
    """``rapidfuzz.distance.LCSseq``: the longest common subsequence (``partial_bounds``)."""


@cache
def rapidfuzz() -> Rapidfuzz:
    """rapidfuzz's parts, imported by the first call."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415 -- on first use (module docstring)
    from rapidfuzz.distance import LCSseq  # noqa: PLC0415

    return Rapidfuzz(fuzz, process, LCSseq)
