"""Never crash, never hang: every handler runs inside ``guarded``.

A language server lives as long as the editor session, and its input is whatever the user is
typing. A bug in one handler must cost one empty answer and a log line, not the process or the
connection. ``ModelForgeServer.feature`` and ``.command`` wrap every handler they register with
``guarded``, so no feature module has to remember: an exception is logged to the Python log and
to the client (``window/logMessage``, Error level, with the traceback), and the request is
answered with the method's empty result -- ``null`` for most, an empty report where LSP requires
one. Cancellation (``asyncio.CancelledError``) is not an error and passes through, and neither is
``RequestRefused``: a handler raises it on purpose to answer with an error the user should see
(e.g. a rename onto a name that is taken).

One failure happens before any handler: a request whose params do not deserialise. pygls logs
it but sends no response, so the client would wait forever; ``protocol.ModelForgeProtocol``
answers it with an ``InvalidParams`` error.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException

__all__ = ["ErrorReporter", "RequestRefused", "empty_result", "guarded"]

F = TypeVar("F", bound=Callable[..., Any])


class RequestRefused(JsonRpcException):
    """Raised on purpose to refuse a request with a message for the user (LSP RequestFailed).

    A dedicated class, not any ``JsonRpcException``: an error answer to a request the server
    itself sent the client must still be treated as a bug, not passed on as a refusal.
    """

    CODE = types.LSPErrorCodes.RequestFailed.value


class ErrorReporter(Protocol):
    def report_exception(self, where: str, error: BaseException) -> None: ...


_EMPTY: dict[str, Callable[[], Any]] = {
    types.TEXT_DOCUMENT_DIAGNOSTIC: lambda: types.RelatedFullDocumentDiagnosticReport(items=[]),
}


def empty_result(method: str) -> Any:
    """What a failed request answers: ``None`` unless LSP demands a value for ``method``."""
    factory = _EMPTY.get(method)
    return None if factory is None else factory()


def guarded(reporter: ErrorReporter, where: str, handler: F) -> F:
    """``handler`` (sync or async) made unable to raise; see the module docstring.

    ``functools.wraps`` keeps the signature and attributes pygls inspects (the ``ls`` first
    parameter, type hints for command arguments, the ``@server.thread()`` marker).
    """
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def guarded_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await handler(*args, **kwargs)
            except (asyncio.CancelledError, RequestRefused):
                raise
            except Exception as error:
                reporter.report_exception(where, error)
                return empty_result(where)

        return guarded_async  # type: ignore[return-value]

    @functools.wraps(handler)
    def guarded_sync(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except RequestRefused:
            raise
        except Exception as error:
            reporter.report_exception(where, error)
            return empty_result(where)

    return guarded_sync  # type: ignore[return-value]
