"""militancydb: an open militancy-incident database and analysis system for Pakistan and its
region."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata only when asked for:
    # importing importlib.metadata costs more than the rest of ``militancydb --help``.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("militancydb")
        except PackageNotFoundError:  # running from a source tree that was not installed
            return "0.0.0"
    raise AttributeError(f"module 'militancydb' has no attribute {name!r}")
