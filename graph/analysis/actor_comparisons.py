"""How two actor records are compared: levels, match weights, German reasons, bands.

Each level's weight is a log2 Bayes factor ``log2(m / u)`` (Fellegi–Sunter): ``m`` is how
often two entries of *one* organisation reach the level, ``u`` how often two *different*
organisations that blocking paired (similar names or shared contact data) do. The m and
u values below are set from German and English directory rules written down in
/work/shared/DOMAIN.md and the house's own labelled examples (tests/unit/
test_actor_matching.py), not fitted to any benchmark file:

* the same name at another address is another site (u high, m low);
* one name that is only a small part of a much longer one ("Whatcom County" in "Boys and
  Girls Clubs of Whatcom County") is not a similar name;
* an e. V. and a gGmbH of one name, two federation levels, a parent and its branch are
  never one actor (vetoes);
* a neighbouring Teilort is weak evidence against, a distant district strong evidence;
* a phone number or e-mail address shared by many records (a switchboard) says little.

The weights sum with :data:`ACTOR_PRIOR` and map to a probability; :func:`band` cuts it
into „sicher“, „prüfen“ and „verschieden“.
"""

from __future__ import annotations

import math
from functools import lru_cache

from rapidfuzz import fuzz

from graph import texts
from graph.analysis.actor_records import FEDERATION_LEVELS, GENERIC_WORDS, ActorRecord
from graph.analysis.matching import Comparison, Level, Measure, distinct_tokens

__all__ = ["ACTOR_COMPARISONS", "ACTOR_PRIOR", "QUERY_PRIOR", "BAND_CHECK", "BAND_SURE", "PRUNE_FROM", "band", "far_apart",
           "fs_weight"]


def fs_weight(m: float, u: float) -> float:
    """Match weight of a level reached by a share ``m`` of true and ``u`` of false pairs.

    >>> fs_weight(0.5, 0.0625)
    3.0
    """
    return round(math.log2(m / u), 2)


ACTOR_PRIOR = fs_weight(1, 115)
"""Log2 prior odds that a pair blocking proposes is one organisation: 1 in 116, the share
measured on the synthetic German cities of :mod:`graph.demo.synthetic` (seed 1, 3,000 and
10,000 offers, after pruning)."""

QUERY_PRIOR = fs_weight(1, 16)
"""Log2 prior odds for one of the few known actors shortlisted for a name an importer reads
(:meth:`~graph.analysis.actor_matching.ActorMatcher.candidates`): 1 in 17."""

BAND_SURE = 0.9
"""From this probability on a proposal is „sicher“."""
BAND_CHECK = 0.5
"""From this probability on (below :data:`BAND_SURE`) a proposal is „prüfen“."""


def band(score: float) -> str:
    """The German band of a match probability.

    >>> band(0.95), band(0.6), band(0.2)
    ('sicher', 'prüfen', 'verschieden')
    """
    if score >= BAND_SURE:
        return texts.DUP_BAND_SURE
    return texts.DUP_BAND_CHECK if score >= BAND_CHECK else texts.DUP_BAND_DIFFERENT


# ---------------------------------------------------------------------------------------
# measures
# ---------------------------------------------------------------------------------------


def _lineage(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.id in b.lineage:
        return Measure(0.0, {"child": b.name, "parent": a.name})
    if b.id in a.lineage:
        return Measure(0.0, {"child": a.name, "parent": b.name})
    return None


def _federation(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if a.levels and b.levels and not (a.levels & b.levels):
        show = lambda ls: "/".join(FEDERATION_LEVELS[x] for x in sorted(ls))  # noqa: E731
        return Measure(0.0, {"a_level": show(a.levels), "b_level": show(b.levels)})
    return None


def _legal(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.legal or not b.legal:
        return None
    show = lambda ls: "/".join(sorted(ls))  # noqa: E731
    return Measure(float(bool(a.legal & b.legal)), {"a": show(a.legal), "b": show(b.legal)})


def _name(a: ActorRecord, b: ActorRecord) -> Measure:
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


def _contained(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _place_in_name(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _conflict(a: ActorRecord, b: ActorRecord) -> Measure:
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


def _common_name(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _address(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _website(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _email(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _phone(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


def _district(a: ActorRecord, b: ActorRecord) -> Measure | None:
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


PRUNE_FROM = 0.5
"""From this threshold on, blocking drops pairs without a shared phone, e-mail, website or
building that are :func:`far_apart` or whose names are less than 60 % alike: the other
comparisons together cannot lift them to 0.5 (checked in tests/unit/test_actor_matching.py)."""


def _kind(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.kind or not b.kind or "other" in (a.kind, b.kind):
        return None
    kd = texts.ACTOR_KIND_DE
    return Measure(float(a.kind == b.kind), lambda: {"a": kd.get(a.kind, a.kind), "b": kd.get(b.kind, b.kind)})


def _parent(a: ActorRecord, b: ActorRecord) -> Measure | None:
    if not a.parent or not b.parent:
        return None
    return Measure(float(a.parent == b.parent), {"a": a.parent_name or a.parent, "b": b.parent_name or b.parent})


# ---------------------------------------------------------------------------------------
# the comparisons: vetoes first, then cheap exact ones, then the names
# ---------------------------------------------------------------------------------------

W = fs_weight
ACTOR_COMPARISONS: tuple[Comparison[ActorRecord], ...] = (
    Comparison("Teil von", _lineage, (Level(texts.DUP_PART_OF, None, 0.0, veto=True),)),
    Comparison("Verbandsebene", _federation, (Level(texts.DUP_FEDERATION_LEVELS, None, 0.0, veto=True),)),
    Comparison("Rechtsform", _legal, (
        Level(texts.DUP_SAME_LEGAL_FORM, 1.0, W(0.9, 0.6)),
        Level(texts.DUP_LEGAL_FORMS, None, 0.0, veto=True),
    )),
    Comparison("Sozialraum", _district, (
        Level(texts.DUP_SAME_ACTOR_DISTRICT, 1.0, W(0.9, 0.45)),
        Level(texts.DUP_NESTED_ACTOR_DISTRICTS, 0.6, W(0.02, 0.11)),
        Level(texts.DUP_NEIGHBOUR_DISTRICTS, 0.5, W(0.04, 0.11)),  # a neighbouring Teilort: weak, no veto
        Level(texts.DUP_OTHER_ACTOR_DISTRICTS, 0.3, W(0.01, 0.08)),
        Level(texts.DUP_OTHER_ACTOR_DISTRICTS, None, W(0.005, 0.64)),
    )),
    Comparison("Anschrift", _address, (
        Level(texts.DUP_SAME_ADDRESS, 1.0, W(0.6, 0.02)),
        Level(texts.DUP_SAME_ADDRESS_SHARED, 0.95, W(0.6, 0.1)),
        Level(texts.DUP_SAME_ADDRESS_SHARED, 0.9, W(0.6, 0.3)),
        Level(texts.DUP_SAME_HOUSE, 0.8, W(0.1, 0.012)),
        Level(texts.DUP_SAME_STREET_ONLY, 0.7, W(0.1, 0.035)),
        Level(texts.DUP_SAME_POSTCODE, 0.65, W(0.8, 0.55)),
        Level(texts.DUP_OTHER_UNIT, 0.45, W(0.05, 0.3)),
        Level(texts.DUP_SAME_STREET, 0.4, W(0.04, 0.12)),
        Level(texts.DUP_OTHER_STREET, 0.2, W(0.03, 0.5)),
        Level(texts.DUP_OTHER_ADDRESS, 0.1, W(0.05, 0.4)),
        Level(texts.DUP_OTHER_ADDRESS, None, W(0.03, 0.9)),
    )),
    Comparison("Telefon", _phone, (
        Level(texts.DUP_SAME_PHONE, 1.0, W(0.6, 0.01)),
        Level(texts.DUP_SHARED_PHONE, 0.9, W(0.6, 0.15)),
        Level(texts.DUP_OTHER_PHONES, None, W(0.3, 0.85)),
    )),
    Comparison("E-Mail", _email, (
        Level(texts.DUP_SAME_EMAIL, 1.0, W(0.5, 0.008)),
        Level(texts.DUP_SHARED_EMAIL, 0.9, W(0.5, 0.12)),
        Level(texts.DUP_SAME_EMAIL_DOMAIN, 0.75, W(0.45, 0.012)),  # a domain only these two use
        Level(texts.DUP_SHARED_EMAIL_DOMAIN, 0.7, W(0.45, 0.2)),
        Level(texts.DUP_OTHER_EMAILS, None, W(0.15, 0.74)),
    )),
    Comparison("Internetseite", _website, (
        # a website several records share belongs to an organisation with several sites:
        # it says "same organisation", which the name already said, not "same site"
        Level(texts.DUP_SAME_WEBSITE, 1.0, W(0.7, 0.02)),
        Level(texts.DUP_SHARED_WEBSITE, 0.95, W(0.7, 0.35)),
        Level(texts.DUP_SHARED_WEBSITE, 0.9, W(0.7, 0.5)),
        Level(texts.DUP_SAME_WEB_DOMAIN, 0.75, W(0.2, 0.025)),
        Level(texts.DUP_SHARED_WEB_DOMAIN, 0.7, W(0.2, 0.14)),
        Level(texts.DUP_SIMILAR_WEBSITES, 0.5, W(0.06, 0.02)),
        Level(texts.DUP_SIMILAR_WEBSITES, 0.45, 0.0),  # like a website several sites share
        Level(texts.DUP_OTHER_WEBSITES, None, W(0.1, 0.35)),
    )),
    Comparison("Art", _kind, (
        Level(texts.DUP_SAME_KIND, 1.0, W(0.95, 0.47)),
        Level(texts.DUP_OTHER_KINDS, None, W(0.05, 0.4)),
    )),
    Comparison("Träger", _parent, (
        Level(texts.DUP_SAME_PARENT, 1.0, W(0.9, 0.45)),
        Level(texts.DUP_OTHER_PARENTS, None, W(0.1, 0.4)),
    )),
    Comparison("Name", _name, (
        Level(texts.DUP_SAME_NAME, 1.0, W(0.64, 0.01)),
        Level(texts.DUP_NAME_SIMILAR, 0.92, W(0.2, 0.006)),
        Level(texts.DUP_NAME_SIMILAR, 0.85, W(0.07, 0.006)),
        Level(texts.DUP_NAME_SIMILAR, 0.75, W(0.04, 0.012)),
        Level(texts.DUP_NAME_WEAK, 0.6, W(0.04, 0.08)),
        Level(texts.DUP_NAME_DIFFERENT, None, W(0.01, 0.9)),
    )),
    # splink's term-frequency adjustment: agreeing on a name 12 records bear is weak evidence
    Comparison("Namenshäufigkeit", _common_name, (
        Level(texts.DUP_COMMON_NAME, 1.0, W(0.3, 5.0)),
        Level(texts.DUP_COMMON_NAME, 0.5, W(0.5, 2.5)),
    )),
    Comparison("Namensteil", _contained, (
        Level(texts.DUP_NAME_CONTAINED, 0.55, W(0.6, 0.075)),
        Level(texts.DUP_NAME_PART_ONLY, None, W(0.4, 0.5)),
    )),
    Comparison("Ortsangabe im Namen", _place_in_name, (
        Level(texts.DUP_OTHER_PLACE_IN_NAME, None, W(0.02, 0.5)),
    )),
    Comparison("Namensbestandteile", _conflict, (
        Level(texts.DUP_NAME_CONFLICT, 1.0, W(0.01, 1.0)),
        Level(texts.DUP_ONLY_GENERIC, 0.5, W(0.02, 0.6)),
        Level(None, None, 0.0),
    )),
)
"""How two actor records are compared; the first three only ever veto (or barely weigh)."""
