"""The actor matcher importers and the duplicate analysis share.

:class:`ActorMatcher` prepares every known actor once (:mod:`graph.analysis.actor_records`),
scores pairs with :data:`~graph.analysis.actor_comparisons.ACTOR_COMPARISONS` and answers
two questions: which known actors a name from a file may mean (:meth:`ActorMatcher.candidates`,
for importers) and which pairs of known actors are one organisation
(:meth:`ActorMatcher.duplicate_pairs`, for :mod:`graph.analysis.duplicate_actors`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from graph.analysis.actor_blocking import actor_candidate_pairs
from graph.analysis.actor_comparisons import ACTOR_COMPARISONS, ACTOR_PRIOR, PRUNE_FROM, QUERY_PRIOR, band
from graph.analysis.actor_records import ActorRecord, Frequencies, actor_record
from graph.analysis.matching import PairScore, score_pair

__all__ = ["ActorMatch", "ActorMatcher"]

SPELLING_ALIKE = 88
"""Names at least this alike (rapidfuzz ratio, 0–100) count as spellings of one name."""


class ActorMatch(BaseModel):
    """A known actor that may be the one a name refers to."""

    id: str
    name: str
    score: float
    """0–1; 0.5 is as likely as not."""
    reasons: list[str]
    """German reasons, e.g. "Name zu 93 % ähnlich", "gleicher Sozialraum Nord"."""
    band: str = ""
    """„sicher“, „prüfen“ or „verschieden“."""


def _path(district: str | None, parents: Mapping[str, str | None]) -> tuple[str, ...]:
    out: list[str] = []
    cur = district
    while cur is not None and cur not in out:  # bad data may loop
        out.append(cur)
        cur = parents.get(cur)
    return tuple(out)


def _lineage(actor_id: str, parent: Mapping[str, str | None]) -> frozenset[str]:
    out: list[str] = []
    cur = parent.get(actor_id)
    while cur is not None and cur not in out and cur != actor_id:  # bad data may loop
        out.append(cur)
        cur = parent.get(cur)
    return frozenset(out)


class ActorMatcher:
    """Find known actors behind a name: for importers and for duplicate detection.

    Parameters
    ----------
    actors : iterable of (id, name, attrs)
        ``attrs`` may hold ``short_name``, ``kind``, ``district`` (id), ``part_of``
        (parent id), ``address``, ``website``, ``email``, ``phone``; anything else is ignored.
    district_names : mapping, optional
        District id to display name, for the German reasons.
    district_parents : mapping, optional
        District id to the id of the district it lies in: neighbouring districts (one
        parent) weigh only weakly against a pair, distant ones strongly.

    Examples
    --------
    >>> m = ActorMatcher([
    ...     ("awo-ahlen", "Arbeiterwohlfahrt Ortsverein Ahlen e.V.", {"kind": "welfare_org"}),
    ...     ("awo-kv", "AWO Kreisverband Warendorf e.V.", {"kind": "welfare_org"}),
    ...     ("caritas", "Caritasverband Ahlen e.V.", {})])
    >>> [c.id for c in m.candidates("AWO Ahlen")]
    ['awo-ahlen']

    Notes
    -----
    Construction is O(n); a query shortlists by rapidfuzz ``extract`` over the normalised
    names (O(n) in C) and scores only the shortlist.
    """

    def __init__(self, actors: Iterable[tuple[str, str, Mapping[str, Any]]], *,
                 district_names: Mapping[str, str] | None = None,
                 district_parents: Mapping[str, str | None] | None = None) -> None:
        rows = [(i, n, dict(attrs or {})) for i, n, attrs in actors]
        parent = {i: attrs.get("part_of") for i, _, attrs in rows}
        name_of = {i: n for i, n, _ in rows}
        self._names = dict(district_names or {})
        self._parents = dict(district_parents or {})
        self.freq = Frequencies()
        self.records: dict[str, ActorRecord] = {}
        for i, n, attrs in rows:
            attrs.setdefault("parent_name", name_of.get(attrs.get("part_of") or ""))
            self.records[i] = self._record(i, n, attrs, _lineage(i, parent))
        for r in self.records.values():
            self.freq.add(r)
        self._ids = sorted(self.records)
        self._norms = [self.records[i].norm for i in self._ids]

    def _record(self, actor_id: str, name: str, attrs: Mapping[str, Any], lineage: frozenset[str]) -> ActorRecord:
        return actor_record(actor_id, name, attrs, lineage=lineage, names=self._names,
                            district_path=_path(attrs.get("district"), self._parents), freq=self.freq)

    def compare(self, a: ActorRecord, b: ActorRecord, *, threshold: float | None = None,
                prior: float = ACTOR_PRIOR) -> PairScore | None:
        """Score two prepared records (``None``: vetoed or below ``threshold``)."""
        return score_pair(ACTOR_COMPARISONS, a, b, prior=prior, threshold=threshold)

    def duplicate_pairs(self, *, threshold: float = 0.5) -> list[tuple[str, str, PairScore]]:
        """Pairs of known actors that score at least ``threshold``, as (id, id, score).

        Candidates come from :func:`~graph.analysis.actor_blocking.actor_candidate_pairs`;
        sorted by score descending, then ids.
        """
        recs = [self.records[i] for i in self._ids]
        pairs = actor_candidate_pairs(recs, prune=threshold >= PRUNE_FROM)
        self._count_spellings(recs, pairs)
        out = []
        for x, y in pairs:
            a, b = recs[x], recs[y]
            s = self.compare(a, b, threshold=threshold)
            if s is not None:
                out.append((recs[x].id, recs[y].id, s))
        out.sort(key=lambda t: (-t[2].score, t[0], t[1]))
        return out

    def _count_spellings(self, recs: list[ActorRecord], pairs: list[tuple[int, int]]) -> None:
        """How many records bear each record's name in some spelling (``f:`` + id in :attr:`freq`).

        Typo'd copies of a name twelve sites bear are as weak evidence as the name itself.
        """
        if not pairs:
            return
        sim = process.cpdist([recs[a].text for a, _ in pairs], [recs[b].text for _, b in pairs],
                             scorer=fuzz.ratio, workers=-1)
        counts = Counter()
        for (a, b), s in zip(pairs, sim, strict=True):
            da, db = recs[a].district, recs[b].district
            if s >= SPELLING_ALIKE and (da == db or da is None or db is None):
                counts[a] += 1
                counts[b] += 1
        for i, c in counts.items():
            self.freq.counts[f"f:{recs[i].id}"] = c + 1

    def candidates(self, name: str, *, district: str | None = None, kind: str | None = None,
                   short_name: str | None = None, limit: int = 5, min_score: float = 0.5,
                   **contact: str | None) -> list[ActorMatch]:
        """Known actors that ``name`` may refer to, best first.

        Parameters
        ----------
        name : str
            The name as written in the source ("AWO Ahlen").
        district, kind, short_name : str, optional
            What else the source says; a distant district weighs strongly against.
        limit : int, default 5
        min_score : float, default 0.5
        **contact : str, optional
            ``address``, ``website``, ``email``, ``phone`` of the source's record.

        Returns
        -------
        list of ActorMatch
            Sorted by score descending, then id.
        """
        if not self._ids or not name.strip():
            return []
        attrs = {"district": district, "kind": kind, "short_name": short_name, **contact}
        query = self._record("?", name, attrs, frozenset())
        shortlist = process.extract(query.norm, self._norms, scorer=fuzz.token_set_ratio,
                                    limit=max(limit * 4, 20), score_cutoff=50)
        found = []
        for _, _, idx in shortlist:
            rec = self.records[self._ids[idx]]
            s = self.compare(query, rec, threshold=min_score, prior=QUERY_PRIOR)
            if s is not None:
                found.append(ActorMatch(id=rec.id, name=rec.name, score=round(s.score, 4), reasons=s.reasons,
                                        band=band(s.score)))
        found.sort(key=lambda m: (-m.score, m.id))
        return found[:limit]
