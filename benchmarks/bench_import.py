"""Import speed: ``GraphStore.write`` against a raw ``UNWIND`` baseline and a naive import.

Run::

    python -m benchmarks.bench_import [--sizes 1000,10000,100000] [--naive-max 1000]

The benchmark starts its own embedded Neo4j in a fresh temporary data directory (port
7710, heap 3 GiB, 2 GiB per transaction: the defaults of ``praevnet db start``), so it
never touches a user's data, and stops it at the end. For
each size N it generates a city with N offers, about N/5 actors and about four
relations per offer, and measures against an emptied database each time:

1. ``praevnet``: ``store.write(batch)`` (reference checks, one transaction);
   ``praevnet-file``: what ``praevnet import file city.json`` and ``POST /api/imports``
   run, from the JSON file on disk to the commit: reading and validating the file,
   the default life course, reading the stored records, overlay, diff, the probable-
   duplicate check and ``store.write`` (``api.importing.import_file``).
2. ``raw``: the limit to approach, a bare batched write of the same rows with no
   parsing or validation (``UNWIND`` batches of 5,000, one transaction each).
3. ``naive``: one transaction per row, on sizes up to ``--naive-max``.

It prints seconds, rows per second (rows = nodes + relationships written), the peak
RSS of this Python process and of the Neo4j JVM during each step (sampled from
``/proc``), the ratios praevnet/raw and naive/praevnet, and the growth of the time per
10x size. Targets (issue 5): 100,000 offers in <= 30 s and within 1.5x of raw, judged
on ``praevnet-file`` (the whole import a user runs).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.importing import import_file
from api.settings import Settings
from graph import embedded
from graph.demo import load_demo_batch
from graph.embedded import EmbeddedConfig
from graph.model import (
    Actor,
    Cooperation,
    GraphBatch,
    Label,
    Membership,
    Offer,
    ProviderRef,
    RelType,
)
from graph.store import ENTITY, GraphStore

PORT = 7710
HEAP_MB = 3072  # one 100k-offer import is one transaction: it needs PRAEVNET_NEO4J_TX_MB≈2048
TX_MB = 2048
RAW_BATCH = 5_000
TARGET_SECONDS_100K = 30.0
TARGET_RATIO = 1.5

# --- The baseline ---------------------------------------------------------------------
# This Cypher is NOT part of praevnet: it is the raw write the issue asks us to compare
# against (no parsing, no validation, no reference checks, no all-or-nothing), run only
# through ``store._driver.execute_query(..., database_=...)``. It writes the same rows as
# ``GraphStore.write`` under the same uniqueness constraint (the store's schema).
RAW_NODES = {
    label: f"""
UNWIND $rows AS row
MERGE (n:{ENTITY} {{id: row.id}})
SET n = row.props, n:{label.value}
"""
    for label in Label
}

RAW_RELS = {
    rel: f"""
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.source}})
MATCH (b:{ENTITY} {{id: row.target}})
CREATE (a)-[r:{rel.value}]->(b)
SET r = row.props
"""
    for rel in RelType
}

# The naive import: the same statements, one row and one transaction at a time.
NAIVE_NODE = {
    label: f"MERGE (n:{ENTITY} {{id: $id}}) SET n = $props, n:{label.value}" for label in Label
}
NAIVE_REL = {
    rel: f"""
MATCH (a:{ENTITY} {{id: $source}})
MATCH (b:{ENTITY} {{id: $target}})
CREATE (a)-[r:{rel.value}]->(b)
SET r = $props
"""
    for rel in RelType
}

# A check that every method wrote the same amount (benchmark bookkeeping, not praevnet).
COUNT_WRITTEN = f"""
MATCH (n:{ENTITY})
WITH count(n) AS nodes
OPTIONAL MATCH (:{ENTITY})-[r]->(:{ENTITY})
RETURN nodes, count(r) AS relationships
"""


# --- Synthetic city ----------------------------------------------------------------------
_WORDS = [
    "Eltern", "Familien", "Kinder", "Jugend", "Sprach", "Bewegungs", "Lern", "Musik",
    "Erziehungs", "Gesundheits", "Medien", "Übergangs", "Stadtteil", "Begegnungs",
]
_FORMS = ["café", "kurs", "treff", "beratung", "werkstatt", "gruppe", "sprechstunde", "paten"]


def _local_city(n_offers: int, *, seed: int = 0) -> GraphBatch:
    """A reproducible city with ``n_offers`` offers, ``n_offers // 5`` actors, ~4 relations per offer.

    The frame (life phases, transitions, topics, districts) is the demo city's; actors
    sit in its quarters; offers have one lead provider (a partner in one of five), one
    phase, one topic and one district; one in ten actors cooperates with another.
    """
    rng = random.Random(seed)
    frame = load_demo_batch()
    phases = [p.id for p in frame.life_phases]
    topics = [t.id for t in frame.topics]
    quarters = [d.id for d in frame.districts if d.kind == "quarter"]
    n_actors = max(2, n_offers // 5)
    n_committees = max(1, n_actors // 100)
    actors: list[Actor] = []
    for i in range(n_actors):
        committee = i < n_committees
        actors.append(
            Actor(
                id=f"bench-akteur-{i:06d}",
                name=f"{'AG' if committee else 'Träger'} {rng.choice(_WORDS)}{rng.choice(_FORMS)} {i}",
                kind="committee" if committee else rng.choice(["welfare_org", "school", "kita", "club"]),
                sector=rng.choice(["public", "free_welfare", "civil_society"]),
                district=rng.choice(quarters),
                part_of=f"bench-akteur-{rng.randrange(i):06d}" if i > n_committees and rng.random() < 0.1 else None,
                address=f"Musterweg {i % 300 + 1}, 45999 Musterstadt",
                website=f"https://www.musterstadt.example/akteur-{i}",
                source="Benchmark",
            )
        )
    offers: list[Offer] = []
    for i in range(n_offers):
        lead = rng.randrange(n_actors)
        providers = [ProviderRef(actor=actors[lead].id, role="lead")]
        if rng.random() < 0.2:
            partner = (lead + 1 + rng.randrange(n_actors - 1)) % n_actors
            providers.append(ProviderRef(actor=actors[partner].id, role="partner"))
        age = rng.randrange(0, 18)
        offers.append(
            Offer(
                id=f"bench-angebot-{i:07d}",
                title=f"{rng.choice(_WORDS)}{rng.choice(_FORMS)} {i}",
                description="Ein offenes Angebot für Familien im Stadtteil mit Beratung, Austausch und Begleitung.",
                kind=rng.choice(["course", "counselling", "group", "event"]),
                target_group="Familien mit Kindern",
                age_min=float(age),
                age_max=float(age + 3),
                languages=["de"] if rng.random() < 0.7 else ["de", "tr"],
                cost=rng.choice(["free", "fee"]),
                capacity=rng.randrange(5, 40),
                start_date=f"20{rng.randrange(15, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
                funding="Kommunaler Haushalt",
                source="Benchmark",
                last_verified="2025-06-01",
                providers=providers,
                phases=[rng.choice(phases)],
                topics=[rng.choice(topics)],
                districts=[rng.choice(quarters)],
            )
        )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n_actors // 10:
        a, b = rng.randrange(n_actors), rng.randrange(n_actors)
        if a != b:
            pairs.add((a, b))
    cooperations = [
        Cooperation(actor=actors[a].id, partner=actors[b].id, kind="informal") for a, b in sorted(pairs)
    ]
    memberships = [
        Membership(actor=actors[i].id, committee=actors[i % n_committees].id)
        for i in range(n_committees, n_actors, 20)
    ]
    return GraphBatch(
        life_phases=frame.life_phases,
        transitions=frame.transitions,
        topics=frame.topics,
        districts=frame.districts,
        actors=actors,
        offers=offers,
        cooperations=cooperations,
        memberships=memberships,
    )


def generate(n_offers: int, *, seed: int = 0, local: bool = False) -> tuple[GraphBatch, str]:
    """The city for one size and the name of its generator.

    ``graph.demo.synthetic.generate_city`` (about one actor per five offers) when it is
    there and works, else the small local generator above.
    """
    if not local:
        try:
            from graph.demo.synthetic import generate_city  # optional: written in parallel
        except ImportError:
            pass
        else:
            try:
                city = generate_city(n_offers, seed=seed, actors_per_offer=0.2)
                return city.batch, "graph.demo.synthetic.generate_city"
            except Exception as e:  # noqa: BLE001 - fall back, but say why
                print(f"# graph.demo.synthetic.generate_city failed ({type(e).__name__}: {e}); "
                      "using the local generator", flush=True)
    return _local_city(n_offers, seed=seed), "benchmarks.bench_import._local_city"


# --- Rows for the baseline -------------------------------------------------------------
@dataclass
class RawRows:
    """The plain rows the baseline and the naive import write (prepared before timing)."""

    nodes: list[tuple[Label, list[dict[str, Any]]]]
    rels: list[tuple[RelType, list[dict[str, Any]]]]

    @property
    def count(self) -> int:
        return sum(len(r) for _, r in self.nodes) + sum(len(r) for _, r in self.rels)


def raw_rows(batch: GraphBatch) -> RawRows:
    """Node and relationship rows of ``batch`` as plain dicts, grouped by label and type."""
    nodes = [
        (label, [{"id": e.id, "props": e.properties()} for e in entities])
        for label, entities in batch.nodes_by_label().items()
        if entities
    ]
    by_type: dict[RelType, list[dict[str, Any]]] = {}
    for source, target, rel, props in [*batch.owned_relations(), *batch.shared_relations()]:
        by_type.setdefault(rel, []).append({"source": source, "target": target, "props": props})
    return RawRows(nodes=nodes, rels=list(by_type.items()))


def write_raw(store: GraphStore, rows: RawRows) -> None:
    """The baseline: UNWIND batches of RAW_BATCH rows, one transaction each."""
    driver, db = store._driver, store._database
    for label, node_rows in rows.nodes:
        for i in range(0, len(node_rows), RAW_BATCH):
            driver.execute_query(RAW_NODES[label], rows=node_rows[i : i + RAW_BATCH], database_=db)
    for rel, rel_rows in rows.rels:
        for i in range(0, len(rel_rows), RAW_BATCH):
            driver.execute_query(RAW_RELS[rel], rows=rel_rows[i : i + RAW_BATCH], database_=db)


def write_naive(store: GraphStore, rows: RawRows) -> None:
    """One transaction per row."""
    driver, db = store._driver, store._database
    for label, node_rows in rows.nodes:
        for row in node_rows:
            driver.execute_query(NAIVE_NODE[label], id=row["id"], props=row["props"], database_=db)
    for rel, rel_rows in rows.rels:
        for row in rel_rows:
            driver.execute_query(NAIVE_REL[rel], **row, database_=db)


# --- Measuring ---------------------------------------------------------------------------
def _rss_mb(pid: int | str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


@dataclass
class Peaks:
    """Peak RSS (MB) of this process and of the JVM while a step ran."""

    py_start: float = 0.0
    py_peak: float = 0.0
    jvm_peak: float = 0.0


@contextmanager
def sample_rss(jvm_pid: int | None, every: float = 0.05) -> Iterator[Peaks]:
    """Sample VmRSS of this process and the JVM from /proc in a thread while the block runs."""
    peaks = Peaks(py_start=_rss_mb("self"))
    peaks.py_peak = peaks.py_start
    done = threading.Event()

    def loop() -> None:
        while True:
            peaks.py_peak = max(peaks.py_peak, _rss_mb("self"))
            if jvm_pid:
                peaks.jvm_peak = max(peaks.jvm_peak, _rss_mb(jvm_pid))
            if done.wait(every):
                return

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield peaks
    finally:
        done.set()
        thread.join()
        peaks.py_peak = max(peaks.py_peak, _rss_mb("self"))


@dataclass
class Result:
    size: int
    method: str
    rows: int
    seconds: float | None
    peaks: Peaks
    note: str = ""
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.rows / self.seconds if self.seconds else None


class Bench:
    """One embedded Neo4j for the whole run, emptied between measurements."""

    def __init__(self, cache_dir: Path, keep: bool = False) -> None:
        self.cache_dir = cache_dir
        self.keep = keep
        self.config: EmbeddedConfig | None = None
        self.store: GraphStore | None = None
        self.jvm_pid: int | None = None
        self.restarts = 0
        self.filled = 0  # offers of the last measured size, i.e. what the next empty() deletes
        self.delete_fails_from: int | None = None  # smallest size where delete_all failed
        self.empty_seconds: list[tuple[int, str, float]] = []

    def start(self) -> None:
        data_dir = Path(tempfile.mkdtemp(prefix="praevnet-bench-"))
        self.config = EmbeddedConfig(
            data_dir=data_dir, cache_dir=self.cache_dir, port=PORT, heap_mb=HEAP_MB, tx_max_mb=TX_MB
        )
        t0 = time.perf_counter()
        status = embedded.start(self.config)
        self.jvm_pid = embedded.status(self.config).pid
        self.store = GraphStore.connect(status.uri, status.user, status.password)
        print(f"# Neo4j started in {time.perf_counter() - t0:.1f} s, data in {data_dir}, JVM pid {self.jvm_pid}")

    def stop(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.config is not None:
            embedded.stop(self.config)
            if not self.keep:
                shutil.rmtree(self.config.data_dir, ignore_errors=True)
            self.config = None

    def empty(self) -> None:
        """``store.delete_all()``; on failure a restart on a fresh data directory."""
        assert self.store is not None
        size, self.filled = self.filled, 0
        t0 = time.perf_counter()
        try:
            if self.delete_fails_from is not None and size >= self.delete_fails_from:
                raise RuntimeError("delete_all failed before at this size")
            self.store.delete_all()
            how = "delete_all"
        except Exception as e:  # noqa: BLE001 - report and recover, whatever it was
            if self.delete_fails_from is None or size < self.delete_fails_from:
                self.delete_fails_from = size
                print(f"# delete_all failed after {time.perf_counter() - t0:.1f} s ({type(e).__name__}: "
                      f"{str(e)[:160]}); restarting on a fresh data directory from now on")
            self.stop()
            self.start()
            self.restarts += 1
            how = "restart"
        self.empty_seconds.append((size, how, time.perf_counter() - t0))

    def written(self) -> tuple[int, int]:
        assert self.store is not None
        rec = self.store._driver.execute_query(COUNT_WRITTEN, database_=self.store._database).records[0]
        return rec["nodes"], rec["relationships"]

    def measure(self, size: int, method: str, rows: int, step: Callable[[], dict[str, float] | None]) -> Result:
        """Run ``step`` against an empty database; time it and sample memory."""
        self.empty()
        self.filled = size
        gc.collect()
        note = ""
        parts: dict[str, float] = {}
        with sample_rss(self.jvm_pid) as peaks:
            t0 = time.perf_counter()
            try:
                parts = step() or {}
                seconds: float | None = time.perf_counter() - t0
            except Exception as e:  # noqa: BLE001 - a failing method is a result, not a crash
                seconds = None
                note = f"FAILED after {time.perf_counter() - t0:.1f} s: {type(e).__name__}: {str(e)[:200]}"
                traceback.print_exc(limit=2, file=sys.stderr)
        if seconds is not None:
            nodes, rels = self.written()
            note = f"{nodes} nodes, {rels} rels in db"
        result = Result(size, method, rows, seconds, peaks, note, parts)
        print(_row(result), flush=True)
        return result


# --- Report ------------------------------------------------------------------------------
HEADER = (
    f"{'offers':>7} {'method':<14} {'rows':>8} {'seconds':>8} {'rows/s':>8} "
    f"{'py MB':>7} {'py +MB':>7} {'JVM MB':>7}  note"
)


def _row(r: Result) -> str:
    secs = f"{r.seconds:8.2f}" if r.seconds is not None else f"{'—':>8}"
    rate = f"{r.rate:8.0f}" if r.rate else f"{'—':>8}"
    parts = "; ".join(f"{k} {v:.2f} s" for k, v in r.parts.items())
    note = f"{r.note}{' | ' + parts if parts else ''}"
    return (
        f"{r.size:>7} {r.method:<14} {r.rows:>8} {secs} {rate} "
        f"{r.peaks.py_peak:7.0f} {r.peaks.py_peak - r.peaks.py_start:7.0f} {r.peaks.jvm_peak:7.0f}  {note}"
    )


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "—"


def report(results: list[Result], sizes: list[int]) -> None:
    by: dict[tuple[int, str], float | None] = {}
    for r in results:
        best = by.get((r.size, r.method))
        if r.seconds is not None and (best is None or r.seconds < best):
            by[(r.size, r.method)] = r.seconds
        else:
            by.setdefault((r.size, r.method), best)
    if any(sum(1 for x in results if (x.size, x.method) == key) > 1 for key in by):
        print("\n## Fastest of the rounds")
        print(HEADER)
        for r in results:
            if r.seconds is not None and r.seconds == by[(r.size, r.method)]:
                print(_row(r))
    print("\n## Ratios (time / time)")
    print(f"{'offers':>7} {'praevnet/raw':>13} {'file/raw':>9} {'naive/praevnet':>15} {'naive/raw':>10}")
    for n in sizes:
        print(
            f"{n:>7} {_ratio(by.get((n, 'praevnet')), by.get((n, 'raw'))):>13} "
            f"{_ratio(by.get((n, 'praevnet-file')), by.get((n, 'raw'))):>9} "
            f"{_ratio(by.get((n, 'naive')), by.get((n, 'praevnet'))):>15} "
            f"{_ratio(by.get((n, 'naive')), by.get((n, 'raw'))):>10}"
        )
    print("\n## Growth of the time per 10x size")
    methods = ["praevnet", "praevnet-file", "raw", "naive"]
    print(f"{'step':>15} " + " ".join(f"{m:>13}" for m in methods))
    for small, big in zip(sizes, sizes[1:]):
        label = f"{small}->{big}"
        factor = big / small
        cells = []
        for m in methods:
            a, b = by.get((small, m)), by.get((big, m))
            cells.append(f"{(b / a) * (10 / factor):12.1f}x" if a and b else f"{'—':>13}")
        print(f"{label:>15} " + " ".join(cells))
    print("(10x the data in 10x the time is linear; the figure is scaled to a 10x step.)")
    biggest = max(sizes)
    if biggest >= 100_000:
        print(f"\n## Targets at {biggest} offers")
        raw = by.get((biggest, "raw"))
        for method, what in (("praevnet-file", "whole import from the file"), ("praevnet", "store.write alone")):
            t = by.get((biggest, method))
            scaled = t * 100_000 / biggest if t is not None else None
            verdict = "met" if scaled is not None and scaled <= TARGET_SECONDS_100K else "NOT met"
            ok = t is not None and raw is not None and t / raw <= TARGET_RATIO
            print(f"{what:<27} {t and round(t, 1)} s vs <= {TARGET_SECONDS_100K:.0f} s: {verdict}; "
                  f"/raw {_ratio(t, raw)} vs <= {TARGET_RATIO}x: {'met' if ok else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="offer counts, comma-separated")
    parser.add_argument("--naive-max", type=int, default=1000, help="largest size for the naive import")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per size; the tables use the fastest")
    parser.add_argument("--local-city", action="store_true", help="use the benchmark's own generator")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())

    bench = Bench(Settings().embedded().cache_dir, keep=args.keep)
    work_dir = Path(tempfile.mkdtemp(prefix="praevnet-bench-files-"))
    results: list[Result] = []
    try:
        bench.start()
        assert bench.store is not None
        warm, _ = generate(200, seed=args.seed + 1, local=args.local_city)  # JIT and page cache warm-up, not reported
        bench.store.write(warm)
        bench.empty()
        write_raw(bench.store, raw_rows(warm))
        print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other processes skew timings)")
        print(HEADER)
        for n in sizes:
            t0 = time.perf_counter()
            batch, source = generate(n, seed=args.seed, local=args.local_city)
            text = batch.model_dump_json()
            json_path = work_dir / f"stadt-{n}.json"
            json_path.write_text(text, encoding="utf-8")
            rows = raw_rows(batch)
            print(f"# {n} offers: {len(batch.actors)} actors, {rows.count} rows "
                  f"({sum(len(r) for _, r in rows.nodes)} nodes, {sum(len(r) for _, r in rows.rels)} rels), "
                  f"{len(text) / 1e6:.1f} MB JSON; generated by {source} in {time.perf_counter() - t0:.1f} s",
                  flush=True)
            store = bench.store

            def praevnet() -> None:
                assert bench.store is not None
                bench.store.write(batch)

            def praevnet_file() -> None:
                assert bench.store is not None
                report = import_file(bench.store, json_path, max_bytes=json_path.stat().st_size)
                assert report.written, report.errors[:3]

            steps: list[tuple[str, Callable[[], Any]]] = [
                ("praevnet", praevnet),
                ("praevnet-file", praevnet_file),
                ("raw", lambda: write_raw(bench.store, rows)),
            ]
            if n <= args.naive_max:
                steps.append(("naive", lambda: write_naive(bench.store, rows)))
            for round_ in range(args.repeat):
                # rotate the order so no method always runs first (query re-planning, JIT)
                k = round_ % len(steps)
                for method, step in steps[k:] + steps[:k]:
                    results.append(bench.measure(n, method, rows.count, step))
            del batch, text, rows, store
        bench.empty()
        report(results, sizes)
        print("\n## Emptying the database between steps (offers of the city deleted)")
        for size, how, secs in bench.empty_seconds:
            if size:
                print(f"{size:>7} {how:<10} {secs:6.2f} s")
        print(f"\n# load average {os.getloadavg()[0]:.1f} at the end")
        print(f"Python maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
              f"restarts {bench.restarts}")
    finally:
        bench.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
