"""One writer for every change to a user's config: comment-preserving edits, atomic saves.

``add_model`` and ``set_current_model`` are pure (text in, ``ConfigEdit`` out); nothing here
touches the disk (``config.files.write`` does). They decide *what* changes; ``text_edit`` applies
it to the text.

**Why edits are insertions, not a re-dump.** A ruamel.yaml round-trip re-emits the whole file and
still changes lines it was never asked to touch: ``key: null`` and ``key: ~`` come back as
``key:``, and a comment above the next top-level key migrates into the block that precedes it.
So an edit here is computed on the parsed tree (``config.syntax.parse``, the same spans the language
server's quick fixes use) and applied to the text as an insertion of new lines after the last
entry of the mapping it extends, indented like the file (the indentation step is read from the
file's own nested mappings). Every pre-existing line survives byte for byte, with three
exceptions that cannot be avoided: an empty value (``models:``, ``models: {}``, ``models: null``)
loses its ``{}``/``null`` token when entries go under it; a non-empty flow mapping
(``{a: 1}``) gains ``, key: value`` before its closing brace; ``set_current_model`` rewrites the
scalar it changes. New keys and values are quoted only where YAML needs it.

**Every edit is verified.** The result is parsed again and must equal the old data plus exactly
the change asked for; anything else (an anchor shared with another key, an odd document marker)
raises ``ConfigEditError`` with the lines to add by hand instead of writing a surprise.

**JSON configs** (``config.json``, ModelForge 2.x) are edited as JSON: key order kept, the file's
indentation detected; there are no comments to keep.

**Saving** is ``config.files.write``'s job (atomic, ``.bak``, refuses new errors).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from modelforge_lsp.config.files.text_edit import EditableText, KeyPath, with_final_break
from modelforge_lsp.config.language import RuntimeProvider, find_same_provider, provider_template
from modelforge_lsp.errors import ConfigEditError

__all__ = ["ConfigEdit", "ConfigEditError", "add_model", "set_current_model"]


@dataclass(frozen=True, slots=True)
class ConfigEdit:
    """The text before and after a change, and what the change did (one line per step)."""

    original: str
    text: str
    summary: tuple[str, ...] = ()
    provider_key: str = ""
    """The provider's key as the file spells it (``github_copilot`` stays ``github_copilot``)."""
    added_provider: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def followed_by(self, later: ConfigEdit) -> ConfigEdit:
        """This edit, then ``later`` (which was computed on this edit's ``text``)."""
        return ConfigEdit(
            self.original,
            later.text,
            self.summary + later.summary,
            self.provider_key or later.provider_key,
            self.added_provider or later.added_provider,
        )

    def diff(self, name: str = "config") -> str:
        """A unified diff of the change, for ``--dry-run``."""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                with_final_break(self.text).splitlines(keepends=True),
                f"{name} (before)",
                f"{name} (after)",
            )
        )


def add_model(
    text: str,
    provider_key: str,
    alias: str,
    *,
    template: RuntimeProvider | None = None,
    api_model_name: str | None = None,
    as_json: bool | None = None,
) -> ConfigEdit:
    """Add model ``alias`` under ``providers.<provider_key>.models``.

    A provider already in the file is found with ``_``/``-`` alike and keeps its key; a new one
    gets the template's block (``llm_type``, ``base_url``, ``auth_strategy``, ``auth_details``,
    ``models``), by default ``provider_template``'s. ``api_model_name`` is written when given.
    An alias already present is a no-op (``changed`` is false and the summary says so).
    ``as_json``: ``None`` detects JSON from the text.
    """
    syntax = EditableText.of(text, as_json)
    model: dict[str, Any] = {} if api_model_name is None else {"api_model_name": api_model_name}
    providers = _child_map(syntax.data, ("providers",))
    key = find_same_provider(providers or {}, provider_key)
    if key is None:
        block = {provider_key: _provider_block(provider_key, template, alias, model)}
        new_text = (
            syntax.insert(("providers",), block)
            if _has(syntax.data, ("providers",))
            else syntax.insert((), {"providers": block})
        )
        summary = f"added provider '{provider_key}' with model '{alias}'"
        return ConfigEdit(text, new_text, (summary,), provider_key, added_provider=True)
    if syntax.data["providers"][key] is None:  # `openai:` with nothing under it yet
        block = _provider_block(key, template, alias, model)
        new_text = syntax.insert(("providers", key), block)
        return ConfigEdit(text, new_text, (f"added model '{alias}' to provider '{key}'",), key)
    models = _child_map(syntax.data, ("providers", key, "models"))
    if models is not None and alias in models:
        return ConfigEdit(text, text, (f"'{alias}' is already under providers.{key}.models",), key)
    new_text = (
        syntax.insert(("providers", key, "models"), {alias: model})
        if _has(syntax.data, ("providers", key, "models"))
        else syntax.insert(("providers", key), {"models": {alias: model}})
    )
    return ConfigEdit(text, new_text, (f"added model '{alias}' to provider '{key}'",), key)


def set_current_model(
    text: str, provider: str, alias: str, *, as_json: bool | None = None
) -> ConfigEdit:
    """Point ``current_model`` at ``provider``/``alias``; only the values that differ change."""
    new_text = text
    for name, value in (("provider", provider), ("model", alias)):
        syntax = EditableText.of(new_text, as_json)
        current = _child_map(syntax.data, ("current_model",))
        if current is None:
            both = {"provider": provider, "model": alias}
            new_text = (
                syntax.insert(("current_model",), both)
                if _has(syntax.data, ("current_model",))
                else syntax.insert((), {"current_model": both})
            )
            break
        if current.get(name) == value:
            continue
        if name in current:
            new_text = syntax.set_scalar(("current_model", name), value)
        else:
            new_text = syntax.insert(("current_model",), {name: value})
    summary = (f"set current_model to {provider}/{alias}",) if new_text != text else ()
    return ConfigEdit(text, new_text, summary, provider)


def _provider_block(
    key: str, template: RuntimeProvider | None, alias: str, model: dict[str, Any]
) -> dict[str, Any]:
    fields = (template or provider_template(key, None)).fields()
    return {**dict(fields), "models": {alias: model}}


def _has(data: Any, path: KeyPath) -> bool:
    """``path`` is written in the file, even with an empty value."""
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _child_map(data: Any, path: KeyPath) -> dict[str, Any] | None:
    """The mapping at ``path``; ``None`` when a key is missing or its value is empty; an error
    when something on the way is not a mapping."""
    node = data
    for depth, key in enumerate(path):
        if node is None or key not in node:
            return None
        node = node[key]
        if node is not None and not isinstance(node, dict):
            where = ".".join(path[: depth + 1])
            kind = "a list" if isinstance(node, list) else "a single value"
            raise ConfigEditError(f"'{where}' is {kind}, not a mapping; fix it by hand first")
    return node if isinstance(node, dict) else None
