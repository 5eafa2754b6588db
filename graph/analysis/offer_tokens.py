"""Title words of offers and how much each one says: the weighted title similarity.

Real lists taught two lessons. "FC Brigachtal" and "Motor-Sport-Club (MSC) Brigachtal e.V."
came out 90 % alike because the one word they share is the municipality's name; nine
municipal Kitas looked alike because "Kita" and the Ortsteil carried the match. So a title
word carries a match in proportion to how rare it is among the city's offer titles
(inverse document frequency, :func:`token_weights`), institution words ("Kita",
"Sportverein", "Grundschule", ...) weigh a fraction of that, and words of district or
place names in the graph almost nothing while both titles share them.
:func:`weighted_title_similarity` matches the words of two titles softly (typos,
compounds written apart, initials) and says how much of their weight agrees;
:func:`title_differences` names what only one side has and that makes two titles name
different things (another place, another number or level: "A1" / "A2", "Gruppe 1" /
"Gruppe 2").

All functions are pure; the weights are computed once per city.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

__all__ = [
    "GENERIC_FACTOR",
    "OFFER_GENERIC_WORDS",
    "PLACE_FACTOR",
    "title_differences",
    "token_weights",
    "weighted_title_similarity",
]

OFFER_GENERIC_WORDS: frozenset[str] = frozenset(
    """
    kita kinderhaus kinderkrippe krippe kindergarten grundschule gemeinschaftsgrundschule schule hauptschule
    realschule gesamtschule gymnasium sekundarschule foerderschule verein vereine foerderverein sportverein
    turnverein club klub ag arbeitsgemeinschaft gemeinde stadt landkreis kreis ortsteil stadtteil
    familienzentrum jugendzentrum stadtteilzentrum zentrum haus einrichtung kirchengemeinde staedtische
    katholische evangelische sankt gruppe gruppen angebot angebote projekt
    """.split()
)
"""Words that name a kind of institution or organisation, not one of them; they weigh little.

Offer words ("Elterncafé", "Kinderturnen") are not among them: how common those are,
the rarity weight says."""

GENERIC_FACTOR = 0.3
"""Share of its rarity weight an institution word keeps."""

PLACE_FACTOR = 0.05
"""Share of its rarity weight a place word keeps while both titles share it (or only one names a place)."""

SMOOTHING = 20
"""Pseudo-titles added to the count, so that a short list does not make every shared word worthless."""

FUZZY_MIN = 80
"""rapidfuzz ``ratio`` from which two words of at least four letters are one word with a typo."""

PARTIAL_MIN = 90
"""rapidfuzz ``partial_ratio`` from which a word of at least six letters is inside the other title's letters."""

GENERIC_INSIDE = 0.75
"""The most a title of institution words and places scores for being inside another
("Sportverein" / "Sportverein – Standort Bahnhofstraße"): alike enough to weigh the
rest, never enough to carry the match ("Kita Klengen" / "Kita Sonnenschein Klengen")."""


def token_weights(titles: Iterable[Iterable[str]]) -> dict[str, float]:
    """Rarity weight of every title word: ``ln((n + 20) / (df + 1))`` for ``n`` titles.

    A word in one title of a thousand weighs about 6.3, one in every tenth title about
    2.4; institution words keep :data:`GENERIC_FACTOR` of it. Place words are handled
    by :func:`weighted_title_similarity` (they depend on the pair).

    Examples
    --------
    >>> w = token_weights([["kita", "sonnenschein"], ["kita", "regenbogen"], ["kita", "pusteblume"]])
    >>> w["sonnenschein"] > w["kita"]
    True
    """
    df: Counter[str] = Counter()
    n = 0
    for words in titles:
        n += 1
        df.update(set(words))
    out = {}
    for word, count in df.items():
        w = math.log((n + SMOOTHING) / (count + 1))
        out[word] = w * GENERIC_FACTOR if word in OFFER_GENERIC_WORDS else w
    return out


def _default_weight(n_titles: int) -> float:
    return math.log(n_titles + SMOOTHING)


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


STREET_ENDINGS = ("strasse", "gasse", "allee", "platz", "weg", "ring", "damm", "ufer", "chaussee", "pfad")
"""Word endings that make a title word a street: an address, compared as a whole."""


def _street(word: str) -> tuple[str, str] | None:
    """(name, ending) of a street word ("kirchstrasse" -> ("kirch", "strasse")), else ``None``."""
    for end in STREET_ENDINGS:
        if word.endswith(end) and len(word) >= len(end) + 3:
            return word[: -len(end)], end
    return None


def _same_street(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """One street, perhaps with a typo in its name; "Kirchstraße" and "Kirchgasse" are two."""
    return x[1] == y[1] and (x[0] == y[0] or min(len(x[0]), len(y[0])) >= 4 and fuzz.ratio(x[0], y[0]) >= 85)


def _initials_match(x: str, ys: Sequence[str]) -> bool:
    """``x`` is the initials of consecutive words of ``ys`` ("msc" for "motor sport club")."""
    if len(x) < 2 or len(x) > len(ys):
        return False
    return any("".join(y[0] for y in ys[i : i + len(x)]) == x for i in range(len(ys) - len(x) + 1))


def _matched(x: str, ys: Sequence[str], y_set: frozenset[str], y_compact: str) -> bool:
    """Whether ``x`` is explained by the other title's words."""
    if x in y_set:
        return True
    if _has_digit(x):
        return False  # numbers and levels match exactly or not at all
    street = _street(x)
    if street is not None:  # an address matches the same street only
        return any(_same_street(street, s) for s in map(_street, y_set) if s is not None)
    if len(x) >= 4 and x in y_compact:
        return True  # one word there, written apart or as part of a compound here
    if _initials_match(x, ys):
        return True
    if len(x) >= 4:
        parts = [y for y in y_set if len(y) >= 3 and y in x]
        if parts and sum(len(y) for y in parts) >= 0.8 * len(x):
            return True  # a compound here written as several words there
        if any(len(y) >= 4 and fuzz.ratio(x, y) >= FUZZY_MIN for y in y_set):
            return True
    if len(x) >= 6 and fuzz.partial_ratio(x, y_compact) >= PARTIAL_MIN:
        return True  # a typo in a compound the other side writes apart ("Erziehungsbertung" / "Erziehungs-Beratung")
    return False


def _distinctive(words: Iterable[str], place_words: frozenset[str]) -> bool:
    """Whether some word is neither an institution word nor a place: only then may a title be found inside another."""
    return any(x not in OFFER_GENERIC_WORDS and x not in place_words for x in words)


def _split(words: Sequence[str], other: Sequence[str]) -> tuple[list[str], list[str]]:
    o_set, o_compact = frozenset(other), "".join(other)
    hit, miss = [], []
    for x in dict.fromkeys(words):
        (hit if _matched(x, other, o_set, o_compact) else miss).append(x)
    return hit, miss


def weighted_title_similarity(
    a: Sequence[str],
    b: Sequence[str],
    weights: Mapping[str, float],
    place_words: frozenset[str],
    *,
    a_context: frozenset[str] = frozenset(),
    b_context: frozenset[str] = frozenset(),
) -> float:
    """How much of the weight of two titles' words agrees, in 0–1.

    ``a`` and ``b`` are the normalised title words in order. Each word weighs its
    rarity (``weights``; an unknown word weighs as much as the rarest). Words of place
    names weigh :data:`PLACE_FACTOR` of it, unless both titles name a place the other
    does not (then the places count in full, against the pair). The score is the best
    of the weighted Dice share (both titles) and the weighted share of one title found in
    the other (an added site or provider), lowered by what the other adds; a title is
    found fully inside another only through a word that is neither an institution word
    nor a place (else at most :data:`GENERIC_INSIDE`: "Kita Klengen" is not simply inside
    "Kita Sonnenschein Klengen"). A word only one
    title has that the other record's context explains (``b_context`` for ``a``'s words:
    its provider names and description) counts neither way: "Sprachförderung in der Kita
    Hafenkinder" of the Kita Hafenkinder.

    Examples
    --------
    >>> w = token_weights([["fc", "brigachtal"], ["motor", "sport", "club", "msc", "brigachtal"],
    ...                    ["eltern", "cafe"], ["kita", "sonnenschein"]])
    >>> place = frozenset({"brigachtal"})
    >>> weighted_title_similarity(["fc", "brigachtal"], ["motor", "sport", "club", "msc", "brigachtal"], w, place) < 0.3
    True
    >>> weighted_title_similarity(["elterncafe"], ["eltern", "cafe"], w, place)
    1.0
    """
    if not a or not b:
        return 0.0
    top = max(weights.values(), default=_default_weight(0))
    hit_a, miss_a = _split(a, b)
    hit_b, miss_b = _split(b, a)
    miss_a = [x for x in miss_a if x not in b_context]
    miss_b = [x for x in miss_b if x not in a_context]
    two_places = any(x in place_words for x in miss_a) and any(x in place_words for x in miss_b)

    def weight(x: str, matched: bool) -> float:
        w = weights.get(x, top)
        if x in place_words and (matched or not two_places):
            return w * PLACE_FACTOR
        return w

    ha = sum(weight(x, True) for x in hit_a)
    hb = sum(weight(x, True) for x in hit_b)
    wa = ha + sum(weight(x, False) for x in miss_a)
    wb = hb + sum(weight(x, False) for x in miss_b)
    if wa <= 0 or wb <= 0:
        return 0.0
    if not miss_a and not miss_b:
        return 1.0
    dice = (ha + hb) / (wa + wb)
    inside = max(share * (0.8 + 0.2 * dice) if _distinctive(hits, place_words) else min(share, GENERIC_INSIDE)
                 for share, hits in ((ha / wa, hit_a), (hb / wb, hit_b)))
    return min(max(dice, inside), 0.99)


def title_differences(a: Sequence[str], b: Sequence[str], place_words: frozenset[str]) -> tuple[list[str], list[str]]:
    """Places, streets or numbers each title names and the other does not, when both name one.

    "Kindergarten Klengen" / "Kindergarten Beckhofen" name two places, "Familienzentrum,
    Kirchstraße" / "Familienzentrum, Kirchgasse" two addresses, "Deutschkurs A1" /
    "Deutschkurs A2" two levels: such titles name different offers, however alike the
    rest. A place, street or number on one side only (an added site) is no difference.

    Examples
    --------
    >>> title_differences(["kita", "klengen"], ["kita", "beckhofen"], frozenset({"klengen", "beckhofen"}))
    (['klengen'], ['beckhofen'])
    >>> title_differences(["deutschkurs", "a1"], ["deutschkurs", "a2"], frozenset())
    (['a1'], ['a2'])
    >>> title_differences(["elterncafe"], ["elterncafe", "nord"], frozenset({"nord"}))
    ([], [])
    >>> title_differences(["treff", "kirchstrasse"], ["treff", "kirchgasse"], frozenset())
    (['kirchstrasse'], ['kirchgasse'])
    """
    _, miss_a = _split(a, b)
    _, miss_b = _split(b, a)
    out_a: list[str] = []
    out_b: list[str] = []
    for kind in (lambda x: x in place_words, lambda x: _street(x) is not None, _has_digit):
        xa, xb = [x for x in miss_a if kind(x)], [x for x in miss_b if kind(x)]
        if xa and xb:
            out_a += [x for x in xa if x not in out_a]
            out_b += [x for x in xb if x not in out_b]
    return out_a, out_b
