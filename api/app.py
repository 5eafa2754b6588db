"""The FastAPI application: ``create_app(settings)`` builds it, nothing happens at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from graph.cache import ProjectionCache
from graph.store import GraphStore

from api import errors, openapi
from api.routes import analysis, entities, files, maps, pages
from api.runtime import open_store
from api.security import SameSiteGuard
from api.settings import Settings

DESCRIPTION = """
Netzwerkanalyse für kommunale Präventionsketten: Akteure, Angebote, Lebensphasen,
Übergänge, Themen und Sozialräume aus Neo4j, mit Analysen (Lücken an Übergängen)
und interaktiven Karten. Alle Erklärungen auf Deutsch; Feldnamen auf Englisch.
"""


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> FastAPI:
    """Build the app.

    Parameters
    ----------
    settings : Settings, optional
        Where Neo4j is; read from the environment when omitted.
    store : GraphStore, optional
        An open store to use (tests pass theirs); otherwise the app opens one on
        start-up (starting the embedded Neo4j if needed) and closes it on shutdown.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        app.state.store = store if store is not None else open_store(settings)
        app.state.projection = ProjectionCache()
        app.state.settings = settings
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(
        title="praevnet",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    app.add_middleware(SameSiteGuard, allowed_hosts=settings.allowed_hosts)
    app.mount("/static/swagger", StaticFiles(directory=pages.swagger_assets()), name="swagger")
    for router in (pages.router, entities.router, analysis.router, maps.router, files.router):
        app.include_router(router)
    openapi.install(app)
    return app
