"""The real server with every check slowed down: stale-result tests need a check to be slow.

Run as the pytest-lsp ``server_command`` (see ``conftest.slow_check_server``). It wraps the
``check`` the server calls with a sleep of ``$MODELFORGE_TEST_CHECK_DELAY_MS`` and then starts
``modelforge-lsp`` as usual, so the product carries no setting that exists only for tests.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from modelforge_lsp.server import state
from modelforge_lsp.server.__main__ import main

CHECK_DELAY_VARIABLE = "MODELFORGE_TEST_CHECK_DELAY_MS"


def slowed(check: Callable[..., Any], delay_ms: int) -> Callable[..., Any]:
    @functools.wraps(check)
    def slow_check(*args: Any, **kwargs: Any) -> Any:
        time.sleep(delay_ms / 1000)
        return check(*args, **kwargs)

    return slow_check


def run() -> None:
    delay_ms = int(os.environ.get(CHECK_DELAY_VARIABLE, "0"))
    state.check = slowed(state.check, delay_ms)  # type: ignore[attr-defined]  # what the server calls
    main(sys.argv[1:])


if __name__ == "__main__":
    run()
