"""The fuzz soak in the suite: 2,000 steps of ``bench/fuzz_soak.py`` against the real server.

Random incremental and full edits to six open YAML and JSON configs (pasted fragments, astral
characters, CRLF, tabs, NUL, U+2028, huge lines) and random requests at positions inside and
past the end; the soak checks at every step that the server is alive, answers every request,
logs no failed handler, and returns ranges inside the text in UTF-16 units, and that published
diagnostics belong to a version that was sent. A violation names its lane, step and seed:
``.venv/bin/python bench/fuzz_soak.py --seed 2026 --steps N`` replays it.
"""

from __future__ import annotations

import pytest

from bench.fuzz_soak import soak

SEED = 2026
STEPS = 2_000


@pytest.mark.slow  # about a minute on the shared, loaded 2-core machine
async def test_two_thousand_random_steps_break_no_invariant() -> None:
    report = await soak(STEPS, SEED)
    assert report.steps == STEPS, "\n".join(report.lines())
    assert report.violations == [], "\n".join(report.lines())
    assert sum(report.requests.values()) > STEPS
