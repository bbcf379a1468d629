"""militancydb: an open militancy-incident database for Pakistan and its region."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("militancydb")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
