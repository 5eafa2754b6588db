"""Interactive network maps, self-contained HTML (works offline on a projector)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from graph.analysis.gaps import find_transition_gaps
from visualisations.network_map import render_network_map

from api.deps import GraphDep, StoreDep

router = APIRouter(tags=["Karten"])


@router.get("/maps/network", response_class=HTMLResponse)
def network_map(
    G: GraphDep,
    store: StoreDep,
    district: Annotated[str | None, Query(description="nur dieser Sozialraum")] = None,
    phase: Annotated[str | None, Query(description="nur diese Lebensphase")] = None,
    topic: Annotated[str | None, Query(description="nur dieses Thema")] = None,
) -> HTMLResponse:
    """The city's network of actors and offers, with transition gaps marked."""
    if district or phase or topic:
        shown = store.load_graph(district=district, phase=phase, topic=topic)
    else:
        shown = G
    gaps = find_transition_gaps(G, districts=[district] if district else None)
    title = "Netzwerkkarte Präventionskette"
    return HTMLResponse(render_network_map(shown, gaps=gaps, title=title))
