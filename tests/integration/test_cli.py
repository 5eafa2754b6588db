"""The ``praevnet`` CLI against the real test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.store import GraphStore

from api.cli import app
from api.settings import Settings
from tests.tiny_city import TINY_GAPS, tiny_batch

runner = CliRunner()


@pytest.fixture
def cli_env(store: GraphStore, test_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> GraphStore:
    """Point the CLI at the test database, holding the tiny city."""
    if test_settings.uses_embedded:
        monkeypatch.delenv("NEO4J_URI", raising=False)
        monkeypatch.setenv("PRAEVNET_DATA_DIR", str(test_settings.data_dir))
        monkeypatch.setenv("PRAEVNET_NEO4J_PORT", str(test_settings.embedded_port))
    else:
        monkeypatch.setenv("NEO4J_URI", test_settings.neo4j_uri or "")
        monkeypatch.setenv("NEO4J_USER", test_settings.neo4j_user or "")
        monkeypatch.setenv("NEO4J_PASSWORD", test_settings.neo4j_password or "")
    monkeypatch.setenv("NEO4J_DATABASE", test_settings.neo4j_database)
    store.write(tiny_batch())
    return store


def test_analyse_gaps_json_matches_the_api_function(cli_env: GraphStore) -> None:
    result = runner.invoke(app, ["analyse", "gaps", "--json"])
    assert result.exit_code == 0, result.output
    gaps = json.loads(result.output)
    assert [(g["district"], g["transition"]) for g in gaps] == TINY_GAPS


def test_analyse_gaps_table_is_german(cli_env: GraphStore) -> None:
    result = runner.invoke(app, ["analyse", "gaps"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Lücken an Übergängen (1 von 4" in result.output and "Nord" in result.output


def test_unknown_district_is_one_german_sentence(cli_env: GraphStore) -> None:
    result = runner.invoke(app, ["analyse", "gaps", "--district", "atlantis"])
    assert result.exit_code == 1
    assert "Sozialraum „atlantis“ gibt es nicht." in result.output
    assert "Traceback" not in result.output


def test_map_writes_an_offline_file(cli_env: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "karte.html"
    result = runner.invoke(app, ["map", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "vis-network" in html.lower() and "https://" not in html.split("<script")[0]


def test_db_status_reports_the_running_database(cli_env: GraphStore, test_settings: Settings) -> None:
    result = runner.invoke(app, ["db", "status"])
    assert result.exit_code == 0, result.output
    assert "läuft" in result.output or "Externe Neo4j" in result.output
