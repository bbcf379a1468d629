"""The importers by format name (``militancydb import FORMAT FILE``), found as plug-ins.

Every importer -- the built-in ones included -- is registered in the Python entry-point
group :data:`GROUP`. A distribution adds a format by declaring, in its ``pyproject.toml``::

    [project.entry-points."militancydb.importers"]
    myformat = "mypackage.mymodule:MyImporter"

where ``MyImporter`` is a subclass of :class:`militancydb.io.engine.Importer` (or any
callable that returns one). The interface is described in ``docs/importers.md``
("Writing an importer plug-in").
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from typing import Any

from militancydb.errors import ImportFailed
from militancydb.io.engine import Importer

GROUP = "militancydb.importers"
BUILT_IN = ("ucdp", "pbc-suicide", "pbc-drone", "tbij", "gtd", "acled")


def available() -> dict[str, EntryPoint]:
    """The registered importers by format name (the first registration of a name wins)."""
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    return found


def format_names() -> list[str]:
    """The format names, built-in ones first."""
    names = list(available())
    return [n for n in BUILT_IN if n in names] + sorted(n for n in names if n not in BUILT_IN)


def importer_for(name: str, **options: Any) -> Importer:
    """The importer for a format name, or an error listing the formats. ``options`` (e.g.
    ``countries``) are set on importers that declare them in ``Importer.options``."""
    eps = available()
    if name not in eps:
        known = ", ".join(format_names())
        hint = ""
        if not any(n in eps for n in BUILT_IN):
            hint = (
                " (no built-in importer is registered: the installation's metadata is stale; "
                "run `pip install -e .` or scripts/setup.sh again)"
            )
        raise ImportFailed(f"unknown format {name!r}; the formats are: {known or 'none'}{hint}")
    ep = eps[name]
    try:
        factory = ep.load()
    except Exception as exc:  # a broken plug-in must not take the command down silently
        raise ImportFailed(f"importer {name!r} ({ep.value}) could not be loaded: {exc}") from exc
    importer = factory()
    if not isinstance(importer, Importer):
        raise ImportFailed(
            f"importer {name!r} ({ep.value}) is not a militancydb.io.engine.Importer; "
            "see docs/importers.md, 'Writing an importer plug-in'"
        )
    given = {k: v for k, v in options.items() if v is not None}
    unknown = sorted(set(given) - set(importer.options))
    if unknown:
        raise ImportFailed(
            f"format {name!r} takes no option {', '.join(unknown)}"
            + (f"; it takes: {', '.join(importer.options)}" if importer.options else "")
        )
    importer.configure(**given)
    return importer
