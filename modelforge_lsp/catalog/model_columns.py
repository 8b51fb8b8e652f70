"""A provider's models as columns (one tuple per ``ModelInfo`` field), checked and built in bulk.

The binary form (``binary_cache``) stores each provider's models column by column: the ids, then
the names, and so on. That makes the checks a warm start runs on every value -- shape, types,
figures, statuses -- a few calls per column that loop in C (``set(map(type, column))``: the
types present; each distinct cost, limit and modality tuple once), instead of a dozen Python
steps per model. A file fails them as a whole: any value of a wrong type or range and nothing of
it is used (``TypeError``/``ValueError``; ``binary_cache`` turns them into ``BadBinary``).

``ModelInfo`` is frozen, so its ``__init__`` sets each of its 18 fields through
``object.__setattr__``; that was most of the 1.8 s a 100k-model catalog took to decode.
``_model`` fills a draft of the same slot layout, then makes it a ``ModelInfo``
(``modelforge_lsp.drafts``): the same object ``ModelInfo(...)`` gives, equal and hashed alike,
at a quarter of the cost.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import Any, cast

from modelforge_lsp.catalog.models import (
    COST_FIELDS,
    LIMIT_FIELDS,
    STATUSES,
    Cost,
    Limits,
    ModelInfo,
)
from modelforge_lsp.catalog.tiers import TIER_FIELDS, PriceTier
from modelforge_lsp.drafts import draft_type

__all__ = ["MODEL_FIELDS", "ColumnChecker", "model_columns"]

MODEL_FIELDS = ModelInfo.__slots__[1:]
"""A column per field but ``provider_id`` (the provider's own id), in ``ModelInfo`` order."""
assert ModelInfo.__slots__[0] == "provider_id"
_NONE: type = type(None)
_TEXT: frozenset[type] = frozenset({str})
_OPTIONAL_TEXT: frozenset[type] = frozenset({str, _NONE})
_FLAG: frozenset[type] = frozenset({bool})
_OPTIONAL_FLAG: frozenset[type] = frozenset({bool, _NONE})
_COLUMN_TYPES: tuple[frozenset[type], ...] = (
    _TEXT, _TEXT, _OPTIONAL_TEXT, frozenset({tuple, _NONE}), frozenset({tuple}),
    frozenset({tuple}), frozenset({tuple}), _FLAG, _FLAG, _FLAG, _OPTIONAL_FLAG, _OPTIONAL_FLAG,
    _OPTIONAL_TEXT, _OPTIONAL_TEXT, _OPTIONAL_TEXT, _FLAG, _OPTIONAL_TEXT,
)  # fmt: skip
"""The types each column may hold, in ``MODEL_FIELDS`` order."""
assert len(_COLUMN_TYPES) == len(MODEL_FIELDS)
assert MODEL_FIELDS[3:7] == ("cost", "limit", "input_modalities", "output_modalities")
assert MODEL_FIELDS[-1] == "status"
_STATUS_VALUES = frozenset({None, *STATUSES})
_PRICES = itemgetter(slice(len(COST_FIELDS)))
_PRICE_TYPES: frozenset[type] = frozenset({float, _NONE})
_FIELDS_OF = attrgetter(*MODEL_FIELDS)
_PRICES_OF = attrgetter(*COST_FIELDS)
_TIER_OF = attrgetter("above", *TIER_FIELDS)
_LIMITS_OF = attrgetter(*LIMIT_FIELDS)
_SHARED = tuple(
    at for at, kinds in enumerate(_COLUMN_TYPES) if kinds in (_TEXT, _OPTIONAL_TEXT) or at in (5, 6)
)
"""The text and modality columns (equal values shared per file), not the figures or flags."""


def model_columns(
    models: Iterable[ModelInfo], shared: dict[Any, Any]
) -> tuple[tuple[Any, ...], ...]:
    """Each field of ``models`` as a column, costs and limits as plain tuples. Equal values
    become one object (``shared``), which ``marshal`` writes once and reads back as one: the
    same model id, name, dates and modalities at a dozen providers cost one string each."""
    rows = list(map(_FIELDS_OF, models))
    columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in MODEL_FIELDS]
    for at, plain_of in ((3, _cost_row), (4, _LIMITS_OF)):
        column = columns[at]
        for n, value in enumerate(column):
            plain = shared.get(value, shared)
            if plain is shared:
                plain = shared[value] = plain_of(value)
            column[n] = plain
    for at in _SHARED:
        columns[at] = [shared.setdefault(value, value) for value in columns[at]]
    return tuple(map(tuple, columns))


def _cost_row(cost: Cost | None) -> tuple[Any, ...] | None:
    """A cost as plain values: its prices in ``COST_FIELDS`` order, then its tiers as
    ``(above, *TIER_FIELDS)`` tuples."""
    if cost is None:
        return None
    return (*_PRICES_OF(cost), tuple(map(_TIER_OF, cost.tiers)))


class ColumnChecker:
    """Checks a file's model columns and makes ``ModelInfo`` from them. Distinct cost, limit
    and modality tuples are few (a few thousand in a 100k catalog): each is checked once per
    file, and each ``Cost``/``Limits`` made once, shared by the models alike."""

    def __init__(self) -> None:
        self._costs: dict[Any, Cost | None] = {None: None}
        self._limits: dict[Any, Limits] = {}
        self._modalities: set[Any] = set()

    def models(self, provider_id: str, columns: Any) -> dict[str, ModelInfo]:
        """The provider's models by id (a later duplicate id wins, as in the JSON)."""
        if type(columns) is not tuple or len(columns) != len(MODEL_FIELDS):
            raise TypeError("the model columns are not a tuple of one per field")
        size = len(columns[0]) if type(columns[0]) is tuple else -1
        for column, allowed in zip(columns, _COLUMN_TYPES, strict=True):
            if type(column) is not tuple or len(column) != size:
                raise TypeError("a model column is not a tuple of one value per model")
            if not allowed.issuperset(map(type, column)):
                raise TypeError(f"a model column holds {set(map(type, column)) - allowed}")
        if not _STATUS_VALUES.issuperset(columns[-1]):
            raise ValueError(f"unknown status in {set(columns[-1]) - _STATUS_VALUES}")
        for modalities in {*columns[5], *columns[6]} - self._modalities:
            if not all(type(v) is str for v in modalities):
                raise TypeError("a modality is not text")
            self._modalities.add(modalities)
        costs = self._costs
        costs.update(_costs(set(columns[3]).difference(costs)))
        limits = self._limits
        for values in set(columns[4]).difference(limits):
            _figures(values, len(LIMIT_FIELDS), integer=True)
            limits[values] = Limits(*values)
        ids, names, family, cost, limit, *rest = columns
        made = map(
            _model, repeat(provider_id), ids, names, family,
            map(costs.__getitem__, cost), map(limits.__getitem__, limit), *rest,
        )  # fmt: skip
        return dict(zip(ids, made, strict=True))


_Unfrozen = draft_type(ModelInfo)
"""``ModelInfo``'s slots without its frozen ``__setattr__``: filled, then made one."""


def _model(
    provider_id: str, id_: str, name: str, family: str | None, cost: Cost | None,
    limit: Limits, inputs: tuple[str, ...], outputs: tuple[str, ...], attachment: bool,
    reasoning: bool, tool_call: bool, structured: bool | None, temperature: bool | None,
    knowledge: str | None, released: str | None, updated: str | None, open_weights: bool,
    status: Any,
) -> ModelInfo:  # fmt: skip
    """``ModelInfo(provider_id, id_, ...)``, made without its per-field ``object.__setattr__``."""
    model: Any = object.__new__(_Unfrozen)
    model.provider_id = provider_id
    model.id = id_
    model.name = name
    model.family = family
    model.cost = cost
    model.limit = limit
    model.input_modalities = inputs
    model.output_modalities = outputs
    model.attachment = attachment
    model.reasoning = reasoning
    model.tool_call = tool_call
    model.structured_output = structured
    model.temperature = temperature
    model.knowledge = knowledge
    model.release_date = released
    model.last_updated = updated
    model.open_weights = open_weights
    model.status = status
    model.__class__ = ModelInfo
    return cast(ModelInfo, model)


assert _model.__code__.co_argcount == len(ModelInfo.__slots__), "a ModelInfo field is not set"


def _costs(rows: set[Any]) -> dict[Any, Cost]:
    """A ``Cost`` per distinct cost row (its prices, then its tiers), checked together: the
    types of every price at once, then the floats' range, in C (a thousand rows per file)."""
    if not rows:
        return {}
    if {tuple} != set(map(type, rows)) or {len(COST_FIELDS) + 1} != set(map(len, rows)):
        raise TypeError("a cost is not a tuple of its prices and tiers")
    prices = list(chain.from_iterable(map(_PRICES, rows)))
    if not _PRICE_TYPES.issuperset(map(type, prices)):
        raise TypeError(f"a price is a {set(map(type, prices)) - _PRICE_TYPES}")
    figures = [price for price in prices if price is not None]
    if not all(map(math.isfinite, figures)) or min(figures, default=0.0) < 0:
        raise ValueError("a price is not a finite, non-negative figure")
    return dict(zip(rows, map(_new_cost, rows), strict=True))


_UnfrozenCost = draft_type(Cost)


def _new_cost(row: tuple[Any, ...]) -> Cost:
    """``Cost(*prices, tiers=...)`` of a checked row, without its per-field ``__setattr__``."""
    cost: Any = object.__new__(_UnfrozenCost)
    (
        cost.input, cost.output, cost.cache_read, cost.cache_write,
        cost.reasoning, cost.input_audio, cost.output_audio, tiers,
    ) = row  # fmt: skip
    if type(tiers) is not tuple:
        raise TypeError("a cost's tiers are not a tuple")
    cost.tiers = tuple(map(_tier, tiers)) if tiers else ()
    cost.__class__ = Cost
    return cast(Cost, cost)


assert Cost.__slots__ == (*COST_FIELDS, "tiers"), "a Cost field is not set by _new_cost"


def _tier(values: Any) -> PriceTier:
    if type(values) is not tuple or len(values) != 1 + len(TIER_FIELDS):
        raise TypeError("a price tier is not a tuple of its threshold and prices")
    above, *prices = values
    if type(above) is not int or above <= 0:
        raise ValueError(f"a tier threshold is {above!r}")
    _figures(tuple(prices), len(TIER_FIELDS), integer=False)
    return PriceTier(above, *prices)


def _figures(values: Any, size: int, *, integer: bool) -> None:
    """Figures as the parser leaves them: finite, non-negative, integers for limits."""
    if type(values) is not tuple or len(values) != size:
        raise TypeError("a figure tuple has the wrong length")
    for value in values:
        if value is None:
            continue
        kind = type(value)
        if kind is not (int if integer else float):
            raise TypeError(f"a figure is a {kind.__name__}")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"a figure is {value!r}")
