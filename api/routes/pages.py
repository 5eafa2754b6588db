"""The German start page, the health check and offline API docs."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from graph.analysis.gaps import find_transition_gaps, leaf_districts, rank_gaps

from api.deps import GraphDep, StoreDep, liveness, unavailable

router = APIRouter(tags=["Seiten"])

_templates = Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape(["html"]))


class Health(BaseModel):
    """The app and its database answer (a failing check is a 503 problem instead)."""

    status: Literal["ok"] = "ok"
    neo4j: bool = True
    uri: str


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"description": "Neo4j antwortet nicht (problem+json mit deutscher Erklärung)."}},
)
def healthz(request: Request) -> Health:
    """200 when Neo4j answers a ping now, else 503 problem+json; within about a second.

    Pings afresh (the other routes reuse a ping for a second) and tells them the answer.
    """
    store = request.app.state.store
    if not liveness(request.app).check_now(store):
        raise unavailable(store)
    return Health(uri=store.uri)


@router.get("/", response_class=HTMLResponse)
def start_page(G: GraphDep, store: StoreDep) -> HTMLResponse:
    """German start page linking to the map and the API."""
    counts = store.counts()
    gaps = rank_gaps(find_transition_gaps(G))
    quarters = len(leaf_districts(G))
    html = _templates.get_template("index.html").render(counts=counts, gaps=gaps, quarters=quarters)
    return HTMLResponse(html)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI from files the app serves itself (no CDN)."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title="praevnet API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon-32x32.png",
    )


def swagger_assets() -> str:
    """Directory of the bundled Swagger UI files.

    Swagger UI 5 (from the ``swagger-ui-py`` wheel) is the first that renders OpenAPI 3.1,
    which FastAPI serves; 4.x said "Unable to render this definition".
    """
    from pathlib import Path

    import swagger_ui

    return str(Path(swagger_ui.__file__).parent / "static")

