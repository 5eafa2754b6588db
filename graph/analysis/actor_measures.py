"""What each actor comparison measures: a score in 0–1 and the values its German label quotes.

One function per comparison of :data:`graph.analysis.actor_comparisons.ACTOR_COMPARISONS`
(which holds the levels and weights). Scores encode levels: a measure returns the score of
the level a pair reaches, ``None`` when the data to compare is missing. Counts of records
sharing a name, building, phone, e-mail or website (:class:`~graph.analysis.actor_records.Frequencies`)
lower the scores of keys many records share.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from graph import texts
from graph.analysis.actor_records import FEDERATION_LEVELS, GENERIC_WORDS, ActorRecord
from graph.analysis.matching import Measure, distinct_tokens

__all__ = [
    "PARISH_WORDS",
    "address",
    "common_name",
    "conflict",
    "contained",
    "district",
    "district_relation",
    "email",
    "far_apart",
    "federation",
    "kind",
    "legal",
    "lineage",
    "name",
    "parent",
    "phone",
    "place_in_name",
    "website",
]


def lineage(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.id in b.lineage:
        return Measure(0.0, {"child": b.name, "parent": a.name})
    if b.id in a.lineage:
        return Measure(0.0, {"child": a.name, "parent": b.name})
    return None


def federation(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.levels and b.levels and not (a.levels & b.levels):
        show = lambda ls: "/".join(FEDERATION_LEVELS[x] for x in sorted(ls))  # noqa: E731
        return Measure(0.0, {"a_level": show(a.levels), "b_level": show(b.levels)})
    return None


def legal(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.legal or not b.legal:
        return None
    show = lambda ls: "/".join(sorted(ls))  # noqa: E731
    return Measure(float(bool(a.legal & b.legal)), {"a": show(a.legal), "b": show(b.legal)})


def name(a: ActorRecord, b: ActorRecord) -> Measure:
    """Whole-name similarity: word order and typos forgiven, added words are not."""
    if a.norm == b.norm or (a.words and a.words == b.words):
        score = 1.0
    else:
        best = max(fuzz.token_sort_ratio(a.norm, b.norm), *(fuzz.ratio(x, y) for x in a.variants for y in b.variants))
        score = min(best / 100.0, 0.99)
        if a.district and a.district == b.district:  # "Kita Traumland (Bahnhofsviertel)" in Bahnhofsviertel
            core_a = " ".join(sorted(a.words - a.place_words))
            core_b = " ".join(sorted(b.words - b.place_words))
            if core_a and core_b:
                score = max(score, min(0.95, fuzz.ratio(core_a, core_b) / 100.0))
    return Measure(score, lambda: {"a": a.name, "b": b.name})


def contained(a: ActorRecord, b: ActorRecord) -> Measure | None:
    """One name a strict sub-phrase of the other: the share of the longer it makes up."""
    short, long = sorted((a, b), key=lambda r: (len(r.text), r.id))
    if not short.text or short.text == long.text:
        return None
    if not short.words < long.words or all(len(w) <= 2 for w in long.words - short.words):
        return None  # not contained, or only stray letters added
    values = lambda: {"short": short.name, "long": long.name}  # noqa: E731
    if short.words < long.words and long.words - short.words <= long.place_words:
        return Measure(1.0, values)  # only the place added: a site suffix
    return Measure(len(short.text) / len(long.text), values)


def place_in_name(a: ActorRecord, b: ActorRecord) -> Measure | None:
    """A name naming a place (its district's) where the other record is not."""
    if not a.district or not b.district or a.district == b.district:
        return None
    only_a = (a.words & a.place_words) - b.words - b.place_words
    only_b = (b.words & b.place_words) - a.words - a.place_words
    if not only_a and not only_b:
        return None
    x, places = (a, only_a) if only_a else (b, only_b)
    return Measure(0.0, {"name": x.name, "places": ", ".join(sorted(places))})


PARISH_WORDS = frozenset({"kirchengemeinde", "pfarrei", "pfarrgemeinde", "gemeinde", "parish"})
"""Words that make a name a parish's: two parishes of one church differ in any other word."""
_CHURCH_WORDS = PARISH_WORDS | {"evangelische", "katholische", "sankt", "heilige", "ev", "lutherische", "reformierte"}


def _typo(x: str, ys: frozenset[str], at_least: float = 75) -> bool:
    """``x`` a misspelling of one of ``ys``: "frothiles" / "foothills", "bnak" / "bank" (swapped letters)."""
    if len(x) >= 4 and any(y[:1] == x[:1] and len(y) == len(x) and sorted(y) == sorted(x) for y in ys):
        return True
    return len(x) >= 5 and any(len(y) >= 5 and fuzz.ratio(x, y) >= at_least for y in ys)


def conflict(a: ActorRecord, b: ActorRecord) -> Measure:
    ignore = frozenset(FEDERATION_LEVELS)
    if a.words & PARISH_WORDS and b.words & PARISH_WORDS:  # "St. Marien" / "St. Martin": two parishes
        xa = [x for x in sorted(a.words - b.words - _CHURCH_WORDS) if not _typo(x, b.words, 88)]
        xb = [x for x in sorted(b.words - a.words - _CHURCH_WORDS) if not _typo(x, a.words, 88)]
        if xa and xb:
            return Measure(1.0, {"a_only": ", ".join(xa), "b_only": ", ".join(xb)})
    xa, xb = distinct_tokens(a.words, b.words, a_text=a.text, b_text=b.text, ignore=ignore)
    xa = [x for x in xa if not _typo(x, b.words)]
    xb = [x for x in xb if not _typo(x, a.words)]
    if xa and xb:
        return Measure(1.0, {"a_only": ", ".join(xa), "b_only": ", ".join(xb)})
    shared = (a.words & b.words) - ignore
    if shared and shared <= GENERIC_WORDS and (len(a.words - ignore) <= len(shared) or len(b.words - ignore) <= len(shared)):
        return Measure(0.5, {"shared": ", ".join(sorted(shared))})
    return Measure(0.0)


def common_name(a: ActorRecord, b: ActorRecord) -> Measure | None:
    """Alike names that many records bear: a name of several sites, or a generic one."""
    if not a.text or not b.text or _same_building(a, b):
        return None  # the building names the site, whatever other sites bear the name
    if a.district and a.district == b.district:  # in one district, count there
        ca, cb = a.freq(f"dn:{a.district}|{a.text}"), b.freq(f"dn:{b.district}|{b.text}")
    else:
        ca, cb = a.freq(f"n:{a.text}"), b.freq(f"n:{b.text}")
    ca, cb = max(ca, a.freq(f"f:{a.id}")), max(cb, b.freq(f"f:{b.id}"))  # exact, and in some spelling
    count = max(ca, cb)
    if count <= 2 or (a.text != b.text and fuzz.ratio(a.text, b.text) < 85):
        return None
    name = a.name if ca >= cb else b.name
    return Measure(1.0 if count >= 10 else 0.5, {"name": name, "count": count})


def _same_building(a: ActorRecord, b: ActorRecord) -> bool:
    """One building (and office) that few records share: it identifies the site."""
    A, B = a.address, b.address
    if not (A.street and A.number and A.number == B.number and A.street == B.street):
        return False
    if (A.postcode and B.postcode and A.postcode != B.postcode) or (a.unit and b.unit and a.unit != b.unit):
        return False
    return _building_count(a, b) <= 2


def _building_count(a: ActorRecord, b: ActorRecord) -> int:
    """How many records name ``b``'s building: in the district, else by postcode, else anywhere."""
    A, B = a.address, b.address
    if a.district and a.district == b.district:
        return b.freq(f"da:{b.district}|{B.street}|{B.number}")
    if A.postcode and B.postcode:
        return b.freq(f"a:{B.postcode}|{B.street}|{B.number}")
    return b.freq(f"a:{B.street}|{B.number}")


def _shared(score: float, count: int) -> float:
    """Lower a same-key score when many records share the key: 2 → as is, 3–9 → −0.05, 10+ → −0.1."""
    return score if count <= 2 else score - 0.05 if count < 10 else score - 0.1


def address(a: ActorRecord, b: ActorRecord) -> Measure | None:
    A, B = a.address, b.address
    if not (A.street or A.postcode) or not (B.street or B.postcode):
        return None
    values = {"a": a.address_text, "b": b.address_text}
    other_pc = bool(A.postcode and B.postcode and A.postcode != B.postcode)
    if A.street and B.street:
        if (A.street == "pobox") != (B.street == "pobox"):
            return None  # a mailing address says nothing about the site
        same_street = A.street == B.street or fuzz.ratio(A.street, B.street) >= 85
        if same_street and not other_pc:
            if A.number and A.number == B.number:
                if a.unit and b.unit and a.unit != b.unit:
                    return Measure(0.45, {**values, "a_unit": a.unit, "b_unit": b.unit})
                count = _building_count(a, b)
                return Measure(_shared(1.0, count), {**values, "count": count})
            if A.number and B.number:
                same_base = A.number.rstrip("abcdefgh") == B.number.rstrip("abcdefgh")
                return Measure(0.8 if same_base else 0.4, values)
            return Measure(0.7, values)
        if A.postcode and A.postcode == B.postcode:
            return Measure(0.2, values)
        return Measure(0.0, values)
    if A.postcode and B.postcode:
        return Measure(0.65 if not other_pc else 0.1, {**values, "a": A.postcode} if not other_pc else values)
    return None


def website(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.web or not b.web:
        return None
    if a.web[1] == b.web[1]:
        count = a.freq(f"w:{a.web[1]}")
        return Measure(_shared(1.0, count), {"a": a.web[1], "count": count})
    if a.web[0] and a.web[0] == b.web[0]:
        count = a.freq(f"wd:{a.web[0]}")
        return Measure(0.75 if count <= 2 else 0.7, {"a": a.web[0], "count": count})
    ha, hb = a.web[0].rsplit(".", 1)[0], b.web[0].rsplit(".", 1)[0]  # without the top-level domain
    if len(ha) >= 6 and len(hb) >= 6 and (ha == hb or max(fuzz.ratio(ha, hb), fuzz.ratio(a.web[0], b.web[0])) >= 90):
        shared = max(a.freq(f"w:{a.web[1]}"), b.freq(f"w:{b.web[1]}")) > 2
        return Measure(0.45 if shared else 0.5, {"a": a.web[0], "b": b.web[0]})  # .org / .com, a typo
    return Measure(0.0, {"a": a.web[1], "b": b.web[1]})


def email(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.email or not b.email:
        return None
    if a.email[1] == b.email[1]:
        count = a.freq(f"e:{a.email[1]}")
        return Measure(1.0 if count <= 2 else 0.9, {"a": a.email[1], "count": count})
    if a.email[0] and a.email[0] == b.email[0]:
        count = a.freq(f"ed:{a.email[0]}")
        return Measure(0.75 if count <= 2 else 0.7, {"a": a.email[0], "count": count})
    if a.email[0] and b.email[0]:
        return Measure(0.0, {"a": a.email[0], "b": b.email[0]})
    return None


def phone(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.phone or not b.phone:
        return None
    if a.phone == b.phone:
        count = a.freq(f"p:{a.phone}")
        return Measure(1.0 if count <= 2 else 0.9, {"a": a.phone, "count": count})
    return Measure(0.0, {"a": a.phone, "b": b.phone})


@lru_cache(maxsize=1 << 16)
def district_relation(pa: tuple[str, ...], pb: tuple[str, ...]) -> float:
    """How close two districts are, from their paths (district first, then ancestors).

    1.0 the same, 0.6 one inside the other, 0.5 neighbours (one parent), 0.3 close in the
    tree (at most three steps), 0.0 far apart or in unrelated trees. Cached: a city has few
    district pairs.
    """
    if pa[0] == pb[0]:
        return 1.0
    if pa[0] in pb or pb[0] in pa:
        return 0.6
    if len(pa) > 1 and len(pb) > 1 and pa[1] == pb[1]:
        return 0.5
    common = set(pa) & set(pb)
    if common and min(pa.index(c) + pb.index(c) for c in common) <= 3:
        return 0.3
    return 0.0


def district(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.district is None or b.district is None:
        return None
    names = a.names
    show = lambda d: names.get(d, d)  # noqa: E731
    pa, pb = a.district_path or (a.district,), b.district_path or (b.district,)
    score = district_relation(pa, pb)
    if score == 1.0:
        return Measure(1.0, {"a": show(a.district)})
    if score == 0.6:
        inner, outer = (a, b) if b.district in pa else (b, a)
        return Measure(0.6, {"inner": show(inner.district), "outer": show(outer.district)})
    values = {"a": show(a.district), "b": show(b.district)}
    if score == 0.5:
        return Measure(0.5, {**values, "parent": show(pa[1])})
    return Measure(score, values)


def far_apart(a: ActorRecord, b: ActorRecord) -> bool:
    """Both in known districts that are neither one, nested, neighbours nor close in the tree."""
    if a.district is None or b.district is None or a.district == b.district:
        return False
    return district_relation(a.district_path or (a.district,), b.district_path or (b.district,)) == 0.0


def kind(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.kind or not b.kind or "other" in (a.kind, b.kind):
        return None
    kd = texts.ACTOR_KIND_DE
    return Measure(float(a.kind == b.kind), lambda: {"a": kd.get(a.kind, a.kind), "b": kd.get(b.kind, b.kind)})


def parent(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.parent or not b.parent:
        return None
    return Measure(float(a.parent == b.parent), {"a": a.parent_name or a.parent, "b": b.parent_name or b.parent})
