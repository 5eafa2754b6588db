"""Record comparison as plain data, and the actor matcher importers and analyses share.

The shape is splink's: a :class:`Comparison` has a German name and an ordered list of
:class:`Level` s. A comparison *measures* a pair (a similarity score in 0–1 plus the values
its labels quote); the first level whose ``at_least`` the score reaches is the level the
pair *reaches*. Each level carries a German label template, a match weight (a log2 Bayes
factor: positive is evidence for the same record, negative against) and may *veto* the
pair outright. The labels a pair reaches are its German reasons; the weights, summed with
a prior and squashed by the logistic function, are its score (Fellegi–Sunter).

>>> NAME = Comparison("Name", lambda a, b: Measure(ratio(a, b)), (
...     Level("gleicher Name", 1.0, 6.0),
...     Level("Name zu {pct} ähnlich", 0.8, 3.0),
...     Level("verschiedene Namen", None, -4.0),
... ))
>>> NAME.compare("kita sonnenschein", "kita sonnenschien").label
'Name zu 94 % ähnlich'

String similarity is rapidfuzz's (``ratio``, ``token_set_ratio``, ``partial_ratio``) on
text normalised by :mod:`graph.analysis.normalise`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from graph import texts
from graph.analysis.network import percent
from graph.analysis.normalise import compact, normalise, tokens

R = TypeVar("R")

__all__ = [
    "ActorMatch",
    "ActorMatcher",
    "ActorRecord",
    "Comparison",
    "Level",
    "Measure",
    "PairScore",
    "Reached",
    "distinct_tokens",
    "normalised_similarity",
    "percent",
    "probability",
    "ratio",
    "score_pair",
    "title_similarity",
]


# ---------------------------------------------------------------------------------------
# the machinery: comparisons, levels, scores
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a comparison.

    Parameters
    ----------
    label : str or None
        German reason template, formatted with ``score`` and the measure's values
        and ``pct`` (``"Titel zu {pct} ähnlich"`` gives "Titel zu 87 % ähnlich"); ``None`` reports nothing.
    at_least : float or None
        Reached when the score is at least this; ``None`` is the catch-all last level.
    weight : float
        Match weight (log2 Bayes factor) the level adds.
    veto : bool
        Reaching this level rules the pair out, whatever else agrees.
    """

    label: str | None
    at_least: float | None
    weight: float = 0.0
    veto: bool = False


@dataclass(frozen=True, slots=True)
class Measure:
    """What a comparison measured: a score in 0–1 and values its labels may quote.

    ``values`` may be a function of no arguments: it is then called only when the pair
    is reported, so rejected pairs cost no formatting.
    """

    score: float
    values: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)

    def label(self, level: Level) -> str | None:
        """``level``'s label filled with this measure's values."""
        if not level.label:
            return None
        values = self.values() if callable(self.values) else self.values
        return level.label.format(score=self.score, pct=percent(self.score), **values)


@dataclass(frozen=True, slots=True)
class Reached:
    """The level a pair reached in one comparison."""

    comparison: str
    level: int
    label: str | None
    weight: float
    veto: bool


@dataclass(frozen=True)
class Comparison(Generic[R]):
    """A named, ordered list of levels over a measure of two records.

    ``measure(a, b)`` returns a :class:`Measure`, or ``None`` when the data to compare is
    missing (no level is reached, no weight added, no reason given).
    """

    name: str
    measure: Callable[[R, R], Measure | None]
    levels: Sequence[Level]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_max_weight", max(0.0, *(lv.weight for lv in self.levels)))

    @property
    def max_weight(self) -> float:
        """The most this comparison can add (0 when data may be missing)."""
        return self._max_weight  # type: ignore[attr-defined]

    def level_for(self, score: float) -> int:
        """Index of the first level whose ``at_least`` ``score`` reaches."""
        for i, lv in enumerate(self.levels):
            if lv.at_least is None or score >= lv.at_least - 1e-9:
                return i
        return len(self.levels) - 1

    def compare(self, a: R, b: R) -> Reached | None:
        """The level ``a`` and ``b`` reach, with its label filled in."""
        m = self.measure(a, b)
        if m is None:
            return None
        i = self.level_for(m.score)
        lv = self.levels[i]
        return Reached(self.name, i, m.label(lv), lv.weight, lv.veto)


@dataclass(frozen=True, slots=True)
class PairScore:
    """A compared pair: probability-like score, match weight, German reasons."""

    score: float
    weight: float
    reasons: list[str]
    reached: list[Reached]


def probability(weight: float) -> float:
    """Match weight (log2 odds) to a score in 0–1.

    Examples
    --------
    >>> probability(0.0), round(probability(3.0), 3)
    (0.5, 0.889)
    """
    return 1.0 / (1.0 + 2.0 ** (-weight))


def _logit2(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def score_pair(
    comparisons: Sequence[Comparison[R]], a: R, b: R, *, prior: float, threshold: float | None = None
) -> PairScore | None:
    """Run ``comparisons`` over a pair and combine their weights.

    Parameters
    ----------
    comparisons : sequence of Comparison
        Cheap and vetoing comparisons first: scoring stops as soon as the threshold is
        out of reach.
    prior : float
        Log2 prior odds that a candidate pair is a match.
    threshold : float, optional
        Minimum score; pairs below it (or vetoed) return ``None``. Without it every
        non-vetoed pair is scored.

    Returns
    -------
    PairScore or None

    Examples
    --------
    >>> c = Comparison("Name", lambda a, b: Measure(float(a == b)), (
    ...     Level("gleicher Name", 1.0, 4.0), Level(None, None, -4.0)))
    >>> score_pair([c], "x", "x", prior=-1.0).reasons
    ['gleicher Name']
    >>> score_pair([c], "x", "y", prior=-1.0, threshold=0.5) is None
    True
    """
    cut = _logit2(threshold) if threshold is not None else -math.inf
    remaining = sum(c.max_weight for c in comparisons)
    total = prior
    seen: list[tuple[Comparison[R], int, Measure]] = []
    for comp in comparisons:
        remaining -= comp.max_weight
        m = comp.measure(a, b)
        if m is not None:
            i = comp.level_for(m.score)
            lv = comp.levels[i]
            if lv.veto:
                return None
            total += lv.weight
            seen.append((comp, i, m))
        if total + remaining < cut:
            return None
    reached = [Reached(c.name, i, m.label(c.levels[i]), c.levels[i].weight, False) for c, i, m in seen]
    return PairScore(probability(total), total, [r.label for r in reached if r.label], reached)


# ---------------------------------------------------------------------------------------
# string similarity on normalised text
# ---------------------------------------------------------------------------------------


def ratio(a: str, b: str) -> float:
    """rapidfuzz ``ratio`` in 0–1 (normalised Indel similarity)."""
    return fuzz.ratio(a, b) / 100.0


def title_similarity(a: str, b: str) -> float:
    """Similarity of two titles or names in 0–1; 1.0 only when they normalise equally.

    The best of rapidfuzz's ``token_set_ratio`` on the normalised words (reordered words,
    added words), ``ratio`` on the words without spaces (typos, compounds written apart:
    "Eltern-Cafe" / "Elterncafé") and ``partial_ratio`` of the shorter inside the longer
    (an added site suffix; only for titles of at least eight letters and at most 80 % of
    the other's length, slightly lowered by the length difference).

    Examples
    --------
    >>> title_similarity("Medienscouts – Jugendliche beraten Jugendliche",
    ...                  "Jugendliche beraten Jugendliche: Medienscouts")
    1.0
    >>> round(title_similarity("Elterncafé Nord", "Eltern-Cafe Nord (Standort Kirchstraße)"), 2)
    0.94
    """
    return normalised_similarity(normalise(a), normalise(b))


def normalised_similarity(na: str, nb: str) -> float:
    """:func:`title_similarity` of two already normalised texts."""
    ca, cb = na.replace(" ", ""), nb.replace(" ", "")
    if na == nb or ca == cb or set(na.split()) == set(nb.split()):
        return 1.0
    best = max(fuzz.token_set_ratio(na, nb), fuzz.ratio(ca, cb)) / 100.0
    short, long = sorted((ca, cb), key=len)
    if len(short) >= PARTIAL_MIN_LENGTH and len(short) <= PARTIAL_MAX_SHARE * len(long):  # an added site suffix
        best = max(best, fuzz.partial_ratio(short, long) / 100.0 * (0.9 + 0.1 * len(short) / len(long)))
    return min(best, 0.99)


PARTIAL_MIN_LENGTH = 8
"""Titles shorter than this (without spaces) are never matched inside longer ones."""

PARTIAL_MAX_SHARE = 0.8
"""A title is looked for inside another only when at most this share of its length."""


def _is_abbreviation(short: str, long: str) -> bool:
    # "jgdl" for "jugendliche": same first letter, the letters in order
    if len(short) < 3 or len(short) >= len(long) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(c in it for c in short)


def distinct_tokens(
    a: Iterable[str],
    b: Iterable[str],
    *,
    a_text: str = "",
    b_text: str = "",
    a_context: frozenset[str] = frozenset(),
    b_context: frozenset[str] = frozenset(),
    ignore: frozenset[str] = frozenset(),
) -> tuple[list[str], list[str]]:
    """Words only one side has, after forgiving typos, compounds and abbreviations.

    A word of ``a`` is *explained* when ``b`` has it, a word close to it (ratio ≥ 0.8), a
    word it abbreviates or that abbreviates it, when it joins several of ``b``'s words
    ("elterncafe" for "eltern cafe", found in ``b_text``, b's words without spaces), when
    it and ``a``'s other left-over words make up one of ``b``'s words, or when it is one
    of ``b_context`` (the other record's description and provider words). What is left on
    both sides says the two name different things ("Hafenkinder" / "Sternschnuppe").

    Examples
    --------
    >>> distinct_tokens(["kita", "sonnenschein"], ["kita", "regenbogen"])
    (['sonnenschein'], ['regenbogen'])
    >>> distinct_tokens(["eltern", "cafe", "nord"], ["elterncafe", "nord"],
    ...                 a_text="elterncafenord", b_text="elterncafenord")
    ([], [])
    >>> distinct_tokens(["stadt", "beispielstadt"], ["buergerstiftung", "beispielstadt"])
    (['stadt'], ['buergerstiftung'])
    """
    sa, sb = set(a) - ignore, set(b) - ignore

    def left(xs: set[str], ys: set[str], y_text: str, context: frozenset[str]) -> list[str]:
        extra = xs - ys
        out = []
        for x in sorted(extra):
            if len(x) <= 2 or x in context:
                continue
            if len(x) >= 4 and x in y_text and not any(x in y for y in ys):
                continue  # one word here for two there: a compound written apart
            parts = [y for y in ys if x in y]
            if any(sum(len(z) for z in extra if z in y) >= 0.8 * len(y) for y in parts):
                continue  # a part of a compound the other side writes as one word
            if any(fuzz.ratio(x, y) >= 80 or _is_abbreviation(x, y) or _is_abbreviation(y, x) for y in ys):
                continue
            out.append(x)
        return out

    return left(sa, sb, b_text, b_context), left(sb, sa, a_text, a_context)


# ---------------------------------------------------------------------------------------
# actors
# ---------------------------------------------------------------------------------------

FEDERATION_LEVELS: dict[str, str] = {
    "bundesverband": "Bundesverband",
    "landesverband": "Landesverband",
    "bezirksverband": "Bezirksverband",
    "regionalverband": "Regionalverband",
    "kreisverband": "Kreisverband",
    "kreisgruppe": "Kreisgruppe",
    "stadtverband": "Stadtverband",
    "unterbezirk": "Unterbezirk",
    "ortsverein": "Ortsverein",
    "ortsverband": "Ortsverband",
    "ortsgruppe": "Ortsgruppe",
    "dioezesanverband": "Diözesanverband",
    "landeskirche": "Landeskirche",
    "kirchenkreis": "Kirchenkreis",
    "dekanat": "Dekanat",
    "kirchengemeinde": "Kirchengemeinde",
    "pfarrei": "Pfarrei",
    "pfarrgemeinde": "Pfarrgemeinde",
}
"""Words naming a level of a federation or church (folded -> German display)."""

GENERIC_WORDS: frozenset[str] = frozenset(
    """
    familienzentrum jugendzentrum jugendtreff jugendhaus jugendraum jugendcafe sportplatz spielplatz
    turnhalle sporthalle schwimmbad gymnasium grundschule gemeinschaftsgrundschule hauptschule
    realschule gesamtschule sekundarschule foerderschule berufskolleg schule kita
    stadtteilzentrum stadtteilbuero buergerzentrum begegnungszentrum mehrgenerationenhaus
    familienbuero beratungsstelle bibliothek stadtbibliothek kirchengemeinde gemeindezentrum
    elterncafe treff offene tuer kinderarztpraxis praxis verein foerderverein
    """.split()
)
"""Institution words that name a kind of place, not one place ("Familienzentrum")."""


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor prepared for matching (normalised names, context attributes)."""

    id: str
    name: str
    norm: str
    words: frozenset[str]
    variants: tuple[str, ...]
    kind: str | None
    district: str | None
    levels: frozenset[str]
    lineage: frozenset[str]
    names: Mapping[str, str]

    @property
    def text(self) -> str:
        return self.variants[0] if self.variants else ""


def _actor_name_measure(a: ActorRecord, b: ActorRecord) -> Measure:
    if a.norm == b.norm:
        score = 1.0
    else:
        score = max(fuzz.token_set_ratio(a.norm, b.norm), *(fuzz.ratio(x, y) for x in a.variants for y in b.variants))
        score = min(score / 100.0, 0.99)
    return Measure(score, lambda: {"a": a.name, "b": b.name})


def _actor_conflict_measure(a: ActorRecord, b: ActorRecord) -> Measure | None:
    ignore = frozenset(FEDERATION_LEVELS)
    xa, xb = distinct_tokens(a.words, b.words, a_text=a.text, b_text=b.text, ignore=ignore)
    if xa and xb:
        return Measure(1.0, {"a_only": ", ".join(xa), "b_only": ", ".join(xb)})
    shared = (a.words & b.words) - ignore
    if shared and shared <= GENERIC_WORDS and (len(a.words - ignore) <= len(shared) or len(b.words - ignore) <= len(shared)):
        return Measure(0.5, {"shared": ", ".join(sorted(shared))})
    return Measure(0.0)


def _federation_measure(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.levels and b.levels and not (a.levels & b.levels):
        show = lambda ls: "/".join(FEDERATION_LEVELS[x] for x in sorted(ls))  # noqa: E731
        return Measure(0.0, {"a_level": show(a.levels), "b_level": show(b.levels)})
    return None


def _lineage_measure(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.id in b.lineage:
        return Measure(0.0, {"child": b.name, "parent": a.name})
    if b.id in a.lineage:
        return Measure(0.0, {"child": a.name, "parent": b.name})
    return None


def _district_measure(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.district is None or b.district is None:
        return None
    names = a.names
    return Measure(
        float(a.district == b.district), lambda: {"a": names.get(a.district, a.district), "b": names.get(b.district, b.district)}
    )


def _kind_measure(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.kind or not b.kind or "other" in (a.kind, b.kind):
        return None
    kd = texts.ACTOR_KIND_DE
    return Measure(float(a.kind == b.kind), lambda: {"a": kd.get(a.kind, a.kind), "b": kd.get(b.kind, b.kind)})


ACTOR_COMPARISONS: tuple[Comparison[ActorRecord], ...] = (
    Comparison("Teil von", _lineage_measure, (Level(texts.DUP_PART_OF, None, 0.0, veto=True),)),
    Comparison("Verbandsebene", _federation_measure, (Level(texts.DUP_FEDERATION_LEVELS, None, 0.0, veto=True),)),
    Comparison("Sozialraum", _district_measure, (
        Level(texts.DUP_SAME_ACTOR_DISTRICT, 1.0, 1.0),
        Level(texts.DUP_OTHER_ACTOR_DISTRICTS, None, 0.0, veto=True),
    )),
    Comparison("Name", _actor_name_measure, (
        Level(texts.DUP_SAME_NAME, 1.0, 7.0),
        Level(texts.DUP_NAME_SIMILAR, 0.9, 5.0),
        Level(texts.DUP_NAME_SIMILAR, 0.8, 3.0),
        Level(texts.DUP_NAME_SIMILAR, 0.7, 1.0),
        Level(texts.DUP_NAME_DIFFERENT, None, -6.0),
    )),
    Comparison("Art", _kind_measure, (
        Level(texts.DUP_SAME_KIND, 1.0, 1.0),
        Level(texts.DUP_OTHER_KINDS, None, -3.0),
    )),
    Comparison("Namensbestandteile", _actor_conflict_measure, (
        Level(texts.DUP_NAME_CONFLICT, 1.0, -7.0),
        Level(texts.DUP_ONLY_GENERIC, 0.5, -5.0),
        Level(None, None, 0.0),
    )),
)
"""How two actor records are compared; the first two only ever veto."""

ACTOR_PRIOR = -4.0
"""Log2 prior odds that two actors with similar names are one organisation."""


class ActorMatch(BaseModel):
    """A known actor that may be the one a name refers to."""

    id: str
    name: str
    score: float
    """0–1; 0.5 is as likely as not."""
    reasons: list[str]
    """German reasons, e.g. "Name zu 93 % ähnlich", "gleicher Sozialraum Nord"."""


class ActorMatcher:
    """Find known actors behind a name: for importers and for duplicate detection.

    Parameters
    ----------
    actors : iterable of (id, name, attrs)
        ``attrs`` may hold ``short_name``, ``kind``, ``district`` (id), ``part_of``
        (parent id); anything else is ignored.
    district_names : mapping, optional
        District id to display name, for the German reasons.

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
                 district_names: Mapping[str, str] | None = None) -> None:
        rows = [(i, n, dict(attrs or {})) for i, n, attrs in actors]
        parent = {i: attrs.get("part_of") for i, _, attrs in rows}
        self._names = dict(district_names or {})
        self.records: dict[str, ActorRecord] = {
            i: self._record(i, n, attrs, _lineage(i, parent)) for i, n, attrs in rows
        }
        self._ids = sorted(self.records)
        self._norms = [self.records[i].norm for i in self._ids]

    def _record(self, actor_id: str, name: str, attrs: Mapping[str, Any], lineage: frozenset[str]) -> ActorRecord:
        words = tokens(name)
        variants = [compact(name)]
        if attrs.get("short_name"):
            variants.append(compact(attrs["short_name"]))
        return ActorRecord(
            id=actor_id, name=name, norm=" ".join(words), words=frozenset(words),
            variants=tuple(dict.fromkeys(v for v in variants if v)),
            kind=attrs.get("kind"), district=attrs.get("district"),
            levels=frozenset(w for w in words if w in FEDERATION_LEVELS), lineage=lineage, names=self._names,
        )

    def compare(self, a: ActorRecord, b: ActorRecord, *, threshold: float | None = None) -> PairScore | None:
        """Score two prepared records (``None``: vetoed or below ``threshold``)."""
        return score_pair(ACTOR_COMPARISONS, a, b, prior=ACTOR_PRIOR, threshold=threshold)

    def candidates(self, name: str, *, district: str | None = None, kind: str | None = None,
                   short_name: str | None = None, limit: int = 5, min_score: float = 0.5) -> list[ActorMatch]:
        """Known actors that ``name`` may refer to, best first.

        Parameters
        ----------
        name : str
            The name as written in the source ("AWO Ahlen").
        district, kind, short_name : str, optional
            What else the source says; a different district rules an actor out.
        limit : int, default 5
        min_score : float, default 0.5

        Returns
        -------
        list of ActorMatch
            Sorted by score descending, then id.
        """
        if not self._ids or not name.strip():
            return []
        query = self._record("?", name, {"district": district, "kind": kind, "short_name": short_name}, frozenset())
        shortlist = process.extract(query.norm, self._norms, scorer=fuzz.token_set_ratio,
                                    limit=max(limit * 4, 20), score_cutoff=50)
        found = []
        for _, _, idx in shortlist:
            rec = self.records[self._ids[idx]]
            s = self.compare(query, rec, threshold=min_score)
            if s is not None:
                found.append(ActorMatch(id=rec.id, name=rec.name, score=round(s.score, 4), reasons=s.reasons))
        found.sort(key=lambda m: (-m.score, m.id))
        return found[:limit]


def _lineage(actor_id: str, parent: Mapping[str, str | None]) -> frozenset[str]:
    out: list[str] = []
    cur = parent.get(actor_id)
    while cur is not None and cur not in out and cur != actor_id:  # bad data may loop
        out.append(cur)
        cur = parent.get(cur)
    return frozenset(out)

