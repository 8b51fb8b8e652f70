"""Interactive prompts for the CLI (questionary), under the CLI's rules.

* Every prompt belongs to a flag: without a terminal the prompt is not shown and the user is
  told which flag answers it instead (a usage error, exit 2) -- a script never hangs on a
  question it cannot see.
* Ctrl-C (or Ctrl-D) in any prompt raises ``click.Abort``: the entry point prints "Aborted." and
  exits 130, and since every prompt comes before the write, nothing is written.

questionary and prompt_toolkit are imported here, lazily, and only the interactive commands
import this module, so they stay out of the language server's path and of ``--help``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from modelforge_lsp.cli.failure import CommandError

__all__ = ["ask_confirm", "ask_fuzzy", "ask_search", "ask_select", "ask_text", "interactive"]

T = TypeVar("T")


def interactive() -> bool:
    """Both ends are a terminal: a person is there to answer."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _require_terminal(flag: str) -> None:
    if not interactive():
        raise CommandError(f"no terminal to ask on; pass {flag}", code="no_terminal", exit_code=2)


def _questionary() -> Any:
    import questionary  # noqa: PLC0415 -- 0.1 s of import that only interactive runs pay

    return questionary


def _ask(question: Any) -> Any:
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError) as interrupted:
        raise click.Abort from interrupted
    if answer is None:
        raise click.Abort
    return answer


def _menu_at_once(question: Any) -> Any:
    """Open the completion menu when the prompt appears: the choices show before any key (a
    blank line until Tab told nobody what to type)."""
    application = question.application
    application.pre_run_callables.append(
        lambda: application.current_buffer.start_completion(select_first=False)
    )
    return question


def ask_fuzzy(
    message: str,
    choices: Sequence[str],
    *,
    flag: str,
    meta: Mapping[str, str] | None = None,
    valid: Callable[[str], bool] | None = None,
) -> str:
    """A line with fuzzy completion over ``choices`` (``anthr`` finds ``anthropic``)."""
    _require_terminal(flag)
    questionary = _questionary()
    from prompt_toolkit.completion import FuzzyWordCompleter  # noqa: PLC0415 -- as above

    def validate(text: str) -> bool | str:
        if valid is None or valid(text.strip()):
            return True
        return "not in the list; keep typing, or Tab to complete"

    question = questionary.autocomplete(
        message,
        choices=list(choices),
        completer=FuzzyWordCompleter(list(choices), meta_dict=dict(meta or {})),
        validate=validate,
        validate_while_typing=False,
    )
    return str(_ask(_menu_at_once(question))).strip()


def ask_search(
    message: str,
    search: Callable[[str], Sequence[tuple[str, str]]],
    *,
    flag: str,
    valid: Callable[[str], bool],
) -> str:
    """A line whose completion menu is ``search(text)`` -- ``(value, meta)`` pairs, best first
    -- redone as the user types, so a command can offer the catalog's own fuzzy search
    (``sonet 4.5`` finds ``claude-sonnet-4-5``) rather than a substring filter. Enter on an
    empty line takes the first entry of ``search("")``."""
    _require_terminal(flag)
    questionary = _questionary()
    from prompt_toolkit.completion import Completer, Completion  # noqa: PLC0415 -- as above

    class _Search(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            text = document.text_before_cursor
            for value, about in search(text):
                yield Completion(value, start_position=-len(text), display_meta=about)

    def validate(text: str) -> bool | str:
        if not text.strip() or valid(text.strip()):
            return True
        return "not a model here; pick one from the list"

    question = questionary.autocomplete(
        message,
        choices=[],
        completer=_Search(),
        validate=validate,
        validate_while_typing=False,
    )
    answer = str(_ask(_menu_at_once(question))).strip()
    if not answer:  # Enter on an empty line: the first in the list, as a select list does
        first = search("")
        if not first:
            raise click.Abort
        answer = first[0][0]
    return answer


def ask_select(message: str, choices: Sequence[tuple[str, T]], *, flag: str) -> T:
    """Pick one of ``(title, value)`` from a list; typing filters it."""
    _require_terminal(flag)
    questionary = _questionary()

    index = _ask(
        questionary.select(
            message,
            choices=[questionary.Choice(title, value=i) for i, (title, _) in enumerate(choices)],
            use_search_filter=True,
            use_jk_keys=False,
            instruction="(type to filter, arrows to move, Enter to pick)",
        )
    )
    return choices[int(index)][1]


def ask_text(message: str, *, flag: str, default: str = "") -> str:
    _require_terminal(flag)
    questionary = _questionary()

    return str(_ask(questionary.text(message, default=default))).strip() or default


def ask_confirm(message: str, *, flag: str) -> bool:
    _require_terminal(flag)
    questionary = _questionary()

    return bool(_ask(questionary.confirm(message, default=True)))
