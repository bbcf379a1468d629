"""Build the web application for a database: the REST API under ``/api/v1``, its OpenAPI
description at ``/api/v1/openapi.json`` (docs at ``/api/v1/docs``), and the error handlers."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from militancydb import __version__
from militancydb.api import errors
from militancydb.api.context import AppContext, ServerSettings
from militancydb.api.routes import (
    accounts,
    acled,
    dashboard,
    incidents,
    questions,
    reference,
    review,
)
from militancydb.config import load_settings
from militancydb.db.engine import make_engine, require_schema


def create_app(context: AppContext) -> FastAPI:
    """The application serving ``context``'s database."""
    app = FastAPI(
        title="militancydb",
        version=__version__,
        description="Militancy incidents, armed groups, claims of responsibility and the "
        "analysis questions, from the militancydb database.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.context = context
    from militancydb.web import account_pages, pages, rendering, work_pages

    errors.install(app, html=rendering.error_page)
    app.include_router(incidents.router)
    app.include_router(dashboard.router)
    app.include_router(reference.router)
    app.include_router(accounts.router)
    app.include_router(acled.router)
    app.include_router(questions.router)
    app.include_router(review.router)
    app.include_router(pages.router)
    app.include_router(account_pages.router)
    app.include_router(work_pages.router)
    static = resources.files("militancydb.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def app_for(database_url: str | None, settings: ServerSettings | None = None) -> FastAPI:
    """The application for a database URL (default: the configured one), checked to be at
    the current schema; the process's settings are read once, for this app."""
    config = load_settings(database_url=database_url)
    engine = make_engine(config.effective_database_url, settings=config)
    require_schema(engine)
    return create_app(AppContext(engine, settings or ServerSettings(), config))
