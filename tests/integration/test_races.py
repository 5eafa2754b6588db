"""Concurrent writes against the real Neo4j: merges, imports and resets that race.

Every round starts its threads together at a ``threading.Barrier`` and checks the
outcome through Cypher of its own (counts, actor ids, who holds which relation), never
through the store methods under test. The rules: of two merges racing for the same
actors exactly one wins and the other answers 409 without changing anything; an import
lands whole or not at all (409 when a concurrent change removed what it refers to);
two imports at once give the graph a serial run gives; no race ever answers 500.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.errors import Conflict, InvalidData, StoreUnavailable
from graph.model import Actor, Cooperation, District, GraphBatch, Membership, Offer
from graph.store import GraphStore, RevisionState

from api.app import create_app
from api.security import WRITE_HEADERS
from api.importing import import_file
from api.settings import Settings
from tests.tiny_city import tiny_batch

MERGE_ROUNDS = 20
IMPORT_ROUNDS = 10

ACTOR_IDS = "MATCH (a:Actor) RETURN collect(a.id) AS ids"
REL_COUNT = "MATCH ()-[r]->() RETURN count(r) AS n"
META = "MATCH (m:PraevnetMeta) RETURN m.revision AS revision, m.token AS token"
HOLDS = """
MATCH (a:Actor {id: $id})
RETURN [(a)-[:PROVIDES]->(o) | o.id] AS provides,
       [(a)-[:COOPERATES_WITH]->(x) | x.id] AS cooperates,
       [(a)-[:MEMBER_OF]->(c) | c.id] AS member_of,
       [(a)-[:LOCATED_IN]->(d) | d.id] AS located_in
"""
OFFER_PROVIDERS = "MATCH (o:Offer {id: $id}) RETURN [(a:Actor)-[:PROVIDES]->(o) | a.id] AS providers"
COOPERATION = "MATCH (:Actor {id: $a})-[r:COOPERATES_WITH]->(:Actor {id: $b}) RETURN count(r) AS n"
GRAPH_NODES = "MATCH (n) WHERE NOT n:PraevnetMeta RETURN labels(n) AS labels, properties(n) AS props"
GRAPH_RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"


def _query(store: GraphStore, query: str, **params: Any) -> list[Any]:
    records, _, _ = store._driver.execute_query(query, params, database_=store._database)
    return records


def _actor_ids(store: GraphStore) -> set[str]:
    return set(_query(store, ACTOR_IDS)[0]["ids"])


def _rels(store: GraphStore) -> int:
    return _query(store, REL_COUNT)[0]["n"]


def _meta(store: GraphStore) -> tuple[int, str | None]:
    records = _query(store, META)
    return (records[0]["revision"], records[0]["token"]) if records else (0, None)


def _graph_hash(store: GraphStore) -> str:
    """Every node but the bookkeeping one, and every relation, with all properties."""
    lines = sorted(json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, default=str)
                   for r in _query(store, GRAPH_NODES))
    lines += sorted(json.dumps([r["a"], r["type"], r["b"], r["props"]], sort_keys=True, default=str)
                    for r in _query(store, GRAPH_RELS))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released at once; each result, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as e:  # the test inspects it
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing call hung"
    return results


def _twins(rounds: int) -> GraphBatch:
    """The tiny city plus, per round, two welfare organisations that are one in reality.

    ``a-i`` provides ``oa-i``, cooperates with the Jugendamt and with ``b-i``, sits in the
    AG and in Nord; ``b-i`` provides ``ob-i``, cooperates with Kita Sonne, sits in the AG
    and in Süd. Merging either into the other loses exactly three relations: their
    cooperation (a self-loop now), the second AG membership and the second district.
    """
    city = tiny_batch()
    actors, offers, coops, members = list(city.actors), list(city.offers), list(city.cooperations), list(city.memberships)
    for i in range(rounds):
        a, b = f"a-{i}", f"b-{i}"
        actors += [
            Actor(id=a, name=f"Familienhilfe {i}", kind="welfare_org", sector="free_welfare", district="nord"),
            Actor(id=b, name=f"Familienhilfe {i} e.V.", kind="welfare_org", sector="free_welfare", district="sued"),
        ]
        offers += [
            Offer(id=f"oa-{i}", title=f"Elternkurs {i}", providers=[{"actor": a}], districts=["nord"], phases=["p0-3"]),
            Offer(id=f"ob-{i}", title=f"Spielgruppe {i}", providers=[{"actor": b, "role": "lead"}], districts=["sued"]),
        ]
        coops += [
            Cooperation(actor=a, partner="jugendamt"), Cooperation(actor=b, partner="kita-sonne"),
            Cooperation(actor=a, partner=b),
        ]
        members += [Membership(actor=a, committee="ag-uebergang"), Membership(actor=b, committee="ag-uebergang")]
    return city.model_copy(update={"actors": actors, "offers": offers, "cooperations": coops, "memberships": members})


@pytest.fixture
def twins(store: GraphStore) -> GraphStore:
    store.write(_twins(MERGE_ROUNDS))
    return store


@pytest.fixture
def client(twins: GraphStore, test_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(test_settings, store=twins), base_url="http://127.0.0.1") as client:
        yield client


def _merge(client: TestClient, keep: str, merge: str, **extra: Any) -> Callable[[], Any]:
    return lambda: client.post("/api/actors/merge", json={"keep": keep, "merge": merge, **extra})


def test_opposite_merges_one_wins_the_other_gets_409(client: TestClient, twins: GraphStore) -> None:
    for i in range(MERGE_ROUNDS):
        a, b = f"a-{i}", f"b-{i}"
        actors, rels, (revision, _) = _actor_ids(twins), _rels(twins), _meta(twins)
        first, second = _together(_merge(client, a, b), _merge(client, b, a))
        statuses = sorted([first.status_code, second.status_code])
        assert statuses == [200, 409], (i, first.text, second.text)
        winner, loser = (first, second) if first.status_code == 200 else (second, first)
        survivor = winner.json()["keep"]
        gone = b if survivor == a else a
        assert "wurde inzwischen gelöscht oder zusammengeführt" in loser.json()["detail"]
        assert loser.headers["content-type"].startswith("application/problem+json")
        # never both gone, never both left
        assert _actor_ids(twins) == actors - {gone}
        # the survivor holds every relation; only the three merged duplicates are gone
        assert _rels(twins) == rels - 3
        held = _query(twins, HOLDS, id=survivor)[0]
        assert sorted(held["provides"]) == [f"oa-{i}", f"ob-{i}"]
        assert sorted(held["cooperates"]) == ["jugendamt", "kita-sonne"]
        assert held["member_of"] == ["ag-uebergang"] and len(held["located_in"]) == 1
        assert _meta(twins)[0] == revision + 1


def test_ten_identical_merges_one_200_nine_409_one_revision(client: TestClient, twins: GraphStore) -> None:
    actors, rels, (revision, token) = _actor_ids(twins), _rels(twins), _meta(twins)
    responses = _together(*[_merge(client, "a-0", "b-0") for _ in range(10)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 9, [r.text for r in responses]
    assert _actor_ids(twins) == actors - {"b-0"} and _rels(twins) == rels - 3
    new_revision, new_token = _meta(twins)
    assert new_revision == revision + 1 and new_token != token


def test_merge_of_other_kinds_needs_force(client: TestClient, twins: GraphStore) -> None:
    rels, (revision, _) = _rels(twins), _meta(twins)
    refused = client.post("/api/actors/merge", json={"keep": "ag-uebergang", "merge": "a-1"})
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert "Wohlfahrtsverband" in detail and "Gremium / AG" in detail and "force" in detail
    assert "a-1" in _actor_ids(twins) and _rels(twins) == rels and _meta(twins)[0] == revision
    forced = client.post("/api/actors/merge", json={"keep": "ag-uebergang", "merge": "a-1", "force": True})
    assert forced.status_code == 200 and "a-1" not in _actor_ids(twins)


def test_merge_of_an_actor_that_never_existed_is_404(client: TestClient) -> None:
    assert client.post("/api/actors/merge", json={"keep": "a-0", "merge": "niemand"}).status_code == 404


def _file(tmp_path: Path, name: str, batch: GraphBatch) -> Path:
    path = tmp_path / name
    path.write_text(batch.model_dump_json(exclude_defaults=True), encoding="utf-8")
    return path


def _upload(client: TestClient, path: Path) -> Callable[[], Any]:
    return lambda: client.post(
        "/api/imports", files={"file": (path.name, path.read_bytes(), "application/json")}, headers=WRITE_HEADERS
    )


def test_merge_during_an_import_never_drops_its_links(client: TestClient, twins: GraphStore, tmp_path: Path) -> None:
    """The import names ``b-i`` as provider and partner while ``b-i`` is merged into ``a-i``."""
    outcomes: dict[int, int] = {}
    for i in range(IMPORT_ROUNDS):
        offer = f"o-neu-{i}"
        path = _file(tmp_path, f"neu-{i}.json", GraphBatch(
            offers=[Offer(id=offer, title=f"Neues Angebot {i}", providers=[{"actor": f"b-{i}"}], districts=["nord"])],
            cooperations=[Cooperation(actor=f"b-{i}", partner="stadtverwaltung")],
        ))
        imported, merged = _together(_upload(client, path), _merge(client, f"a-{i}", f"b-{i}"))
        assert merged.status_code == 200, merged.text
        assert imported.status_code in (200, 409, 422), imported.text
        outcomes[imported.status_code] = outcomes.get(imported.status_code, 0) + 1
        actors = _actor_ids(twins)
        offers = _query(twins, OFFER_PROVIDERS, id=offer)
        if imported.status_code == 200:
            assert imported.json()["written"] is True
            # landed whole: its provider and its cooperation sit on an actor that exists
            assert offers and offers[0]["providers"] == [f"a-{i}"]
            assert _query(twins, COOPERATION, a=f"a-{i}", b="stadtverwaltung")[0]["n"] == 1
        else:
            # refused whole: nothing of the file is there; the report says what is missing
            assert not offers
            assert _query(twins, COOPERATION, a=f"a-{i}", b="stadtverwaltung")[0]["n"] == 0
            body = imported.json()
            errors = [p for p in body["report"]["problems"] if p["severity"] == "error"]
            assert errors and f"„b-{i}“" in json.dumps(errors, ensure_ascii=False)
            if imported.status_code == 409:
                assert "gleichzeitige Änderung" in body["detail"]
        assert f"b-{i}" not in actors and f"a-{i}" in actors
    assert sum(outcomes.values()) == IMPORT_ROUNDS


def _overlapping_files(tmp_path: Path, i: int) -> tuple[Path, Path]:
    """Two files sharing the whole frame, the actors and one offer; each with offers of its own."""
    city = tiny_batch()
    shared = city.model_copy(update={"offers": city.offers[:1], "cooperations": [], "memberships": []})
    extra_district = District(id=f"west-{i}", name=f"West {i}", part_of="stadt")
    one = shared.model_copy(update={
        "offers": [*shared.offers, *city.offers[1:3]], "cooperations": city.cooperations,
    })
    two = shared.model_copy(update={
        "districts": [*shared.districts, extra_district],
        "offers": [*shared.offers, city.offers[3],
                   Offer(id=f"o-west-{i}", title="Lernhilfe West", providers=[{"actor": "awo"}], districts=[f"west-{i}"])],
        "memberships": city.memberships,
    })
    return _file(tmp_path, f"eins-{i}.json", one), _file(tmp_path, f"zwei-{i}.json", two)


def test_two_imports_at_once_give_the_serial_result(
    store: GraphStore, test_settings: Settings, tmp_path: Path
) -> None:
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1") as client:
        for i in range(IMPORT_ROUNDS):
            one, two = _overlapping_files(tmp_path, i)
            store.delete_all()
            for path in (one, two):
                assert _upload(client, path)().status_code == 200
            serial = _graph_hash(store)

            store.delete_all()
            results = _together(_upload(client, one), _upload(client, two))
            assert all(r.status_code in (200, 409) for r in results), [r.text for r in results]
            for path, response in zip((one, two), results):
                if response.status_code == 409:  # refused whole: once more, alone
                    assert _upload(client, path)().status_code == 200
            assert _graph_hash(store) == serial, i


def test_two_imports_at_once_through_the_service(store: GraphStore, tmp_path: Path) -> None:
    """The CLI's path: both land, no constraint error, no invented „gibt es nicht“."""
    for i in range(IMPORT_ROUNDS):
        one, two = _overlapping_files(tmp_path, i)
        store.delete_all()
        reports = _together(lambda: import_file(store, one), lambda: import_file(store, two))
        assert all(not isinstance(r, Exception) for r in reports), reports
        assert all(r.written for r in reports)
        assert {"west-" + str(i), "nord", "sued"} <= {
            r["id"] for r in _query(store, "MATCH (d:District) RETURN d.id AS id")
        }


def test_reset_then_read_serves_the_new_city(store: GraphStore, test_settings: Settings) -> None:
    first = tiny_batch()
    second = first.model_copy(update={"districts": [*first.districts, District(id="west", name="West", part_of="stadt")]})
    store.write(first)
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1") as client:
        before = client.get("/api/analysis/gaps").json()
        assert "West" not in json.dumps(before, ensure_ascii=False)
        old_revision = _meta(store)[0]
        store.delete_all()  # as `praevnet demo --reset` does in another process
        store.write(second)
        assert _meta(store)[0] > old_revision  # the counter does not restart
        after = client.get("/api/analysis/gaps").json()
        assert "West" in json.dumps(after, ensure_ascii=False)
        store.delete_all()
        assert client.get("/api/analysis/gaps").json() != after  # an emptied graph is not served either


def test_a_write_at_a_moved_state_is_refused_whole(store: GraphStore) -> None:
    store.write(tiny_batch())
    read_at = store.revision_state()
    store.write(GraphBatch(districts=[District(id="west", name="West", part_of="stadt")]))
    rels, actors = _rels(store), _actor_ids(store)
    with pytest.raises(Conflict):
        store.write(GraphBatch(actors=[Actor(id="neu", name="Neu")]), expected=read_at)
    assert _actor_ids(store) == actors and _rels(store) == rels


def test_write_outcome_after_a_lost_connection(store: GraphStore) -> None:
    store.write(tiny_batch())
    before = store.revision_state()
    store.write(GraphBatch(districts=[District(id="west", name="West", part_of="stadt")]))
    landed_token = _meta(store)[1]
    assert store.write_outcome(landed_token, before) is True
    assert store.write_outcome("nie-geschrieben", store.revision_state()) is False  # still at the old state
    assert store.write_outcome("nie-geschrieben", before) is False  # every write since is known
    assert store.write_outcome("nie-geschrieben", RevisionState(1, "unbekannt")) is None


def test_import_whose_connection_breaks_says_not_saved(
    store: GraphStore, tmp_path: Path, bolt_auth: tuple[str, str] | None
) -> None:
    """The server drops the importer's connection mid-write: the service asks and says „nicht gespeichert“."""
    store.write(tiny_batch())
    actors, rels = _actor_ids(store), _rels(store)
    path = _file(tmp_path, "neu.json", GraphBatch(actors=[Actor(id=f"neu-{n}", name=f"Neu {n}") for n in range(3)]))
    from api.importing import import_parsed, parse_file

    killed: list[str] = []

    def kill_the_writer(done: int, total: int) -> None:
        if killed:
            return
        import neo4j

        with neo4j.GraphDatabase.driver(store.uri, auth=bolt_auth) as other:
            rows, _, _ = other.execute_query(
                "SHOW TRANSACTIONS YIELD connectionId, currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
                "RETURN collect(DISTINCT connectionId) AS ids", database_=store._database,
            )
            for connection in rows[0]["ids"]:
                other.execute_query("CALL dbms.killConnection($id)", {"id": connection}, database_=store._database)
                killed.append(connection)

    with pytest.raises(StoreUnavailable) as info:
        import_parsed(store, parse_file(path), progress=kill_the_writer)
    assert killed
    assert "nicht gespeichert" in str(info.value)
    assert _actor_ids(store) == actors and _rels(store) == rels


def test_merge_races_through_the_store_too(twins: GraphStore) -> None:
    """Without the HTTP layer: the loser raises Conflict, never NotFound, never a silent no-op."""
    results = _together(lambda: twins.merge_actors("a-5", "b-5"), lambda: twins.merge_actors("b-5", "a-5"))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "MergeSummary"]
    assert len({"a-5", "b-5"} & _actor_ids(twins)) == 1
    with pytest.raises(InvalidData):
        twins.merge_actors("a-6", "a-6")


def test_delete_all_keeps_counting_and_changes_the_token(store: GraphStore) -> None:
    store.write(tiny_batch())
    revision, token = _meta(store)
    store.delete_all()
    after_reset = _meta(store)
    assert after_reset[0] > revision and after_reset[1] not in (None, token)
    assert _actor_ids(store) == set() and _rels(store) == 0
    store.write(tiny_batch())
    assert _meta(store)[0] == after_reset[0] + 1
