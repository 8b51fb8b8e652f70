"""Editor assistance as pure functions: completion, hover, outline, inlay hints, links,
definition and rename, each named like the server feature that translates it to LSP.
"""

from modelforge_lsp.config.assist.completion import (
    Candidate,
    CandidateKind,
    CompletionResult,
    ProviderBlock,
    complete,
)
from modelforge_lsp.config.assist.definition import (
    definition_at,
)
from modelforge_lsp.config.assist.hover import (
    EnumValueTarget,
    KeyTarget,
    ModelTarget,
    ProviderTarget,
    Target,
    describe_at,
)
from modelforge_lsp.config.assist.inlay_hints import (
    ModelHint,
    model_hints,
)
from modelforge_lsp.config.assist.links import (
    Link,
    links,
)
from modelforge_lsp.config.assist.rename import (
    RenameRejected,
    prepare_rename,
    rename_at,
)
from modelforge_lsp.config.assist.symbols import (
    Symbol,
    SymbolKind,
    document_symbols,
)

__all__ = [
    "Candidate",
    "CandidateKind",
    "CompletionResult",
    "EnumValueTarget",
    "KeyTarget",
    "Link",
    "ModelHint",
    "ModelTarget",
    "ProviderBlock",
    "ProviderTarget",
    "RenameRejected",
    "Symbol",
    "SymbolKind",
    "Target",
    "complete",
    "definition_at",
    "describe_at",
    "document_symbols",
    "links",
    "model_hints",
    "prepare_rename",
    "rename_at",
]
