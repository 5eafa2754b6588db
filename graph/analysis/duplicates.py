"""Duplicates (Dopplungen): offers that are in substance the same, actors entered twice.

**Offers.** Two offers are duplicates when they do the same thing for the same people in
the same place: similar title and description (normalised, see
:mod:`graph.analysis.normalise`), overlapping life phases, the same districts, topics,
target group and age range. They are often reported by different providers. Each pair is
compared by the :data:`OFFER_COMPARISONS` (splink-style levels, see
:mod:`graph.analysis.matching`); the levels a pair reaches are its German reasons.
Different or nested districts (a city-wide offer and one in a Stadtteil), disjoint life
phases and titles less than 70 % alike *veto* a pair, so a generic title alone
("Sportplatz", "Elterncafé") never makes two offers in different districts duplicates;
titles that name different things ("Kita Sonnenschein" / "Kita Regenbogen") or share only
generic words ("Familienzentrum") weigh strongly against. Matched pairs are joined into
clusters (connected components).

Candidate pairs come from **blocking**, never from all pairs: offers sharing a district and
a life phase (the vetoes make this exact for offers with districts and phases), plus offers
lacking either, paired through shared rare title words. Inside a block, titles are compared
at once with ``rapidfuzz.process.cdist``; the surviving pairs are weighed in stages with
numpy and ``rapidfuzz.process.cpdist`` from the same :class:`~graph.analysis.matching.Level`
data (context, exact title, exact description), each stage dropping the pairs that can no
longer reach the threshold; each offer keeps at most ``max_candidates`` partners for the
last, per-pair Python comparison (the title-word check) that also writes the reasons.
:func:`naive_duplicate_offers` runs the same comparisons over all pairs.

**Actors.** One organisation entered twice ("AWO OV Nord" / "Arbeiterwohlfahrt Ortsverein
Nord e.V."), via :class:`~graph.analysis.matching.ActorMatcher`. Federation levels
(Kreisverband / Ortsverein), a parent and its PART_OF child, two parishes and generic names
in different districts are never proposed.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from pydantic import BaseModel
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from graph import texts
from graph.analysis.matching import (
    GENERIC_WORDS,
    PARTIAL_MAX_SHARE,
    PARTIAL_MIN_LENGTH,
    ActorMatcher,
    Comparison,
    Level,
    Measure,
    PairScore,
    distinct_tokens,
    normalised_similarity,
    percent,
    score_pair,
)
from graph.analysis.normalise import normalise, tokens, word_tuple
from graph.model import Label, RelType
from graph.projection import nodes_with_label, targets

__all__ = [
    "OFFER_COMPARISONS",
    "ActorMergeProposal",
    "BlockTooLargeWarning",
    "DuplicateOfferCluster",
    "DuplicateOfferPair",
    "find_duplicate_actors",
    "find_duplicate_offers",
    "naive_duplicate_offers",
]


# ---------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------


class DuplicateOfferPair(BaseModel):
    """Two offers that are probably the same offer."""

    a: str
    b: str
    """Offer ids, ``a < b``."""
    a_title: str
    b_title: str
    score: float
    """0–1 (match probability under the comparison weights)."""
    reasons: list[str]
    """German, one per comparison level reached ("Titel zu 87 % ähnlich", ...)."""
    explanation: str


class DuplicateOfferCluster(BaseModel):
    """Offers that are probably one offer entered several times."""

    offers: list[str]
    """Sorted offer ids."""
    titles: list[str]
    """Titles in the order of ``offers``."""
    pairs: list[DuplicateOfferPair]
    """The matched pairs that join the cluster (score descending, then ids)."""
    score: float
    """Mean score of ``pairs``."""
    explanation: str


class ActorMergeProposal(BaseModel):
    """Two actor records that are probably one organisation, and which one to keep."""

    keep: str
    merge: str
    keep_name: str
    merge_name: str
    score: float
    reasons: list[str]
    keep_reason: str
    """Why ``keep`` is kept: more relations, fuller name, fresher last_verified."""
    explanation: str


class BlockTooLargeWarning(UserWarning):
    """A block was too large to compare every pair in it (German message)."""


# ---------------------------------------------------------------------------------------
# offer records and comparisons
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class OfferRecord:
    """An offer prepared for matching."""

    id: str
    title: str
    norm: str
    compact: str
    key: str
    """Sorted distinct title words: reordered titles give the same key."""
    words: frozenset[str]
    description: str | None
    target: str | None
    target_norm: str
    age: tuple[float, float] | None
    kind: str | None
    phases: frozenset[str]
    topics: frozenset[str]
    districts: frozenset[str]
    area: frozenset[str]
    """The districts and every district they lie in."""
    providers: tuple[str, ...]
    names: Mapping[str, str]
    place_words: frozenset[str]
    _context: frozenset[str] | None = field(default=None, repr=False)

    def context(self) -> frozenset[str]:
        """Words of the description and the provider names (they explain title words)."""
        if self._context is None:
            words = set(tokens(self.description))
            for p in self.providers:
                words.update(tokens(self.names.get(p, p)))
            self._context = frozenset(words)
        return self._context


def _names(rec: OfferRecord, ids: Iterable[str]) -> str:
    return ", ".join(sorted(rec.names.get(i, i) for i in ids))


def _set_measure(a: frozenset[str], b: frozenset[str], rec: OfferRecord) -> Measure | None:
    if not a or not b:
        return None
    shared = a & b
    score = 1.0 if a == b else 0.5 if shared else 0.0
    return Measure(score, lambda: {"shared": _names(rec, shared), "a": _names(rec, a), "b": _names(rec, b)})


def _phase_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    return _set_measure(a.phases, b.phases, a)


def _topic_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    return _set_measure(a.topics, b.topics, a)


def _district_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    m = _set_measure(a.districts, b.districts, a)
    if m is None or m.score > 0:
        return m
    if a.districts <= b.area or b.districts <= a.area:  # a city-wide offer and one in a quarter
        inner, outer = (a, b) if a.districts <= b.area else (b, a)
        return Measure(0.25, lambda: {"inner": _names(a, inner.districts), "outer": _names(a, outer.districts)})
    return m


def _title_measure(a: OfferRecord, b: OfferRecord) -> Measure:
    return Measure(normalised_similarity(a.norm, b.norm))


def _title_conflict_measure(a: OfferRecord, b: OfferRecord) -> Measure:
    xa, xb = distinct_tokens(a.words, b.words, a_text=a.compact, b_text=b.compact, a_context=a.context(),
                             b_context=b.context(), ignore=a.place_words)
    if xa and xb:
        return Measure(1.0, {"a_only": ", ".join(xa), "b_only": ", ".join(xb)})
    shared = (a.words & b.words) - a.place_words
    if (xa or xb) and shared and shared <= GENERIC_WORDS:  # "Familienzentrum" / "Kleiderbörse – Familienzentrum"
        return Measure(0.5, {"shared": ", ".join(sorted(shared))})
    return Measure(0.0)


def _description_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if not a.description or not b.description:
        return None
    na, nb = normalise(a.description), normalise(b.description)
    if not na or not nb:
        return None
    return Measure(1.0 if na == nb else min(fuzz.token_set_ratio(na, nb) / 100.0, 0.99))


def _target_score(a_norm: str, b_norm: str) -> float:
    return 1.0 if a_norm == b_norm else min(fuzz.token_set_ratio(a_norm, b_norm) / 100.0, 0.99)


def _target_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if not a.target_norm or not b.target_norm:
        return None
    return Measure(_target_score(a.target_norm, b.target_norm), lambda: {"a": a.target, "b": b.target})


def _age_score(a: tuple[float, float], b: tuple[float, float]) -> float:
    if a == b:
        return 1.0
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0.0
    return min(overlap / (max(a[1], b[1]) - min(a[0], b[0])), 0.99)


def _years(age: tuple[float, float]) -> str:
    show = lambda x: f"{x:g}".replace(".", ",")  # noqa: E731
    return texts.DUP_AGE_YEARS.format(lo=show(age[0]), hi=show(age[1]))


def _age_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if a.age is None or b.age is None:
        return None
    return Measure(_age_score(a.age, b.age), lambda: {"a": _years(a.age), "b": _years(b.age)})


def _kind_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if not a.kind or not b.kind:
        return None
    kd = texts.OFFER_KIND_DE
    return Measure(float(a.kind == b.kind), lambda: {"a": kd.get(a.kind, a.kind), "b": kd.get(b.kind, b.kind)})


def _provider_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    return _set_measure(frozenset(a.providers), frozenset(b.providers), a)


PHASE = Comparison("Lebensphase", _phase_measure, (
    Level(texts.DUP_SAME_PHASE, 1.0, 1.0),
    Level(texts.DUP_SHARED_PHASE, 0.5, 0.5),
    Level(texts.DUP_OTHER_PHASES, None, 0.0, veto=True),
))
DISTRICT = Comparison("Sozialraum", _district_measure, (
    Level(texts.DUP_SAME_DISTRICT, 1.0, 1.5),
    Level(texts.DUP_SHARED_DISTRICT, 0.5, 0.5),
    Level(texts.DUP_NESTED_DISTRICT, 0.25, 0.0, veto=True),
    Level(texts.DUP_OTHER_DISTRICTS, None, 0.0, veto=True),
))
TITLE = Comparison("Titel", _title_measure, (
    Level(texts.DUP_SAME_TITLE, 1.0, 6.0),
    Level(texts.DUP_TITLE_SIMILAR, 0.9, 4.5),
    Level(texts.DUP_TITLE_SIMILAR, 0.8, 2.5),
    Level(texts.DUP_TITLE_WEAK, 0.7, 0.0),
    Level(texts.DUP_TITLE_DIFFERENT, None, 0.0, veto=True),
))
TOPIC = Comparison("Querschnittsthema", _topic_measure, (
    Level(texts.DUP_SAME_TOPIC, 1.0, 1.0),
    Level(texts.DUP_SHARED_TOPIC, 0.5, 0.5),
    Level(texts.DUP_OTHER_TOPICS, None, -2.0),
))
TARGET = Comparison("Zielgruppe", _target_measure, (
    Level(texts.DUP_SAME_TARGET, 1.0, 1.5),
    Level(texts.DUP_TARGET_SIMILAR, 0.8, 1.0),
    Level(None, 0.5, 0.0),
    Level(texts.DUP_OTHER_TARGETS, None, -1.5),
))
AGE = Comparison("Alter", _age_measure, (
    Level(texts.DUP_SAME_AGE, 1.0, 1.0),
    Level(texts.DUP_AGE_OVERLAP, 0.5, 0.3),
    Level(texts.DUP_AGE_OVERLAP, 1e-6, -1.0),
    Level(texts.DUP_AGE_DIFFERENT, None, -4.0),
))
KIND = Comparison("Angebotsform", _kind_measure, (
    Level(texts.DUP_SAME_OFFER_KIND, 1.0, 0.5),
    Level(texts.DUP_OTHER_OFFER_KINDS, None, -1.0),
))
PROVIDERS = Comparison("Träger", _provider_measure, (
    Level(texts.DUP_SAME_PROVIDER, 0.5, 0.5),
    Level(texts.DUP_OTHER_PROVIDERS, None, 0.0),
))
DESCRIPTION = Comparison("Beschreibung", _description_measure, (
    Level(texts.DUP_DESCRIPTION_SIMILAR, 0.8, 3.0),
    Level(texts.DUP_DESCRIPTION_SIMILAR, 0.7, 2.0),
    Level(texts.DUP_DESCRIPTION_SIMILAR, 0.6, 0.5),
    Level(texts.DUP_DESCRIPTION_WEAK, 0.45, -1.0),
    Level(texts.DUP_DESCRIPTION_DIFFERENT, None, -2.5),
))
TITLE_CONFLICT = Comparison("Titelbestandteile", _title_conflict_measure, (
    Level(texts.DUP_TITLE_CONFLICT, 1.0, -8.0),
    Level(texts.DUP_ONLY_GENERIC, 0.5, -5.0),
    Level(None, None, 0.0),
))

OFFER_COMPARISONS: tuple[Comparison[OfferRecord], ...] = (
    PHASE, DISTRICT, TITLE, TOPIC, TARGET, AGE, KIND, PROVIDERS, DESCRIPTION, TITLE_CONFLICT,
)
"""How two offers are compared, cheap and vetoing comparisons first."""

OFFER_PRIOR = -7.0
"""Log2 prior odds that two offers sharing a district and a life phase are one offer."""


# ---------------------------------------------------------------------------------------
# reading the graph
# ---------------------------------------------------------------------------------------


def _display_names(G: nx.MultiDiGraph) -> dict[str, str]:
    wanted = {Label.LIFE_PHASE, Label.DISTRICT, Label.TOPIC, Label.ACTOR}
    return {n: str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("label") in wanted}


def _district_parents(G: nx.MultiDiGraph) -> dict[str, str]:
    parents: dict[str, str] = {}
    for u in nodes_with_label(G, Label.DISTRICT):
        up = targets(G, u, RelType.PART_OF)
        if up:
            parents[u] = up[0]
    return parents


def _area(districts: frozenset[str], parents: Mapping[str, str], cache: dict[frozenset[str], frozenset[str]]) -> frozenset[str]:
    if districts not in cache:
        out = set(districts)
        for d in districts:
            cur = parents.get(d)
            while cur is not None and cur not in out:
                out.add(cur)
                cur = parents.get(cur)
        cache[districts] = frozenset(out)
    return cache[districts]


def offer_records(G: nx.MultiDiGraph, *, active_only: bool = False) -> list[OfferRecord]:
    """The offers of ``G`` prepared for matching, sorted by id.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> G = build_graph([("o", "Offer", {"id": "o", "title": "HA-Hilfe GGS Ostpark"})], [])
    >>> offer_records(G)[0].norm
    'hausaufgabenhilfe gemeinschaftsgrundschule ostpark'
    """
    offers = {n: d for n, d in G.nodes(data=True) if d.get("label") == Label.OFFER}
    if active_only:
        offers = {n: d for n, d in offers.items() if d.get("status", "active") == "active"}
    names = _display_names(G)
    parents = _district_parents(G)
    place_words = frozenset(w for n, d in G.nodes(data=True) if d.get("label") == Label.DISTRICT
                            for w in tokens(str(d.get("name") or n)))
    areas: dict[frozenset[str], frozenset[str]] = {}
    records = []
    phase_rel, topic_rel, district_rel, provides = (str(r) for r in (
        RelType.FOR_PHASE, RelType.ADDRESSES, RelType.IN_DISTRICT, RelType.PROVIDES))
    rel: dict[str, dict[str, list[str]]] = {phase_rel: {}, topic_rel: {}, district_rel: {}, provides: {}}
    for u, v, k in G.edges(keys=True):  # one pass over the edges beats a view per offer
        if k == provides:
            if v in offers:
                rel[k].setdefault(v, []).append(u)
        elif k in rel and u in offers:
            rel[k].setdefault(u, []).append(v)
    none: list[str] = []
    sets: dict[tuple[str, ...], frozenset[str]] = {}  # many offers share the same phases, topics, districts

    def shared(ids: list[str]) -> frozenset[str]:
        key = tuple(ids)
        found = sets.get(key)
        if found is None:
            found = sets[key] = frozenset(ids)
        return found

    for n in sorted(offers):
        d = offers[n]
        r = {k: by_offer.get(n, none) for k, by_offer in rel.items()}
        title = str(d.get("title") or n)
        words = word_tuple(title)
        lo, hi = d.get("age_min"), d.get("age_max")
        age = (float(lo), float(hi)) if lo is not None and hi is not None else None
        if age is None and (lo is not None or hi is not None):
            age = (float(lo if lo is not None else 0), float(hi if hi is not None else 120))
        kind = d.get("kind")
        districts = shared(r[district_rel])
        records.append(OfferRecord(
            id=n, title=title, norm=" ".join(words), compact="".join(words), key=" ".join(sorted(set(words))),
            words=frozenset(words), description=d.get("description"), target=d.get("target_group"),
            target_norm=normalise(d.get("target_group")), age=age, kind=kind if kind != "other" else None,
            phases=shared(r[phase_rel]), topics=shared(r[topic_rel]), districts=districts,
            area=_area(districts, parents, areas), providers=tuple(sorted(set(r[provides]))),
            names=names, place_words=place_words,
        ))
    return records


# ---------------------------------------------------------------------------------------
# blocking and the vectorised bound
# ---------------------------------------------------------------------------------------


def _codes(values: Sequence[object]) -> np.ndarray:
    """Integer code per value (equal values, equal codes); ``None`` and empty sets -1."""
    index: dict[object, int] = {}
    return np.array([-1 if not v else index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _level_weights(comp: Comparison, scores: np.ndarray) -> np.ndarray:
    """The weight of the level each score reaches (vetoes as -inf), vectorised."""
    out = np.full(scores.shape, -np.inf if comp.levels[-1].veto else comp.levels[-1].weight, dtype=np.float32)
    for lv in reversed(comp.levels[:-1]):
        out = np.where(scores >= lv.at_least - 1e-9, -np.inf if lv.veto else lv.weight, out)
    return out


def _pair_table(comp: Comparison, values: Sequence[object], score) -> np.ndarray:
    """Weight of every pair of distinct values, with a last row/column of zeros for 'missing'."""
    n = len(values)
    table = np.zeros((n + 1, n + 1), dtype=np.float32)
    if n:
        scores = np.array([[score(x, y) for y in values] for x in values], dtype=np.float32)
        table[:n, :n] = _level_weights(comp, scores)
    return table


@dataclass
class _Arrays:
    """Per-offer arrays the vectorised bound reads."""

    compact: list[str]
    key: list[str]
    norm: np.ndarray
    compact_obj: np.ndarray
    norm_code: np.ndarray
    compact_code: np.ndarray
    key_code: np.ndarray
    lc: np.ndarray
    lk: np.ndarray
    phase: np.ndarray
    district: np.ndarray
    topic: np.ndarray
    topic_mask: np.ndarray
    target: np.ndarray
    target_table: np.ndarray
    age: np.ndarray
    age_table: np.ndarray
    kind: np.ndarray


def _arrays(records: Sequence[OfferRecord]) -> _Arrays:
    targets = sorted({r.target_norm for r in records if r.target_norm})
    t_index = {t: i for i, t in enumerate(targets)}
    ages = sorted({r.age for r in records if r.age is not None})
    a_index = {a: i for i, a in enumerate(ages)}
    topic_bit = {t: i % 64 for i, t in enumerate(sorted({t for r in records for t in r.topics}))}
    masks = np.array([sum(1 << topic_bit[t] for t in set(r.topics)) for r in records], dtype=np.uint64)
    return _Arrays(
        compact=[r.compact for r in records], key=[r.key for r in records],
        norm=np.array([r.norm for r in records], dtype=object),
        compact_obj=np.array([r.compact for r in records], dtype=object),
        norm_code=_codes([r.norm or None for r in records]), compact_code=_codes([r.compact or None for r in records]),
        key_code=_codes([r.key or None for r in records]),
        lc=np.array([len(r.compact) for r in records], dtype=np.float32),
        lk=np.array([len(r.key) for r in records], dtype=np.float32),
        phase=_codes([r.phases for r in records]), district=_codes([r.districts for r in records]),
        topic=_codes([r.topics for r in records]), topic_mask=masks,
        target=np.array([t_index.get(r.target_norm, len(targets)) for r in records]),
        target_table=_pair_table(TARGET, targets, _target_score),
        age=np.array([a_index.get(r.age, len(ages)) if r.age is not None else len(ages) for r in records]),
        age_table=_pair_table(AGE, ages, _age_score),
        kind=_codes([r.kind for r in records]),
    )


def _title_estimate(ar: _Arrays, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A cheap estimate of :func:`normalised_similarity` for every row × column pair.

    From the LCS of the compact titles and of the sorted word keys (rapidfuzz ``cdist``):
    ``ratio`` is 2·LCS/(|a|+|b|), and a title (or word set) inside another shows as an
    LCS close to the shorter length, which stands in for ``partial_ratio`` and the
    subset case of ``token_set_ratio``. Slightly generous, so blocking loses little.
    """
    c_r, c_c = [ar.compact[i] for i in rows], [ar.compact[i] for i in cols]
    k_r, k_c = [ar.key[i] for i in rows], [ar.key[i] for i in cols]
    workers = -1 if len(rows) * len(cols) >= 250_000 else 1  # threads cost more than small blocks
    l1 = process.cdist(c_r, c_c, scorer=LCSseq.similarity, dtype=np.int32, workers=workers).astype(np.float32)
    l2 = process.cdist(k_r, k_c, scorer=LCSseq.similarity, dtype=np.int32, workers=workers).astype(np.float32)
    la, lb = ar.lc[rows][:, None], ar.lc[cols][None, :]
    ka, kb = ar.lk[rows][:, None], ar.lk[cols][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.maximum(2 * l1 / (la + lb), 2 * l2 / (ka + kb))
        short = np.minimum(la, lb)
        inside = np.where((short >= PARTIAL_MIN_LENGTH) & (short <= PARTIAL_MAX_SHARE * np.maximum(la, lb)), l1 / short, 0)
        inside = np.maximum(inside, l2 / np.minimum(ka, kb))
        est = np.maximum(est, np.where(inside >= CONTAINED, inside, 0))
    return np.nan_to_num(est, nan=0.0) + 0.03


CONTAINED = 0.8
"""LCS share of the shorter title from which it counts as inside the longer."""


def _context_weights(ar: _Arrays, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Exact weights of phase, district, topic, target group, age and kind (broadcasting).

    ``i`` and ``j`` are index arrays that broadcast (rows[:, None], cols[None, :] for a
    block, or two aligned pair columns). Phases and districts are taken to overlap (the
    pair shares a block); their equality decides the level.
    """
    w = _level_weights(PHASE, np.where(ar.phase[i] == ar.phase[j], 1.0, 0.5))
    w += _level_weights(DISTRICT, np.where(ar.district[i] == ar.district[j], 1.0, 0.5))
    t_i, t_j = ar.topic[i], ar.topic[j]
    overlap = (ar.topic_mask[i] & ar.topic_mask[j]) != 0
    topic = _level_weights(TOPIC, np.where(t_i == t_j, 1.0, np.where(overlap, 0.5, 0.0)))
    w += np.where((t_i < 0) | (t_j < 0), 0.0, topic)
    w += ar.target_table[ar.target[i], ar.target[j]]
    w += ar.age_table[ar.age[i], ar.age[j]]
    k_i, k_j = ar.kind[i], ar.kind[j]
    w += np.where((k_i < 0) | (k_j < 0), 0.0, _level_weights(KIND, np.where(k_i == k_j, 1.0, 0.0)))
    return w


def _block_pairs(ar: _Arrays, members: np.ndarray, floor: float, chunk: int) -> list[np.ndarray]:
    """Pairs (i < j, global indices) inside one block whose estimated title similarity reaches ``floor``."""
    found = []
    for start in range(0, len(members) - 1, chunk):
        rows = members[start : start + chunk]
        cols = members[start:]
        ok = _title_estimate(ar, rows, cols) >= floor
        ok &= np.arange(len(cols))[None, :] > np.arange(len(rows))[:, None]  # upper triangle
        r, c = np.nonzero(ok)
        if len(r):
            i, j = rows[r], cols[c]
            found.append(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1))
    return found


def _title_floor(cut: float) -> float:
    """Lowest title score a pair needs to reach ``cut`` when everything else agrees."""
    others = OFFER_PRIOR + sum(c.max_weight for c in OFFER_COMPARISONS if c is not TITLE)
    reachable = [lv.at_least for lv in TITLE.levels if lv.at_least is not None and others + lv.weight >= cut]
    return min(reachable) if reachable else 1.0


def _top_k(pairs: np.ndarray, weight: np.ndarray, k: int) -> np.ndarray:
    """Keep a pair when it is among the ``k`` heaviest of either offer (ties by index)."""
    if len(pairs) == 0:
        return np.zeros(0, dtype=bool)
    keep = np.zeros(len(pairs), dtype=bool)
    for side in (0, 1):
        order = np.lexsort((pairs[:, 1 - side], -weight, pairs[:, side]))
        owner = pairs[order, side]
        first = np.searchsorted(owner, owner, side="left")
        keep[order[np.arange(len(order)) - first < k]] = True
    return keep


def _exact_titles(ar: _Arrays, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """:func:`normalised_similarity` for aligned pairs, computed in C (``cpdist``)."""
    best = np.maximum(
        process.cpdist(ar.norm[i].tolist(), ar.norm[j].tolist(), scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1),
        process.cpdist(ar.compact_obj[i].tolist(), ar.compact_obj[j].tolist(), scorer=fuzz.ratio, dtype=np.float32,
                       workers=-1),
    ) / 100.0
    la, lb = ar.lc[i], ar.lc[j]
    ls, ll = np.minimum(la, lb), np.maximum(la, lb)
    scale = 0.9 + 0.1 * ls / np.maximum(ll, 1)
    sel = np.nonzero((ls >= PARTIAL_MIN_LENGTH) & (ls <= PARTIAL_MAX_SHARE * ll) & (best < scale))[0]
    if len(sel):
        a_short = la[sel] <= lb[sel]
        ca, cb = ar.compact_obj[i[sel]], ar.compact_obj[j[sel]]
        short, long = np.where(a_short, ca, cb).tolist(), np.where(a_short, cb, ca).tolist()
        partial = process.cpdist(short, long, scorer=fuzz.partial_ratio, dtype=np.float32, workers=-1) / 100.0
        best[sel] = np.maximum(best[sel], partial * scale[sel])
    same = (ar.norm_code[i] == ar.norm_code[j]) | (ar.compact_code[i] == ar.compact_code[j])
    same |= ar.key_code[i] == ar.key_code[j]
    return np.where(same, 1.0, np.minimum(best, 0.99))


def _exact_descriptions(records: Sequence[OfferRecord], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Weight of the description comparison for aligned pairs (0 where one is missing)."""
    needed = np.unique(np.concatenate([i, j]))
    norm = np.empty(len(records), dtype=object)
    norm[needed] = [normalise(records[x].description) for x in needed]
    da, db = norm[i], norm[j]
    scores = process.cpdist(da.tolist(), db.tolist(), scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1) / 100.0
    scores = np.where(da == db, 1.0, np.minimum(scores, 0.99))
    missing = (da == "") | (db == "")
    return np.where(missing, 0.0, _level_weights(DESCRIPTION, scores))


def _blocks(records: Sequence[OfferRecord], *, max_block: int, rare_words: int) -> tuple[list[np.ndarray], list[str]]:
    """Candidate blocks: district × phase (split by topic, then windowed, when too large)."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    incomplete: list[int] = []
    for i, r in enumerate(records):
        if not r.districts or not r.phases:
            incomplete.append(i)
        for d in r.districts:
            for p in r.phases:
                blocks[(d, p)].append(i)
    out: list[np.ndarray] = []
    notes: list[str] = []
    names = records[0].names if records else {}
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) <= max_block:
            out.append(np.array(members))
            continue
        district, phase = (names.get(x, x) for x in key)
        notes.append(texts.DUP_BLOCK_SPLIT.format(count=len(members), district=district, phase=phase))
        by_topic: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for t in records[i].topics or ("",):
                by_topic[t].append(i)
        for topic in sorted(by_topic):
            sub = by_topic[topic]
            if len(sub) <= max_block:
                out.append(np.array(sub))
                continue
            window = max(max_block // 2, 2)
            notes.append(texts.DUP_BLOCK_WINDOWED.format(
                count=len(sub), district=district, phase=phase, topic=f", Thema {names.get(topic, topic)}" if topic else "",
                window=window))
            for sort_key in ("compact", "key"):  # sorted neighbourhood on two keys
                ordered = sorted(sub, key=lambda i: (getattr(records[i], sort_key), i))
                for s in range(0, len(ordered) - 1, window):
                    out.append(np.array(ordered[s : s + 2 * window]))
    if incomplete:  # offers without district or phase: pair them through rare title words
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            for w in r.words:
                by_word[w].append(i)
        wanted = set(incomplete)
        for w in sorted(by_word):
            members = by_word[w]
            if 1 < len(members) <= rare_words and wanted.intersection(members):
                out.append(np.array(members))
    return out, notes


def _candidate_pairs(
    records: Sequence[OfferRecord], threshold: float, *, max_block: int, rare_words: int, max_candidates: int
) -> np.ndarray:
    """Blocked pairs whose weight, bounded stage by stage in C and numpy, can reach the threshold."""
    ar = _arrays(records)
    cut = float(np.log2(threshold / (1 - threshold)))
    blocks, notes = _blocks(records, max_block=max_block, rare_words=rare_words)
    for note in notes:
        warnings.warn(note, BlockTooLargeWarning, stacklevel=3)
    floor = _title_floor(cut)
    found: list[np.ndarray] = []
    for members in blocks:
        if len(members) > 1:
            found += _block_pairs(ar, members, floor - 1e-6, chunk=max(1, 2_000_000 // len(members)))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.unique(np.concatenate(found), axis=0)
    rest = PROVIDERS.max_weight + TITLE_CONFLICT.max_weight
    # stage 2: context weights and the title estimate's bound
    known = _context_weights(ar, pairs[:, 0], pairs[:, 1]) + OFFER_PRIOR
    ok = known + TITLE.max_weight + DESCRIPTION.max_weight + rest >= cut
    pairs, known = pairs[ok], known[ok]
    # stage 3: exact title similarity (C, pairwise)
    known += _level_weights(TITLE, _exact_titles(ar, pairs[:, 0], pairs[:, 1]))
    ok = known + DESCRIPTION.max_weight + rest >= cut
    pairs, known = pairs[ok], known[ok]
    # stage 4: exact description similarity, then at most max_candidates partners per offer
    known += _exact_descriptions(records, pairs[:, 0], pairs[:, 1])
    ok = known + rest >= cut
    pairs, known = pairs[ok], known[ok]
    return pairs[_top_k(pairs, known, max_candidates)]


# ---------------------------------------------------------------------------------------
# pairs and clusters
# ---------------------------------------------------------------------------------------


def _offer_pair(a: OfferRecord, b: OfferRecord, s: PairScore) -> DuplicateOfferPair:
    return DuplicateOfferPair(
        a=a.id, b=b.id, a_title=a.title, b_title=b.title, score=round(s.score, 4), reasons=s.reasons,
        explanation=texts.DUP_OFFER_PAIR.format(a=a.title, b=b.title, pct=percent(s.score), reasons=", ".join(s.reasons)),
    )


def _clusters(pairs: list[DuplicateOfferPair], titles: Mapping[str, str]) -> list[DuplicateOfferCluster]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[DuplicateOfferPair]] = defaultdict(list)
    for p in pairs:
        groups[find(p.a)].append(p)
    clusters = []
    for members in groups.values():
        offers = sorted({x for p in members for x in (p.a, p.b)})
        members.sort(key=lambda p: (-p.score, p.a, p.b))
        score = round(sum(p.score for p in members) / len(members), 4)
        shown = ", ".join(f"„{titles[o]}“" for o in offers)
        clusters.append(DuplicateOfferCluster(
            offers=offers, titles=[titles[o] for o in offers], pairs=members, score=score,
            explanation=texts.DUP_OFFER_CLUSTER.format(count=len(offers), pct=percent(score), titles=shown),
        ))
    clusters.sort(key=lambda c: (-c.score, c.offers))
    return clusters


def _score_pairs(records: Sequence[OfferRecord], pairs: Iterable[tuple[int, int]], threshold: float) -> list[DuplicateOfferPair]:
    found = []
    for i, j in pairs:
        s = score_pair(OFFER_COMPARISONS, records[i], records[j], prior=OFFER_PRIOR, threshold=threshold)
        if s is not None:
            found.append(_offer_pair(records[i], records[j], s))
    return found


def find_duplicate_offers(
    G: nx.MultiDiGraph,
    *,
    threshold: float = 0.5,
    active_only: bool = False,
    max_block: int = 3000,
    rare_words: int = 50,
    max_candidates: int = 5,
) -> list[DuplicateOfferCluster]:
    """Find offers that are in substance the same, as clusters of matched pairs.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    threshold : float, default 0.5
        Minimum pair score (0–1) for two offers to count as duplicates.
    active_only : bool, default False
        Compare only offers with status ``active``.
    max_block : int, default 3000
        Largest block compared pair by pair. A larger district × phase block is split
        by topic; a topic block still larger is compared in sorted-title windows. Both
        raise a :class:`BlockTooLargeWarning` with a German message.
    rare_words : int, default 50
        A title word in at most this many offers pairs offers lacking a district or
        life phase with the offers sharing it.
    max_candidates : int, default 5
        Each offer is compared in full with at most this many partners, those with the
        highest weight before the last, costliest comparison (a title-word check).

    Returns
    -------
    list of DuplicateOfferCluster
        Sorted by score descending, then offer ids; each with its pairs and German
        reasons.

    Examples
    --------
    >>> from graph.model import GraphBatch, District, LifePhase, Offer
    >>> from graph.projection import graph_from_batch
    >>> def offer(i, title, district):
    ...     return Offer(id=i, title=title, phases=["p"], districts=[district], target_group="Eltern")
    >>> G = graph_from_batch(GraphBatch(
    ...     life_phases=[LifePhase(id="p", name="0–3 Jahre", order=1)],
    ...     districts=[District(id="n", name="Nord"), District(id="s", name="Süd")],
    ...     offers=[offer("a", "Elterncafé Nord", "n"), offer("b", "Eltern-Cafe Nord", "n"),
    ...             offer("c", "Elterncafé", "s")]))
    >>> [c.offers for c in find_duplicate_offers(G)]
    [['a', 'b']]

    Notes
    -----
    Blocking keeps the work at O(sum of squared block sizes) cheap rapidfuzz ``cdist``
    comparisons in C, plus a full Python comparison for the few pairs whose vectorised
    upper bound reaches the threshold.
    """
    records = offer_records(G, active_only=active_only)
    if len(records) < 2:
        return []
    candidates = _candidate_pairs(records, threshold, max_block=max_block, rare_words=rare_words,
                                  max_candidates=max_candidates)
    pairs = _score_pairs(records, ((int(i), int(j)) for i, j in candidates), threshold)
    return _clusters(pairs, {r.id: r.title for r in records})


def naive_duplicate_offers(
    G: nx.MultiDiGraph, *, threshold: float = 0.5, active_only: bool = False
) -> list[DuplicateOfferCluster]:
    """:func:`find_duplicate_offers` over all pairs, without blocking: the slow baseline.

    Examples
    --------
    >>> naive_duplicate_offers(nx.MultiDiGraph())
    []

    Notes
    -----
    O(n²) full comparisons; for benchmarks on small cities only.
    """
    records = offer_records(G, active_only=active_only)
    n = len(records)
    pairs = _score_pairs(records, ((i, j) for i in range(n) for j in range(i + 1, n)), threshold)
    return _clusters(pairs, {r.id: r.title for r in records})


# ---------------------------------------------------------------------------------------
# actors
# ---------------------------------------------------------------------------------------


def _actor_matcher(G: nx.MultiDiGraph) -> ActorMatcher:
    actors = {n: d for n, d in G.nodes(data=True) if d.get("label") == Label.ACTOR}
    parent: dict[str, str] = {}
    district: dict[str, str] = {}
    for u, v, k in G.edges(keys=True):
        if u in actors and k == RelType.PART_OF and v in actors:
            parent.setdefault(u, v)
        elif u in actors and k == RelType.LOCATED_IN:
            district.setdefault(u, v)
    rows = [
        (n, str(d.get("name") or n), {"short_name": d.get("short_name"), "kind": d.get("kind"),
                                      "district": district.get(n), "part_of": parent.get(n)})
        for n, d in sorted(actors.items())
    ]
    names = {n: str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("label") == Label.DISTRICT}
    return ActorMatcher(rows, district_names=names)


def _keep(G: nx.MultiDiGraph, x: str, y: str) -> tuple[str, str, str]:
    """(keep, merge, German reason): more relations, fuller name, fresher last_verified."""

    def rank(n: str) -> tuple:
        d = G.nodes[n]
        verified = d.get("last_verified")
        return (-G.degree(n), -len(str(d.get("name") or "")), -(verified.toordinal() if verified else 0), n)

    keep, merge = sorted((x, y), key=rank)
    why = []
    dk, dm = G.degree(keep), G.degree(merge)
    if dk > dm:
        why.append(texts.DUP_KEEP_MORE_RELATIONS.format(keep=dk, merge=dm))
    if len(str(G.nodes[keep].get("name") or "")) > len(str(G.nodes[merge].get("name") or "")):
        why.append(texts.DUP_KEEP_FULLER_NAME)
    vk, vm = G.nodes[keep].get("last_verified"), G.nodes[merge].get("last_verified")
    show = lambda v: v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else str(v)  # noqa: E731
    if vk and not vm:
        why.append(texts.DUP_KEEP_VERIFIED.format(keep=show(vk)))
    elif vk and vm and vk > vm:
        why.append(texts.DUP_KEEP_FRESHER.format(keep=show(vk), merge=show(vm)))
    name = str(G.nodes[keep].get("name") or keep)
    return keep, merge, texts.DUP_KEEP.format(keep=name, why=", ".join(why) if why else texts.DUP_KEEP_TIE)


def find_duplicate_actors(G: nx.MultiDiGraph, *, threshold: float = 0.5) -> list[ActorMergeProposal]:
    """Find actors entered twice and propose which record to keep.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    threshold : float, default 0.5
        Minimum pair score (0–1).

    Returns
    -------
    list of ActorMergeProposal
        Sorted by score descending, then ids. Never a federation level against another
        (Kreisverband / Ortsverein), a parent against its PART_OF descendant, or actors in
        different districts.

    Examples
    --------
    >>> from graph.model import Actor, GraphBatch
    >>> from graph.projection import graph_from_batch
    >>> G = graph_from_batch(GraphBatch(actors=[
    ...     Actor(id="a", name="Arbeiterwohlfahrt Ortsverein Nord e.V.", kind="welfare_org"),
    ...     Actor(id="b", name="AWO OV Nord", kind="welfare_org"),
    ...     Actor(id="c", name="AWO Kreisverband Musterstadt e.V.", kind="welfare_org")]))
    >>> [(p.keep, p.merge) for p in find_duplicate_actors(G)]
    [('a', 'b')]

    Notes
    -----
    Actors are blocked by district (actors without one join every block); names inside a
    block are compared with rapidfuzz ``cdist`` first and scored in full only above 0.5.
    """
    matcher = _actor_matcher(G)
    records = matcher.records
    by_district: dict[str | None, list[str]] = defaultdict(list)
    for rid in sorted(records):
        by_district[records[rid].district].append(rid)
    floating = by_district.pop(None, [])
    blocks = [ids + floating for ids in by_district.values()] or [floating]
    seen: set[tuple[str, str]] = set()
    proposals = []
    for ids in blocks:
        if len(ids) < 2:
            continue
        norms = [records[i].norm for i in ids]
        sim = process.cdist(norms, norms, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1, score_cutoff=50)
        for r, c in zip(*np.nonzero(np.triu(sim, k=1)), strict=True):
            a, b = sorted((ids[r], ids[c]))
            if (a, b) in seen:
                continue
            seen.add((a, b))
            s = matcher.compare(records[a], records[b], threshold=threshold)
            if s is None:
                continue
            keep, merge, why = _keep(G, a, b)
            kn, mn = records[keep].name, records[merge].name
            proposals.append(ActorMergeProposal(
                keep=keep, merge=merge, keep_name=kn, merge_name=mn, score=round(s.score, 4), reasons=s.reasons,
                keep_reason=why, explanation=texts.DUP_ACTOR_PROPOSAL.format(
                    merge=mn, keep=kn, pct=percent(s.score), reasons=", ".join(s.reasons)),
            ))
    proposals.sort(key=lambda p: (-p.score, min(p.keep, p.merge), max(p.keep, p.merge)))
    return proposals
