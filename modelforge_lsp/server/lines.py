"""Lines as the editor counts them: only ``\\r\\n``, ``\\r`` and ``\\n`` end a line.

An incremental ``didChange`` names its range in lines and UTF-16 columns, and LSP says which
characters break a line: CR LF, CR and LF, nothing else. pygls 2.1 splits its copy of the text
with ``str.splitlines``, which also breaks at VT, FF, the file/group/record separators, NEL
(U+0085) and U+2028/U+2029. Once a config holds one of those -- pasted from a web page, or a
stray form feed -- every edit below it lands on the wrong line in the server's copy, and from
then on every answer is about a text the editor does not have (the fuzz soak,
``bench/fuzz_soak.py``, found this). ``LspTextDocument`` keeps pygls's document and its change
logic and replaces only the line split; ``use_lsp_lines`` makes a workspace create it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pygls.workspace import TextDocument, Workspace

__all__ = ["LspTextDocument", "LspWorkspace", "use_lsp_lines"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
"""A line with its break, or the last line without one (as ``splitlines(True)`` gives them)."""


class LspTextDocument(TextDocument):
    """pygls's ``TextDocument`` with the LSP's line breaks (see the module docstring)."""

    @property
    def lines(self) -> Sequence[str]:
        return tuple(_LINE.findall(self.source))


class LspWorkspace(Workspace):
    """A ``Workspace`` whose text documents are ``LspTextDocument``."""

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return LspTextDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self._position_codec,
        )


def use_lsp_lines(workspace: Workspace) -> Workspace:
    """``workspace``, now creating ``LspTextDocument`` (pygls builds the workspace itself)."""
    if type(workspace) is Workspace:
        workspace.__class__ = LspWorkspace
    return workspace
