"""The shared ``militancydb init`` database per backend (see ``tests/shared_db.py``)."""

from shared_db import shared_ucdp_db_url

__all__ = ["shared_ucdp_db_url"]
