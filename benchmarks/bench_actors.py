"""Duplicate actors on a real labelled directory: ours beside recordlinkage and splink.

Run::

    python -m benchmarks.bench_actors PATH/training_set_103122.csv

PATH is Open Referral's de-duplication training set of Whatcom County (WA) human-service
organisations (github.com/openreferral/silobuster-dedupe, ``training_sets/``; see
/work/shared/data/README.md): no header, cp1252, 14 positional columns; rows 1 and 2 are a
schema hint; a copy's ``duplicate_of`` is the 1-based index of its original among the
non-empty rows plus 10684. Every pair of records that lead to one original is a duplicate
pair (625 pairs). Many organisations appear at several addresses: those are *not* labelled
duplicates.

Each record becomes an :class:`~graph.model.Actor` (name, address with postcode and place,
website; sector "unknown"), and three matchers run on the same records in the same run:

* ours, :func:`graph.analysis.duplicates.find_duplicate_actors` with its default threshold
  (0.5), reported overall and per band („sicher“, „prüfen“, and „verschieden“ from a second
  run with threshold 0.1); its weights and bands were set from German and English rules, not
  from this file;
* recordlinkage: sorted-neighbourhood index on the name plus blocks on website and
  postcode, Jaro-Winkler on name and street, exact postcode, place and website, and its
  unsupervised ECM classifier (Fellegi–Sunter fitted by EM);
* splink (DuckDB): the same fields, a default model (name and street Jaro-Winkler, exact
  postcode, place and website), u by random sampling, m by EM over two blocking passes,
  pairs at a match probability of 0.5 or more.

The file has a ceiling: 512 pairs labelled *not* duplicates are records whose originals
agree in every field (the same organisation listed once per programme); the report gives
it and each matcher's precision and F1 without those pairs beside the plain ones.

Nothing here is a test: the numbers depend on the machine (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import csv
import logging
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path

from graph.model import Actor, GraphBatch
from graph.projection import graph_from_batch

Pair = tuple[str, str]
ID_OFFSET = 10684
COLUMNS = ("name", "description", "url", "address_1", "address_2", "city", "state", "postal_code",
           "country", "address_type", "region", "duplicate_of", "mangle", "flag")


def load_whatcom(path: Path) -> tuple[list[dict[str, str]], set[Pair]]:
    """The records (as dicts with an ``id``) and the labelled duplicate pairs."""
    with path.open(encoding="cp1252", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    records: list[dict[str, str]] = []
    root: dict[int, int] = {}
    for index, row in enumerate(rows, start=1):
        if index <= 2:  # the schema hint and its copy
            continue
        rec = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        rec["id"] = f"w{index}"
        records.append(rec)
        root[index] = int(rec["duplicate_of"]) - ID_OFFSET if rec["duplicate_of"] else index
    groups: dict[int, list[str]] = defaultdict(list)
    for index in sorted(root):
        r = index
        while root.get(r, r) != r:  # a copy of a copy leads to the same original
            r = root[r]
        groups[r].append(f"w{index}")
    truth = {_pair(a, b) for ids in groups.values() for a, b in combinations(ids, 2)}
    return records, truth


def identical_non_duplicates(records: list[dict[str, str]], truth: set[Pair]) -> set[Pair]:
    """Pairs labelled *not* duplicates whose originals agree in every field.

    The file holds organisations several times with the same name, address, website and
    description (one row per programme), and each row's machine-made copies; only a copy
    and its own original are labelled. No matcher can tell these pairs apart.
    """
    by_id = {r["id"]: r for r in records}
    original = {r["id"]: (f"w{int(r['duplicate_of']) - ID_OFFSET}" if r["duplicate_of"] else r["id"]) for r in records}
    fields = ("name", "description", "url", "address_1", "address_2", "city", "postal_code")
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for r in records:
        o = by_id.get(original[r["id"]], r)
        groups[tuple(o[f] for f in fields)].append(r["id"])
    return {_pair(a, b) for ids in groups.values() for a, b in combinations(ids, 2)} - truth


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _address(rec: dict[str, str]) -> str | None:
    place = " ".join(x for x in (rec["state"].upper(), rec["postal_code"]) if x)
    parts = [rec["address_1"], rec["address_2"], rec["city"].title(), place]
    return ", ".join(p for p in parts if p) or None


def to_actors(records: Iterable[dict[str, str]]) -> list[Actor]:
    """Whatcom rows as actors: name, address (street, suite, place, state and ZIP), website."""
    return [Actor(id=r["id"], name=r["name"] or r["id"], address=_address(r), website=r["url"] or None,
                  sector="unknown", source="whatcom training_set_103122") for r in records]


def prf(found: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``found`` against ``truth``."""
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ---------------------------------------------------------------------------------------
# the three matchers
# ---------------------------------------------------------------------------------------


def ours(actors: list[Actor], threshold: float = 0.5) -> list[tuple[Pair, str, float]]:
    """Our proposals as ((id, id), band, score)."""
    from graph.analysis.duplicates import find_duplicate_actors

    G = graph_from_batch(GraphBatch(actors=actors))
    return [(_pair(p.keep, p.merge), p.band, p.score) for p in find_duplicate_actors(G, threshold=threshold)]


def _frame(records: list[dict[str, str]]):  # noqa: ANN202 - pandas is a bench extra
    import pandas as pd

    from graph.analysis.actor_normalise import parse_address, web_key

    rows = []
    for r in records:
        a = parse_address(_address(r))
        web = web_key(r["url"])
        rows.append({"unique_id": r["id"], "name": r["name"].lower() or None,
                     "street": f"{a.number} {a.street}".strip() or None, "postcode": a.postcode or None,
                     "city": r["city"].lower() or None, "website": web[1] if web else None})
    return pd.DataFrame(rows)


def recordlinkage_pairs(records: list[dict[str, str]]) -> set[Pair]:
    """recordlinkage with its sorted-neighbourhood index and ECM classifier."""
    import recordlinkage

    df = _frame(records).set_index("unique_id")
    indexer = recordlinkage.Index()
    indexer.sortedneighbourhood("name", window=9)
    indexer.block("website")
    indexer.block("postcode")
    pairs = indexer.index(df)
    cmp = recordlinkage.Compare()
    cmp.string("name", "name", method="jarowinkler", threshold=0.85, label="name")
    cmp.string("street", "street", method="jarowinkler", threshold=0.85, label="street")
    cmp.exact("postcode", "postcode", label="postcode")
    cmp.exact("city", "city", label="city")
    cmp.exact("website", "website", label="website")
    features = cmp.compute(pairs, df)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    return {_pair(a, b) for a, b in matches}


def splink_pairs(records: list[dict[str, str]]) -> set[Pair]:
    """splink (4 or 5) on DuckDB with a default model trained by EM."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    df = _frame(records)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("street", [0.95, 0.88]),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("city"),
            cl.ExactMatch("website"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("substr(name, 1, 4)"), block_on("website"), block_on("postcode", "street"),
        ],
    )
    db_api = DuckDBAPI()
    if hasattr(db_api, "register"):  # splink 5: tables are registered with the backend
        linker = Linker(db_api.register(df), settings, log_level=logging.ERROR)
    else:  # splink 4
        linker = Linker(df, settings, db_api=db_api)
    linker.training.estimate_probability_two_random_records_match([block_on("website"), block_on("name")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(name, 1, 4)"))
    out = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {_pair(a, b) for a, b in zip(out["unique_id_l"], out["unique_id_r"], strict=True)}


def _timed(fn: Callable[[], object]) -> tuple[object, float]:
    t = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t


# ---------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Run the three matchers on the file and print precision, recall, F1 and time."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_actors", description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="training_set_103122.csv")
    args = parser.parse_args(argv)
    records, truth = load_whatcom(args.path)
    actors = to_actors(records)
    same = identical_non_duplicates(records, truth)
    ceiling = len(truth) / (len(truth) + len(same))
    print(f"Whatcom: {len(records):,} records, {len(truth)} labelled duplicate pairs")
    print(f"{len(same)} pairs labelled not duplicates agree in every field (name, address, website, description):"
          f" a matcher that pairs identical records reaches at most P {ceiling:.3f}, F1 {2 * ceiling / (1 + ceiling):.3f}\n")

    proposals, t_ours = _timed(lambda: ours(actors))
    found = {p for p, _, _ in proposals}
    wide = ours(actors, threshold=0.1)
    print(f"{'matcher':<28} {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}   P, F1 without the identical pairs")

    def row(label: str, pairs: set[Pair], secs: float) -> None:
        p, r, f = prf(pairs, truth)
        p2, _, f2 = prf(pairs - same, truth)
        print(f"{label:<28} {len(pairs):>6} {p:>6.3f} {r:>6.3f} {f:>6.3f} {secs:>8.2f}   {p2:.3f}, {f2:.3f}")

    row("praevnet (score >= 0.5)", found, t_ours)
    for label, fn in (("recordlinkage (ECM)", recordlinkage_pairs), ("splink (DuckDB, EM)", splink_pairs)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pairs, secs = _timed(lambda fn=fn: fn(records))
        except ImportError as e:
            print(f"{label:<28} skipped: {e} (pip install -e '.[bench]')")
            continue
        row(label, pairs, secs)  # type: ignore[arg-type]

    print("\npraevnet per band (precision within the band; recall: share of all labelled pairs)")
    print(f"{'band':<14} {'pairs':>6} {'P':>6} {'R':>6}")
    for band in ("sicher", "prüfen", "verschieden"):
        pairs = {p for p, b, _ in wide if b == band}
        tp = len(pairs & truth)
        prec = tp / len(pairs) if pairs else 0.0
        print(f"{band:<14} {len(pairs):>6} {prec:>6.3f} {tp / len(truth):>6.3f}")
    sure = {p for p, b, _ in proposals if b == "sicher"}
    p, r, f = prf(sure, truth)
    print(f"\n„sicher“ alone: P {p:.3f}, R {r:.3f}, F1 {f:.3f}")


if __name__ == "__main__":
    main()
