"""Security reports: periodic assessments (daily, weekly, monthly, annual) and group briefs,
built as typed data from the analysis core and rendered to HTML, PDF and Markdown.

- :func:`militancydb.reports.periodic.build_periodic` -> :class:`PeriodicReport`
- :func:`militancydb.reports.group.build_group_brief` -> :class:`GroupBrief`
- :func:`militancydb.reports.render.render` (``html``, ``pdf``, ``md``)

Charts and maps are drawn with matplotlib's Agg backend (set here, before any module of the
package imports pyplot): no display and no network are needed.
"""

import matplotlib

matplotlib.use("Agg")
