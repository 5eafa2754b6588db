"""Which offers bridge a transition, and on what evidence: the one rule every analysis uses.

Real offer lists almost never name a transition. They carry life phases (flags such as
"0-5" / "6-13", school types) or age ranges ("3 bis 6 Jahre"). So an offer *bridges* the
transition from phase A to phase B when

* ``tagged``: it is tagged with the transition (BRIDGES), or
* ``keyword``: its title or description names the step (the transition's own
  ``keywords``, or "Übergang"/"Übergangsbegleitung" together with the phase on the
  other side, e.g. a Kita offer "Übergang in die Grundschule"), or
* ``spanning``: it serves both A and B – both phases are tagged, or (for an offer
  without phase tags) its age range overlaps both phases' age ranges (``age_min < B.age_min < age_max`` for adjacent
  phases), so the same people accompany the child across the step. Three kinds of
  offer are there on both sides without accompanying anyone across, and do not count:
  general offers for most of childhood (more than ``MAX_SPANNING_PHASES`` = 3 life
  phases, e.g. a Familienpass 0–16; a Kita with Hort, 0–10, still counts), one-off events and network meetings (kind ``event`` or
  ``network_meeting``), and offers for professionals (target group "Fachkräfte",
  "Lehrkräfte", …). They are still named when a gap is explained.

For a district, a fourth, weaker kind of evidence exists:

* ``cooperation``: the providers of active offers for A and for B there are the same
  actor or cooperate (COOPERATES_WITH) – the chain-continuity view of a transition.

The strictness is one parameter, ``evidence``: ``"tagged"`` accepts only tags,
``"spanning"`` (the default) accepts tags, keywords and offers serving both sides – what a
Präventionskette means by an accompanied transition (Übergangsbegleitung) – and
``"cooperation"`` also accepts cooperating providers of both sides. Gaps, topic gaps,
chain continuity, what-if and the map all read phases and bridges through this module,
so they never contradict each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

import networkx as nx

from graph.model import Label, OfferStatus, RelType
from graph.projection import nodes_with_label, sources, targets

EvidenceLevel = Literal["tagged", "spanning", "cooperation"]
DEFAULT_EVIDENCE: EvidenceLevel = "spanning"


class Evidence(StrEnum):
    """Why an offer (or a pair of providers) counts as bridging a transition."""

    TAGGED = "tagged"
    KEYWORD = "keyword"
    SPANNING = "spanning"
    COOPERATION = "cooperation"


EVIDENCE_DE = {
    Evidence.TAGGED: "als Übergangsangebot eingetragen",
    Evidence.KEYWORD: "nennt den Übergang in Titel oder Beschreibung",
    Evidence.SPANNING: "richtet sich an beide Lebensphasen",
    Evidence.COOPERATION: "Träger beider Seiten kooperieren",
}

ACCEPTED: dict[str, frozenset[Evidence]] = {
    "tagged": frozenset({Evidence.TAGGED}),
    "spanning": frozenset({Evidence.TAGGED, Evidence.KEYWORD, Evidence.SPANNING}),
    "cooperation": frozenset({Evidence.TAGGED, Evidence.KEYWORD, Evidence.SPANNING, Evidence.COOPERATION}),
}

MAX_SPANNING_PHASES = 3
_NOT_ACCOMPANYING_KINDS = {"event", "network_meeting"}
_PROFESSIONALS = re.compile(r"fachkr(ä|ae)ft|lehrkr(ä|ae)ft|fachleute|multiplikator|politik|fortbildung", re.I)

_GENERIC = ("übergang", "uebergang", "übergänge", "übergangsbegleitung", "übergangsmanagement", "brückenangebot")
_STOP = {"und", "oder", "der", "die", "das", "von", "nach", "zur", "zum", "mit", "jahre", "jahren", "alter", "phase"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zäöüß]{3,}", text.lower()) if w not in _STOP}


@dataclass
class TransitionFrame:
    """One transition with what the rule needs: its phases, their ages, its words."""

    id: str
    from_phase: str | None
    to_phase: str | None
    boundary: float | None
    """Age at which the later phase starts (its ``age_min``), if known."""
    keywords: tuple[str, ...]
    from_words: set[str] = field(default_factory=set)
    to_words: set[str] = field(default_factory=set)


def phase_ages(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Age range of every life phase that has one."""
    result = {}
    for p in nodes_with_label(G, Label.LIFE_PHASE):
        lo, hi = G.nodes[p].get("age_min"), G.nodes[p].get("age_max")
        if lo is not None and hi is not None and hi > lo:
            result[p] = (float(lo), float(hi))
    return result


def offer_phases(G: nx.MultiDiGraph, offer: str, ages: dict[str, tuple[float, float]]) -> set[str]:
    """The life phases an offer serves: the tagged ones, else those its age range overlaps.

    Tags are the more precise statement (a list that has them says which phases it
    means); the age range is read only for offers without tags. It overlaps a phase when
    they share more than a point, so "3 bis 6 Jahre" serves the Kita phase (3–6) and not
    the primary-school phase (6–10).

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("a", "LifePhase", {"id": "a", "name": "Kita", "order": 1, "age_min": 3, "age_max": 6}),
    ...      ("b", "LifePhase", {"id": "b", "name": "Grundschule", "order": 2, "age_min": 6, "age_max": 10}),
    ...      ("o", "Offer", {"id": "o", "title": "Lesepaten", "age_min": 5, "age_max": 8})], [])
    >>> sorted(offer_phases(G, "o", phase_ages(G)))
    ['a', 'b']
    """
    phases = set(targets(G, offer, RelType.FOR_PHASE))
    if phases:
        return phases
    return phases_for_ages(G.nodes[offer].get("age_min"), G.nodes[offer].get("age_max"), ages)


def phases_for_ages(lo: float | None, hi: float | None, ages: dict[str, tuple[float, float]]) -> set[str]:
    """The phases an age range ``lo``–``hi`` overlaps by more than a point (a single age: its phase).

    Examples
    --------
    >>> ages = {"p3-6": (3.0, 6.0), "p6-10": (6.0, 10.0)}
    >>> sorted(phases_for_ages(3, 6, ages)), sorted(phases_for_ages(5, None, ages)), phases_for_ages(None, None, ages)
    (['p3-6'], ['p3-6', 'p6-10'], set())
    """
    if lo is None and hi is None:
        return set()
    low = float(lo) if lo is not None else 0.0
    high = float(hi) if hi is not None else 120.0
    return {p for p, (plo, phi) in ages.items()
            if min(high, phi) - max(low, plo) > 0 or (low == high and plo <= low < phi)}


def accompanies(G: nx.MultiDiGraph, offer: str, phases: set[str]) -> bool:
    """Whether an offer serving ``phases`` can accompany a child across a step it spans.

    False for general offers (more than :data:`MAX_SPANNING_PHASES` phases), one-off
    events and network meetings, and offers whose target group is professionals.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("o", kind="group", target_group="Kinder von 4 bis 8 Jahren")
    >>> G.add_node("f", kind="counselling", target_group="Fachkräfte in Kita und Schule")
    >>> accompanies(G, "o", {"p3-6", "p6-10"}), accompanies(G, "f", {"p3-6", "p6-10"})
    (True, False)
    """
    data = G.nodes[offer]
    if len(phases) > MAX_SPANNING_PHASES or data.get("kind") in _NOT_ACCOMPANYING_KINDS:
        return False
    return not _PROFESSIONALS.search(str(data.get("target_group") or ""))


def transition_frames(G: nx.MultiDiGraph) -> dict[str, TransitionFrame]:
    """Every transition with its phases, boundary age and the words that name it."""
    frames = {}
    for t in nodes_with_label(G, Label.TRANSITION):
        data = G.nodes[t]
        a = next(iter(targets(G, t, RelType.FROM_PHASE)), None)
        b = next(iter(targets(G, t, RelType.TO_PHASE)), None)
        boundary = G.nodes[b].get("age_min") if b is not None else None
        name = str(data.get("name") or "")
        parts = re.split(r"→|->|–|—|\bzu\b|/", name)
        from_words = _words(parts[0]) if len(parts) > 1 else set()
        to_words = _words(parts[-1]) if len(parts) > 1 else set()
        if a is not None:
            from_words |= _words(str(G.nodes[a].get("name") or ""))
        if b is not None:
            to_words |= _words(str(G.nodes[b].get("name") or ""))
        keywords = tuple(k.lower() for k in (data.get("keywords") or ()) if k)
        frames[t] = TransitionFrame(t, a, b, boundary, keywords, from_words, to_words)
    return frames


def _keyword_evidence(text: str, frame: TransitionFrame, served: set[str]) -> bool:
    if not text or (served and not served & {frame.from_phase, frame.to_phase}):
        return False  # an offer for other phases does not accompany this step, whatever it says
    if any(k in text for k in frame.keywords):
        return True
    if not any(g in text for g in _GENERIC):
        return False
    words = _words(text)
    if frame.from_phase in served:
        return bool(words & (frame.to_words - frame.from_words))
    if frame.to_phase in served:
        return bool(words & (frame.from_words - frame.to_words))
    return bool(words & frame.from_words) and bool(words & frame.to_words)


@dataclass
class BridgeIndex:
    """Phases per offer and, per transition, the offers bridging it with their evidence."""

    phases: dict[str, set[str]]
    """offer id -> phases it serves (tagged or by age)."""
    bridges: dict[str, dict[str, Evidence]]
    """transition id -> {offer id: strongest evidence}; only evidence the level accepts."""
    frames: dict[str, TransitionFrame]
    evidence: str


def bridge_index(G: nx.MultiDiGraph, *, evidence: str = DEFAULT_EVIDENCE) -> BridgeIndex:
    """Classify every offer against every transition under one evidence level.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph.
    evidence : {"tagged", "spanning", "cooperation"}
        How strict the rule is (see the module docstring). Offer evidence is the same
        for "spanning" and "cooperation"; cooperation is judged per district by the
        callers (:func:`cooperating_sides`).

    Returns
    -------
    BridgeIndex

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph(
    ...     [("a", "LifePhase", {"id": "a", "name": "Kita", "order": 1, "age_min": 3, "age_max": 6}),
    ...      ("b", "LifePhase", {"id": "b", "name": "Grundschule", "order": 2, "age_min": 6, "age_max": 10}),
    ...      ("ab", "Transition", {"id": "ab", "name": "Kita → Grundschule"}),
    ...      ("o", "Offer", {"id": "o", "title": "Lesepaten", "age_min": 5, "age_max": 8})],
    ...     [("ab", "a", "FROM_PHASE", {}), ("ab", "b", "TO_PHASE", {})])
    >>> bridge_index(G).bridges["ab"]
    {'o': <Evidence.SPANNING: 'spanning'>}
    >>> bridge_index(G, evidence="tagged").bridges["ab"]
    {}

    Notes
    -----
    O(O * (P + T)) for O offers, P phases and T transitions.
    """
    if evidence not in ACCEPTED:
        raise ValueError(f"unknown evidence level {evidence!r}")
    accepted = ACCEPTED[evidence]
    frames = transition_frames(G)
    phases = served_phases(G)
    bridges: dict[str, dict[str, Evidence]] = {t: {} for t in frames}
    for o, served in phases.items():
        tagged = set(targets(G, o, RelType.BRIDGES))
        can_span = Evidence.SPANNING in accepted and accompanies(G, o, served)
        text = None
        for t, frame in frames.items():
            if t in tagged:
                kind = Evidence.TAGGED
            elif can_span and frame.from_phase in served and frame.to_phase in served:
                kind = Evidence.SPANNING
            elif Evidence.KEYWORD in accepted:
                if text is None:
                    data = G.nodes[o]
                    text = f"{data.get('title') or ''} {data.get('description') or ''}".lower()
                if not _keyword_evidence(text, frame, served):
                    continue
                kind = Evidence.KEYWORD
            else:
                continue
            if kind in accepted:
                bridges[t][o] = kind
    return BridgeIndex(phases=phases, bridges=bridges, frames=frames, evidence=evidence)


def served_phases(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Offer id -> the life phases it serves (:func:`offer_phases`), for every offer."""
    ages = phase_ages(G)
    return {o: offer_phases(G, o, ages) for o in nodes_with_label(G, Label.OFFER)}


def phase_offers_by_leaf(
    G: nx.MultiDiGraph, phases_of: Mapping[str, set[str]], under: dict[str, list[str]], *, active_only: bool = True
) -> dict[tuple[str, str], list[str]]:
    """(Stadtteil, phase) -> offers made for that phase there, sorted (active ones by default).

    Only offers that could accompany a child (:func:`accompanies`) count: a Familienpass
    for all ages, a Fachtag or a counselling service for professionals is no side of a
    step, and its provider is no link of the chain.
    """
    result: dict[tuple[str, str], list[str]] = {}
    for o, phases in phases_of.items():
        if active_only and G.nodes[o].get("status") != OfferStatus.ACTIVE:
            continue
        if not accompanies(G, o, phases):
            continue
        leaves = {leaf for d in targets(G, o, RelType.IN_DISTRICT) for leaf in under.get(d, ())}
        for leaf in leaves:
            for p in phases:
                result.setdefault((leaf, p), []).append(o)
    for offers in result.values():
        offers.sort()
    return result


def cooperation_partners(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Actor -> actors it cooperates with (COOPERATES_WITH read undirected)."""
    partners: dict[str, set[str]] = {}
    for u, v, k in G.edges(keys=True):
        if k == RelType.COOPERATES_WITH:
            partners.setdefault(u, set()).add(v)
            partners.setdefault(v, set()).add(u)
    return partners


def providers_of(G: nx.MultiDiGraph, offers: Iterable[str]) -> list[str]:
    """The providers of these offers, sorted."""
    return sorted({a for o in offers for a in sources(G, o, RelType.PROVIDES)})


def cooperating_sides(
    left: Iterable[str], right: Iterable[str], partners: dict[str, set[str]], *, limit: int = 5
) -> list[tuple[str, str]]:
    """(left provider, right provider) pairs that coincide or cooperate, sorted, at most ``limit``.

    Examples
    --------
    >>> cooperating_sides(["kita"], ["gs", "ogs"], {"kita": {"gs"}})
    [('kita', 'gs')]
    """
    right_set = set(right)
    return sorted((x, y) for x in left for y in ({x} | partners.get(x, set())) & right_set)[:limit]
