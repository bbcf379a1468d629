"""``militancydb ask ...``: the questions analysts ask, each answered with its reasons and
the incidents behind it. The commands are in :mod:`militancydb.cli.ask_incident_questions`
(operational, last-high-profile, trend) and :mod:`militancydb.cli.ask_group_questions`
(losses, leadership, tactics, network); each asks the questions service
(:func:`militancydb.analysis.questions.ask`), as the API and the web pages do."""

from __future__ import annotations

import typer

from militancydb.cli import ask_group_questions as groups
from militancydb.cli import ask_incident_questions as incidents

app = typer.Typer(no_args_is_help=True)

for name, command in (
    ("operational", incidents.operational_cmd),
    ("last-high-profile", incidents.last_high_profile_cmd),
    ("trend", incidents.trend_cmd),
    ("losses", groups.losses_cmd),
    ("leadership", groups.leadership_cmd),
    ("tactics", groups.tactics_cmd),
    ("network", groups.network_cmd),
):
    app.command(name)(command)
