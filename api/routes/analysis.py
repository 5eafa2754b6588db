"""Analyses on the projected graph, the same functions the CLI calls."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from graph import texts
from graph.analysis.chain import ChainLink, chain_continuity
from graph.analysis.duplicates import (
    ActorMergeProposal,
    DuplicateOfferCluster,
    find_duplicate_actors,
    find_duplicate_offers,
)
from graph.analysis.gaps import (
    TopicGap,
    TransitionCoverage,
    TransitionGap,
    find_topic_gaps,
    gap_from_coverage,
    rank_gaps,
    transition_coverage,
)
from graph.analysis.parallels import (
    ParallelCommittees,
    ParallelOffers,
    find_parallel_committees,
    find_parallel_offers,
)
from graph.analysis.recommend import Recommendation, recommend_contacts
from graph.analysis.roles import NetworkRoles, network_roles
from graph.analysis.whatif import WhatIfResult, what_if_removed
from graph.errors import NotFound
from graph.model import Label

from api.deps import GraphDep

router = APIRouter(prefix="/api/analysis", tags=["Analysen"])

DistrictFilter = Annotated[
    str | None, Query(description="Sozialraum-ID; ein Stadtbezirk oder die Stadt schließt ihre Stadtteile ein")
]


Evidence = Annotated[
    Literal["tagged", "spanning", "cooperation"],
    Query(description=(
        "Was als Begleitung eines Übergangs zählt: tagged = nur als Übergangsangebot eingetragene Angebote; "
        "spanning = auch Angebote, die den Übergang im Titel nennen oder sich an beide Lebensphasen richten "
        "(Standard); cooperation = auch kooperierende Träger beider Seiten"
    )),
]


class GapsOut(BaseModel):
    """Transition gaps with the numbers a council report quotes."""

    gaps: list[TransitionGap]
    checked: int
    """How many (district, transition) pairs were examined."""
    covered: int
    """How many of them at least one active offer bridges."""
    summary: str


class ParallelsOut(BaseModel):
    """Both kinds of parallel structures."""

    offers: list[ParallelOffers]
    committees: list[ParallelCommittees]


def _check_district(G: GraphDep, district: str | None) -> None:
    if district is not None and G.nodes.get(district, {}).get("label") != Label.DISTRICT:
        raise NotFound(texts.NOT_FOUND.format(what="Sozialraum", id=district))


@router.get("/gaps", response_model=GapsOut)
def gaps(
    G: GraphDep,
    district: DistrictFilter = None,
    sort: Annotated[
        Literal["priority", "district"],
        Query(description="priority: nach Bedarf (Kinder × Armutsquote) zuerst; district: nach Sozialraum"),
    ] = "priority",
    evidence: Evidence = "spanning",
) -> GapsOut:
    """Transitions that no active offer bridges, per Stadtteil, need-weighted, with German explanations."""
    _check_district(G, district)
    districts = [district] if district else None
    coverage = transition_coverage(G, districts=districts, evidence=evidence)
    found = [gap_from_coverage(G, c) for c in coverage if not c.covered]
    if sort == "priority":
        found = rank_gaps(found)
    covered = sum(c.covered for c in coverage)
    summary = texts.GAPS_SUMMARY.format(checked=len(coverage), covered=covered, gaps=len(found))
    return GapsOut(gaps=found, checked=len(coverage), covered=covered, summary=summary)


@router.get("/coverage", response_model=list[TransitionCoverage])
def coverage(
    G: GraphDep, district: DistrictFilter = None, evidence: Evidence = "spanning"
) -> list[TransitionCoverage]:
    """For every Stadtteil and transition, the active offers that bridge it and on what evidence."""
    _check_district(G, district)
    return transition_coverage(G, districts=[district] if district else None, evidence=evidence)


@router.get("/topic-gaps", response_model=list[TopicGap])
def topic_gaps(G: GraphDep, district: DistrictFilter = None, evidence: Evidence = "spanning") -> list[TopicGap]:
    """Transitions a Stadtteil accompanies for fewer topics than other Stadtteile do."""
    _check_district(G, district)
    return find_topic_gaps(G, districts=[district] if district else None, evidence=evidence)


@router.get("/chain", response_model=list[ChainLink])
def chain(
    G: GraphDep,
    district: DistrictFilter = None,
    broken_only: Annotated[bool, Query(description="nur Stellen, an denen die Kette reißt")] = False,
) -> list[ChainLink]:
    """Chain continuity: are providers of consecutive phases' offers working together?"""
    _check_district(G, district)
    links = chain_continuity(G, districts=[district] if district else None)
    return [link for link in links if not (broken_only and link.linked)]


@router.get("/parallels", response_model=ParallelsOut)
def parallels(
    G: GraphDep,
    max_steps: Annotated[int, Query(ge=0, le=5, description="Kooperationsschritte, die als verbunden gelten")] = 2,
    member_threshold: Annotated[float, Query(ge=0, le=1, description="Mindest-Jaccard der Mitglieder")] = 0.6,
    topic_threshold: Annotated[float, Query(ge=0, le=1, description="Mindest-Jaccard der Mandatsthemen")] = 0.5,
) -> ParallelsOut:
    """Parallel structures: unconnected providers of the same offers, and overlapping committees."""
    return ParallelsOut(
        offers=find_parallel_offers(G, max_steps=max_steps),
        committees=find_parallel_committees(G, member_threshold=member_threshold, topic_threshold=topic_threshold),
    )


@router.get("/roles", response_model=NetworkRoles)
def roles(
    G: GraphDep,
    top: Annotated[int, Query(ge=1, le=200, description="wie viele Vermittler, Schwachstellen und Brücken")] = 10,
) -> NetworkRoles:
    """Network roles: brokers, single points of failure, silos, cross-department share, isolated actors."""
    return network_roles(G, top=top)


@router.get("/recommendations", response_model=list[Recommendation])
def recommendations(
    G: GraphDep, top: Annotated[int, Query(ge=1, le=200, description="wie viele Vorschläge")] = 10
) -> list[Recommendation]:
    """Actor pairs that should talk: same phase, topic and district, no link yet (workshop prompts)."""
    return recommend_contacts(G, top=top)


@router.get("/what-if", response_model=WhatIfResult)
def what_if(
    G: GraphDep,
    actor: Annotated[list[str], Query(description="Akteurs-ID(s), die wegfallen")] = [],  # noqa: B006
    offer: Annotated[list[str], Query(description="Angebots-ID(s), die wegfallen")] = [],  # noqa: B006
    evidence: Evidence = "spanning",
) -> WhatIfResult:
    """What if these actors or offers were gone: which gaps open, which ties are lost."""
    return what_if_removed(G, actors=actor, offers=offer, evidence=evidence)


@router.get("/duplicates", response_model=list[DuplicateOfferCluster])
def duplicates(
    G: GraphDep,
    threshold: Annotated[float, Query(ge=0, le=1, description="Mindestwert (0–1), ab dem ein Paar als Dopplung gilt")] = 0.5,
    active_only: Annotated[bool, Query(description="nur laufende Angebote vergleichen")] = False,
) -> list[DuplicateOfferCluster]:
    """Duplicate offers (Dopplungen): clusters of offers that are in substance the same, with German reasons."""
    return find_duplicate_offers(G, threshold=threshold, active_only=active_only)


@router.get("/duplicate-actors", response_model=list[ActorMergeProposal])
def duplicate_actors(
    G: GraphDep,
    threshold: Annotated[float, Query(ge=0, le=1, description="Mindestwert (0–1) für einen Vorschlag")] = 0.5,
) -> list[ActorMergeProposal]:
    """Actors entered twice, with a merge proposal (merging is a separate step: POST /api/actors/merge)."""
    return find_duplicate_actors(G, threshold=threshold)
