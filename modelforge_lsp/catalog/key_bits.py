"""``KeyBits``: a search index's keys as bit sets, so "the keys holding these characters" is a
few big-integer operations instead of a loop over every key.

Key ``n`` is bit ``n``; keys are numbered shortest first, so "the keys longer than ``m``" is one
range of bits. A character's bit set marks the keys holding it; ``at_least`` counts, per key,
how many of a query's characters it holds. Only the keys whose bits survive are ever scored.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress

__all__ = ["KeyBits", "at_least"]

_PREBUILT_KEYS = 10_000
"""Up to this many keys, every character's presence bitset is made with the index (~0.15 ms
each per 1,000 keys); beyond, each on first use."""
_FEW_BITS = 64
"""Up to this many keys set, ``numbers`` takes them bit by bit: 3-6 times faster than writing
out the digits of 2,600 keys, and still faster at 80,000 (measured; each bit's operations grow
with the key count, as the digits do)."""
_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


class KeyBits:
    """The bit sets over ``keys`` (numbered in the given order, which must be shortest first).

    Read by any thread: nothing is mutated after construction but the memo of character bit
    sets, filled under the GIL and only ever replaced by equal values.
    """

    def __init__(
        self, keys: list[str], *, prebuild_from: int, masks: dict[str, int] | None = None
    ) -> None:
        """``prebuild_from``: with at least this many keys (and at most ``_PREBUILT_KEYS``),
        every character's bit set is made now, not on first use. ``masks``: bit sets made
        before (``prebuilt()`` of an index over the same keys, kept in the binary catalog):
        taken as they are, nothing is made now."""
        self._count = len(keys)
        self._lengths = list(map(len, keys))
        self._reversed = keys[::-1]
        self._descending = list(range(len(keys)))[::-1]
        self._width = f"0{len(keys)}b"
        self._masks: dict[str, int] = {} if masks is None else dict(masks)
        if masks is None and prebuild_from < len(keys) <= _PREBUILT_KEYS:
            # every character's presence now, while building: made on first use instead, the
            # first query typing a digit or a new letter paid for it (the search p99); past
            # _PREBUILT_KEYS that would cost the start more than it saves a query
            for char in sorted(set("".join(keys))):
                self.mask(char)

    def prebuilt(self) -> dict[str, int]:
        """The bit sets made so far (every character's, when made with the index), to be given
        back as ``masks`` to an index over the same keys."""
        return dict(self._masks)

    def numbers(self, bits: int) -> list[int]:
        """The key numbers set in ``bits``, highest first: taken off the top bit by bit when
        very few are set (a few big-integer operations each, where writing out every key's
        digit costs more), else found in C: ``str.find`` over the binary digits when few are
        set, ``itertools.compress`` when many are."""
        if bits <= 0:
            return []
        count = bits.bit_count()
        found = []
        if count <= _FEW_BITS:
            while bits:
                top = bits.bit_length() - 1
                found.append(top)
                bits ^= 1 << top
            return found
        size = self._count
        digits = format(bits, self._width)  # the highest number first
        if count * 16 > size:
            return list(compress(self._descending, digits.encode("ascii").translate(_FLAGS)))
        at = digits.find("1")
        while at >= 0:
            found.append(size - 1 - at)
            at = digits.find("1", at + 1)
        return found

    def query_masks(self, query: str) -> list[int]:
        """A mask per character of the query, repeats included: a key in ``j`` of them holds
        at most ``j`` of the query's characters (a repeated one may be there only once: the
        level is an upper bound, tightened by ``partial_bounds`` where it counts)."""
        return [self.mask(char) for char in query]

    def mask(self, char: str) -> int:
        """The keys holding ``char``, as bits; made on first use (a query needs a dozen of
        them, the catalog's keys hold hundreds)."""
        mask = self._masks.get(char)
        if mask is None:
            flags = bytes([char in k for k in self._reversed])
            mask = self._masks[char] = int(flags.translate(_DIGITS) or b"0", 2)
        return mask

    def span(self, first: int, stop: int) -> int:
        """The keys of a length from ``first`` up to (not including) ``stop``."""
        return self.longer_than(first - 1) & ~self.longer_than(stop - 1)

    def everything(self) -> int:
        return (1 << self._count) - 1

    def longer_than(self, size: int) -> int:
        """The keys longer than ``size``: the numbers from the first such key up."""
        first = bisect_right(self._lengths, size)
        return ((1 << self._count) - 1) >> first << first

    def length(self, number: int) -> int:
        return self._lengths[number]


def at_least(masks: list[int], most: int) -> list[int]:
    """``result[j]``: the keys set in at least ``j`` of ``masks``, for ``j`` up to ``most``."""
    reach = [-1] + [0] * most
    for seen, mask in enumerate(masks, start=1):
        if not mask:
            continue
        for j in range(min(seen, most), 0, -1):
            reach[j] |= reach[j - 1] & mask
    return reach
