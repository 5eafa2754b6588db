"""A Landkreis-shaped offer list through the CLI's service into the real Neo4j, checked by an independent query."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore

from api.importing import import_file

DATA = Path(__file__).resolve().parent.parent / "data"
MAPPING = """[table]
entity = "offer"
[fields]
title = "Angebot"
age = "Alter"
providers = { column = "Träger", by = "name" }
districts = { column = "Gemeinde", by = "name" }
"""


def _phases(store: GraphStore) -> dict[str, list[str]]:
    records, _, _ = store._driver.execute_query(
        "MATCH (o:Offer) OPTIONAL MATCH (o)-[:FOR_PHASE]->(p) RETURN o.title AS title, collect(p.id) AS phases",
        database_=store._database,
    )
    return {r["title"]: sorted(r["phases"]) for r in records}


def test_ages_become_phases_and_generic_providers_stay_apart(store: GraphStore, tmp_path: Path) -> None:
    mapping = tmp_path / "landkreis.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    report = import_file(store, DATA / "angebote-landkreis.csv", fmt="table", mapping=mapping)
    assert report.written
    assert any("nach ihrem Alter den Lebensphasen zugeordnet" in p.message for p in report.problems)
    phases = _phases(store)
    assert phases["Kinderturnen"] == ["p3-6", "p6-10"]  # 4–8 Jahre
    assert phases["Bambini-Fußball"] == ["p3-6"]  # 3 bis 6 Jahre
    assert phases["Eltern-Kind-Gruppe"] == []  # an unreadable age: kept, without phases
    records, _, _ = store._driver.execute_query(
        "MATCH (a:Actor)-[:PROVIDES]->(o:Offer) RETURN a.id AS actor, count(o) AS offers ORDER BY actor",
        database_=store._database,
    )
    actors = {r["actor"]: r["offers"] for r in records}
    assert actors["sportplatz-brigachtal"] == 2 and actors["sportplatz-donaueschingen"] == 1
    assert sum(1 for a in actors if a.startswith("privater-traeger")) == 2
