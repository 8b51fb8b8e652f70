"""Removing a model from a config: ``config remove`` as a library function.

``remove_model_from_file`` does what ModelForge's own ``config remove`` does to the file, and
says what it did:

* the alias goes from ``providers.<key>.models``; when it was the provider's last model the
  whole provider block goes (as the runtime does: a provider with no models is of no use);
* ``current_model`` goes when it named that model -- left behind it would be a reference the
  runtime fails on (``ModelNotFoundError``), and a check error that ``save_edit`` refuses;
* the provider's stored credentials (``auth_data``, which the runtime writes after a login)
  go too unless ``keep_credentials``. A provider block that goes takes its ``auth_data`` with
  it, whatever ``keep_credentials`` says; the result reports that as removed, with a warning
  when keeping was asked for (the runtime prints "Kept stored credentials" there, wrongly).

The model is named as for ``config use`` -- ``provider/alias``, ``provider`` plus alias, or an
alias only one provider has -- but never by model id: a removal names exactly what goes. Each
step is one verified ``EditableText.remove`` (comments, order and quoting elsewhere kept; JSON
stays JSON); the write is ``write.save_edit`` (atomic, ``.bak``, refused if it adds an error).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.files.edit import ConfigEdit
from modelforge_lsp.config.files.select import find_configured_model, read_existing_config
from modelforge_lsp.config.files.text_edit import EditableText, KeyPath
from modelforge_lsp.config.files.write import preview_edit, save_edit

__all__ = ["RemoveResult", "remove_model_from_file"]


@dataclass(frozen=True, slots=True)
class RemoveResult:
    """What ``remove_model_from_file`` did (or, for a dry run, would do)."""

    path: Path
    """The file written: the target, or the file a symlinked target points to."""
    provider: str
    """The provider key as the file spells it."""
    alias: str
    model: str
    """The model id the alias stood for."""
    removed_provider: bool
    """The alias was the provider's last model, so the provider block went with it."""
    cleared_current: bool
    """``current_model`` named the model and was removed."""
    removed_credentials: bool
    """The provider's ``auth_data`` went (on its own, or with the provider block)."""
    kept_credentials: bool
    """The provider keeps its ``auth_data`` (``keep_credentials``, the provider stays)."""
    backup: Path | None
    """``<file>.bak``, the previous version; ``None`` for a dry run."""
    dry_run: bool
    summary: tuple[str, ...]
    """One phrase per change, e.g. ``removed model 'gpt-4o' from provider 'openai'``."""
    warnings: tuple[str, ...] = ()
    """What went otherwise than asked (credentials that could not be kept)."""
    diff: str | None = None
    """The unified diff of a dry run; ``None`` otherwise."""


def remove_model_from_file(
    path: Path,
    name: str,
    catalog: Catalog | None,
    *,
    provider: str | None = None,
    keep_credentials: bool = False,
    dry_run: bool = False,
) -> RemoveResult:
    """Remove the model ``name`` names (``provider/alias``, or an alias; ``provider`` limits
    the search) from the config at ``path``, with what goes with it (see the module docstring).

    Raises ``ConfigReadError`` when the file cannot be read (or does not exist) and
    ``ConfigEditError`` when the model is not in it, is ambiguous, or the change cannot be made
    safely; the file is then left as it was.
    """
    as_json = path.suffix.lower() == ".json"
    before = read_existing_config(path)
    data = EditableText.of(before, as_json).data
    chosen = find_configured_model(
        data, name, provider=provider, by_model_id=False, where=str(path)
    )
    key, alias = chosen.provider, chosen.alias
    block: dict[str, Any] = data["providers"][key]
    has_credentials = "auth_data" in block
    last = len(block["models"]) == 1
    steps: list[tuple[KeyPath, str]] = []
    warnings: list[str] = []
    if last:
        phrase = f"removed provider '{key}' with its last model '{alias}'"
        if has_credentials:
            phrase += " and its stored credentials (auth_data)"
        steps.append((("providers", key), phrase))
        if has_credentials and keep_credentials:
            warnings.append(
                f"the stored credentials of '{key}' could not be kept: they were in its "
                "provider block, which goes with its last model"
            )
    else:
        steps.append((("providers", key, "models", alias), f"removed model '{alias}' from '{key}'"))
        if has_credentials and not keep_credentials:
            phrase = f"removed the stored credentials (auth_data) of '{key}'"
            steps.append((("providers", key, "auth_data"), phrase))
    current = data.get("current_model")
    cleared = isinstance(current, dict) and current.get("provider") == key
    cleared = cleared and current.get("model") == alias
    if cleared:
        phrase = f"cleared current_model (it named {chosen.ref})"
        steps.append((("current_model",), phrase))
    text = before
    for at, _ in steps:
        text = EditableText.of(text, as_json).remove(at)
    edit = ConfigEdit(before, text, tuple(summary for _, summary in steps), key)
    result = RemoveResult(
        path=path,
        provider=key,
        alias=alias,
        model=chosen.model,
        removed_provider=last,
        cleared_current=cleared,
        removed_credentials=has_credentials and (last or not keep_credentials),
        kept_credentials=has_credentials and keep_credentials and not last,
        backup=None,
        dry_run=dry_run,
        summary=edit.summary,
        warnings=tuple(warnings),
    )
    if dry_run:
        return replace(result, diff=preview_edit(path, edit, catalog))
    written = save_edit(path, edit, catalog)
    return replace(result, path=written.path, backup=written.backup)
