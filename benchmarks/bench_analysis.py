"""How good and how fast: every analysis on synthetic cities, against their ground truth.

Run::

    python -m benchmarks.bench_analysis [--sizes 1000,10000,100000] [--quick]
                                        [--naive-max 10000] [--seed 0] [--no-memory]

For each size N the benchmark generates a city with N offers
(:func:`graph.demo.synthetic.generate_city`), projects it with
:func:`graph.projection.graph_from_batch` and runs every detector that exists, printing
precision, recall and F1 against the planted truth, the run time and the peak memory.
Baselines are measured in the same run on the same graph: the all-pairs
``naive_duplicate_offers`` (only up to ``--naive-max`` offers) and the recordlinkage
library with its own blocking and string comparisons. At the end: the growth of each
detector's time per 10x more offers and the whole analysis suite on a 5,000-offer city.

Detectors are imported lazily; a missing one is skipped with a note. Nothing here is a
test: the numbers depend on the machine (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import gc
import functools
import importlib
import math
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from graph.demo.synthetic import GroundTruth, SyntheticCity, generate_city, normalise
from graph.projection import graph_from_batch

Pair = tuple[str, str]
TARGET_F1 = 0.9
TARGET_DUP_SECONDS_100K = 10.0
TARGET_SUITE_SECONDS_5K = 2.0
SUITE_SIZE = 5000

# ---------------------------------------------------------------------------------------
# what each detector's answer means as a set of findings
# ---------------------------------------------------------------------------------------


def _sorted_pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def offer_cluster_pairs(result: Iterable[Any]) -> set[Pair]:
    """Duplicate-offer clusters expanded to pairs (as the truth is)."""
    out: set[Pair] = set()
    for c in result:
        ids = getattr(c, "offers", None)
        if ids is None:
            ids = {x for p in c.pairs for x in (p.a, p.b)}
        out |= {_sorted_pair(a, b) for a, b in combinations(sorted(ids), 2)}
    return out


def merge_pairs(result: Iterable[Any]) -> set[Pair]:
    """Actor merge proposals as (keep, merge) pairs; ``merge`` may be one id or a list."""
    out: set[Pair] = set()
    for p in result:
        merges = [p.merge] if isinstance(p.merge, str) else list(p.merge)
        out |= {_sorted_pair(p.keep, m) for m in merges}
    return out


def parallel_offer_pairs(result: Iterable[Any]) -> set[Pair]:
    """Pairs of offers in different unconnected groups of one finding."""
    out: set[Pair] = set()
    for f in result:
        groups = getattr(f, "groups", None)
        if groups:
            for g, h in combinations(groups, 2):
                out |= {_sorted_pair(a, b) for a in g.offers for b in h.offers}
        else:
            out |= {_sorted_pair(a, b) for a, b in combinations(sorted(f.offers), 2)}
    return out


def committee_pairs(result: Iterable[Any]) -> set[Pair]:
    out: set[Pair] = set()
    for f in result:
        ids = getattr(f, "committees", None) or [f.a, f.b]
        out |= {_sorted_pair(a, b) for a, b in combinations(sorted(ids), 2)}
    return out


def gap_cells(result: Iterable[Any]) -> set[tuple[str, str]]:
    return {(g.district, g.transition) for g in result}


@dataclass(frozen=True)
class Detector:
    """One analysis: where it lives, how to read its answer, which truth it is judged by."""

    label: str
    module: str
    function: str
    findings: Callable[[Any], set] | None = None
    truth: Callable[[GroundTruth], Iterable] | None = None
    baseline_for: str | None = None
    """Label of the detector this one is the naive baseline of (printed as a speed ratio)."""
    in_suite: bool = True
    options: tuple[tuple[str, Any], ...] = ()
    """Keyword arguments the detector is called with (e.g. the evidence rule its truth follows)."""

    def load(self) -> Callable[[nx.MultiDiGraph], Any] | None:
        try:
            fn = getattr(importlib.import_module(self.module), self.function)
        except (ImportError, AttributeError):
            return None
        return functools.partial(fn, **dict(self.options)) if self.options else fn


DETECTORS = [
    Detector("duplicate offers", "graph.analysis.duplicates", "find_duplicate_offers",
             offer_cluster_pairs, lambda t: t.duplicate_offer_pairs),
    Detector("  naive all-pairs", "graph.analysis.duplicates", "naive_duplicate_offers",
             offer_cluster_pairs, lambda t: t.duplicate_offer_pairs, baseline_for="duplicate offers", in_suite=False),
    Detector("  recordlinkage", "benchmarks.bench_analysis", "recordlinkage_duplicates",
             offer_cluster_pairs, lambda t: t.duplicate_offer_pairs, in_suite=False),
    Detector("duplicate actors", "graph.analysis.duplicates", "find_duplicate_actors",
             merge_pairs, lambda t: t.duplicate_actor_pairs),
    Detector("parallel offers", "graph.analysis.parallels", "find_parallel_offers",
             parallel_offer_pairs, lambda t: t.parallel_offer_pairs),
    Detector("parallel committees", "graph.analysis.parallels", "find_parallel_committees",
             committee_pairs, lambda t: t.parallel_committee_pairs),
    # the generator plants gaps by transition tags, so its truth is the "tagged" rule
    Detector("transition gaps", "graph.analysis.gaps", "find_transition_gaps", gap_cells, lambda t: t.gaps,
             options=(("evidence", "tagged"),)),
    Detector("topic gaps", "graph.analysis.gaps", "find_topic_gaps"),
    Detector("chain continuity", "graph.analysis.chain", "chain_continuity"),
    Detector("network roles", "graph.analysis.roles", "network_roles"),
    Detector("recommend contacts", "graph.analysis.recommend", "recommend_contacts"),
]

# ---------------------------------------------------------------------------------------
# the recordlinkage baseline
# ---------------------------------------------------------------------------------------

RL_WEIGHTS = {"title": 0.7, "description": 0.3}
RL_THRESHOLD = 0.85


@dataclass(frozen=True)
class _Cluster:
    offers: list[str]


def recordlinkage_duplicates(G: nx.MultiDiGraph, *, threshold: float = RL_THRESHOLD) -> list[_Cluster]:
    """Duplicate offers the way a recordlinkage user would find them.

    Blocks on (life phases, districts) as written, compares the normalised titles and
    descriptions with Jaro-Winkler and calls a pair a match when the weighted score
    (title 0.7, description 0.3) reaches ``threshold``. Returns each matched pair as a
    two-offer cluster. Reads the same projected graph as the project's detector, so the
    DataFrame construction is part of its time.
    """
    import pandas as pd
    import recordlinkage

    rows = []
    for n, d in G.nodes(data=True):
        if d.get("label") != "Offer":
            continue
        out = G._succ[n]  # adjacency dict: {target: {rel type: attrs}}
        phases = sorted(v for v, keys in out.items() if "FOR_PHASE" in keys)
        districts = sorted(v for v, keys in out.items() if "IN_DISTRICT" in keys)
        rows.append((n, "|".join(phases) + "#" + "|".join(districts), normalise(d.get("title") or ""),
                     normalise(d.get("description") or "")))
    if len(rows) < 2:
        return []
    df = pd.DataFrame.from_records(rows, columns=["id", "block", "title", "description"], index="id")
    indexer = recordlinkage.Index()
    indexer.block("block")
    candidates = indexer.index(df)
    if len(candidates) == 0:
        return []
    compare = recordlinkage.Compare()
    compare.string("title", "title", method="jarowinkler", label="title")
    compare.string("description", "description", method="jarowinkler", label="description")
    features = compare.compute(candidates, df)
    score = sum(features[k] * w for k, w in RL_WEIGHTS.items())
    return [_Cluster(offers=sorted(pair)) for pair in features.index[score >= threshold]]


# ---------------------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    seconds: float | None = None
    peak_mib: float | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    found: int | None = None
    truth: int | None = None
    note: str = ""


def measure(fn: Callable[[], Any], *, memory: bool) -> tuple[Any, float, float | None]:
    """Run ``fn`` once for the time; once more under tracemalloc for the peak (if asked)."""
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = None
    if memory:
        gc.collect()
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result, seconds, peak


def score(found: set, truth: set) -> tuple[float | None, float | None, float | None]:
    tp = len(found & truth)
    precision = tp / len(found) if found else None
    recall = tp / len(truth) if truth else None
    if precision is None and recall is None:
        return None, None, None
    p = precision if precision is not None else 0.0
    r = recall if recall is not None else 1.0
    return precision, recall, (2 * p * r / (p + r) if p + r else 0.0)


def run_detector(d: Detector, G: nx.MultiDiGraph, truth: GroundTruth, *, memory: bool) -> Row:
    fn = d.load()
    if fn is None:
        return Row(d.label, note=f"missing: {d.module}.{d.function}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result, seconds, peak = measure(lambda: fn(G), memory=memory)
    row = Row(d.label, seconds=seconds, peak_mib=peak)
    if caught:
        row.note = f"{len(caught)} warning(s): {type(caught[0].message).__name__}"
    if d.findings is not None and d.truth is not None:
        found, expected = d.findings(result), set(d.truth(truth))
        row.precision, row.recall, row.f1 = score(found, expected)
        row.found, row.truth = len(found), len(expected)
        look_alikes = set(getattr(truth, "look_alike_offer_pairs", ()))
        if d.findings is offer_cluster_pairs and look_alikes:  # planted look-alikes that are no duplicates
            merged = f"{len(found & look_alikes)} of {len(look_alikes)} look-alike pairs merged"
            row.note = "; ".join(x for x in (merged, row.note) if x)
    else:
        row.found = len(result) if hasattr(result, "__len__") else None
    return row


def _fmt(x: float | None, spec: str) -> str:
    return "–" if x is None else format(x, spec)


HEADER = (f"  {'detector':22s} {'P':>5s} {'R':>5s} {'F1':>5s} {'found':>7s} {'truth':>7s} "
          f"{'time s':>8s} {'peak MiB':>9s}  note")


def print_row(r: Row, speedup: str = "") -> None:
    note = "; ".join(x for x in (speedup, r.note) if x)
    print(f"  {r.label:22s} {_fmt(r.precision, '.3f'):>5s} {_fmt(r.recall, '.3f'):>5s} {_fmt(r.f1, '.3f'):>5s} "
          f"{_fmt(r.found, 'd'):>7s} {_fmt(r.truth, 'd'):>7s} {_fmt(r.seconds, '.3f'):>8s} "
          f"{_fmt(r.peak_mib, '.1f'):>9s}  {note}", flush=True)


def describe(city: SyntheticCity, G: nx.MultiDiGraph, gen_s: float, proj_s: float) -> str:
    b, t = city.batch, city.truth
    quarters = sum(d.kind == "quarter" for d in b.districts)
    return (f"{len(b.offers):,} offers, {len(b.actors):,} actors, {quarters} Stadtteile, "
            f"{len(b.cooperations):,} cooperations, {len(b.memberships):,} memberships -> "
            f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges; generated in {gen_s:.2f} s, "
            f"projected in {proj_s:.2f} s\n  planted: {len(t.duplicate_offer_pairs)} duplicate-offer pairs "
            f"({len(t.duplicate_offer_clusters)} clusters), {len(t.duplicate_actor_pairs)} duplicate actors, "
            f"{len(t.parallel_offer_groups)} parallel-offer groups, {len(t.parallel_committee_pairs)} parallel "
            f"committee pairs, {len(t.gaps)} gaps, {len(getattr(t, 'look_alike_offer_pairs', ()))} look-alike "
            f"offer pairs (no duplicates)")


def _warm_up() -> None:
    """Import what the detectors import, so no detector's time includes an import."""
    for d in DETECTORS:
        d.load()
    for name in ("pandas", "recordlinkage"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def bench_size(n: int, *, seed: int, naive_max: int, memory: bool) -> dict[str, Row]:
    t0 = time.perf_counter()
    city = generate_city(n, seed=seed)
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    G = graph_from_batch(city.batch)
    proj_s = time.perf_counter() - t0
    print(f"\n== {n:,} offers ==\n  {describe(city, G, gen_s, proj_s)}", flush=True)
    rows: dict[str, Row] = {}
    _warm_up()
    print(HEADER, flush=True)
    for d in DETECTORS:
        if d.baseline_for and n > naive_max:
            row = Row(d.label, note=f"skipped above {naive_max:,} offers (O(n²); --naive-max)")
        else:
            row = run_detector(d, G, city.truth, memory=memory)
        rows[d.label] = row
        fast = rows.get(d.baseline_for or ("duplicate offers" if "recordlinkage" in d.label else ""))
        speedup = ""
        if fast and fast.seconds and row.seconds:
            speedup = (f"{row.seconds / fast.seconds:.0f}x slower than the detector" if d.baseline_for
                       else f"{row.seconds / fast.seconds:.1f}x the detector's time")
        print_row(row, speedup)
    return rows


def print_growth(results: dict[int, dict[str, Row]]) -> None:
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    print("\n== growth: time factor per 10x more offers (10 = linear, 100 = quadratic) ==")
    header = "  ".join(f"{a:,}->{b:,}".rjust(16) for a, b in zip(sizes, sizes[1:]))
    print(f"  {'detector':22s} {header}")
    for d in DETECTORS:
        cells = []
        for a, b in zip(sizes, sizes[1:]):
            ta, tb = results[a][d.label].seconds, results[b][d.label].seconds
            if ta and tb and ta > 0:
                cells.append(f"x{(tb / ta) ** (1 / math.log10(b / a)):.1f}".rjust(16))
            else:
                cells.append("–".rjust(16))
        print(f"  {d.label:22s} {'  '.join(cells)}")


def bench_suite(seed: int) -> float | None:
    city = generate_city(SUITE_SIZE, seed=seed)
    G = graph_from_batch(city.batch)
    print(f"\n== whole analysis suite on {SUITE_SIZE:,} offers (target < {TARGET_SUITE_SECONDS_5K:.0f} s) ==")
    total, ran = 0.0, 0
    for d in DETECTORS:
        if not d.in_suite:
            continue
        fn = d.load()
        if fn is None:
            print(f"  {d.label:22s} missing: {d.module}.{d.function}")
            continue
        gc.collect()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            fn(G)
            seconds = time.perf_counter() - t0
        total += seconds
        ran += 1
        print(f"  {d.label:22s} {seconds:8.3f} s")
    print(f"  {'total':22s} {total:8.3f} s  ({ran} analyses; {'meets' if total < TARGET_SUITE_SECONDS_5K else 'misses'}"
          f" the target)")
    return total if ran else None


def print_targets(results: dict[int, dict[str, Row]], suite: float | None) -> None:
    print("\n== targets (issue 3) ==")
    for n, rows in sorted(results.items()):
        r = rows.get("duplicate offers")
        if r and r.f1 is not None:
            verdict = "met" if r.f1 >= TARGET_F1 else "missed"
            print(f"  duplicate-offer F1 >= {TARGET_F1} at {n:,} offers: {r.f1:.3f} ({verdict})")
    big = max(results) if results else None
    if big and big >= 100_000 and results[big]["duplicate offers"].seconds is not None:
        s = results[big]["duplicate offers"].seconds
        verdict = "met" if s < TARGET_DUP_SECONDS_100K else "missed"
        print(f"  duplicate detection on {big:,} offers < {TARGET_DUP_SECONDS_100K:.0f} s: {s:.2f} s ({verdict})")
    else:
        print("  duplicate detection on 100,000 offers: not run (add 100000 to --sizes)")
    if suite is not None:
        verdict = "met" if suite < TARGET_SUITE_SECONDS_5K else "missed"
        print(f"  whole suite on {SUITE_SIZE:,} offers < {TARGET_SUITE_SECONDS_5K:.0f} s: {suite:.2f} s ({verdict})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated offer counts (default 1000,10000,100000)")
    parser.add_argument("--quick", action="store_true",
                        help="1000,10000 offers and no memory runs")
    parser.add_argument("--naive-max", type=int, default=1000,
                        help="largest size for the O(n²) baseline (default 1000; about 10 s there, x100 per 10x)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-memory", action="store_true", help="skip the second, tracemalloc run")
    parser.add_argument("--no-suite", action="store_true", help="skip the 5,000-offer suite timing")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("1000,10000" if args.quick else "1000,10000,100000")).split(",")]
    naive_max = args.naive_max
    memory = not (args.no_memory or args.quick)
    print(f"bench_analysis: sizes {sizes}, seed {args.seed}, naive baseline up to {naive_max:,} offers, "
          f"peak memory {'on' if memory else 'off'}; Python {sys.version.split()[0]}, NetworkX {nx.__version__}")
    results = {n: bench_size(n, seed=args.seed, naive_max=naive_max, memory=memory) for n in sizes}
    print_growth(results)
    suite = None if args.no_suite else bench_suite(args.seed)
    print_targets(results, suite)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
