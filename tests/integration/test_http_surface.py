"""The HTTP surface on the real store: cross-site writes refused, every error German problem+json."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from graph.store import GraphStore

from api.app import create_app
from api.security import WRITE_HEADERS
from api.settings import Settings
from tests.integration.db_state import database_state
from tests.tiny_city import tiny_batch

PROBLEM = "application/problem+json"
NEW_TOPIC = json.dumps({"topics": [{"id": "neu-thema", "name": "Neues Thema"}]}).encode()


class _Busy(Exception):
    """Stands for a transient database error: the driver's marks them with ``is_retryable()``."""

    def is_retryable(self) -> bool:
        return True


@pytest.fixture
def app(store: GraphStore, test_settings: Settings) -> FastAPI:
    store.write(tiny_batch())
    app = create_app(test_settings, store=store)

    @app.get("/test/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("/home/geheim/praevnet/graph/store.py: Traceback KeyError 'x'")

    @app.get("/test/busy", include_in_schema=False)
    def busy() -> None:
        raise _Busy("TransientError: Neo.TransientError.Transaction.DeadlockDetected")

    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A browser-like client on 127.0.0.1 that sends no praevnet header of its own."""
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as client:
        yield client


def _is_german_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"].endswith(".")
    assert not any(word in body["detail"] for word in ("Traceback", "Error", "/home", "Field required", "Input should"))
    return body


def test_a_foreign_page_cannot_import(client: TestClient, store: GraphStore) -> None:
    before = database_state(store)
    files = {"file": ("stadt.json", NEW_TOPIC)}
    from_evil = client.post("/api/imports", files=files, headers={"Origin": "http://evil.example"})
    assert "anderen Webseite" in _is_german_problem(from_evil, 403)["detail"]
    plain_form = client.post("/api/imports", files=files)
    assert "X-Praevnet-Request: 1" in _is_german_problem(plain_form, 403)["detail"]
    text_plain = client.post("/api/actors/merge", content=b'{"keep": "awo", "merge": "kita-sonne"}',
                             headers={"Content-Type": "text/plain"})
    _is_german_problem(text_plain, 403)
    assert database_state(store) == before


def test_a_script_with_the_header_imports(client: TestClient, store: GraphStore) -> None:
    response = client.post("/api/imports", files={"file": ("stadt.json", NEW_TOPIC)}, headers=WRITE_HEADERS)
    assert response.status_code == 200 and response.json()["written"]
    assert "neu-thema" in {t.id for t in store.export_batch().topics}


def test_json_writes_need_no_extra_header(client: TestClient) -> None:
    response = client.post("/api/actors/merge", json={"keep": "awo", "merge": "kita-sonne", "force": True})
    assert response.status_code == 200
    same_origin = client.post("/api/actors/merge", json={"keep": "awo", "merge": "jugendamt", "force": True},
                              headers={"Origin": "http://127.0.0.1:8000"})
    assert same_origin.status_code == 200


def test_dns_rebinding_host_is_refused(client: TestClient) -> None:
    for path in ("/", "/api/offers", "/maps/network"):
        body = _is_german_problem(client.get(path, headers={"Host": "evil.example:8000"}), 400)
        assert "DNS-Rebinding" in body["detail"]
    assert client.get("/", headers={"Host": "localhost:8000", "Origin": "http://localhost:8000"}).status_code == 200


def test_allowed_hosts_setting(store: GraphStore, test_settings: Settings) -> None:
    settings = test_settings.model_copy(update={"allowed_hosts_list": "praevnet.stadt.example"})
    with TestClient(create_app(settings, store=store), base_url="http://praevnet.stadt.example") as client:
        assert client.get("/api/offers").status_code == 200


def test_unknown_address_and_wrong_method_are_german(client: TestClient) -> None:
    assert "/docs" in _is_german_problem(client.get("/gibt/es/nicht"), 404)["detail"]
    wrong = client.get("/api/imports")
    assert "GET" in _is_german_problem(wrong, 405)["detail"] and wrong.headers["allow"] == "POST"


@pytest.mark.parametrize("params, field, words", [
    ({"offset": -1}, "offset", "mindestens 0"),
    ({"offset": 2**31}, "offset", "höchstens 1000000"),
    ({"offset": 2**63}, "offset", "höchstens 1000000"),
    ({"offset": 10**30}, "offset", "höchstens 1000000"),
    ({"offset": "drei"}, "offset", "ganze Zahl"),
    ({"limit": 0}, "limit", "mindestens 1"),
    ({"limit": 1001}, "limit", "höchstens 1000"),
    ({"kind": "raumschiff"}, "kind", "einer dieser Werte"),
])
def test_invalid_parameters_are_named_in_german(client: TestClient, params: dict, field: str, words: str) -> None:
    body = _is_german_problem(client.get("/api/actors", params=params), 422)
    assert f"Parameter „{field}“" in body["detail"] and words in body["detail"]
    assert [e["loc"] for e in body["errors"]] == [["query", field]]


def test_bad_json_body_is_german(client: TestClient) -> None:
    broken = client.post("/api/actors/merge", content=b'{"keep": ', headers={"Content-Type": "application/json"})
    assert "kein gültiges JSON" in _is_german_problem(broken, 422)["detail"]
    missing = client.post("/api/actors/merge", json={"keep": "awo"})
    assert "Feld „merge“: fehlt." in _is_german_problem(missing, 422)["detail"]
    unknown = client.post("/api/actors/merge", json={"keep": "awo", "merge": "niemand"})
    _is_german_problem(unknown, 404)
    unreadable = client.post("/api/imports", content=b"garbage", headers={"Content-Type": "multipart/form-data", **WRITE_HEADERS})
    assert "nicht gelesen" in _is_german_problem(unreadable, 400)["detail"]


@pytest.mark.parametrize("threshold", [0, 0.999, 1])
def test_duplicate_thresholds_at_the_bounds(client: TestClient, threshold: float) -> None:
    assert client.get("/api/analysis/duplicates", params={"threshold": threshold}).status_code == 200
    assert client.get("/api/analysis/duplicate-actors", params={"threshold": threshold}).status_code == 200
    _is_german_problem(client.get("/api/analysis/duplicates", params={"threshold": 1.5}), 422)


def test_unexpected_errors_are_german_without_internals(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    body = _is_german_problem(client.get("/test/boom"), 500)
    assert "geheim" not in json.dumps(body) and "Protokoll" in body["detail"]
    assert any("Unerwarteter Fehler" in r.getMessage() and r.exc_info for r in caplog.records)
    busy = client.get("/test/busy")
    assert "Transient" not in _is_german_problem(busy, 503)["detail"] and busy.headers["retry-after"] == "5"


def test_openapi_lists_problem_answers_for_every_operation(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(schema)
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            answers = operation["responses"]
            for status in ("400", "403", "500", "503"):
                assert answers[status]["content"] == {PROBLEM: {"schema": problem_ref}}, (path, method, status)
            if operation.get("parameters") or operation.get("requestBody"):
                assert PROBLEM in answers["422"]["content"], (path, method)
    imports = schema["paths"]["/api/imports"]["post"]["responses"]
    assert imports["422"]["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/ImportRefusal"}
    assert {"404", "409"} <= set(imports) and "404" in schema["paths"]["/api/offers/{offer_id}"]["get"]["responses"]
    export = schema["paths"]["/api/exports/{fmt}"]["get"]["responses"]["200"]["content"]
    assert set(export) == {
        "application/json", "application/zip", "application/graphml+xml", "application/gexf+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert "text/html" in schema["paths"]["/maps/network"]["get"]["responses"]["200"]["content"]
    assert "text/html" in schema["paths"]["/"]["get"]["responses"]["200"]["content"]
    for path in ("/api/imports", "/api/actors/merge"):
        header = [p for p in schema["paths"][path]["post"]["parameters"] if p["in"] == "header"]
        assert header == [{**header[0], "name": "X-Praevnet-Request"}] and header[0]["schema"]["default"] == "1"
    offset = next(p for p in schema["paths"]["/api/offers"]["get"]["parameters"] if p["name"] == "offset")
    assert offset["schema"]["maximum"] == 1_000_000
