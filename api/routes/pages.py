"""The German start page, the health check and offline API docs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from graph.analysis.gaps import find_transition_gaps, leaf_districts, rank_gaps

from api.deps import GraphDep, StoreDep

router = APIRouter(tags=["Seiten"])

_templates = Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape(["html"]))


class Health(BaseModel):
    """Whether the app and its database answer."""

    status: str
    neo4j: bool
    uri: str


@router.get("/healthz", response_model=Health)
def healthz(store: StoreDep) -> Health:
    """Report whether Neo4j is reachable."""
    reachable = store.ping()
    return Health(status="ok" if reachable else "degraded", neo4j=reachable, uri=store.uri)


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
    """Directory of the bundled Swagger UI files."""
    from swagger_ui_bundle import swagger_ui_path

    return str(swagger_ui_path)

