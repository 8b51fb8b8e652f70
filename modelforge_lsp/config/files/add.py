"""Adding a chosen model to a config file: read, edit, check, write -- one workflow, three fronts.

``config add``, ``config add-auto`` and ``discover`` differ in how the model is chosen; from the
``ModelChoice`` on they do the same thing, here: the file is read (a missing one is a new, empty
config), the model and, when the provider is new, its catalog block are added by
``edit.add_model`` (comments and layout kept), ``current_model`` is set if asked, and the result
goes through ``write.save_edit`` -- atomic, ``.bak``, refusing a change that adds an error. A dry
run stops before the write and returns the diff instead. What happened comes back as an
``AddResult`` for the front to report in its own words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.files.autoconfig import ModelChoice
from modelforge_lsp.config.files.edit import add_model, set_current_model
from modelforge_lsp.config.files.read import read_config_text
from modelforge_lsp.config.files.write import new_errors, save_edit
from modelforge_lsp.errors import ConfigEditError, ConfigReadError

__all__ = ["AddResult", "add_model_to_file"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``add_model_to_file`` did (or, for a dry run, would do)."""

    path: Path
    """The file written: the target, or the file a symlinked target points to."""
    provider: str
    """The provider key the model is under (an existing key wins over the catalog's spelling)."""
    alias: str
    model: str
    """The catalog model id; written as ``api_model_name`` when it differs from the alias."""
    changed: bool
    """``False``: the alias was already there (and current, if asked); nothing to do."""
    added_provider: bool
    set_current: bool
    created: bool
    """The file did not exist before."""
    backup: Path | None
    """``<file>.bak``, the previous version; ``None`` for a new file, a dry run or no change."""
    dry_run: bool
    summary: tuple[str, ...]
    """One phrase per change, e.g. ``added provider 'openai' with model 'gpt-4o-mini'``."""
    diff: str | None = None
    """The unified diff of a dry run that changes something; ``None`` otherwise."""


def add_model_to_file(
    path: Path,
    choice: ModelChoice,
    catalog: Catalog | None,
    *,
    alias: str | None = None,
    set_current: bool = False,
    dry_run: bool = False,
) -> AddResult:
    """Add ``choice`` to the config at ``path`` as ``alias`` (default: the model id).

    The file keeps its format (JSON for ``.json``, else YAML). Raises ``ConfigReadError`` when
    an existing file cannot be read and ``ConfigEditError`` when the change cannot be made
    safely -- it would add an error ``check()`` reports, or the file changed meanwhile; the file
    is then left as it was.
    """
    alias = alias or choice.model_id
    as_json = path.suffix.lower() == ".json"
    try:
        before = read_config_text(path)
    except ConfigReadError as error:
        if error.reason != "missing":
            raise
        before = ""
    edit = add_model(
        before,
        choice.provider_key,
        alias,
        template=choice.template,
        api_model_name=None if alias == choice.model_id else choice.model_id,
        as_json=as_json,
    )
    if set_current:
        edit = edit.followed_by(
            set_current_model(edit.text, edit.provider_key, alias, as_json=as_json)
        )
    result = AddResult(
        path=path,
        provider=edit.provider_key,
        alias=alias,
        model=choice.model_id,
        changed=edit.changed,
        added_provider=edit.added_provider,
        set_current=set_current,
        created=False,
        backup=None,
        dry_run=dry_run,
        summary=edit.summary,
    )
    if not edit.changed:
        return result
    if dry_run:
        added = new_errors(edit.original, edit.text, catalog)
        if added:
            raise ConfigEditError(f"the change would add error {added[0].code}: {added[0].message}")
        return replace(result, diff=edit.diff(str(path)))
    written = save_edit(path, edit, catalog)
    return replace(result, path=written.path, created=written.created, backup=written.backup)
