"""Shared pytest fixtures. Keep each fixture documented: other test modules build on them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_modelsdev import FakeModelsDev


@pytest.fixture(scope="session")
def modelsdev_server_session() -> Iterator[FakeModelsDev]:
    """The one fake models.dev for the whole run; use ``modelsdev_server`` in tests instead."""
    with FakeModelsDev() as server:
        yield server


@pytest.fixture
def modelsdev_server(modelsdev_server_session: FakeModelsDev) -> Iterator[FakeModelsDev]:
    """A real HTTP server on 127.0.0.1 playing models.dev, reset for this test.

    ``modelsdev_server.url`` is the full ``/api.json`` URL. It serves
    ``tests/data/catalog/api.json`` (gzip on request, ETag/Last-Modified, 304 on a matching
    ``If-None-Match``) unless the test scripts faults with
    ``modelsdev_server.script(Behaviour...)``; ``modelsdev_server.requests`` records what arrived.
    See ``tests/fake_modelsdev.py``. The test fails if a request handler raised unexpectedly.
    """
    server = modelsdev_server_session
    server.reset()
    yield server
    errors = list(server.errors)
    server.reset()
    assert not errors, f"the fake models.dev failed while handling requests: {errors}"


_BUILDS_FIRST = (
    "tests/editors/test_vscode_real.py",
    "tests/cli/test_coinstall.py",
    "tests/runtime/",
)
"""Test files whose first run builds something big: code-server (minutes of native builds), the
co-installation venv, the runtime's venv."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Those files run first, in that order, so that in two test processes (pytest-xdist) their
    builds overlap the rest of the suite instead of ending it."""

    def rank(item: pytest.Item) -> int:
        starts = [i for i, prefix in enumerate(_BUILDS_FIRST) if item.nodeid.startswith(prefix)]
        return starts[0] if starts else len(_BUILDS_FIRST)

    items.sort(key=rank)  # stable: the order within each group stays as collected
