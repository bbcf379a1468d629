"""Fixtures of the analysis tests: one database per backend for the whole folder
(see ``tests/shared_db.py``)."""

from shared_db import kb, session, shared_db_url, shared_ucdp_db_url

__all__ = ["kb", "session", "shared_db_url", "shared_ucdp_db_url"]
