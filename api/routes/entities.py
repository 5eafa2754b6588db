"""Actors and offers: list with filters and pagination, fetch one."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from graph import texts
from graph.model import Actor, ActorKind, Offer, Sector

from api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["Akteure und Angebote"])

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=1000, description="Höchstzahl der Einträge je Seite")]
MAX_OFFSET = 1_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Wie viele Einträge übersprungen werden")]


class PageOut(BaseModel, Generic[T]):
    """One page of a listing."""

    items: list[T]
    total: int
    limit: int
    offset: int


@router.get("/actors", response_model=PageOut[Actor])
def list_actors(
    store: StoreDep,
    kind: ActorKind | None = None,
    sector: Sector | None = None,
    district: Annotated[str | None, Query(description="Sozialraum-ID (mit allen Teilräumen)")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[Actor]:
    """List actors (Akteure), optionally by kind, sector or district where they sit."""
    page = store.list_actors(
        kind=kind.value if kind else None, sector=sector.value if sector else None,
        district=district, limit=limit, offset=offset,
    )
    return PageOut[Actor](items=page.items, total=page.total, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", response_model=Actor)
def get_actor(actor_id: str, store: StoreDep) -> Actor:
    """One actor (Akteur) with what it is part of and where it sits."""
    return store.get_actor(actor_id)


@router.get("/offers", response_model=PageOut[Offer])
def list_offers(
    store: StoreDep,
    phase: Annotated[str | None, Query(description="Lebensphasen-ID, z. B. p3-6")] = None,
    topic: Annotated[str | None, Query(description="Themen-ID, z. B. sprache")] = None,
    district: Annotated[
        str | None, Query(description="Sozialraum-ID: Angebote dort, in Teilräumen oder für die ganze Stadt")
    ] = None,
    provider: Annotated[str | None, Query(description="Akteurs-ID eines Trägers")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PageOut[Offer]:
    """List offers (Angebote) matching every given filter, sorted by id."""
    page = store.list_offers(
        phase=phase, topic=topic, district=district, provider=provider, limit=limit, offset=offset
    )
    return PageOut[Offer](items=page.items, total=page.total, limit=limit, offset=offset)


@router.get("/offers/{offer_id}", response_model=Offer)
def get_offer(offer_id: str, store: StoreDep) -> Offer:
    """One offer (Angebot) with providers, phases, transitions, topics and districts."""
    return store.get_offer(offer_id)


class MergeRequest(BaseModel):
    """Which actor to keep and which to merge into it."""

    keep: str = Field(description="ID des Akteurs, der bleibt")
    merge: str = Field(description="ID des Akteurs, der in ihm aufgeht")
    force: bool = Field(False, description="auch Akteure verschiedener Art zusammenführen")


class MergeOut(BaseModel):
    """What a merge did."""

    keep: str
    merged: str
    relationships_moved: int
    explanation: str


@router.post(
    "/actors/merge",
    response_model=MergeOut,
    responses={
        404: {"description": "Einen der Akteure gibt es nicht"},
        409: {"description": "Ein Akteur wurde inzwischen gelöscht oder zusammengeführt; nichts geändert"},
        422: {"description": "Derselbe Akteur zweimal, oder verschiedene Arten ohne force"},
    },
)
def merge_actors(request: MergeRequest, store: StoreDep) -> MergeOut:
    """Merge one actor into another in one transaction (all relations move to the kept one)."""
    summary = store.merge_actors(request.keep, request.merge, force=request.force)
    return MergeOut(
        keep=summary.keep,
        merged=summary.merged,
        relationships_moved=summary.relationships_moved,
        explanation=texts.MERGED.format(merged=summary.merged, keep=summary.keep, moved=summary.relationships_moved),
    )
