"""``praevnet merge-actors``: other kinds need ``--force``; a merged actor is a conflict, not a crash."""

from __future__ import annotations

from typer.testing import CliRunner

from graph.store import GraphStore

from api.cli import app
from tests.integration.test_cli import cli_env  # noqa: F401  (the fixture: CLI on the tiny city)

runner = CliRunner()
ACTOR_IDS = "MATCH (a:Actor) RETURN collect(a.id) AS ids"


def _actors(store: GraphStore) -> set[str]:
    records, _, _ = store._driver.execute_query(ACTOR_IDS, database_=store._database)
    return set(records[0]["ids"])


def test_merge_of_other_kinds_is_refused_then_forced(cli_env: GraphStore) -> None:  # noqa: F811
    refused = runner.invoke(app, ["merge-actors", "awo", "kita-sonne"], env={"COLUMNS": "200"})
    assert refused.exit_code == 1
    assert "Kita" in refused.output and "Wohlfahrtsverband" in refused.output and "--force" in refused.output
    assert "Traceback" not in refused.output and "kita-sonne" in _actors(cli_env)
    forced = runner.invoke(app, ["merge-actors", "awo", "kita-sonne", "--force"], env={"COLUMNS": "200"})
    assert forced.exit_code == 0, forced.output
    assert "zusammengeführt" in forced.output and "kita-sonne" not in _actors(cli_env)
    again = runner.invoke(app, ["merge-actors", "awo", "kita-sonne", "--force"], env={"COLUMNS": "200"})
    assert again.exit_code == 1 and "inzwischen gelöscht oder zusammengeführt" in again.output
