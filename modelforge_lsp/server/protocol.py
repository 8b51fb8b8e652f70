"""``ModelForgeProtocol``: pygls's LSP protocol with five things mended or added.

* A request whose params do not deserialise is answered with an ``InvalidParams`` error.
  pygls logs it and sends nothing, so the client would wait forever (``guard.py`` keeps every
  handler from raising; this is the one failure that happens before any handler).
* The workspace counts lines as LSP does (``lines.py``), not as ``str.splitlines``.
* A notification's future is forgotten once it is done. pygls 2.1 files each notification it
  runs through a coroutine, thread or generator handler -- ``didChange`` and ``didOpen`` among
  them -- in ``_request_futures`` under a fresh uuid, and only requests' entries are ever
  removed: one ``Future`` with its lock and condition (about 2 KB) kept per keystroke, for the
  life of the session.
* ``shutdown`` cancels the pending requests while it iterates over pygls's table of them, and
  a generator handler's future (``initialize``'s) runs its callbacks inside ``cancel()``, which
  take the entry out of that table: "dictionary changed size during iteration", an internal
  error for an answer. The table here gives ``items()`` as a list (``PendingRequests``).
* ``last_message`` says when the client last sent anything, so work that must not get in a
  request's way can wait for a quiet moment (``collector.IdleCollector``).
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from typing import Any

from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import Workspace

from modelforge_lsp.server.lines import use_lsp_lines

__all__ = ["ModelForgeProtocol", "PendingRequests"]


class PendingRequests(dict[Any, "Future[Any]"]):
    """pygls's table of pending requests, whose ``items()`` may be iterated while a callback
    removes an entry (see the module docstring)."""

    def items(self) -> list[tuple[Any, Future[Any]]]:  # type: ignore[override]
        return list(super().items())


class ModelForgeProtocol(LanguageServerProtocol):
    """See the module docstring."""

    last_message: float = float("-inf")
    """``time.monotonic()`` when the last message from the client arrived."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._request_futures = PendingRequests()

    @property
    def _workspace(self) -> Workspace | None:
        workspace: Workspace | None = self.__dict__.get("_lsp_workspace")
        return workspace

    @_workspace.setter
    def _workspace(self, workspace: Workspace | None) -> None:
        # pygls builds the workspace inside its ``initialize`` handler; this is where it lands.
        self.__dict__["_lsp_workspace"] = workspace and use_lsp_lines(workspace)

    def handle_message(self, message: Any) -> None:
        self.last_message = time.monotonic()
        super().handle_message(message)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        def forget_then(future: Future[Any]) -> None:
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, forget_then, args, kwargs)
