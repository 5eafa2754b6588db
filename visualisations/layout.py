"""Deterministic positions for the network map: the life course across, districts down.

The map is a swimlane chart, the shape coordinators draw on a workshop wall:

* **columns** are the life phases in their ``order`` (plus „ohne Lebensphase“ when an
  offer names none); an offer sits in the column of its earliest phase;
* **bands** are districts (in district-tree order, the whole city first) plus, on top, a
  band for committees and, at the bottom, „ohne Sozialraum“; an offer sits in the band of
  its most specific district;
* inside a band, **actors** take the upper rows, each near the mean x of its offers (or of
  its partners, for actors without offers; of its members, for committees); the offers
  fill a small grid per column below them;
* a **transition gap** sits in the gutter between the two phase columns it joins, in its
  district's band: the break in the chain is where the eye looks for it.

No randomness and no iteration: the same graph always gives the same positions, and a
new offer only moves the offers after it in its own cell. O(N log N + E).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.gaps import TransitionGap
from graph.model import ActorKind, Label, RelType
from graph.projection import nodes_with_label, sources, targets

OFFER_DX = 150  # horizontal distance between offers in a cell
ROW_DY = 92  # vertical distance between rows (room for a two-line label)
ACTOR_DX = 175  # minimal horizontal distance between actors in one row
COMMITTEE_DX = 230  # committees are boxes with their name inside
GUTTER = 230  # space between two phase columns: where transition gaps sit
LABEL_MARGIN = 430  # left margin for the band names
BAND_PAD = 60  # free space at the top of a band
MAX_ACTOR_ROWS = 4  # beyond this, actors crowd into the least shifted row
UNPLACED_PER_ROW = 8  # actors without any anchor are packed in rows this wide

NO_PHASE = "#ohne-lebensphase"
NO_DISTRICT = "#ohne-sozialraum"
COMMITTEES = "#gremien"
HEADER = -250.0  # room above the first band for the phase names

_DISTRICT_KIND_DE = {"city": "Gesamtstadt", "borough": "Stadtbezirk"}


@dataclass(frozen=True)
class Column:
    """A life-phase column: ``key`` is the phase id (or :data:`NO_PHASE`)."""

    key: str
    name: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Band:
    """A horizontal band: a district id, :data:`COMMITTEES` or :data:`NO_DISTRICT`."""

    key: str
    name: str
    y0: float
    y1: float


@dataclass
class MapLayout:
    """Positions of every drawn node plus the guides the page paints behind them."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    offer_column: dict[str, str] = field(default_factory=dict)
    """Offer id -> column key (phase id or :data:`NO_PHASE`)."""
    gap_cells: list[tuple[float, float, float, float]] = field(default_factory=list)
    """``(x0, y0, x1, y1)`` of each gutter cell holding a gap: painted red on the map."""

    def bounds(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` covering nodes, band names and column headers."""
        xs = [x for x, _ in self.positions.values()] + [c.x1 for c in self.columns] + [0.0]
        ys = [y for _, y in self.positions.values()] + [b.y1 for b in self.bands] + [HEADER]
        return (0.0, HEADER, max(xs) + OFFER_DX / 2, max(ys) + 20)


def gap_node_id(gap: TransitionGap) -> str:
    """The map's node id for a gap; ``#`` and ``/`` never occur in entity ids."""
    return f"#luecke/{gap.district}/{gap.transition}"


def ordered_phases(G: nx.MultiDiGraph) -> list[str]:
    """Life-phase ids along the life course (``order``, then id)."""

    def key(p: str) -> tuple[float, str]:
        order = G.nodes[p].get("order")
        return (order if order is not None else math.inf, p)

    return sorted(nodes_with_label(G, Label.LIFE_PHASE), key=key)


def _district_order(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """District id -> depth-first index (roots and siblings by name) and -> depth."""
    districts = nodes_with_label(G, Label.DISTRICT)
    is_district = set(districts)
    parent = {d: next((p for p in targets(G, d, RelType.PART_OF) if p in is_district), None) for d in districts}
    children: dict[str | None, list[str]] = defaultdict(list)
    for d in districts:
        children[parent[d]].append(d)

    def by_name(d: str) -> tuple[str, str]:
        return (str(G.nodes[d].get("name") or d).casefold(), d)

    index: dict[str, int] = {}
    depth: dict[str, int] = {}
    stack = [(d, 0) for d in sorted(children[None], key=by_name, reverse=True)]
    while stack:
        d, level = stack.pop()
        if d in index:
            continue
        index[d], depth[d] = len(index), level
        stack.extend((c, level + 1) for c in sorted(children[d], key=by_name, reverse=True))
    for d in districts:  # a PART_OF cycle in bad data leaves districts unreached
        index.setdefault(d, len(index))
        depth.setdefault(d, 0)
    return index, depth


def _band_name(G: nx.MultiDiGraph, key: str, gaps: Sequence[TransitionGap]) -> str:
    if key == COMMITTEES:
        return "Gremien und Arbeitsgemeinschaften"
    if key == NO_DISTRICT:
        return "ohne Sozialraum"
    if key in G:
        name = str(G.nodes[key].get("name") or key)
        kind = _DISTRICT_KIND_DE.get(G.nodes[key].get("kind"))
        return f"{name} ({kind})" if kind else name
    return next((g.district_name for g in gaps if g.district == key), key)


def _pack_rows(items: list[tuple[float, str]], spacing: float = ACTOR_DX) -> list[list[tuple[float, str]]]:
    """Greedy rows for actors wanting x positions: few rows, small shifts, no overlap."""
    rows: list[list[tuple[float, str]]] = []
    for want, node in sorted(items):
        options = [(max(want, row[-1][0] + spacing), r) for r, row in enumerate(rows)]
        fitting = [(x, r) for x, r in options if x - want <= spacing * 0.75]
        if fitting:
            x, r = fitting[0]
        elif len(rows) < MAX_ACTOR_ROWS:
            rows.append([(want, node)])
            continue
        else:
            x, r = min(options)
        rows[r].append((x, node))
    return rows


def compute_layout(G: nx.MultiDiGraph, gaps: Sequence[TransitionGap] = ()) -> MapLayout:
    """Positions for actors, offers and gap markers of ``G`` (see the module docstring).

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("a", "Actor", {"id": "a", "name": "AWO"}),
    ...                  ("o", "Offer", {"id": "o", "title": "Elterncafé"})],
    ...                 [("a", "o", "PROVIDES", {"role": "lead"})])
    >>> layout = compute_layout(G)
    >>> sorted(layout.positions), layout.offer_column["o"]
    (['a', 'o'], '#ohne-lebensphase')
    """
    layout = MapLayout()
    actors = nodes_with_label(G, Label.ACTOR)
    offers = nodes_with_label(G, Label.OFFER)
    phases = ordered_phases(G)
    phase_rank = {p: i for i, p in enumerate(phases)}
    district_index, district_depth = _district_order(G)

    # --- offers: column and band -------------------------------------------------
    offer_band: dict[str, str] = {}
    for o in offers:
        own = [p for p in targets(G, o, RelType.FOR_PHASE) if p in phase_rank]
        if not own:  # a bridging offer without phases belongs where its transition starts
            own = [p for t in targets(G, o, RelType.BRIDGES) for p in targets(G, t, RelType.FROM_PHASE) if p in phase_rank]
        layout.offer_column[o] = min(own, key=phase_rank.__getitem__) if own else NO_PHASE
        districts = [d for d in targets(G, o, RelType.IN_DISTRICT) if d in district_index]
        offer_band[o] = (
            min(districts, key=lambda d: (-district_depth[d], district_index[d])) if districts else NO_DISTRICT
        )

    column_keys = list(phases) + ([NO_PHASE] if NO_PHASE in layout.offer_column.values() else [])
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for o in sorted(offers, key=lambda o: (str(G.nodes[o].get("title") or "").casefold(), o)):
        cells[(offer_band[o], layout.offer_column[o])].append(o)

    # --- columns: width from the fullest cell -------------------------------------
    x = LABEL_MARGIN + GUTTER
    per_row: dict[str, int] = {}
    for key in column_keys:
        fullest = max((len(v) for (_, c), v in cells.items() if c == key), default=0)
        # landscape cells (about 2:1), so the whole map fits a projector's 16:10
        per_row[key] = min(8, max(3, math.ceil(math.sqrt(2 * fullest))))
        width = per_row[key] * OFFER_DX
        name = str(G.nodes[key].get("name") or key) if key in G else "ohne Lebensphase"
        layout.columns.append(Column(key, name, x, x + width))
        x += width + GUTTER
    column_by_key = {c.key: c for c in layout.columns}
    first_x = LABEL_MARGIN + GUTTER

    offer_x: dict[str, float] = {}
    offer_row: dict[str, int] = {}
    for (_, key), members in cells.items():
        col = column_by_key[key]
        for i, o in enumerate(members):
            offer_x[o] = col.x0 + OFFER_DX / 2 + (i % per_row[key]) * OFFER_DX
            offer_row[o] = i // per_row[key]

    # --- actors: band and wanted x ------------------------------------------------
    is_actor = set(actors)
    committees = {a for a in actors if G.nodes[a].get("kind") == ActorKind.COMMITTEE}
    want: dict[str, float] = {}
    band_of: dict[str, str] = {}
    for a in actors:
        own = [o for o in targets(G, a, RelType.PROVIDES) if o in offer_x]
        if own:
            want[a] = sum(offer_x[o] for o in own) / len(own)
    partners = {
        a: sorted(
            {n for n in (*targets(G, a, RelType.COOPERATES_WITH), *sources(G, a, RelType.COOPERATES_WITH),
                         *targets(G, a, RelType.PART_OF), *sources(G, a, RelType.PART_OF)) if n in is_actor}
        )
        for a in actors
        if a not in want
    }
    for _ in range(2):  # partners of partners get a place on the second sweep
        for a in actors:
            if a in want or a in committees:
                continue
            placed = [want[p] for p in partners[a] if p in want]
            if placed:
                want[a] = sum(placed) / len(placed)
    for c in sorted(committees):
        members = [want[m] for m in sources(G, c, RelType.MEMBER_OF) if m in want]
        if members:
            want[c] = sum(members) / len(members)
        else:
            want.pop(c, None)

    known_bands = set(offer_band.values()) | {g.district for g in gaps}
    for a in actors:
        if a in committees:
            band_of[a] = COMMITTEES
            continue
        located = [d for d in targets(G, a, RelType.LOCATED_IN) if d in district_index]
        votes = Counter(offer_band[o] for o in targets(G, a, RelType.PROVIDES) if o in offer_band)
        if located:
            band_of[a] = located[0]
        elif votes:
            top = max(votes.values())
            band_of[a] = min((b for b, n in votes.items() if n == top), key=lambda b: district_index.get(b, math.inf))
        else:
            band_of[a] = NO_DISTRICT
        known_bands.add(band_of[a])
    if committees:
        known_bands.add(COMMITTEES)

    def band_rank(key: str) -> tuple[int, float, str]:
        if key == COMMITTEES:
            return (0, 0, key)
        if key == NO_DISTRICT:
            return (2, 0, key)
        return (1, district_index.get(key, math.inf), key)

    # --- gaps: the gutter between the two phases they join ------------------------
    gap_slots: dict[tuple[str, float], list[str]] = defaultdict(list)
    for gap in sorted(gaps, key=lambda g: (g.district, g.transition)):
        if gap.from_phase in column_by_key:
            gx = column_by_key[gap.from_phase].x1 + GUTTER / 2
        elif gap.to_phase in column_by_key:
            gx = column_by_key[gap.to_phase].x0 - GUTTER / 2
        else:
            gx = first_x - GUTTER / 2
        gap_slots[(gap.district, gx)].append(gap_node_id(gap))

    # --- bands top to bottom ------------------------------------------------------
    y = 0.0
    for key in sorted(known_bands, key=band_rank):
        members = sorted(a for a in actors if band_of[a] == key)
        spacing = COMMITTEE_DX if key == COMMITTEES else ACTOR_DX
        rows = _pack_rows([(want[a], a) for a in members if a in want], spacing)
        loose = [a for a in members if a not in want]
        for i in range(0, len(loose), UNPLACED_PER_ROW):
            rows.append([(first_x + OFFER_DX / 2 + j * spacing, a) for j, a in enumerate(loose[i : i + UNPLACED_PER_ROW])])
        for r, row in enumerate(rows):
            for ax, a in row:
                layout.positions[a] = (round(ax, 1), round(y + BAND_PAD + r * ROW_DY, 1))
        offers_top = y + BAND_PAD + len(rows) * ROW_DY
        offer_rows = max((offer_row[o] + 1 for o in offers if offer_band[o] == key), default=0)
        for o in offers:
            if offer_band[o] == key:
                layout.positions[o] = (round(offer_x[o], 1), round(offers_top + offer_row[o] * ROW_DY, 1))
        stack = max((len(v) for (d, _), v in gap_slots.items() if d == key), default=0)
        middle = offers_top + max(offer_rows - stack, 0) * ROW_DY / 2
        for (d, gx), ids in gap_slots.items():
            if d == key:
                for i, gid in enumerate(ids):
                    layout.positions[gid] = (round(gx, 1), round(middle + i * ROW_DY, 1))
        height = BAND_PAD + (len(rows) + max(offer_rows, stack, 1 if not rows else 0)) * ROW_DY
        layout.bands.append(Band(key, _band_name(G, key, gaps), y, y + height))
        layout.gap_cells += [(gx - GUTTER / 2 + 12, y, gx + GUTTER / 2 - 12, y + height) for d, gx in gap_slots if d == key]
        y += height
    return layout
