"""The importers by format name (``militancydb import FORMAT FILE``)."""

from __future__ import annotations

from collections.abc import Callable

from militancydb.errors import ImportFailed
from militancydb.io.engine import Importer
from militancydb.io.pbc_drone import PBCDroneImporter
from militancydb.io.pbc_suicide import PBCSuicideImporter
from militancydb.io.tbij import TBIJImporter
from militancydb.io.ucdp import UCDPImporter

IMPORTERS: dict[str, Callable[[], Importer]] = {
    "ucdp": UCDPImporter,
    "pbc-suicide": PBCSuicideImporter,
    "pbc-drone": PBCDroneImporter,
    "tbij": TBIJImporter,
}


def importer_for(name: str) -> Importer:
    """The importer for a format name, or an error listing the formats."""
    try:
        return IMPORTERS[name]()
    except KeyError:
        raise ImportFailed(
            f"unknown format {name!r}; the formats are: {', '.join(IMPORTERS)}"
        ) from None
