"""Fixtures of the web tests: a real server process (see ``tests/live_server.py``)."""

from live_server import _servers, api
from shared_db import shared_ucdp_db_url

__all__ = ["_servers", "api", "shared_ucdp_db_url"]
