"""Plain scalars resolve as ruamel.yaml resolves them, with ruamel's own table copied.

``scalars.IMPLICIT_RESOLVERS`` is a copy of ``ruamel.yaml.resolver.implicit_resolvers`` so that
the fast parse needs no ruamel import; this holds the copy equal to the installed ruamel's
table (a ruamel upgrade that changes a pattern fails here first), and the resolution equal to
ruamel's resolver on the texts where the tags differ.
"""

from __future__ import annotations

import re

import pytest
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers

from modelforge_lsp.config.syntax.scalars import IMPLICIT_RESOLVERS, ImplicitTags


def test_the_copy_is_ruamels_table() -> None:
    theirs = [
        (tuple(versions), tag.removeprefix("tag:yaml.org,2002:"), tuple(firsts), pattern)
        for versions, tag, pattern, firsts in implicit_resolvers
    ]
    ours = [
        (tuple(versions), name, firsts, re.compile(pattern, flags))
        for versions, name, firsts, flags, pattern in IMPLICIT_RESOLVERS
    ]
    assert [(v, n, f) for v, n, f, _ in ours] == [(v, n, f) for v, n, f, _ in theirs]
    for (_, _, _, mine), (_, _, _, original) in zip(ours, theirs, strict=True):
        assert (mine.pattern, mine.flags) == (original.pattern, original.flags)


@pytest.mark.parametrize("version", [(1, 2), (1, 1)])
@pytest.mark.parametrize(
    "text",
    ["true", "yes", "on", "Off", "null", "~", "", "12", "0o17", "017", "0x1F", "1_000", "1.5",
     "1e3", ".inf", "-.Inf", ".nan", "2024-05-01", "<<", "=", "190:20:30", "gpt-4o", "o3",
     "no", "n", "+12", "-0.5", "2001-12-14t21:59:43.10-05:00"],
)  # fmt: skip
def test_tags_are_ruamels(version: tuple[int, int], text: str) -> None:
    resolver = VersionedResolver(version=version)
    expected = resolver.resolve(ScalarNode, text, (True, False))
    assert ImplicitTags(version).of(text) == str(expected)
