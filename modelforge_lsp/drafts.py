"""Frozen slotted dataclasses made without their ``__init__``: a draft, then ``__class__``.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``. Where tens of
thousands of objects are made at once -- a big config's tree (``config.syntax.construct``), a
decoded catalog's models and prices (``catalog.model_columns``) -- that was a third to most of
the work. So each object is made as a *draft*, an instance of a plain class with the same
``__slots__`` whose fields are set by ordinary attribute stores, and then becomes the frozen
type by ``__class__`` assignment. CPython allows that between classes of one slot layout, and
refuses it at once if a field were added to one and not the other; the result is equal in every
way to what ``__init__`` makes (the type, its frozenness and ``__eq__`` are the dataclass's
own). Each user's tests hold every field of the types it builds.
"""

from __future__ import annotations

from typing import Any

__all__ = ["draft_type"]


def draft_type(frozen: type) -> type[Any]:
    """A plain class with ``frozen``'s slots: set an instance's fields, then assign
    ``frozen`` to its ``__class__``."""
    return type(f"{frozen.__name__}Draft", (), {"__slots__": vars(frozen)["__slots__"]})
