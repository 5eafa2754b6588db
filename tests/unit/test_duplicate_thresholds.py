"""Thresholds at the ends of their range (0 and 1) are valid: no division by zero, no log of 0."""

from __future__ import annotations

import warnings

import pytest

from graph.analysis.duplicates import find_duplicate_actors, find_duplicate_offers
from graph.demo import load_demo_batch
from graph.projection import graph_from_batch


@pytest.mark.parametrize("threshold", [0.0, 1e-300, 0.5, 1 - 1e-16, 1.0])
def test_offer_and_actor_thresholds_at_the_bounds(threshold: float) -> None:
    G = graph_from_batch(load_demo_batch())
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # numpy's "divide by zero in log2" included
        offers = find_duplicate_offers(G, threshold=threshold)
        actors = find_duplicate_actors(G, threshold=threshold)
    if threshold == 1.0:
        assert offers == [] and actors == []  # a certainty no score reaches
    assert len(find_duplicate_offers(G, threshold=0.0)) >= len(offers)
