"""The network map's data: vis-network node and edge records, guides, legend and counts.

pyvis assembles the node and edge records (with German plain-text tooltips) and the
options from the graph, the transition gaps and the positions of
:mod:`visualisations.layout`; :mod:`visualisations.style` gives the colours and edge
styles; :mod:`visualisations.network_map` renders the result as a page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph import texts
from graph.analysis.gaps import TransitionGap
from graph.analysis.network import name_of
from graph.model import ActorKind, CooperationKind, Label, RelType
from graph.projection import nodes_with_label, targets
from visualisations.layout import NO_PHASE, MapLayout, compute_layout, gap_node_id, ordered_phases
from visualisations.style import (
    ACTOR_COLOURS,
    EDGE_STYLE,
    GAP_COLOUR,
    NO_ARROW,
    NO_PHASE_COLOUR,
    OPTIONS,
    life_course_colours,
    node_colour,
)

__all__ = ["build_map_data"]

# German vocabulary: one source for map, template and analyses (graph/texts.py).
ACTOR_KIND_DE = texts.ACTOR_KIND_DE
SECTOR_DE = texts.SECTOR_DE
OFFER_KIND_DE = texts.OFFER_KIND_DE
COOPERATION_KIND_DE = texts.COOPERATION_KIND_DE
ROLE_DE = {"lead": "federführend", "partner": "Partner"}
COST_DE = texts.COST_DE
MAX_LABEL = 38
MAX_LIST = 8


def _short(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;-–") + "…"


def _listing(names: Iterable[str]) -> str:
    names = list(names)
    more = len(names) - MAX_LIST
    return ", ".join(names[:MAX_LIST]) + (f" … und {more} weitere" if more > 0 else "")


def _tooltip(heading: str, rows: Iterable[tuple[str, Any]]) -> str:
    """Plain text (vis-network 9 shows a string title as text, never as HTML)."""
    return "\n".join([heading] + [f"{k}: {v}" for k, v in rows if v not in (None, "", [])])


def _actor_tooltip(G: nx.MultiDiGraph, a: str, n_offers: int, n_partners: int) -> str:
    data = G.nodes[a]
    parent = [p for p in targets(G, a, RelType.PART_OF) if G.nodes[p].get("label") == Label.ACTOR]
    located = targets(G, a, RelType.LOCATED_IN)
    return _tooltip(
        str(data.get("name") or a),
        [
            ("Art", ACTOR_KIND_DE.get(data.get("kind"), data.get("kind"))),
            ("Sektor", SECTOR_DE.get(data.get("sector"), data.get("sector"))),
            ("Sozialraum", _listing(name_of(G, d) for d in located)),
            ("Teil von", _listing(name_of(G, p) for p in parent)),
            ("Angebote", n_offers),
            ("Kooperationspartner", n_partners),
            ("Adresse", data.get("address")),
        ],
    )


def _offer_tooltip(G: nx.MultiDiGraph, o: str, phase_order: dict[str, int]) -> str:
    data = G.nodes[o]
    providers = []
    for u, _, k, attrs in sorted(G.in_edges(o, keys=True, data=True)):
        if k == RelType.PROVIDES:
            role = ROLE_DE.get(attrs.get("role"), "")
            providers.append(f"{name_of(G, u)} ({role})" if role else name_of(G, u))
    sectors = sorted({SECTOR_DE.get(G.nodes[u].get("sector"), "") for u, _, k in G.in_edges(o, keys=True) if k == RelType.PROVIDES} - {""})
    phases = sorted(targets(G, o, RelType.FOR_PHASE), key=lambda p: (phase_order.get(p, math.inf), p))
    age = ""
    if data.get("age_min") is not None or data.get("age_max") is not None:
        lo, hi = data.get("age_min"), data.get("age_max")
        age = f"{'' if lo is None else f'{lo:g}'}–{'' if hi is None else f'{hi:g}'} Jahre"
    return _tooltip(
        str(data.get("title") or o),
        [
            ("Art", OFFER_KIND_DE.get(data.get("kind"), data.get("kind"))),
            ("Sektor", ", ".join(sectors)),
            ("Lebensphasen", _listing(name_of(G, p) for p in phases)),
            ("Übergänge", _listing(name_of(G, t) for t in targets(G, o, RelType.BRIDGES))),
            ("Themen", _listing(name_of(G, t) for t in targets(G, o, RelType.ADDRESSES))),
            ("Sozialraum", _listing(name_of(G, d) for d in targets(G, o, RelType.IN_DISTRICT))),
            ("Träger", _listing(providers)),
            ("Status", texts.STATUS_DE.get(data.get("status"), data.get("status"))),
            ("Zielgruppe", data.get("target_group")),
            ("Alter", age),
            ("Kosten", COST_DE.get(data.get("cost"), data.get("cost"))),
        ],
    )


def _cooperations(G: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    """COOPERATES_WITH read as undirected: one record per actor pair, formal if any is."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, k, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if k != RelType.COOPERATES_WITH or u == v:
            continue
        pair = (min(u, v), max(u, v))
        formal = bool(attrs.get("formal")) or attrs.get("kind") == CooperationKind.FORMAL_AGREEMENT
        entry = pairs.setdefault(pair, {"formal": False, "kinds": set(), "since": None, "notes": []})
        entry["formal"] |= formal
        if attrs.get("kind"):
            entry["kinds"].add(COOPERATION_KIND_DE.get(attrs["kind"], attrs["kind"]))
        if attrs.get("since") is not None:
            entry["since"] = min(filter(None, [entry["since"], str(attrs["since"])]))
        if attrs.get("note"):
            entry["notes"].append(str(attrs["note"]))
    return pairs


def build_map_data(G: nx.MultiDiGraph, gaps: Sequence[TransitionGap] = ()) -> dict[str, Any]:
    """Everything the page draws: vis nodes, edges and options, the guides, legend and counts.

    Node records carry ``kind`` (``actor``, ``committee``, ``offer`` or ``gap``) and edge
    records ``rel`` (the relation type, or ``GAP`` for a gap's inactive offers) besides
    vis-network's own fields. Deterministic: same graph, same data.
    """
    layout: MapLayout = compute_layout(G, gaps)
    actors = nodes_with_label(G, Label.ACTOR)
    offers = nodes_with_label(G, Label.OFFER)
    phases = ordered_phases(G)
    phase_order = {p: i for i, p in enumerate(phases)}
    phase_colour = dict(zip(phases, life_course_colours(len(phases)), strict=True)) | {NO_PHASE: NO_PHASE_COLOUR}
    cooperations = _cooperations(G)
    partners: dict[str, int] = {a: 0 for a in actors}
    for u, v in cooperations:
        partners[u] = partners.get(u, 0) + 1
        partners[v] = partners.get(v, 0) + 1

    # pyvis for the records and the options; the page itself is our template
    net = Network(directed=True)
    for a in actors:
        data = G.nodes[a]
        kind = data.get("kind") if data.get("kind") in ACTOR_COLOURS else "other"
        colour = ACTOR_COLOURS[kind]
        n_offers = len([o for o in targets(G, a, RelType.PROVIDES) if G.nodes[o].get("label") == Label.OFFER])
        x, y = layout.positions[a]
        common = {
            "title": _actor_tooltip(G, a, n_offers, partners.get(a, 0)),
            "x": x,
            "y": y,
            "search": str(data.get("name") or a),
            "group_de": ACTOR_KIND_DE[kind],
        }
        if kind == ActorKind.COMMITTEE:
            net.add_node(
                a, label=_short(str(data.get("short_name") or data.get("name") or a), 30), shape="box",
                color=node_colour(colour, "#000000"), kind="committee",
                font={"color": "#ffffff", "strokeWidth": 0, "size": 20}, margin=10,
                widthConstraint={"maximum": 180}, **common,
            )
        else:
            net.add_node(
                a, label=_short(str(data.get("short_name") or data.get("name") or a)), shape="dot",
                size=round(min(34, 20 + 2 * math.sqrt(n_offers + partners.get(a, 0))), 1),
                color=node_colour(colour, "#222222"), borderWidth=2, kind="actor",
                font={"size": 17}, widthConstraint={"maximum": 172}, **common,
            )
    for o in offers:
        data = G.nodes[o]
        colour = phase_colour[layout.offer_column[o]]
        active = data.get("status") in (None, "active")
        x, y = layout.positions[o]
        net.add_node(
            o, label=_short(str(data.get("title") or o)), shape="square", size=19,
            color=node_colour(colour, "#333333" if active else "#999999"),
            borderWidth=1, shapeProperties={"borderDashes": False if active else [4, 3]},
            opacity=1 if active else 0.5, font={"size": 15}, widthConstraint={"maximum": 146},
            title=_offer_tooltip(G, o, phase_order), x=x, y=y, kind="offer", search=str(data.get("title") or o),
        )
    for gap in sorted(gaps, key=lambda g: (g.district, g.transition)):
        x, y = layout.positions[gap_node_id(gap)]
        net.add_node(
            gap_node_id(gap), label=f"Lücke: {gap.transition_name}\n({gap.district_name})", shape="triangle",
            size=44, color=node_colour(GAP_COLOUR, "#7a0000"), borderWidth=2,
            font={"color": "#a31515", "size": 24, "strokeWidth": 6}, widthConstraint={"maximum": 215},
            title=f"Lücke: {gap.transition_name} ({gap.district_name})\n{gap.explanation}", x=x, y=y, kind="gap",
            search=f"Lücke {gap.transition_name} {gap.district_name}",
        )

    drawn = set(net.node_map)
    edge_id = 0

    def add(u: str, v: str, style: str, rel: str, title: str, opacity: float = 0.6, **extra: Any) -> None:
        nonlocal edge_id
        edge_id += 1
        dash = EDGE_STYLE[style]["dash"]
        net.add_edge(
            u, v, id=f"e{edge_id}", rel=rel, title=title, color={"color": EDGE_STYLE[style]["color"], "highlight": EDGE_STYLE[style]["color"],
                   "hover": EDGE_STYLE[style]["color"], "opacity": opacity},
            dashes=[int(d) for d in dash.split()] if dash else False, **extra,
        )

    for u, v, k, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if u not in drawn or v not in drawn or u == v:
            continue
        if k == RelType.PROVIDES:
            partner = attrs.get("role") == "partner"
            role = ROLE_DE.get(attrs.get("role"), "")
            add(u, v, "partner" if partner else "provides", k, f"{name_of(G, u)} → {name_of(G, v)}\nTräger{f' ({role})' if role else ''}",
                width=1 if partner else 1.5, arrows={"to": {"enabled": True, "scaleFactor": 0.5}})
        elif k == RelType.MEMBER_OF:
            add(u, v, "member", k, f"{name_of(G, u)} ist Mitglied in {name_of(G, v)}", width=1, arrows=NO_ARROW)
        elif k == RelType.PART_OF:
            add(u, v, "part_of", k, f"{name_of(G, u)} gehört zu {name_of(G, v)}", width=1, arrows={"to": {"enabled": True, "scaleFactor": 0.4}})
    for (u, v), entry in cooperations.items():
        if u not in drawn or v not in drawn:
            continue
        lines = [f"Kooperation: {name_of(G, u)} – {name_of(G, v)}", "formell" if entry["formal"] else "informell"]
        if entry["kinds"]:
            lines.append("Art: " + ", ".join(sorted(entry["kinds"])))
        if entry["since"]:
            lines.append(f"seit {entry['since']}")
        lines += [f"Notiz: {n}" for n in entry["notes"][:3]]
        add(u, v, "formal" if entry["formal"] else "informal", RelType.COOPERATES_WITH, "\n".join(lines),
            width=2.5 if entry["formal"] else 2, opacity=0.55, arrows=NO_ARROW, smooth={"enabled": True, "type": "curvedCW", "roundness": 0.15})
    for gap in sorted(gaps, key=lambda g: (g.district, g.transition)):
        for o in gap.inactive_offers:
            if o in drawn:
                add(gap_node_id(gap), o, "gap", "GAP", f"„{name_of(G, o)}“ würde die Lücke schließen, läuft aber nicht.", width=2.5, opacity=0.9, arrows=NO_ARROW)

    net.options = OPTIONS
    nodes, edges, *_ = net.get_network_data()
    kinds_present = sorted({G.nodes[a].get("kind") if G.nodes[a].get("kind") in ACTOR_COLOURS else "other" for a in actors},
                           key=list(ACTOR_COLOURS).index)
    offer_columns = set(layout.offer_column.values())
    x0, y0, x1, y1 = layout.bounds()
    return {
        "nodes": nodes,
        "edges": edges,
        "options": OPTIONS,
        "guides": {
            "bands": [{"name": b.name, "y0": b.y0, "y1": b.y1} for b in layout.bands],
            "columns": [{"name": c.name, "x0": c.x0, "x1": c.x1, "color": phase_colour[c.key]} for c in layout.columns],
            "bounds": {"x0": x0, "y0": y0, "x1": x1, "y1": y1},
            "gaps": [{"x0": a, "y0": b, "x1": c, "y1": d} for a, b, c, d in layout.gap_cells],
        },
        "counts": {
            "actors": len(actors),
            "offers": len(offers),
            "cooperations": sum(1 for u, v in cooperations if u in drawn and v in drawn),
            "gaps": len(gaps),
        },
        "legend": {
            "actor_kinds": [{"label": ACTOR_KIND_DE[k], "color": ACTOR_COLOURS[k], "committee": k == "committee"} for k in kinds_present],
            "phases": [{"label": name_of(G, p), "color": phase_colour[p]} for p in phases]
            + ([{"label": "ohne Lebensphase", "color": NO_PHASE_COLOUR}] if NO_PHASE in offer_columns else []),
            "edges": [dict(style, key=key) for key, style in EDGE_STYLE.items()],
        },
    }
