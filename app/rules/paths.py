"""Safe resolution of dotted variable paths (``form.enfants.0.niveau``).

A path only ever indexes into mappings (by key) and lists (by a non-negative decimal index). No
attribute is read, no method is called: ``{"var": "__class__"}`` or ``{"var": "a.__globals__"}`` are
just keys that are absent from the data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final

from app.rules.numbers import to_text


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()
"""Marker of a path that does not exist in the data (distinct from a ``null`` value)."""


class ItemScope(Mapping[str, Any]):
    """Data seen inside ``sum_of``/``count_of``: ``item`` is the current item, other names are
    looked up in the surrounding data."""

    __slots__ = ("item", "outer")

    def __init__(self, item: Any, outer: Any) -> None:
        self.item = item
        self.outer = outer

    def __getitem__(self, key: str) -> Any:
        if key == "item":
            return self.item
        if isinstance(self.outer, Mapping):
            return self.outer[key]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield "item"
        if isinstance(self.outer, Mapping):
            yield from (key for key in self.outer if key != "item")

    def __len__(self) -> int:
        return sum(1 for _ in self)


def split_path(name: Any) -> tuple[str, ...]:
    """The keys of a ``var`` name; ``()`` (the whole data) for ``null`` and ``""``."""
    if name is None:
        return ()
    if type(name) is str:
        return _split_text(name)
    text = to_text(name)
    return tuple(text.split(".")) if text else ()


@lru_cache(maxsize=4096)
def _split_text(text: str) -> tuple[str, ...]:
    return tuple(text.split(".")) if text else ()


_ATOMS = frozenset((str, int, float, bool, type(None), Decimal))


def step(data: Any, key: str) -> Any:
    """One level down: ``data[key]`` for a mapping, ``data[int(key)]`` for a list, else MISSING."""
    if type(data) is dict:
        return data.get(key, MISSING)
    if type(data) is list or type(data) is tuple:
        if key.isdigit() and key.isascii():
            index = int(key)
            return data[index] if index < len(data) else MISSING
        return MISSING
    if type(data) in _ATOMS:  # no key inside a text, a number… (what follows says, sooner)
        return MISSING
    if type(data) is ItemScope:  # inside sum_of/count_of (what ItemScope.get gives, sooner)
        if key == "item":
            return data.item
        if type(data.outer) is dict:
            return data.outer.get(key, MISSING)
    if isinstance(data, Mapping):
        return data.get(key, MISSING)
    return MISSING


def resolve(data: Any, keys: tuple[str, ...]) -> Any:
    """The value at ``keys`` in ``data``, or :data:`MISSING`."""
    for key in keys:
        data = data.get(key, MISSING) if type(data) is dict else step(data, key)
        if data is MISSING:
            return MISSING
    return data


def is_prefix(prefix: str, path: str) -> bool:
    """Whether dotted ``prefix`` is ``path`` or one of its ancestors (by whole segments)."""
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] == ".") or not prefix
