"""Did-you-mean: the closest few strings to a misspelling, for messages and quick fixes.

rapidfuzz is imported on the first suggestion made: a command that suggests nothing (``info``
of a model that exists) does not pay its import (12-15 ms).
"""

from __future__ import annotations

from collections.abc import Iterable

from modelforge_lsp.catalog.fuzzy import rapidfuzz

__all__ = ["closest", "did_you_mean"]


def closest(
    word: str,
    choices: Iterable[str],
    *,
    limit: int = 3,
    cutoff: float = 70.0,
    within: float | None = None,
) -> list[str]:
    """Choices similar to ``word`` (case-insensitive, ``_`` = ``-``), best first; ``within``:
    only those scoring at most that much below the best (``compre`` is ``compare``, and
    ``completion`` is not worth a mention beside it)."""
    options = list(dict.fromkeys(choices))
    folded = [c.lower().replace("_", "-") for c in options]
    query = word.lower().replace("_", "-")
    fuzz, process, _ = rapidfuzz()  # on first use (module docstring)
    found = process.extract(query, folded, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
    if within is not None and found:
        found = [hit for hit in found if hit[1] >= found[0][1] - within]
    return [options[index] for _, _, index in found]


def did_you_mean(suggestions: list[str] | tuple[str, ...]) -> str:
    """``"; did you mean 'a'?"`` / ``"; did you mean 'a' or 'b'?"`` / ``""``."""
    if not suggestions:
        return ""
    quoted = [f"'{s}'" for s in suggestions]
    text = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    return f"; did you mean {text}?"
