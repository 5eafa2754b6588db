"""How two offers are compared: the splink-style :data:`OFFER_COMPARISONS`.

Each comparison measures one aspect of two :class:`~graph.analysis.offer_records.OfferRecord`
(life phase, district, title, topic, target group, age, offer kind, providers,
description, title words, place) and maps the measure onto ordered
:class:`~graph.analysis.matching.Level` s, each with a German label and a weight (see
:mod:`graph.analysis.matching`). Different or nested districts, disjoint life phases and
titles less than 70 % alike veto a pair.

What real lists taught: a title is only as alike as its *rare* words are (a shared place
name or "Kita" carries nothing, :mod:`graph.analysis.offer_tokens`); titles naming two
places or two numbers ("Kindergarten Klengen" / "Kindergarten Beckhofen", "A1" / "A2")
name two offers; the same provider is the classic duplicate, providers that work together
(a cooperation, one part of the other, one named in the other's entry) are neutral, and
providers with no link at all weigh strongly against, as do two addresses far apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from rapidfuzz import fuzz

from graph import texts
from graph.analysis.matching import (
    GENERIC_WORDS,
    Comparison,
    Level,
    Measure,
    distinct_tokens,
    normalised_similarity,
)
from graph.analysis.normalise import normalise, tokens
from graph.analysis.offer_records import OfferRecord
from graph.analysis.offer_tokens import OFFER_GENERIC_WORDS, title_differences, weighted_title_similarity

__all__ = [
    "AGE",
    "DESCRIPTION",
    "DISTRICT",
    "KIND",
    "LOCATION",
    "OFFER_COMPARISONS",
    "OFFER_PRIOR",
    "PHASE",
    "PROVIDERS",
    "TARGET",
    "TITLE",
    "TITLE_CONFLICT",
    "TOPIC",
    "age_score",
    "target_score",
]


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
    # never above the letter-level similarity the blocking bounds with
    plain = normalised_similarity(a.norm, b.norm)
    if plain >= 1.0 or plain < TITLE.levels[-2].at_least - 1e-9:
        return Measure(plain)
    weighted = weighted_title_similarity(a.ordered, b.ordered, a.weights, a.place_words,
                                         a_context=a.context(), b_context=b.context())
    return Measure(min(plain, weighted))


def _title_conflict_measure(a: OfferRecord, b: OfferRecord) -> Measure:
    da, db = title_differences(a.ordered, b.ordered, a.place_words)
    if da and db:
        return Measure(1.0, {"a_only": ", ".join(da), "b_only": ", ".join(db)})
    xa, xb = distinct_tokens(a.words, b.words, a_text=a.compact, b_text=b.compact, a_context=a.context(),
                             b_context=b.context(), ignore=a.place_words)
    if xa and xb:
        return Measure(0.9, {"a_only": ", ".join(xa), "b_only": ", ".join(xb)})
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


def target_score(a_norm: str, b_norm: str) -> float:
    return 1.0 if a_norm == b_norm else min(fuzz.token_set_ratio(a_norm, b_norm) / 100.0, 0.99)


def _target_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if not a.target_norm or not b.target_norm:
        return None
    return Measure(target_score(a.target_norm, b.target_norm), lambda: {"a": a.target, "b": b.target})


def age_score(a: tuple[float, float], b: tuple[float, float]) -> float:
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
    return Measure(age_score(a.age, b.age), lambda: {"a": _years(a.age), "b": _years(b.age)})


def _kind_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if not a.kind or not b.kind:
        return None
    kd = texts.OFFER_KIND_DE
    return Measure(float(a.kind == b.kind), lambda: {"a": kd.get(a.kind, a.kind), "b": kd.get(b.kind, b.kind)})


def _mentions(rec: OfferRecord, provider: str, other: OfferRecord) -> bool:
    """Whether ``other``'s title or description names ``provider`` (of ``rec``) by a distinctive word."""
    words = {w for w in tokens(rec.names.get(provider, provider))
             if len(w) >= 4 and w not in rec.place_words and w not in OFFER_GENERIC_WORDS}
    return bool(words) and bool(words & (other.words | set(tokens(other.description))))


def _linked(a: OfferRecord, b: OfferRecord) -> bool:
    """Providers that work together, belong together, are one actor entered twice, or name each other."""
    if a.linked_to(b.providers):
        return True
    names_a = [normalise(a.names.get(p, p)) for p in a.providers]
    names_b = [normalise(b.names.get(p, p)) for p in b.providers]
    if any(x and y and normalised_similarity(x, y) >= 0.9 for x in names_a for y in names_b):
        return True
    return any(_mentions(a, p, b) for p in a.providers) or any(_mentions(b, p, a) for p in b.providers)


def _provider_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    m = _set_measure(frozenset(a.providers), frozenset(b.providers), a)
    if m is None or m.score > 0:
        return m
    return Measure(0.25 if _linked(a, b) else 0.0, m.values)


def _distance_km(a: OfferRecord, b: OfferRecord) -> float:
    (la1, lo1), (la2, lo2) = (map(math.radians, (r.lat, r.lon)) for r in (a, b))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _location_measure(a: OfferRecord, b: OfferRecord) -> Measure | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    km = _distance_km(a, b)
    score = 1.0 if km <= SAME_PLACE_KM else 0.5 if km <= OTHER_PLACE_KM else 0.0
    return Measure(score, lambda: {"km": f"{km:.1f}".replace(".", ",")})


SAME_PLACE_KM = 0.15
"""Offers at most this far apart are at one address."""

OTHER_PLACE_KM = 1.0
"""Offers further apart than this are at two places."""


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
    Level(texts.DUP_SAME_PROVIDER, 0.5, 1.5),
    Level(texts.DUP_OTHER_PROVIDERS, 0.25, 0.0),
    Level(texts.DUP_UNLINKED_PROVIDERS, None, -3.0),
))
LOCATION = Comparison("Ort", _location_measure, (
    Level(texts.DUP_SAME_PLACE, 1.0, 1.0),
    Level(None, 0.5, 0.0),
    Level(texts.DUP_OTHER_PLACES, None, -8.0),
))
DESCRIPTION = Comparison("Beschreibung", _description_measure, (
    Level(texts.DUP_DESCRIPTION_SIMILAR, 0.8, 3.0),
    Level(texts.DUP_DESCRIPTION_SIMILAR, 0.7, 2.0),
    Level(texts.DUP_DESCRIPTION_SIMILAR, 0.6, 0.5),
    Level(texts.DUP_DESCRIPTION_WEAK, 0.45, -1.0),
    Level(texts.DUP_DESCRIPTION_DIFFERENT, None, -2.5),
))
TITLE_CONFLICT = Comparison("Titelbestandteile", _title_conflict_measure, (
    Level(texts.DUP_TITLE_NAMES_OTHER, 1.0, -8.0),
    Level(texts.DUP_TITLE_CONFLICT, 0.9, -8.0),
    Level(texts.DUP_ONLY_GENERIC, 0.5, -5.0),
    Level(None, None, 0.0),
))

OFFER_COMPARISONS: tuple[Comparison[OfferRecord], ...] = (
    PHASE, DISTRICT, TITLE, TOPIC, TARGET, AGE, KIND, LOCATION, PROVIDERS, DESCRIPTION, TITLE_CONFLICT,
)
"""How two offers are compared, cheap and vetoing comparisons first."""

OFFER_PRIOR = -7.0
"""Log2 prior odds that two offers sharing a district and a life phase are one offer."""
