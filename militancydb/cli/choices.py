"""The fixed choices of command-line options, as enums (issue 10): Typer checks them, help
lists them, and a wrong value (``stats --format xml``) is a usage error naming the allowed
ones. Kept free of the modules that implement them so that the command line starts at once;
``tests/cli/test_choices.py`` holds each to the core's own list where the core has one."""

from __future__ import annotations

from enum import StrEnum


class TableJson(StrEnum):
    """A table for people, or JSON for programs."""

    TABLE = "table"
    JSON = "json"


class TableJsonCsv(StrEnum):
    """A table, JSON, or CSV (quoted by the csv module)."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class TextJson(StrEnum):
    """Text for people, or JSON for programs."""

    TEXT = "text"
    JSON = "json"


class ListFormat(StrEnum):
    """``incidents list``: the table, or an export (``io.export_output.ExportFormat``)."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    GEOJSON = "geojson"
    GTD = "gtd"
    ACLED = "acled"
    PARQUET = "parquet"


class ExtractFormat(StrEnum):
    """``extract``: candidate incidents with their spans, or in GTD or ACLED shape."""

    JSON = "json"
    GTD = "gtd"
    ACLED = "acled"


class ReportFormat(StrEnum):
    """Report documents (:data:`militancydb.reports.render.FORMATS`)."""

    HTML = "html"
    PDF = "pdf"
    MD = "md"


class ChartFormat(StrEnum):
    """Chart images in reports."""

    SVG = "svg"
    PNG = "png"


class BackupChoice(StrEnum):
    """Backup files (:class:`militancydb.services.backup.BackupFormat`)."""

    SQLITE = "sqlite"
    PORTABLE = "portable"


class StatsBy(StrEnum):
    """What ``stats`` groups by."""

    PROVINCE = "province"
    PROVINCE_NOW = "province_now"
    DISTRICT = "district"
    EVENT_TYPE = "event_type"
    ACTOR = "actor"
    NONE = "none"


class StatsPeriod(StrEnum):
    """The period ``stats`` counts by."""

    YEAR = "year"
    MONTH = "month"
    ALL = "all"
