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
into „sicher“, „prüfen“ and „verschieden“. What each comparison measures is in
:mod:`graph.analysis.actor_measures`.
"""

from __future__ import annotations

import math

from graph import texts
from graph.analysis import actor_measures as measure
from graph.analysis.actor_measures import far_apart
from graph.analysis.actor_records import ActorRecord
from graph.analysis.matching import Comparison, Level

__all__ = ["ACTOR_COMPARISONS", "ACTOR_PRIOR", "BAND_CHECK", "BAND_SURE", "PRUNE_FROM", "QUERY_PRIOR", "band",
           "far_apart", "fs_weight"]


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


PRUNE_FROM = 0.5
"""From this threshold on, blocking drops pairs without a shared phone, e-mail, website or
building that are :func:`far_apart` or whose names are less than 60 % alike: the other
comparisons together cannot lift them to 0.5 (checked in tests/unit/test_actor_matching.py)."""


# ---------------------------------------------------------------------------------------
# the comparisons: vetoes first, then cheap exact ones, then the names
# ---------------------------------------------------------------------------------------

W = fs_weight
ACTOR_COMPARISONS: tuple[Comparison[ActorRecord], ...] = (
    Comparison("Teil von", measure.lineage, (Level(texts.DUP_PART_OF, None, 0.0, veto=True),)),
    Comparison("Verbandsebene", measure.federation, (Level(texts.DUP_FEDERATION_LEVELS, None, 0.0, veto=True),)),
    Comparison("Rechtsform", measure.legal, (
        Level(texts.DUP_SAME_LEGAL_FORM, 1.0, W(0.9, 0.6)),
        Level(texts.DUP_LEGAL_FORMS, None, 0.0, veto=True),
    )),
    Comparison("Sozialraum", measure.district, (
        Level(texts.DUP_SAME_ACTOR_DISTRICT, 1.0, W(0.9, 0.45)),
        Level(texts.DUP_NESTED_ACTOR_DISTRICTS, 0.6, W(0.02, 0.11)),
        Level(texts.DUP_NEIGHBOUR_DISTRICTS, 0.5, W(0.04, 0.11)),  # a neighbouring Teilort: weak, no veto
        Level(texts.DUP_OTHER_ACTOR_DISTRICTS, 0.3, W(0.01, 0.08)),
        Level(texts.DUP_OTHER_ACTOR_DISTRICTS, None, W(0.005, 0.64)),
    )),
    Comparison("Anschrift", measure.address, (
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
    Comparison("Telefon", measure.phone, (
        Level(texts.DUP_SAME_PHONE, 1.0, W(0.6, 0.01)),
        Level(texts.DUP_SHARED_PHONE, 0.9, W(0.6, 0.15)),
        Level(texts.DUP_OTHER_PHONES, None, W(0.3, 0.85)),
    )),
    Comparison("E-Mail", measure.email, (
        Level(texts.DUP_SAME_EMAIL, 1.0, W(0.5, 0.008)),
        Level(texts.DUP_SHARED_EMAIL, 0.9, W(0.5, 0.12)),
        Level(texts.DUP_SAME_EMAIL_DOMAIN, 0.75, W(0.45, 0.012)),  # a domain only these two use
        Level(texts.DUP_SHARED_EMAIL_DOMAIN, 0.7, W(0.45, 0.2)),
        Level(texts.DUP_OTHER_EMAILS, None, W(0.15, 0.74)),
    )),
    Comparison("Internetseite", measure.website, (
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
    Comparison("Art", measure.kind, (
        Level(texts.DUP_SAME_KIND, 1.0, W(0.95, 0.47)),
        Level(texts.DUP_OTHER_KINDS, None, W(0.05, 0.4)),
    )),
    Comparison("Träger", measure.parent, (
        Level(texts.DUP_SAME_PARENT, 1.0, W(0.9, 0.45)),
        Level(texts.DUP_OTHER_PARENTS, None, W(0.1, 0.4)),
    )),
    Comparison("Name", measure.name, (
        Level(texts.DUP_SAME_NAME, 1.0, W(0.64, 0.01)),
        Level(texts.DUP_NAME_SIMILAR, 0.92, W(0.2, 0.006)),
        Level(texts.DUP_NAME_SIMILAR, 0.85, W(0.07, 0.006)),
        Level(texts.DUP_NAME_SIMILAR, 0.75, W(0.04, 0.012)),
        Level(texts.DUP_NAME_WEAK, 0.6, W(0.04, 0.08)),
        Level(texts.DUP_NAME_DIFFERENT, None, W(0.01, 0.9)),
    )),
    # splink's term-frequency adjustment: agreeing on a name 12 records bear is weak evidence
    Comparison("Namenshäufigkeit", measure.common_name, (
        Level(texts.DUP_COMMON_NAME, 1.0, W(0.06, 1.0)),  # 10 records or more
        Level(texts.DUP_COMMON_NAME, 0.5, W(0.2, 1.0)),  # 3 to 9
    )),
    Comparison("Namensteil", measure.contained, (
        Level(texts.DUP_NAME_CONTAINED, 0.55, W(0.6, 0.075)),
        Level(texts.DUP_NAME_PART_ONLY, None, W(0.4, 0.5)),
    )),
    Comparison("Ortsangabe im Namen", measure.place_in_name, (
        Level(texts.DUP_OTHER_PLACE_IN_NAME, None, W(0.02, 0.5)),
    )),
    Comparison("Namensbestandteile", measure.conflict, (
        Level(texts.DUP_NAME_CONFLICT, 1.0, W(0.01, 1.0)),
        Level(texts.DUP_ONLY_GENERIC, 0.5, W(0.02, 0.6)),
        Level(None, None, 0.0),
    )),
)
"""How two actor records are compared; the first three only ever veto (or barely weigh)."""
