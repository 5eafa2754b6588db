"""The cross-site guard's decisions and the German validation sentences, without a database."""

from __future__ import annotations

import pytest
from starlette.datastructures import Headers

from api.security import check_request, split_host
from api.validation_de import sentences


def _check(method: str = "GET", server_host: str | None = "127.0.0.1", allowed: tuple[str, ...] = (), **headers: str):
    raw = {"host": "127.0.0.1:8000", **{k.replace("_", "-"): v for k, v in headers.items()}}
    return check_request(method, Headers(raw), server_host=server_host, allowed_hosts=allowed)


@pytest.mark.parametrize("value, expected", [
    ("127.0.0.1:8000", ("127.0.0.1", 8000)),
    ("LocalHost.", ("localhost", None)),
    ("[::1]:8000", ("::1", 8000)),
    ("[::1]", ("::1", None)),
    ("example.org:abc", ("example.org", -1)),
])
def test_split_host(value: str, expected: tuple[str, int | None]) -> None:
    assert split_host(value) == expected


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost", "192.168.1.5:8000"])
def test_local_hosts_and_the_listening_address_are_accepted(host: str) -> None:
    assert _check(host=host, server_host="192.168.1.5") is None


@pytest.mark.parametrize("host", ["evil.example:8000", "evil.example", "0.0.0.0:8000", "127.0.0.1.evil.example"])
def test_foreign_host_names_are_refused(host: str) -> None:
    refusal = _check(host=host, server_host="0.0.0.0")
    assert refusal is not None and refusal.status == 400
    assert "DNS-Rebinding" in refusal.detail and "PRAEVNET_ALLOWED_HOSTS" in refusal.detail


def test_allowed_hosts_setting_adds_names() -> None:
    assert _check(host="praevnet.stadt.example:8000", allowed=("praevnet.stadt.example",)) is None
    assert _check(host="anything.example", allowed=("*",)) is None
    assert _check(host="other.example", allowed=("praevnet.stadt.example",)) is not None


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                                          "text/plain", None])
def test_simple_writes_without_the_header_are_refused(content_type: str | None) -> None:
    headers = {"content_type": content_type} if content_type else {}
    refusal = _check("POST", **headers)
    assert refusal is not None and refusal.status == 403
    assert "X-Praevnet-Request: 1" in refusal.detail


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_with_the_header_or_a_json_body_pass(method: str) -> None:
    assert _check(method, content_type="multipart/form-data; boundary=x", x_praevnet_request="1") is None
    assert _check(method, content_type="application/json; charset=utf-8") is None
    assert _check(method, content_type="application/merge-patch+json") is None


def test_reads_need_no_header() -> None:
    assert _check("GET") is None and _check("HEAD") is None and _check("OPTIONS") is None


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:9000", "http://localhost:8000",
                                    "http://[::1", "file://", "https://127.0.0.1.evil.example:8000"])
def test_foreign_origins_are_refused_even_with_the_header(origin: str) -> None:
    refusal = _check("POST", origin=origin, x_praevnet_request="1")
    assert refusal is not None and refusal.status == 403 and "anderen Webseite" in refusal.detail
    assert _check("GET", origin=origin) is not None


def test_own_origin_passes() -> None:
    assert _check("POST", origin="http://127.0.0.1:8000", x_praevnet_request="1") is None
    assert _check("GET", host="[::1]:8000", origin="http://[::1]:8000") is None
    assert _check("GET", host="praevnet.example", origin="https://praevnet.example", allowed=("praevnet.example",)) is None


def test_a_long_foreign_value_is_shortened_in_the_answer() -> None:
    refusal = _check(host="x" * 500)
    assert refusal is not None and len(refusal.detail) < 500


def test_validation_errors_become_german_sentences() -> None:
    errors = [
        {"type": "greater_than_equal", "loc": ("query", "offset"), "msg": "Input should be >= 0", "ctx": {"ge": 0}},
        {"type": "less_than_equal", "loc": ("query", "threshold"), "msg": "…", "ctx": {"le": 1.0}},
        {"type": "literal_error", "loc": ("path", "fmt"), "msg": "…", "ctx": {"expected": "'json', 'xlsx' or 'csv'"}},
        {"type": "missing", "loc": ("body", "keep"), "msg": "Field required"},
        {"type": "json_invalid", "loc": ("body", 3), "msg": "JSON decode error", "ctx": {"error": "Expecting value"}},
        {"type": "value_error", "loc": ("body",), "msg": "Value error, x", "ctx": {"error": ValueError("Das Alter ist ungültig.")}},
        {"type": "something_new", "loc": ("query", "x"), "msg": "English"},
    ]
    said = sentences(errors)
    assert [s["detail"] for s in said] == [
        "Parameter „offset“: muss mindestens 0 sein.",
        "Parameter „threshold“: darf höchstens 1 sein.",
        "Adressteil „fmt“: muss einer dieser Werte sein: 'json', 'xlsx' oder 'csv'.",
        "Feld „keep“: fehlt.",
        "Feld „3“: ist kein gültiges JSON.",
        "Inhalt der Anfrage: Das Alter ist ungültig.",
        "Parameter „x“: hat einen ungültigen Wert.",
    ]
    assert said[0]["loc"] == ["query", "offset"] and said[0]["type"] == "greater_than_equal"
    assert said[4]["loc"] == ["body", 3]


def test_serve_refuses_to_listen_beyond_this_machine_without_keys() -> None:
    """Safe by default: with no API keys (none exist yet) the server binds loopback only."""
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--no-demo"])
    assert result.exit_code == 2
    assert "nur auf" in " ".join(result.output.split()) and "0.0.0.0" in result.output
