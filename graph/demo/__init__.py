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


def planted_gaps(evidence: str = "spanning") -> list[dict[str, Any]]:
    """The manifest's planted gaps that stay gaps under an evidence level of the bridging rule.

    Every planted gap is one under ``"tagged"`` (no offer names the transition there);
    offers serving both phases close some of them under ``"spanning"``, the default.
    """
    return [g for g in load_manifest()["gaps"] if evidence in g["gap_at_evidence"]]


__all__ = ["CITY_FILE", "MANIFEST_FILE", "default_frame", "load_demo_batch", "load_manifest", "planted_gaps"]

# Words that name a step in an offer's title or description (graph.analysis.bridging):
# a new city starts with them and may edit them in the template's sheet „Übergänge“.
DEFAULT_TRANSITION_KEYWORDS = {
    "ue-geburt-krippe": ["willkommensbesuch", "babybesuch", "neugeboren", "wochenbett"],
    "ue-krippe-kita": ["eingewöhnung", "kita-start", "kitastart", "kita-einstieg"],
    "ue-kita-grundschule": ["einschulung", "schulanfang", "schulstart", "vorschul", "schulfähigkeit", "brückenjahr"],
    "ue-grundschule-weiterfuehrend": ["schulwechsel", "übertritt", "klasse 5", "weiterführende schule"],
    "ue-schule-beruf": ["berufsorientierung", "berufswahl", "ausbildungs", "berufseinstieg", "jugendberufsagentur"],
}


def default_frame() -> GraphBatch:
    """The default life course and topics: six life phases, five transitions, ten topics.

    A new city's database starts with these (DOMAIN.md: pregnancy & birth; 0–3; 3–6 Kita;
    6–10 primary school; 10–16 secondary school; 16–27 school-to-work), so that a first
    import can refer to ``p6-10`` without defining the life course itself. A city may
    replace them with its own.
    """
    demo = load_demo_batch()
    transitions = [
        t.model_copy(update={"keywords": DEFAULT_TRANSITION_KEYWORDS.get(t.id, [])}) for t in demo.transitions
    ]
    return GraphBatch(life_phases=demo.life_phases, transitions=transitions, topics=demo.topics)
