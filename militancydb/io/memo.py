"""Bounded memos kept in an import's :class:`~militancydb.io.engine.ImportContext`.

A converter remembers what is a pure function of values that repeat across rows (a place
resolved from its admin units and coordinates, an actor from its name): the memo lives in
the import's context (so it goes with the import and its knowledge base) and holds at most
``size`` entries, then starts again, so that memory stays bounded on a file of distinct
values. Nothing is remembered by a whole row's content.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from militancydb.io.engine import ImportContext

V = TypeVar("V")


class Memo(Generic[V]):
    """One named memo per import context, of at most ``size`` entries."""

    def __init__(self, name: str, size: int) -> None:
        self.name, self.size = name, size

    def _table(self, ctx: ImportContext) -> dict[Hashable, V]:
        table = ctx.cache.get(("memo", self.name))
        if table is None:
            table = ctx.cache[("memo", self.name)] = {}
        return table

    def get(self, ctx: ImportContext, key: Hashable) -> V | None:
        """The value remembered for ``key``, or None."""
        return self._table(ctx).get(key)

    def put(self, ctx: ImportContext, key: Hashable, value: V) -> None:
        """Remember ``value`` for ``key`` (forgetting everything first when full)."""
        table = self._table(ctx)
        if len(table) >= self.size:
            table.clear()
        table[key] = value
