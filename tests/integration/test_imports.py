"""The import service and the file endpoints against the real Neo4j: all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.errors import ImportRejected
from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.importing import import_file
from api.settings import Settings
from tests.integration.db_state import database_state
from tests.tiny_city import tiny_batch


@pytest.fixture
def city_json(tmp_path: Path) -> Path:
    path = tmp_path / "stadt.json"
    path.write_text(tiny_batch().model_dump_json(indent=1), encoding="utf-8")
    return path


def test_json_import_dry_run_then_write_then_unchanged(store: GraphStore, city_json: Path) -> None:
    before = database_state(store)
    dry = import_file(store, city_json, dry_run=True)
    assert dry.dry_run and not dry.written and dry.created["Offer"] == 4
    assert database_state(store) == before  # a dry run writes nothing

    done = import_file(store, city_json)
    assert done.written and done.created["Actor"] == 5
    revision, state = store.revision(), database_state(store)
    again = import_file(store, city_json)
    assert not again.created and not again.updated and again.unchanged["Offer"] == 4
    assert again.written and store.revision() == revision  # nothing to write: nothing written
    assert database_state(store) == state


def test_updated_file_says_what_changed(store: GraphStore, city_json: Path, tmp_path: Path) -> None:
    import_file(store, city_json)
    data = json.loads(city_json.read_text())
    data["offers"][0]["capacity"] = 99
    changed = tmp_path / "stadt2.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    before = store.export_batch()
    revision = store.revision()
    report = import_file(store, changed)
    assert report.updated == {"Offer": 1} and report.unchanged["Offer"] == 3
    assert store.revision() == revision + 1  # one write, of the changed offer only
    after = store.export_batch()
    assert [o for o in after.offers if o.capacity == 99] == [
        o.model_copy(update={"capacity": 99}) for o in before.offers if o.id == data["offers"][0]["id"]
    ]
    assert after.model_copy(update={"offers": []}) == before.model_copy(update={"offers": []})
    assert [o for o in after.offers if o.capacity != 99] == [o for o in before.offers if o.id != data["offers"][0]["id"]]


BAD_JSON = {
    "malformed": "{\"offers\": [",
    "empty": "",
    "not a range": json.dumps({"offers": [{"id": "o", "title": "T", "age_min": 9, "age_max": 3}]}),
    "duplicate id": json.dumps({"topics": [{"id": "t", "name": "A"}, {"id": "t", "name": "B"}]}),
    "unknown actor": json.dumps({"offers": [{"id": "o", "title": "T", "providers": [{"actor": "niemand"}]}]}),
}


@pytest.mark.parametrize("case", sorted(BAD_JSON))
def test_bad_json_is_refused_and_nothing_changes(store: GraphStore, tmp_path: Path, case: str) -> None:
    store.write(tiny_batch())
    before = database_state(store)
    path = tmp_path / "kaputt.json"
    path.write_text(BAD_JSON[case], encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        import_file(store, path)
    report = info.value.report
    assert report.errors and all(p.file == "kaputt.json" for p in report.errors)
    assert "nichts wurde gespeichert" in str(info.value)
    assert database_state(store) == before


def test_unknown_reference_is_located_at_its_row(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "kaputt.json"
    path.write_text(BAD_JSON["unknown actor"], encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        import_file(store, path)
    problem = info.value.report.errors[0]
    assert (problem.sheet, problem.row) == ("Angebote", 1)
    assert "Akteur „niemand“ gibt es nicht" in problem.message


@pytest.fixture
def client(store: GraphStore, test_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(test_settings, store=store), base_url="http://127.0.0.1", headers=WRITE_HEADERS) as client:
        yield client


def test_upload_import_and_json_export_round_trip(client: TestClient, store: GraphStore, city_json: Path) -> None:
    with city_json.open("rb") as f:
        dry = client.post("/api/imports", params={"dry_run": "true"}, files={"file": ("stadt.json", f)})
    assert dry.status_code == 200 and dry.json()["dry_run"] is True and store.is_empty()
    with city_json.open("rb") as f:
        done = client.post("/api/imports", files={"file": ("stadt.json", f)})
    assert done.status_code == 200 and done.json()["written"] is True
    exported = client.get("/api/exports/json")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    state = database_state(store)
    store.delete_all()
    again = client.post("/api/imports", files={"file": ("export.json", exported.content)})
    assert again.status_code == 200
    assert database_state(store)[:2] == state[:2]


def test_upload_of_bad_file_returns_the_report(client: TestClient, store: GraphStore) -> None:
    store.write(tiny_batch())
    before = database_state(store)
    response = client.post("/api/imports", files={"file": ("kaputt.json", BAD_JSON["not a range"].encode())})
    assert response.status_code == 422
    body = response.json()
    assert body["report"]["problems"][0]["message"] == "Das Mindestalter (age_min) ist größer als das Höchstalter (age_max)."
    assert database_state(store) == before


def test_partial_records_keep_what_the_file_does_not_say(store: GraphStore, tmp_path: Path) -> None:
    store.write(tiny_batch())
    stub = tmp_path / "stub.json"
    # a file that knows the district only by id and name (as HSDS or Kumu do)
    stub.write_text(json.dumps({"districts": [{"id": "nord", "name": "Nord"}]}), encoding="utf-8")
    report = import_file(store, stub)
    assert report.unchanged == {"District": 1}
    nord = store.export_batch().districts
    assert next(d for d in nord if d.id == "nord").share_social_benefits == 0.41
    renamed = tmp_path / "renamed.json"
    renamed.write_text(
        json.dumps({"districts": [{"id": "nord", "name": "Nordstadt", "population": 12500}]}), encoding="utf-8"
    )
    assert import_file(store, renamed).updated == {"District": 1}
    district = next(d for d in store.export_batch().districts if d.id == "nord")
    assert (district.name, district.population, district.share_social_benefits, district.part_of) == (
        "Nordstadt", 12500, 0.41, "stadt",
    )
    # a bare reference (id and name only, as readers make from a provider's name) never
    # renames what the store holds
    ref = tmp_path / "ref.json"
    ref.write_text(json.dumps({"actors": [{"id": "jugendamt", "name": "Jugendamt (Stub)"}]}), encoding="utf-8")
    assert import_file(store, ref).unchanged == {"Actor": 1}
    assert store.get_actor("jugendamt").name == "Jugendamt"


def test_probable_duplicate_actor_is_a_warning_not_a_merge(store: GraphStore, tmp_path: Path) -> None:
    store.write(tiny_batch())
    path = tmp_path / "neu.json"
    path.write_text(json.dumps({"actors": [
        {"id": "awo-nord-neu", "name": "Arbeiterwohlfahrt OV Nord", "kind": "welfare_org", "sector": "free_welfare",
         "district": "nord"},
    ]}), encoding="utf-8")
    report = import_file(store, path)
    assert report.written and report.created == {"Actor": 1}
    warning = report.warnings[0]
    assert "vermutlich derselbe" in warning.message and "awo" in warning.message
    assert (warning.sheet, warning.row) == ("Akteure", 1)
    assert store.get_actor("awo").name == "AWO Ortsverein Nord e.V."  # nothing merged


def test_empty_store_gets_the_default_life_course_with_the_first_import(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "schule.json"
    path.write_text(json.dumps({"offers": [
        {"id": "o-ogs", "title": "Offene Ganztagsschule", "phases": ["p6-10"], "topics": ["bildung"]},
    ]}), encoding="utf-8")
    report = import_file(store, path)
    assert report.written and "Standard-Lebensphasen" in report.warnings[0].message
    assert store.counts()["LifePhase"] == 6 and store.counts()["Transition"] == 5
    assert store.get_offer("o-ogs").phases == ["p6-10"]
