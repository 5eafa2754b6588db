"""Duplicates (Dopplungen): offers that are in substance the same, actors entered twice.

**Offers.** Two offers are duplicates when they do the same thing for the same people in
the same place: similar title and description (normalised, see
:mod:`graph.analysis.normalise`), overlapping life phases, the same districts, topics,
target group and age range. A different provider with no link to the first weighs against,
and place or generic words shared by two titles weigh little. Each pair is
compared by the :data:`OFFER_COMPARISONS` (splink-style levels, see
:mod:`graph.analysis.matching`); the levels a pair reaches are its German reasons.
Different or nested districts (a city-wide offer and one in a Stadtteil), disjoint life
phases and titles less than 70 % alike *veto* a pair, so a generic title alone
("Sportplatz", "Elterncafé") never makes two offers in different districts duplicates;
titles that name different things ("Kita Sonnenschein" / "Kita Regenbogen") or share only
generic words ("Familienzentrum") weigh strongly against. Matched pairs form clusters in
which every two offers match (complete link, strongest pairs first), so a chain of
look-alikes never joins offers that are not duplicates of each other.

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
Nord e.V."), via :class:`~graph.analysis.actor_matching.ActorMatcher`: records prepared in
:mod:`~graph.analysis.actor_records` (normalised by :mod:`~graph.analysis.actor_normalise`),
measured by :mod:`~graph.analysis.actor_measures` and weighed level by level in
:mod:`~graph.analysis.actor_comparisons` (name, legal form, address, phone, e-mail, website,
kind, district tree, parent; Fellegi–Sunter weights summed to a probability with the bands
„sicher“, „prüfen“, „verschieden“), candidates from :mod:`~graph.analysis.actor_blocking`.
Federation levels (Kreisverband / Ortsverein), a parent and its PART_OF child and two legal
forms (e. V. / gGmbH) are never proposed; two parishes, a name only contained in a much longer
one, the same name at another address and distant districts weigh strongly against.
"""

from __future__ import annotations

from graph.analysis.duplicate_actors import ActorMergeProposal, find_duplicate_actors
from graph.analysis.duplicate_offers import (
    DuplicateOfferCluster,
    DuplicateOfferPair,
    find_duplicate_offers,
    naive_duplicate_offers,
)
from graph.analysis.offer_blocking import BlockTooLargeWarning
from graph.analysis.offer_comparisons import OFFER_COMPARISONS, OFFER_PRIOR
from graph.analysis.offer_records import OfferRecord, offer_records

__all__ = [
    "OFFER_COMPARISONS",
    "OFFER_PRIOR",
    "ActorMergeProposal",
    "BlockTooLargeWarning",
    "DuplicateOfferCluster",
    "DuplicateOfferPair",
    "OfferRecord",
    "find_duplicate_actors",
    "find_duplicate_offers",
    "naive_duplicate_offers",
    "offer_records",
]
