"""Render reports: HTML (Jinja2, self-contained: inline CSS, charts and map embedded as data
URIs, no external resource), Markdown, and PDF (WeasyPrint, from the HTML)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from militancydb.analysis.kinds import MIN_BASE
from militancydb.domain.limits import is_http_url
from militancydb.reports.charts import draw
from militancydb.reports.group_model import GroupBrief
from militancydb.reports.maps import draw_map
from militancydb.reports.model import AppendixRow, Chart, Figure
from militancydb.reports.periodic_model import PeriodicReport
from militancydb.reports.words import change_words, num

Report = PeriodicReport | GroupBrief
FORMATS = ("html", "pdf", "md")


#: Characters of user text that Markdown would read as markup: raw HTML (``<script>``,
#: ``<img onerror>``), links and images (``[x](javascript:...)``), backslash escapes.
_MD_SPECIAL = re.compile(r"[\\<>\[\]`]|&(?=#?\w+;)")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def md_escape(value: Any) -> str:
    """User text made inert in Markdown: it shows as written and never becomes HTML, a link
    or an image."""
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m.group(0), "\\" + m.group(0)), text)


def _md_finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of a Markdown template is escaped unless a macro or filter of the
    template made it (then it is Markup)."""
    if isinstance(value, Markup):
        return value
    return Markup(md_escape(value))


def _md_cell(value: Any) -> Markup:
    return Markup(md_escape(value).replace("|", "\\|").replace("\n", " "))


def _md_url(value: Any) -> Markup:
    """An http(s) URL as a Markdown link target (spaces and brackets percent-encoded)."""
    text = str(value)
    for c, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        text = text.replace(c, code)
    return Markup(text)


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_URDU = re.compile("[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2\u06d3]")


def is_rtl(text: object) -> bool:
    """Whether a text is mostly in a right-to-left script (Arabic, Urdu, Pashto, ...):
    such titles are set upright in a font with the glyphs, never in a faked italic."""
    t = str(text or "")
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if _RTL.match(c)) * 2 > len(letters)


def script_lang(text: object) -> str:
    """``ur`` when a right-to-left text has letters only Urdu uses, else ``ar``."""
    return "ur" if _URDU.search(str(text or "")) else "ar"


def _ids(ids: tuple[int, ...] | list[int]) -> str:
    return ", ".join(str(i) for i in ids)


def _idset(rows: list[AppendixRow]) -> frozenset[int]:
    """The incidents an appendix lists (the targets a note's ids may link to)."""
    return frozenset(a.id for a in rows)


def _id_links(ids: tuple[int, ...], listed: frozenset[int]) -> Markup:
    """A note's incident ids, each linked to its appendix row when the appendix lists it
    (one join in Python: a note of a large period holds thousands of ids)."""
    return Markup(", ".join(f'<a href="#inc-{i}">{i}</a>' if i in listed else str(i) for i in ids))


def _md_id_links(ids: tuple[int, ...], listed: frozenset[int]) -> Markup:
    return Markup(", ".join(f"[{i}](#inc-{i})" if i in listed else str(i) for i in ids))


@lru_cache(maxsize=2)
def environment(markdown: bool = False) -> Environment:
    """The template environment. Every value is escaped: HTML-escaped in HTML templates,
    Markdown-escaped (:func:`md_escape`) in Markdown ones; a URL becomes a live link only if
    it is http(s) (the ``http_url`` test), whatever was stored."""
    env = Environment(
        loader=PackageLoader("militancydb.reports", "templates"),
        autoescape=True,
        finalize=_md_finalize if markdown else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["num"] = num
    env.filters["short"] = lambda v: "–" if v is None else f"{v:,}"
    env.filters["pct"] = change_words
    env.filters["md"] = _md_cell
    env.filters["md_url"] = _md_url
    env.tests["http_url"] = is_http_url
    env.filters["ids"] = _ids
    env.filters["idset"] = _idset
    env.filters["id_links"] = _id_links
    env.filters["md_id_links"] = _md_id_links
    env.tests["figure"] = lambda x: isinstance(x, Figure)
    env.tests["rtl"] = is_rtl
    env.globals["min_base"] = MIN_BASE
    env.filters["script_lang"] = script_lang
    return env


def _template(report: Report, ext: str) -> str:
    kind = "periodic" if isinstance(report, PeriodicReport) else "group"
    return f"{kind}.{ext}.j2"


def draw_charts(report: Report, fmt: str = "svg") -> tuple[dict[str, Chart], Chart]:
    """The report's charts (by key) and its map, drawn."""
    charts = {spec.key: draw(spec, fmt) for spec in report.charts}
    return charts, draw_map(report.map, fmt)


def render_html(report: Report, *, chart_format: str = "svg", for_pdf: bool = False) -> str:
    """The report as one self-contained HTML page."""
    charts, map_ = draw_charts(report, chart_format)
    return (
        environment()
        .get_template(_template(report, "html"))
        .render(r=report, charts=charts, map=map_, for_pdf=for_pdf)
    )


def render_markdown(report: Report) -> str:
    """The report as Markdown (tables and footnotes; charts and the map are in the HTML and
    PDF only)."""
    return environment(markdown=True).get_template(_template(report, "md")).render(r=report)


def render_pdf(report: Report, *, chart_format: str = "svg") -> bytes:
    """The report as PDF, printed by WeasyPrint from the HTML."""
    from weasyprint import HTML

    html = render_html(report, chart_format=chart_format, for_pdf=True)
    pdf: bytes = HTML(string=html, base_url=".").write_pdf()
    return pdf


def render(report: Report, fmt: str, *, chart_format: str = "svg") -> bytes:
    """The report in one of :data:`FORMATS`, as bytes (UTF-8 for text formats)."""
    if fmt == "html":
        return render_html(report, chart_format=chart_format).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(report, chart_format=chart_format)
    raise ValueError(f"{fmt!r} is not a report format: use {', '.join(FORMATS)}")
