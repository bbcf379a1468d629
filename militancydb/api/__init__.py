"""The REST API (``/api/v1``) and the ACLED-compatible read endpoint, served by FastAPI.

Routes parse the request, call one core function and render; the core's errors become one
error shape (:mod:`militancydb.api.errors`). :func:`militancydb.api.app.create_app` builds
the application for a database.
"""
