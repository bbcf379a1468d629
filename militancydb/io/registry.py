"""The importers by format name (``militancydb import FORMAT FILE``)."""

from __future__ import annotations

from collections.abc import Callable

from militancydb.errors import ImportFailed
from militancydb.io.engine import Importer
from militancydb.io.ucdp import UCDPImporter

IMPORTERS: dict[str, Callable[[], Importer]] = {
    "ucdp": UCDPImporter,
}


def importer_for(name: str) -> Importer:
    """The importer for a format name, or an error listing the formats."""
    try:
        return IMPORTERS[name]()
    except KeyError:
        raise ImportFailed(
            f"unknown format {name!r}; the formats are: {', '.join(IMPORTERS)}"
        ) from None
