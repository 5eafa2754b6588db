"""Record comparison as plain data, shared by the offer and the actor matchers.

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
text normalised by :mod:`graph.analysis.normalise`. The actor matcher is
:class:`graph.analysis.actor_matching.ActorMatcher` (still importable from here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rapidfuzz import fuzz

from graph.analysis.network import percent
from graph.analysis.normalise import normalise

R = TypeVar("R")

__all__ = [
    "FEDERATION_LEVELS",
    "GENERIC_WORDS",
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


# The actor matcher lives in graph.analysis.actor_matching (records, comparisons and blocking
# in actor_records, actor_comparisons, actor_blocking); these names stay importable from here.
_ACTOR_NAMES = {
    "ActorMatch": "graph.analysis.actor_matching",
    "ActorMatcher": "graph.analysis.actor_matching",
    "ActorRecord": "graph.analysis.actor_records",
    "ACTOR_COMPARISONS": "graph.analysis.actor_comparisons",
    "ACTOR_PRIOR": "graph.analysis.actor_comparisons",
}


def __getattr__(name: str) -> Any:
    """The actor names, imported on first use (they build on this module)."""
    if name in _ACTOR_NAMES:
        import importlib

        return getattr(importlib.import_module(_ACTOR_NAMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
