"""Bounded memos kept in an import's :class:`~militancydb.io.engine.ImportContext`.

A converter remembers what is a pure function of values that repeat across rows (a place
resolved from its admin units and coordinates, an actor from its name): the memo lives in
the import's context (so it goes with the import and its knowledge base) and holds at most
``size`` entries, then starts again, so that memory stays bounded on a file of distinct
values. Nothing is remembered by a whole row's content.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from militancydb.io.engine import ImportContext

V = TypeVar("V")
M = TypeVar("M", bound=BaseModel)


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


#: Parts of incidents (actor links, casualty figures, targets) validated already, by their
#: fields: few distinct ones repeat across a dataset's rows.
PARTS: Memo[Any] = Memo("parts", 20_000)


def checked(model: type[M], fields: Mapping[str, Any], ctx: ImportContext) -> M | Mapping[str, Any]:
    """``model`` validated from ``fields``, remembered by the fields' values and types.

    The incident's own validation takes the instance as it is (pydantic does not validate
    an instance of the field's class again), then runs the incident's checks as before. A
    part that does not validate is returned as given, so that the incident's validation
    rejects the row with the same reason, at the same place (``actors.1.actor: ...``), as
    it would have without this. The part's own validators read no context, so validating
    it apart gives the same instance as validating it inside the incident.
    """
    key = (model, tuple((k, type(v), v) for k, v in fields.items()))
    found = PARTS.get(ctx, key)
    if found is None:
        try:
            found = model.model_validate(fields)
        except ValidationError:
            return fields
        PARTS.put(ctx, key, found)
    return found
