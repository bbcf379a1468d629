"""Incidents' JSON forms for exports: what ``--format json``, ``jsonl``, ``gtd``, ``acled`` and
``parquet`` write from. The form is built by the one builder of
:mod:`militancydb.services.incident_public` (the API's pages and ``incidents list``'s table
read the same), from one server-side cursor, a batch at a time."""

from __future__ import annotations

from militancydb.services.incident_public import BATCH, stream_forms

__all__ = ["BATCH", "stream_forms"]
