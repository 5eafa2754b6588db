"""Candidate pairs for duplicate actors: blocking, never all pairs.

Two entries of one organisation share something exact or nearly so; the blocks are

* **contact**: the same phone number, e-mail address or domain, website or domain,
  street and house number (with or without postcode);
* **place**: the same district, names compared at once with ``rapidfuzz.process.cdist``
  (token-set similarity at least 50, as before);
* **name**: the same name, the same first or last six letters, a rare name word in common
  (a word at most ``rare`` records use), and the neighbours in the sorted list of the names
  without spaces and of those names reversed (typos at the end and at the start), names
  again compared at least 50 (name blocks above ``max_block`` records are skipped).

A block larger than ``max_block`` records (a city portal's domain, a Rathaus address) is
not paired exhaustively: its records are compared by name inside it like a district.

Notes
-----
Pairs from contact and name blocks cost O(n * window + sum of block sizes^2) for blocks
capped at ``max_block``; district blocks cost what the district's size squared costs in
``cdist`` (C, all cores), as before. In practice near-linear in the number of actors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from graph.analysis.actor_comparisons import far_apart
from graph.analysis.actor_records import ActorRecord

__all__ = ["actor_candidate_pairs"]

NAME_CUTOFF = 50
"""Token-set similarity (0–100) two names in a name or place block need to be compared."""

PRUNE_NAME = 60
"""With ``prune``: whole-name similarity (0–100) a pair without shared contact data needs."""


def _pairs_by_name(ids: Sequence[int], records: Sequence[ActorRecord], out: set[tuple[int, int]],
                   prune: bool = False) -> None:
    """All pairs of ``ids`` with alike names, compared at once with ``cdist`` (C, all cores).

    Alike: token-set similarity at least 50; with ``prune`` the stricter test the pruned
    pairs pass (word order and typos forgiven at least 60, or one name's words inside the other's).
    """
    if len(ids) < 2:
        return
    norms = [records[i].norm for i in ids]
    if prune:
        texts = [records[i].text for i in ids]
        kw = {"dtype": np.uint8, "workers": -1}
        alike = (process.cdist(norms, norms, scorer=fuzz.token_sort_ratio, score_cutoff=PRUNE_NAME, **kw) > 0)
        alike |= process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=PRUNE_NAME, **kw) > 0
        alike |= process.cdist(norms, norms, scorer=fuzz.token_set_ratio, score_cutoff=100, **kw) > 0
    else:
        alike = process.cdist(norms, norms, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1,
                              score_cutoff=NAME_CUTOFF) > 0
    for r, c in zip(*np.nonzero(np.triu(alike, k=1)), strict=True):
        a, b = ids[r], ids[c]
        out.add((a, b) if a < b else (b, a))


def actor_candidate_pairs(records: Sequence[ActorRecord], *, window: int = 6, rare: int = 30,
                          max_block: int = 40, prune: bool = False) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of ``records`` worth comparing in full.

    Parameters
    ----------
    records : sequence of ActorRecord
    window : int, default 6
        Sorted-neighbourhood window on the names.
    rare : int, default 30
        A name word shared by more records than this (or than 1 % of them) forms no block.
    max_block : int, default 40
        Contact blocks above this size pair only records with similar names.
    prune : bool, default False
        Drop the pairs sharing no contact key that cannot reach a score of 0.5 whatever
        else agrees: districts far apart (:func:`~graph.analysis.actor_comparisons.far_apart`),
        or names less than 60 % alike (word order and typos forgiven) unless one name's
        words lie inside the other's.

    Returns
    -------
    list of (int, int)
        Sorted.

    Examples
    --------
    >>> from graph.analysis.actor_records import actor_record
    >>> rs = [actor_record("a", "Kita Sonnenschein", {"phone": "0209 12345"}),
    ...       actor_record("b", "Städtische Kindertagesstätte", {"phone": "0209/12345"}),
    ...       actor_record("c", "Jugendamt", {})]
    >>> actor_candidate_pairs(rs)
    [(0, 1)]
    """
    n = len(records)
    exact: set[tuple[int, int]] = set()
    named: set[tuple[int, int]] = set()
    contact: dict[str, list[int]] = defaultdict(list)
    district: dict[str, list[int]] = defaultdict(list)
    word: dict[str, list[int]] = defaultdict(list)
    prefix: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for key in r.contact_keys():
            contact[key].append(i)
        if r.district:
            district[r.district].append(i)
        for w in r.words:
            word[w].append(i)
        if r.text:  # the same name, and names alike at the start or at the end
            for key in (f"n:{r.text}", f"<:{r.text[:6]}", f">:{r.text[-6:]}"):
                prefix[key].append(i)
    for key, ids in contact.items():
        if len(ids) < 2:
            continue
        street = key.startswith("h:") or (key.startswith("a:") and key.count("|") == 1)
        for part in _postcode_areas(ids, records) if street else [ids]:  # "Hauptstraße 3" is in every town
            if len(part) <= max_block:
                exact.update((a, b) if a < b else (b, a) for k, a in enumerate(part) for b in part[k + 1:])
            else:
                _pairs_by_name(part, records, named, prune)
    for ids in district.values():
        _pairs_by_name(ids, records, named, prune)
    cap = max(2, min(rare, n // 100 + 2)) if n > 200 else rare
    candidates: set[tuple[int, int]] = set()
    for ids in word.values():
        if 2 <= len(ids) <= cap:
            candidates.update((a, b) for k, a in enumerate(ids) for b in ids[k + 1:])
    for ids in prefix.values():
        if 2 <= len(ids) <= max_block:
            candidates.update((a, b) for k, a in enumerate(ids) for b in ids[k + 1:])
    for key in (lambda r: r.text, lambda r: r.text[::-1]):
        order = sorted(range(n), key=lambda i: (key(records[i]), i))
        for k, a in enumerate(order):
            for b in order[k + 1: k + 1 + window]:
                candidates.add((a, b) if a < b else (b, a))
    candidates -= named
    candidates -= exact
    if not prune:
        named.update(_similar(sorted(candidates), records, fuzz.token_set_ratio, NAME_CUTOFF))
        return sorted(named | exact)
    # cheapest first: a cached look-up per pair, then names all at once in C
    candidates = {(a, b) for a, b in candidates if not far_apart(records[a], records[b])}
    close = set(_similar(sorted(candidates), records, fuzz.token_sort_ratio, PRUNE_NAME))
    close.update(_similar(sorted(candidates - close), records, fuzz.ratio, PRUNE_NAME, key=lambda r: r.text))
    close.update((a, b) for a, b in candidates - close if _nested_names(records[a], records[b]))
    named |= close
    named = {(a, b) for a, b in named if not far_apart(records[a], records[b])}
    return sorted(named | exact)


def _postcode_areas(ids: list[int], records: Sequence[ActorRecord]) -> list[list[int]]:
    """A street block split by postcode; records without one join every part."""
    without = [i for i in ids if not records[i].address.postcode]
    areas: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        if records[i].address.postcode:
            areas[records[i].address.postcode].append(i)
    return [without + area for area in areas.values()] or [without]


def _similar(pairs: list[tuple[int, int]], records: Sequence[ActorRecord], scorer: Callable[..., float],
             cutoff: int, key: Callable[[ActorRecord], str] = lambda r: r.norm) -> list[tuple[int, int]]:
    """The pairs whose names ``scorer`` rates at least ``cutoff`` (0–100), all at once in C."""
    if not pairs:
        return []
    sim = process.cpdist([key(records[a]) for a, _ in pairs], [key(records[b]) for _, b in pairs],
                         scorer=scorer, dtype=np.uint8, workers=-1)
    return [p for p, s in zip(pairs, sim, strict=True) if s >= cutoff]


def _nested_names(a: ActorRecord, b: ActorRecord) -> bool:
    """One name's words inside the other's, or the same name but for the place."""
    if a.words < b.words or b.words < a.words:
        return True
    core_a, core_b = a.words - a.place_words, b.words - b.place_words
    return bool(core_a) and core_a == core_b
