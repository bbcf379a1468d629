"""``python -m militancydb``: the command line."""

from militancydb.cli.main import app

app()
