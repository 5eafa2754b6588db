"""The ``praevnet`` command line: database, demo city, server, analyses and maps.

Every command calls the same service functions as the API (:mod:`api.runtime`,
:mod:`graph.analysis`), so the CLI and the API agree by construction.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph import embedded
from graph.analysis.gaps import find_transition_gaps
from graph.errors import PraevnetError
from graph.store import GraphStore

from api.runtime import load_demo, open_store
from api.settings import Settings

app = typer.Typer(help="praevnet – Netzwerkanalyse für kommunale Präventionsketten.", no_args_is_help=True)
db_app = typer.Typer(help="Die eingebettete Neo4j-Datenbank starten, stoppen, prüfen.", no_args_is_help=True)
app.add_typer(db_app, name="db")

console = Console()
err_console = Console(stderr=True)


def _fail(error: PraevnetError) -> typer.Exit:
    err_console.print(f"[bold red]Fehler:[/] {error}")
    for problem in getattr(error, "problems", [])[:50]:
        err_console.print(f"  – {problem}")
    return typer.Exit(code=1)


def open_store_or_exit(settings: Settings) -> GraphStore:
    """Open the configured store, or print one German sentence and exit 1."""
    try:
        return open_store(settings)
    except PraevnetError as e:
        raise _fail(e) from e


def _embedded_only(settings: Settings) -> embedded.EmbeddedConfig:
    if not settings.uses_embedded:
        err_console.print(
            f"NEO4J_URI ist gesetzt ({settings.neo4j_uri}): praevnet nutzt diesen Server "
            "und startet keine eigene Datenbank."
        )
        raise typer.Exit(code=2)
    return settings.embedded()


@db_app.command("start")
def db_start() -> None:
    """Eingebettete Neo4j starten und warten, bis sie antwortet."""
    config = _embedded_only(Settings())
    began = time.monotonic()
    try:
        with console.status("Neo4j startet …"):
            current = embedded.start(config)
    except PraevnetError as e:
        raise _fail(e) from e
    console.print(f"{current.describe()} ({time.monotonic() - began:.1f} s)")


@db_app.command("stop")
def db_stop() -> None:
    """Eingebettete Neo4j sauber beenden."""
    config = _embedded_only(Settings())
    with console.status("Neo4j wird beendet …"):
        was_running = embedded.stop(config)
    console.print("Neo4j ist beendet." if was_running else "Neo4j lief nicht.")


@db_app.command("status")
def db_status() -> None:
    """Zeigen, ob die eingebettete Neo4j läuft und wo."""
    settings = Settings()
    if not settings.uses_embedded:
        console.print(f"Externe Neo4j unter {settings.neo4j_uri} (NEO4J_URI).")
        return
    current = embedded.status(settings.embedded())
    console.print(current.describe())
    if not current.running:
        raise typer.Exit(code=3)


@app.command("demo")
def demo(
    reset: Annotated[bool, typer.Option("--reset", help="vorher alle Daten löschen")] = False,
) -> None:
    """Die Demo-Stadt Musterstadt laden."""
    store = open_store_or_exit(Settings())
    try:
        if reset:
            store.delete_all()
        summary = load_demo(store)
    except PraevnetError as e:
        raise _fail(e) from e
    finally:
        store.close()
    if summary is not None:
        console.print(
            f"Musterstadt geladen: {summary.nodes} Knoten, {summary.relationships} Beziehungen "
            f"(Stand {summary.revision})."
        )


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Adresse, an der die App lauscht")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port der App")] = 8000,
    demo_data: Annotated[bool, typer.Option("--demo/--no-demo", help="leere Datenbank mit Musterstadt füllen")] = True,
) -> None:
    """API und Karten starten (startet die eingebettete Neo4j, falls nötig)."""
    import uvicorn

    from api.app import create_app
    from api.security import is_loopback

    if not is_loopback(host):
        err_console.print(
            f"[bold red]Fehler:[/] praevnet hat noch keine Anmeldung (API-Schlüssel); es lauscht darum nur auf "
            f"dieser Maschine (127.0.0.1, localhost, ::1), nicht auf „{host}“. Für Zugriffe aus dem Netz einen "
            "Reverse-Proxy mit Anmeldung davorsetzen."
        )
        raise typer.Exit(code=2)
    settings = Settings()
    started_here = settings.uses_embedded and not embedded.status(settings.embedded()).running
    with console.status("Neo4j wird vorbereitet …"):
        store = open_store_or_exit(settings)
        if demo_data:
            try:
                summary = load_demo(store, only_if_empty=True)
            except PraevnetError as e:
                raise _fail(e) from e
    if demo_data and summary is not None:
        console.print(f"Leere Datenbank: Musterstadt geladen ({summary.nodes} Knoten).")
    console.print(f"praevnet läuft: [bold]http://{host}:{port}/[/]  (Karte: /maps/network, API: /docs)")
    try:
        uvicorn.run(create_app(settings, store=store), host=host, port=port, log_level="warning")
    finally:
        store.close()
        if started_here:
            with console.status("Neo4j wird beendet …"):
                embedded.stop(settings.embedded())
            console.print("Neo4j beendet.")


@app.command("merge-actors")
def merge_actors(
    keep: Annotated[str, typer.Argument(help="ID des Akteurs, der bleibt")],
    merge: Annotated[str, typer.Argument(help="ID des Akteurs, der in ihm aufgeht")],
    force: Annotated[bool, typer.Option("--force", help="auch Akteure verschiedener Art zusammenführen")] = False,
) -> None:
    """Zwei Akteure zusammenführen (alle Beziehungen gehen in einem Schritt auf KEEP über)."""
    from graph import texts

    from api.importing import write_outcome
    from graph.store import WriteInterrupted

    store = open_store_or_exit(Settings())
    try:
        summary = store.merge_actors(keep, merge, force=force)
    except WriteInterrupted as e:  # ask the store whether it landed before saying anything
        landed, sentence = write_outcome(store, e, what="die Zusammenführung")
        (console if landed else err_console).print(sentence)
        raise typer.Exit(code=0 if landed else 1) from e
    except PraevnetError as e:
        raise _fail(e) from e
    finally:
        store.close()
    console.print(texts.MERGED.format(merged=summary.merged, keep=summary.keep, moved=summary.relationships_moved))


@app.command("map")
def write_map(
    out: Annotated[Path, typer.Option("--out", help="Zieldatei (HTML)")] = Path("netzwerkkarte.html"),
    district: Annotated[str | None, typer.Option(help="nur dieser Sozialraum")] = None,
) -> None:
    """Die Netzwerkkarte als eigenständige HTML-Datei schreiben (funktioniert offline)."""
    from visualisations.network_map import render_network_map

    store = open_store_or_exit(Settings())
    try:
        full = store.load_graph()
        shown = store.load_graph(district=district) if district else full
        gaps = find_transition_gaps(full, districts=[district] if district else None)
    except PraevnetError as e:
        raise _fail(e) from e
    finally:
        store.close()
    out.write_text(render_network_map(shown, gaps=gaps), encoding="utf-8")
    console.print(f"Karte geschrieben: {out} ({shown.number_of_nodes()} Knoten, {len(gaps)} Lücken)")


def _register_subcommands() -> None:
    from api import cli_io
    from api.cli_analyse import analyse_app

    app.add_typer(analyse_app, name="analyse")
    cli_io.register(app)


_register_subcommands()


def main() -> None:
    """Console-script entry point."""
    app()
