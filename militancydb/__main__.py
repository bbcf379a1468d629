"""``python -m militancydb``: the command line (the same entry point as ``militancydb``)."""

from militancydb.cli.entry import run

run()
