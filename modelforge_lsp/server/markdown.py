"""Cards for hover and completion documentation: models, providers and config keys.

LSP carries documentation as ``MarkupContent`` of kind ``markdown`` or ``plaintext``; a client
says which it can show (``textDocument.hover.contentFormat``,
``completionItem.documentationFormat``). Each card is written once against a small ``_Writer``
that renders either way, so the plain-text card has the same facts without markdown syntax (no
tables, no ``**``, no backticks -- a client that cannot render them would show them raw). Some
clients render markdown but not its tables (Neovim's floats show ``|---|---:|`` as typed): with
``tables=False`` (the ``hover.tables`` setting) the price table becomes aligned lines instead.

The figures come from the catalog as they are: a row or field the catalog has no value for is
left out rather than shown as "unknown". Prices and token counts use ``catalog.format``, and
capability and status words ``catalog.presentation``, so the editor shows the same ``$0.15``,
``128k`` and ``tools`` as the CLI.

Catalog strings are untrusted data (a mirror can serve any name), so ``_Writer`` is the one place
they enter markdown, and it never lets them be markup: ``text`` backslash-escapes the punctuation
that makes markup mid-line (no emphasis, links, autolinks, HTML or entities survive), ``code``
picks a fence longer than any backtick run inside (a code span cannot be broken out of, and
HTML inside one is shown, not rendered), and ``links`` makes a link only of an ``https`` URL
with a host -- a ``command:``, ``file:`` or ``javascript:`` URL, or one that is not a URL, is
shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from lsprotocol import types
from pygls.capabilities import get_capability

from modelforge_lsp.catalog import (
    CAPABILITY_LABELS,
    ModelInfo,
    ProviderInfo,
    capabilities_of,
    status_note,
)
from modelforge_lsp.catalog.format import format_price, format_tokens
from modelforge_lsp.catalog.models import COST_FIELDS, LIMIT_FIELDS
from modelforge_lsp.catalog.tiers import TIER_FIELDS
from modelforge_lsp.config.language import KeySpec, credential_variable, runtime_provider_of

__all__ = [
    "key_card",
    "markup",
    "model_card",
    "models_dev_url",
    "prefers_markdown",
    "provider_card",
]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&:@$^\"']|(?<=[wW]{3})\.)")
"""The ASCII punctuation that makes markdown of text mid-line: emphasis, code, links, images,
raw HTML (``<``) and entities (``&``), tables (``|``), and the autolinks a GFM renderer makes
of ``https:``, ``user@host`` and ``www.``. CommonMark lets each be backslash-escaped. (``-``
and ``.`` start lists only at the start of a line, where catalog text never stands.)"""
_BACKTICKS = re.compile("`+")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"
"""What ``quote`` leaves of a link's URL: no parentheses, spaces, quotes or angle brackets, which
would end the ``(...)`` destination early."""
_TYPE_WORDS = {"map": "mapping", "string": "string", "boolean": "true or false", "url": "URL"}


def prefers_markdown(capabilities: types.ClientCapabilities, capability: str) -> bool:
    """Whether the client lists markdown among the formats at ``capability`` (dotted, e.g.
    ``text_document.hover.content_format``); without a list, plain text is the safe choice."""
    formats = get_capability(capabilities, capability, None) or ()
    return types.MarkupKind.Markdown in formats


def markup(text: str, markdown: bool) -> types.MarkupContent:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=text)


def models_dev_url(query: str) -> str:
    """models.dev's page filtered to ``query`` (a model or provider id)."""
    return f"https://models.dev/?search={quote(query, safe='')}"


def _safe_link(url: str) -> str | None:
    """``url`` fit for a markdown link destination, or None: https with a host, nothing else."""
    url = url.strip()  # urlsplit ignores leading spaces; a link destination would keep them
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or not parts.hostname or not url.isprintable():
        return None
    target = quote(url, safe=_URL_SAFE)
    return target if target[:8].lower() == "https://" else None


class _Writer:
    """Blocks of a card, rendered as markdown or as plain text."""

    def __init__(self, markdown: bool, *, tables: bool = True) -> None:
        self.markdown = markdown
        self.tables = tables
        self.blocks: list[str] = []

    def text(self, value: str) -> str:
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value) if self.markdown else value

    def code(self, value: str) -> str:
        """A code span that holds ``value`` whole: its fence is one backtick longer than the
        longest run inside, and a space pads a value that starts or ends with a backtick."""
        if not self.markdown:
            return value
        value = " ".join(value.splitlines())
        longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
        fence = "`" * (longest + 1)
        if value.startswith("`") or value.endswith("`"):
            value = f" {value} "
        return f"{fence}{value}{fence}"

    def strong(self, value: str) -> str:
        return f"**{self.text(value)}**" if self.markdown else value

    def add(self, line: str) -> None:
        self.blocks.append(line)

    def fields(self, pairs: Sequence[tuple[str, str]]) -> None:
        """``**Label:** value · **Label:** value`` on one line; nothing if ``pairs`` is empty."""
        if not pairs:
            return
        if self.markdown:
            self.add(" · ".join(f"**{label}:** {value}" for label, value in pairs))
        else:
            self.add("; ".join(f"{label}: {value}" for label, value in pairs))

    def table(self, heading: str, column: str, rows: Sequence[tuple[str, str]]) -> None:
        """A two-column table (markdown), or aligned ``label  value`` lines under a heading:
        plain text, or -- for markdown clients that show tables raw (``tables=False``) -- in a
        code block, which every markdown renderer shows line by line with its spacing."""
        if not rows:
            return
        if self.markdown and self.tables:
            lines = [f"| {heading} | {column} |", "|---|---:|"]
            lines += [f"| {label} | {value} |" for label, value in rows]
            self.add("\n".join(lines))
            return
        width = max(len(label) for label, _ in rows)
        aligned = [f"{label.ljust(width)}  {value}" for label, value in rows]
        title = f"{heading[:1].upper()}{heading[1:]} ({column})"
        if self.markdown:  # our own labels and figures: nothing in them can close the fence
            self.add(f"**{title}**\n```\n" + "\n".join(aligned) + "\n```")
        else:
            self.add("\n".join([f"{title}:", *(f"  {line}" for line in aligned)]))

    def links(self, links: Sequence[tuple[str, str]]) -> None:
        """Labelled links; in markdown only ``https`` URLs become links (``_safe_link``)."""
        if self.markdown:
            self.add(" · ".join(self._link(label, url) for label, url in links))
        else:
            self.add("\n".join(f"{label}: {url}" for label, url in links))

    def _link(self, label: str, url: str) -> str:
        target = _safe_link(url)
        if target is None:
            return f"{self.text(label)}: {self.code(url)}"
        return f"[{self.text(label)}]({target})"

    def render(self) -> str:
        return ("\n\n" if self.markdown else "\n").join(self.blocks)


def model_card(
    model: ModelInfo,
    markdown: bool,
    *,
    provider: ProviderInfo | None = None,
    successor: ModelInfo | None = None,
    tables: bool = True,
) -> str:
    """Everything the catalog knows about one model as one provider serves it; ``tables``:
    prices as a markdown table (else aligned lines, for clients that show tables raw)."""
    out = _Writer(markdown, tables=tables)
    provider_name = provider.name if provider is not None else model.provider_id
    out.add(f"{out.strong(model.name)} {out.code(model.id)}" if markdown else model.name)
    if not markdown:
        out.add(f"id: {model.id}")
    out.fields([("Provider", f"{out.text(provider_name)} ({out.code(model.provider_id)})")])
    if (note := status_note(model)) is not None:
        if successor is not None:
            note += f"; its successor is {out.code(successor.id)}"
        if markdown:
            out.add(f"{'⚠️ ' if model.is_deprecated else ''}**{note}**")
        else:
            out.add(f"Status: {note}")
    cost = model.cost
    prices = [
        (name.replace("_", " "), format_price(value))
        for name in COST_FIELDS
        if cost is not None and (value := getattr(cost, name)) is not None
    ]
    prices += [
        (f"{name.replace('_', ' ')} over {format_tokens(tier.above)}", format_price(value))
        for tier in (cost.tiers if cost is not None else ())
        for name in TIER_FIELDS
        if (value := getattr(tier, name)) is not None
    ]
    out.table("price per 1M tokens", "USD", prices)
    limits = [
        (name, format_tokens(value))
        for name in LIMIT_FIELDS
        if (value := getattr(model.limit, name))
    ]
    out.fields(
        [("Limits", ", ".join(f"{name} {value}" for name, value in limits))] if limits else []
    )
    out.fields(
        [
            ("Input", out.text(", ".join(model.input_modalities))),
            ("Output", out.text(", ".join(model.output_modalities))),
        ]
    )
    capabilities = [CAPABILITY_LABELS[capability] for capability in capabilities_of(model)]
    out.fields([("Capabilities", ", ".join(capabilities))] if capabilities else [])
    dates = [
        (label, out.text(value))
        for label, value in (
            ("Knowledge cutoff", model.knowledge),
            ("Released", model.release_date),
            ("Updated", model.last_updated),
        )
        if value
    ]
    out.fields(dates)
    facts = [("Open weights", "yes" if model.open_weights else "no")]
    if model.temperature is not None:
        facts.append(("Temperature", "yes" if model.temperature else "no"))
    if model.family:
        facts.append(("Family", out.code(model.family)))
    out.fields(facts)
    out.links([("models.dev", models_dev_url(model.id))])
    return out.render()


def provider_card(provider: ProviderInfo, markdown: bool) -> str:
    """Who the provider is, where its API lives and which variable holds its key."""
    out = _Writer(markdown)
    count = len(provider.models)
    deprecated = sum(1 for m in provider.models.values() if m.is_deprecated)
    models = f"{count} model{'' if count == 1 else 's'}"
    if deprecated:
        models += f" ({deprecated} deprecated)"
    if markdown:
        out.add(f"{out.strong(provider.name)} {out.code(provider.id)} · {models}")
    else:
        out.add(f"{provider.name} ({provider.id}), {models}")
    runtime = runtime_provider_of(provider)
    details = [("llm_type", out.code(runtime.llm_type))]
    if runtime.auth_strategy is not None:
        variable = out.code(credential_variable(runtime.key, runtime.auth_strategy))
        details.append(("Credentials", f"set {variable} in the environment, never in this file"))
    if runtime.base_url:
        details.append(("base_url", out.code(runtime.base_url)))
    elif runtime.llm_type == "openai_compatible":
        details.append(("base_url", "none known: give your endpoint (else OpenAI's is called)"))
    if provider.npm:
        details.append(("npm", out.code(provider.npm)))
    out.fields(details)
    links = [("models.dev", models_dev_url(provider.id))]
    if runtime.docs and runtime.docs != provider.doc:
        links.insert(0, ("Endpoint", runtime.docs))
    if provider.doc:
        links.insert(0, ("Documentation", provider.doc))
    out.links(links)
    return out.render()


def key_card(
    spec: KeySpec, markdown: bool, *, name: str | None = None, value: str | None = None
) -> str:
    """A config key's documentation; ``value``: the enum value being hovered, marked in the
    list of choices (or called out when it is not one of them)."""
    out = _Writer(markdown)
    shown = name or spec.name
    kind = "one of the values below" if spec.enum else _TYPE_WORDS.get(spec.type, spec.type)
    required = ", required" if spec.required else ""
    out.add(f"{out.code(shown)} ({kind}{required})")
    out.add(spec.doc if markdown else spec.doc.replace("`", ""))  # the schema's docs are markdown
    if spec.enum:
        choices = [
            out.code(choice) + (" (this one)" if choice == value else "") for choice in spec.enum
        ]
        out.fields([("Values", ", ".join(choices))])
        if value is not None and value not in spec.enum:
            out.add(f"{out.code(value)} is not one of them.")
    if spec.example:
        out.fields([("Example", out.code(f"{spec.name}: {spec.example}"))])
    return out.render()
