"""Choosing the model ModelForge uses: ``config use`` as a library function.

``use_model_in_file`` points a config's ``current_model`` at one of the models *that file*
configures -- the runtime resolves ``current_model`` in the file it reads it from, so a model
defined only in another file would be a dangling reference. People name models the way they
think of them, so ``find_configured_model`` accepts an alias (``sonnet``), the model id an alias
stands for (``claude-sonnet-4-5``, via ``api_model_name``), or ``provider/alias``; an alias two
providers share is an error that lists both, and a miss gets a did-you-mean from the file's own
names, never the catalog's.

The provider is written exactly as the file spells its key: the runtime matches
``current_model.provider`` to the keys character for character (``config.language``'s
``find_provider_key``), so ``my-gateway`` typed for a key ``my_gateway`` is found (the spellings
fold as they do for writers) but ``my_gateway`` is what goes into the file.

The edit is ``edit.set_current_model`` (only the values that differ change; comments, order and
quoting kept; JSON stays JSON) and the write ``write.save_edit`` (atomic, ``.bak``, refused if
it adds an error). A dry run returns the diff instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.catalog.suggest import closest, did_you_mean
from modelforge_lsp.config.files.edit import set_current_model
from modelforge_lsp.config.files.read import read_config_text
from modelforge_lsp.config.files.text_edit import EditableText
from modelforge_lsp.config.files.write import preview_edit, save_edit
from modelforge_lsp.config.language import find_same_provider, model_identity
from modelforge_lsp.errors import ConfigEditError, ConfigReadError

__all__ = [
    "ConfiguredModel",
    "UseResult",
    "configured_models",
    "find_configured_model",
    "provider_keys",
    "read_existing_config",
    "use_model_in_file",
]

_LISTED = 5


@dataclass(frozen=True, slots=True)
class ConfiguredModel:
    """One ``providers.<provider>.models.<alias>`` entry of a file."""

    provider: str
    """The key exactly as the file spells it."""
    alias: str
    model: str
    """The model id it stands for: ``api_model_name``, else the alias (``model_identity``)."""

    @property
    def ref(self) -> str:
        """``provider/alias``: what ``config use`` and ``config remove`` accept back."""
        return f"{self.provider}/{self.alias}"


@dataclass(frozen=True, slots=True)
class UseResult:
    """What ``use_model_in_file`` did (or, for a dry run, would do)."""

    path: Path
    """The file written: the target, or the file a symlinked target points to."""
    provider: str
    """The provider key as the file spells it (what ``current_model.provider`` now says)."""
    alias: str
    model: str
    """The model id the alias stands for."""
    changed: bool
    """``False``: ``current_model`` already named this model; nothing written."""
    previous: tuple[str, str] | None
    """``current_model``'s provider and model before, when it named both as strings."""
    backup: Path | None
    """``<file>.bak``, the previous version; ``None`` for a dry run or no change."""
    dry_run: bool
    summary: tuple[str, ...]
    diff: str | None = None
    """The unified diff of a dry run that changes something; ``None`` otherwise."""


def provider_keys(data: Any) -> list[str]:
    """The keys under ``providers``, as written, in file order."""
    providers = data.get("providers") if isinstance(data, dict) else None
    return list(providers) if isinstance(providers, dict) else []


def configured_models(data: Any) -> list[ConfiguredModel]:
    """Every model alias of a config's data, in file order (parts of the wrong shape skipped)."""
    found = []
    for key in provider_keys(data):
        block = data["providers"][key]
        models = block.get("models") if isinstance(block, dict) else None
        if not isinstance(models, dict):
            continue
        for alias, model in models.items():
            api_name = model.get("api_model_name") if isinstance(model, dict) else None
            found.append(ConfiguredModel(key, alias, model_identity(alias, api_name)))
    return found


def find_configured_model(
    data: Any,
    name: str,
    *,
    provider: str | None = None,
    by_model_id: bool = True,
    where: str = "the config",
) -> ConfiguredModel:
    """The model of ``data`` that ``name`` names; ``ConfigEditError`` when none or several do.

    ``name`` is an alias, ``provider/alias`` or (``by_model_id``) the model id an alias stands
    for; an exact alias wins over a model id. ``provider`` limits the search to that provider
    (its key found with ``_`` and ``-`` alike, exact spelling first). ``where`` names the file
    in messages.
    """
    models = configured_models(data)
    keys = provider_keys(data)
    if provider is not None:
        key = find_same_provider(keys, provider)
        if key is None:
            raise ConfigEditError(_no_provider(provider, keys, where))
        scoped = [m for m in models if m.provider == key]
        return _one(name, _matches(scoped, name, by_model_id), scoped, where, f" of '{key}'")
    readings = [_matches(models, name, by_model_id)]
    head, slash, rest = name.partition("/")
    key = find_same_provider(keys, head) if slash else None
    if key is not None:
        readings.append(_matches([m for m in models if m.provider == key], rest, by_model_id))
    by_alias = [m for aliases, _ in readings for m in aliases]
    by_id = [m for _, ids in readings for m in ids]
    return _one(name, (list(dict.fromkeys(by_alias)), list(dict.fromkeys(by_id))), models, where)


def read_existing_config(path: Path) -> str:
    """The text of a config a command changes but never creates (``use``, ``remove``)."""
    try:
        return read_config_text(path)
    except ConfigReadError as error:
        if error.reason != "missing":
            raise
        raise ConfigReadError(
            f"{path} does not exist, so it configures no model yet; add one with "
            "`modelforge config add`",
            path=str(path),
            reason="missing",
        ) from None


def use_model_in_file(
    path: Path,
    name: str,
    catalog: Catalog | None,
    *,
    provider: str | None = None,
    dry_run: bool = False,
) -> UseResult:
    """Make the model ``name`` names (see ``find_configured_model``) the ``current_model`` of
    the config at ``path``.

    Raises ``ConfigReadError`` when the file cannot be read (or does not exist) and
    ``ConfigEditError`` when the model is not in it, is ambiguous, or the change cannot be made
    safely; the file is then left as it was.
    """
    as_json = path.suffix.lower() == ".json"
    before = read_existing_config(path)
    data = EditableText.of(before, as_json).data
    chosen = find_configured_model(data, name, provider=provider, where=str(path))
    current = data.get("current_model") if isinstance(data, dict) else None
    previous = None
    if isinstance(current, dict):
        named = current.get("provider"), current.get("model")
        if isinstance(named[0], str) and isinstance(named[1], str):
            previous = named[0], named[1]
    edit = set_current_model(before, chosen.provider, chosen.alias, as_json=as_json)
    result = UseResult(
        path=path,
        provider=chosen.provider,
        alias=chosen.alias,
        model=chosen.model,
        changed=edit.changed,
        previous=previous,
        backup=None,
        dry_run=dry_run,
        summary=edit.summary or (f"current_model is already {chosen.ref}",),
    )
    if not edit.changed:
        return result
    if dry_run:
        return replace(result, diff=preview_edit(path, edit, catalog))
    written = save_edit(path, edit, catalog)
    return replace(result, path=written.path, backup=written.backup)


def _matches(
    models: list[ConfiguredModel], name: str, by_model_id: bool
) -> tuple[list[ConfiguredModel], list[ConfiguredModel]]:
    """The models whose alias is ``name``, and those whose model id is (when asked)."""
    by_alias = [m for m in models if m.alias == name]
    by_id = [m for m in models if by_model_id and m.model == name and m.alias != name]
    return by_alias, by_id


def _one(
    name: str,
    found: tuple[list[ConfiguredModel], list[ConfiguredModel]],
    choices: list[ConfiguredModel],
    where: str,
    scope: str = "",
) -> ConfiguredModel:
    """The single match, exact aliases first; else an error naming the candidates or the
    closest names."""
    for matches in found:
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = " or ".join(f"'{m.ref}'" for m in matches)
            raise ConfigEditError(f"'{name}' names {len(matches)} models in {where}: say {listed}")
    if not choices:
        raise ConfigEditError(
            f"{where} configures no models{scope}; add one with `modelforge config add`"
        )
    suggestions = _suggestions(name, choices)
    if suggestions:
        raise ConfigEditError(f"no model '{name}'{scope} in {where}{did_you_mean(suggestions)}")
    listed = ", ".join(_display(m, choices) for m in choices[:_LISTED])
    more = f" and {len(choices) - _LISTED} more" if len(choices) > _LISTED else ""
    raise ConfigEditError(f"no model '{name}'{scope} in {where}; it configures {listed}{more}")


def _suggestions(name: str, choices: list[ConfiguredModel]) -> list[str]:
    """The file's names closest to ``name`` -- aliases, model ids and ``provider/alias`` --
    each shown the way it can be typed back."""
    shown: dict[str, str] = {}
    for model in choices:
        shown.setdefault(model.alias, _display(model, choices))
        shown.setdefault(model.ref, _display(model, choices))
    for model in choices:  # a model id is shown as its alias, unless that word is an alias
        shown.setdefault(model.model, _display(model, choices))
    return list(dict.fromkeys(shown[word] for word in closest(name, shown, limit=5)))[:3]


def _display(model: ConfiguredModel, choices: list[ConfiguredModel]) -> str:
    """The alias alone when no other provider has it, else ``provider/alias``."""
    shared = sum(1 for other in choices if other.alias == model.alias) > 1
    return model.ref if shared else model.alias


def _no_provider(name: str, keys: list[str], where: str) -> str:
    if not keys:
        return f"{where} configures no providers; add a model with `modelforge config add`"
    hint = did_you_mean(closest(name, keys)) or f"; it configures {', '.join(keys)}"
    return f"no provider '{name}' in {where}{hint}"
