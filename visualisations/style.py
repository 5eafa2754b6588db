"""How the network map looks: colours, node colours, edge styles and the vis-network options.

Actors are coloured categorically by kind (no red: red means a gap), offers sequentially
along the life course (viridis), edges muted except cooperations, which are the network.
:data:`EDGE_STYLE` also feeds the map's legend.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ACTOR_COLOURS",
    "EDGE_STYLE",
    "FONT",
    "GAP_COLOUR",
    "LIFE_COURSE",
    "NO_ARROW",
    "NO_PHASE_COLOUR",
    "OPTIONS",
    "life_course_colours",
    "node_colour",
]

# Colours: actors categorical by kind (no red: red means a gap), offers sequential along
# the life course (viridis), edges muted except cooperations, which are the network.
ACTOR_COLOURS = {
    "administration": "#1b3a6b",
    "department": "#4e79a7",
    "welfare_org": "#f28e2b",
    "school": "#7b4ea3",
    "kita": "#f49ac2",
    "family_centre": "#c9a227",
    "club": "#59a14f",
    "church": "#8c564b",
    "agency": "#5d6d7e",
    "health": "#00a6d6",
    "education": "#bcbd22",
    "committee": "#3d3d3d",
    "initiative": "#ffbe7d",
    "other": "#b0b0b0",
}
LIFE_COURSE = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]
NO_PHASE_COLOUR = "#c8c8c8"
GAP_COLOUR = "#d62728"
EDGE_STYLE = {
    "provides": {"color": "#8da0b6", "label": "bietet an (Träger → Angebot)", "dash": ""},
    "partner": {"color": "#8da0b6", "label": "Partner eines Angebots", "dash": "2 4"},
    "formal": {"color": "#d35400", "label": "Kooperation, formell (Vertrag)", "dash": ""},
    "informal": {"color": "#d35400", "label": "Kooperation, informell", "dash": "8 6"},
    "member": {"color": "#b5b5b5", "label": "Mitglied in Gremium / AG", "dash": ""},
    "part_of": {"color": "#7f7f7f", "label": "gehört zu (Teil von)", "dash": "2 3"},
    "gap": {"color": GAP_COLOUR, "label": "Angebot für die Lücke, läuft aber nicht", "dash": "4 4"},
}
FONT = "system-ui, 'Segoe UI', Arial, sans-serif"
OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "interaction": {
        "hover": True,
        "tooltipDelay": 150,
        "navigationButtons": True,
        "keyboard": False,
        "hideEdgesOnDrag": True,
        "zoomSpeed": 0.6,
    },
    "nodes": {"font": {"face": FONT, "size": 17, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"}},
    "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 0.5, "arrowStrikethrough": False},
}
NO_ARROW = {"to": {"enabled": False}}  # vis rejects `false`; pyvis would add "to" if left out


def life_course_colours(n: int) -> list[str]:
    """``n`` colours along the life course, from the sequential palette.

    Examples
    --------
    >>> life_course_colours(2)
    ['#440154', '#fde725']
    """
    if n <= 1:
        return LIFE_COURSE[:n]
    out = []
    for i in range(n):
        pos = i / (n - 1) * (len(LIFE_COURSE) - 1)
        lo = min(int(pos), len(LIFE_COURSE) - 2)
        a, b = (tuple(int(c[k : k + 2], 16) for k in (1, 3, 5)) for c in LIFE_COURSE[lo : lo + 2])
        t = pos - lo
        out.append("#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True)))
    return out


def node_colour(background: str, border: str) -> dict[str, Any]:
    """A node colour that keeps its fill when selected or hovered (vis would turn it blue)."""
    emphasis = {"background": background, "border": "#000000"}
    return {"background": background, "border": border, "highlight": emphasis, "hover": emphasis}
