"""The demo city "Musterstadt": a fictional but realistic German prevention chain.

The city ships as two generated JSON files beside this module (written by
:mod:`graph.demo.build_musterstadt`, never regenerated at runtime):

* ``musterstadt.json`` -- the whole city as one :class:`~graph.model.GraphBatch`, loaded into
  an empty store so that a workshop or a new installation has something to look at;
* ``manifest.json`` -- what the analyses must find in it (planted transition gaps, duplicate
  offers and actors, parallel structures), so tests can assert the findings exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.model import GraphBatch

_HERE = Path(__file__).resolve().parent

CITY_FILE = _HERE / "musterstadt.json"
"""The demo city as GraphBatch JSON."""

MANIFEST_FILE = _HERE / "manifest.json"
"""The planted findings of the demo city."""


def load_demo_batch() -> GraphBatch:
    """Read and validate the demo city, ready for ``GraphStore.write``.

    Validation goes through the domain model, so a hand-edited or stale file fails here
    rather than half-way into the database.
    """
    return GraphBatch.model_validate_json(CITY_FILE.read_text(encoding="utf-8"))


def load_manifest() -> dict[str, Any]:
    """Read the manifest: the gaps, duplicates and parallel structures planted in the city.

    Tests and the analysis code compare their findings with it; each entry carries a short
    German ``reason``.
    """
    return json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))


__all__ = ["CITY_FILE", "MANIFEST_FILE", "load_demo_batch", "load_manifest"]
