"""Blocking for duplicate offers: the candidate pairs worth a full comparison.

Candidate pairs come from blocks, never from all pairs: offers sharing a district and a
life phase, plus offers lacking either, paired through shared rare title words. Inside a
block, titles are compared at once with ``rapidfuzz.process.cdist``; the surviving pairs
are weighed in stages with numpy and ``rapidfuzz.process.cpdist`` from the same
:class:`~graph.analysis.matching.Level` data as :data:`~graph.analysis.offer_comparisons.OFFER_COMPARISONS`
(context, exact title, exact description), each stage dropping the pairs that can no
longer reach the threshold; each offer keeps at most ``max_candidates`` partners.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from graph import texts
from graph.analysis.matching import PARTIAL_MAX_SHARE, PARTIAL_MIN_LENGTH, Comparison
from graph.analysis.normalise import normalise
from graph.analysis.offer_comparisons import (
    AGE,
    DESCRIPTION,
    DISTRICT,
    KIND,
    LOCATION,
    OFFER_COMPARISONS,
    OFFER_PRIOR,
    PHASE,
    PROVIDERS,
    TARGET,
    TITLE,
    TITLE_CONFLICT,
    TOPIC,
    age_score,
    target_score,
)
from graph.analysis.offer_records import OfferRecord

__all__ = ["BlockTooLargeWarning", "candidate_pairs"]


class BlockTooLargeWarning(UserWarning):
    """A block was too large to compare every pair in it (German message)."""


def _codes(values: Sequence[object]) -> np.ndarray:
    """Integer code per value (equal values, equal codes); ``None`` and empty sets -1."""
    index: dict[object, int] = {}
    return np.array([-1 if not v else index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _level_weights(comp: Comparison, scores: np.ndarray) -> np.ndarray:
    """The weight of the level each score reaches (vetoes as -inf), vectorised."""
    out = np.full(scores.shape, -np.inf if comp.levels[-1].veto else comp.levels[-1].weight, dtype=np.float32)
    for lv in reversed(comp.levels[:-1]):
        out = np.where(scores >= lv.at_least - 1e-9, -np.inf if lv.veto else lv.weight, out)
    return out


def _pair_table(comp: Comparison, values: Sequence[object], score) -> np.ndarray:
    """Weight of every pair of distinct values, with a last row/column of zeros for 'missing'."""
    n = len(values)
    table = np.zeros((n + 1, n + 1), dtype=np.float32)
    if n:
        scores = np.array([[score(x, y) for y in values] for x in values], dtype=np.float32)
        table[:n, :n] = _level_weights(comp, scores)
    return table


@dataclass
class _Arrays:
    """Per-offer arrays the vectorised bound reads."""

    compact: list[str]
    key: list[str]
    norm: np.ndarray
    compact_obj: np.ndarray
    norm_code: np.ndarray
    compact_code: np.ndarray
    key_code: np.ndarray
    lc: np.ndarray
    lk: np.ndarray
    phase: np.ndarray
    district: np.ndarray
    topic: np.ndarray
    topic_mask: np.ndarray
    target: np.ndarray
    target_table: np.ndarray
    age: np.ndarray
    age_table: np.ndarray
    kind: np.ndarray


def _arrays(records: Sequence[OfferRecord]) -> _Arrays:
    targets = sorted({r.target_norm for r in records if r.target_norm})
    t_index = {t: i for i, t in enumerate(targets)}
    ages = sorted({r.age for r in records if r.age is not None})
    a_index = {a: i for i, a in enumerate(ages)}
    topic_bit = {t: i % 64 for i, t in enumerate(sorted({t for r in records for t in r.topics}))}
    masks = np.array([sum(1 << topic_bit[t] for t in set(r.topics)) for r in records], dtype=np.uint64)
    return _Arrays(
        compact=[r.compact for r in records], key=[r.key for r in records],
        norm=np.array([r.norm for r in records], dtype=object),
        compact_obj=np.array([r.compact for r in records], dtype=object),
        norm_code=_codes([r.norm or None for r in records]), compact_code=_codes([r.compact or None for r in records]),
        key_code=_codes([r.key or None for r in records]),
        lc=np.array([len(r.compact) for r in records], dtype=np.float32),
        lk=np.array([len(r.key) for r in records], dtype=np.float32),
        phase=_codes([r.phases for r in records]), district=_codes([r.districts for r in records]),
        topic=_codes([r.topics for r in records]), topic_mask=masks,
        target=np.array([t_index.get(r.target_norm, len(targets)) for r in records]),
        target_table=_pair_table(TARGET, targets, target_score),
        age=np.array([a_index.get(r.age, len(ages)) if r.age is not None else len(ages) for r in records]),
        age_table=_pair_table(AGE, ages, age_score),
        kind=_codes([r.kind for r in records]),
    )


def _title_estimate(ar: _Arrays, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A cheap estimate of :func:`normalised_similarity` for every row × column pair.

    From the LCS of the compact titles and of the sorted word keys (rapidfuzz ``cdist``):
    ``ratio`` is 2·LCS/(|a|+|b|), and a title (or word set) inside another shows as an
    LCS close to the shorter length, which stands in for ``partial_ratio`` and the
    subset case of ``token_set_ratio``. Slightly generous, so blocking loses little.
    """
    c_r, c_c = [ar.compact[i] for i in rows], [ar.compact[i] for i in cols]
    k_r, k_c = [ar.key[i] for i in rows], [ar.key[i] for i in cols]
    workers = -1 if len(rows) * len(cols) >= 250_000 else 1  # threads cost more than small blocks
    l1 = process.cdist(c_r, c_c, scorer=LCSseq.similarity, dtype=np.int32, workers=workers).astype(np.float32)
    l2 = process.cdist(k_r, k_c, scorer=LCSseq.similarity, dtype=np.int32, workers=workers).astype(np.float32)
    la, lb = ar.lc[rows][:, None], ar.lc[cols][None, :]
    ka, kb = ar.lk[rows][:, None], ar.lk[cols][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.maximum(2 * l1 / (la + lb), 2 * l2 / (ka + kb))
        short = np.minimum(la, lb)
        inside = np.where((short >= PARTIAL_MIN_LENGTH) & (short <= PARTIAL_MAX_SHARE * np.maximum(la, lb)), l1 / short, 0)
        inside = np.maximum(inside, l2 / np.minimum(ka, kb))
        est = np.maximum(est, np.where(inside >= CONTAINED, inside, 0))
    return np.nan_to_num(est, nan=0.0) + 0.03


CONTAINED = 0.8
"""LCS share of the shorter title from which it counts as inside the longer."""


def _context_weights(ar: _Arrays, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Exact weights of phase, district, topic, target group, age and kind (broadcasting).

    ``i`` and ``j`` are index arrays that broadcast (rows[:, None], cols[None, :] for a
    block, or two aligned pair columns). Phases and districts are taken to overlap (the
    pair shares a block); their equality decides the level.
    """
    w = _level_weights(PHASE, np.where(ar.phase[i] == ar.phase[j], 1.0, 0.5))
    w += _level_weights(DISTRICT, np.where(ar.district[i] == ar.district[j], 1.0, 0.5))
    t_i, t_j = ar.topic[i], ar.topic[j]
    overlap = (ar.topic_mask[i] & ar.topic_mask[j]) != 0
    topic = _level_weights(TOPIC, np.where(t_i == t_j, 1.0, np.where(overlap, 0.5, 0.0)))
    w += np.where((t_i < 0) | (t_j < 0), 0.0, topic)
    w += ar.target_table[ar.target[i], ar.target[j]]
    w += ar.age_table[ar.age[i], ar.age[j]]
    k_i, k_j = ar.kind[i], ar.kind[j]
    w += np.where((k_i < 0) | (k_j < 0), 0.0, _level_weights(KIND, np.where(k_i == k_j, 1.0, 0.0)))
    return w


def _block_pairs(ar: _Arrays, members: np.ndarray, floor: float, chunk: int) -> list[np.ndarray]:
    """Pairs (i < j, global indices) inside one block whose estimated title similarity reaches ``floor``."""
    found = []
    for start in range(0, len(members) - 1, chunk):
        rows = members[start : start + chunk]
        cols = members[start:]
        ok = _title_estimate(ar, rows, cols) >= floor
        ok &= np.arange(len(cols))[None, :] > np.arange(len(rows))[:, None]  # upper triangle
        r, c = np.nonzero(ok)
        if len(r):
            i, j = rows[r], cols[c]
            found.append(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1))
    return found


def _title_floor(cut: float) -> float:
    """Lowest title score a pair needs to reach ``cut`` when everything else agrees."""
    others = OFFER_PRIOR + sum(c.max_weight for c in OFFER_COMPARISONS if c is not TITLE)
    reachable = [lv.at_least for lv in TITLE.levels if lv.at_least is not None and others + lv.weight >= cut]
    return min(reachable) if reachable else 1.0


def _top_k(pairs: np.ndarray, weight: np.ndarray, k: int) -> np.ndarray:
    """Keep a pair when it is among the ``k`` heaviest of either offer (ties by index)."""
    if len(pairs) == 0:
        return np.zeros(0, dtype=bool)
    keep = np.zeros(len(pairs), dtype=bool)
    for side in (0, 1):
        order = np.lexsort((pairs[:, 1 - side], -weight, pairs[:, side]))
        owner = pairs[order, side]
        first = np.searchsorted(owner, owner, side="left")
        keep[order[np.arange(len(order)) - first < k]] = True
    return keep


def _exact_titles(ar: _Arrays, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """:func:`normalised_similarity` for aligned pairs, computed in C (``cpdist``)."""
    best = np.maximum(
        process.cpdist(ar.norm[i].tolist(), ar.norm[j].tolist(), scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1),
        process.cpdist(ar.compact_obj[i].tolist(), ar.compact_obj[j].tolist(), scorer=fuzz.ratio, dtype=np.float32,
                       workers=-1),
    ) / 100.0
    la, lb = ar.lc[i], ar.lc[j]
    ls, ll = np.minimum(la, lb), np.maximum(la, lb)
    scale = 0.9 + 0.1 * ls / np.maximum(ll, 1)
    sel = np.nonzero((ls >= PARTIAL_MIN_LENGTH) & (ls <= PARTIAL_MAX_SHARE * ll) & (best < scale))[0]
    if len(sel):
        a_short = la[sel] <= lb[sel]
        ca, cb = ar.compact_obj[i[sel]], ar.compact_obj[j[sel]]
        short, long = np.where(a_short, ca, cb).tolist(), np.where(a_short, cb, ca).tolist()
        partial = process.cpdist(short, long, scorer=fuzz.partial_ratio, dtype=np.float32, workers=-1) / 100.0
        best[sel] = np.maximum(best[sel], partial * scale[sel])
    same = (ar.norm_code[i] == ar.norm_code[j]) | (ar.compact_code[i] == ar.compact_code[j])
    same |= ar.key_code[i] == ar.key_code[j]
    return np.where(same, 1.0, np.minimum(best, 0.99))


def _exact_descriptions(records: Sequence[OfferRecord], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Weight of the description comparison for aligned pairs (0 where one is missing)."""
    needed = np.unique(np.concatenate([i, j]))
    norm = np.empty(len(records), dtype=object)
    norm[needed] = [normalise(records[x].description) for x in needed]
    da, db = norm[i], norm[j]
    scores = process.cpdist(da.tolist(), db.tolist(), scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1) / 100.0
    scores = np.where(da == db, 1.0, np.minimum(scores, 0.99))
    missing = (da == "") | (db == "")
    return np.where(missing, 0.0, _level_weights(DESCRIPTION, scores))


def _blocks(records: Sequence[OfferRecord], *, max_block: int, rare_words: int) -> tuple[list[np.ndarray], list[str]]:
    """Candidate blocks: district × phase (split by topic, then windowed, when too large)."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    incomplete: list[int] = []
    for i, r in enumerate(records):
        if not r.districts or not r.phases:
            incomplete.append(i)
        for d in r.districts:
            for p in r.phases:
                blocks[(d, p)].append(i)
    out: list[np.ndarray] = []
    notes: list[str] = []
    names = records[0].names if records else {}
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) <= max_block:
            out.append(np.array(members))
            continue
        district, phase = (names.get(x, x) for x in key)
        notes.append(texts.DUP_BLOCK_SPLIT.format(count=len(members), district=district, phase=phase))
        by_topic: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for t in records[i].topics or ("",):
                by_topic[t].append(i)
        for topic in sorted(by_topic):
            sub = by_topic[topic]
            if len(sub) <= max_block:
                out.append(np.array(sub))
                continue
            window = max(max_block // 2, 2)
            notes.append(texts.DUP_BLOCK_WINDOWED.format(
                count=len(sub), district=district, phase=phase, topic=f", Thema {names.get(topic, topic)}" if topic else "",
                window=window))
            for sort_key in ("compact", "key"):  # sorted neighbourhood on two keys
                ordered = sorted(sub, key=lambda i: (getattr(records[i], sort_key), i))
                for s in range(0, len(ordered) - 1, window):
                    out.append(np.array(ordered[s : s + 2 * window]))
    if incomplete:  # offers without district or phase: pair them through rare title words
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            for w in r.words:
                by_word[w].append(i)
        wanted = set(incomplete)
        for w in sorted(by_word):
            members = by_word[w]
            if 1 < len(members) <= rare_words and wanted.intersection(members):
                out.append(np.array(members))
    return out, notes


def candidate_pairs(
    records: Sequence[OfferRecord], threshold: float, *, max_block: int, rare_words: int, max_candidates: int
) -> np.ndarray:
    """Blocked pairs whose weight, bounded stage by stage in C and numpy, can reach the threshold."""
    ar = _arrays(records)
    p = min(max(threshold, 1e-12), 1 - 1e-12)  # 0 and 1 are valid thresholds: no log of 0, no division by 0
    cut = float(np.log2(p / (1 - p)))
    blocks, notes = _blocks(records, max_block=max_block, rare_words=rare_words)
    for note in notes:
        warnings.warn(note, BlockTooLargeWarning, stacklevel=3)
    floor = _title_floor(cut)
    found: list[np.ndarray] = []
    for members in blocks:
        if len(members) > 1:
            found += _block_pairs(ar, members, floor - 1e-6, chunk=max(1, 2_000_000 // len(members)))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.unique(np.concatenate(found), axis=0)
    rest = LOCATION.max_weight + PROVIDERS.max_weight + TITLE_CONFLICT.max_weight
    # stage 2: context weights and the title estimate's bound
    known = _context_weights(ar, pairs[:, 0], pairs[:, 1]) + OFFER_PRIOR
    ok = known + TITLE.max_weight + DESCRIPTION.max_weight + rest >= cut
    pairs, known = pairs[ok], known[ok]
    # stage 3: exact title similarity (C, pairwise)
    known += _level_weights(TITLE, _exact_titles(ar, pairs[:, 0], pairs[:, 1]))
    ok = known + DESCRIPTION.max_weight + rest >= cut
    pairs, known = pairs[ok], known[ok]
    # stage 4: exact description similarity, then at most max_candidates partners per offer
    known += _exact_descriptions(records, pairs[:, 0], pairs[:, 1])
    ok = known + rest >= cut
    pairs, known = pairs[ok], known[ok]
    return pairs[_top_k(pairs, known, max_candidates)]
