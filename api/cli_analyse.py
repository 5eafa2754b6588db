"""``praevnet analyse …``: every analysis as a German table or as JSON (``--json``).

The commands call the same functions as the API routes in :mod:`api.routes.analysis`,
on the same full projection, so the CLI and the API give the same answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import networkx as nx
import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from graph.errors import PraevnetError
from graph.model import Label

from api.settings import Settings

analyse_app = typer.Typer(help="Analysen auf dem Netzwerk (Tabelle oder --json).", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)

Json = Annotated[bool, typer.Option("--json", help="als JSON ausgeben")]
District = Annotated[str | None, typer.Option(help="nur dieser Sozialraum (mit seinen Stadtteilen)")]


def _graph(district: str | None = None) -> nx.MultiDiGraph:
    from api.cli import open_store_or_exit

    store = open_store_or_exit(Settings())
    try:
        if district is not None:
            store.require(Label.DISTRICT, district)
        return store.load_graph()
    except PraevnetError as e:
        err_console.print(f"[bold red]Fehler:[/] {e}")
        raise typer.Exit(code=1) from e
    finally:
        store.close()


def _emit(
    findings: Sequence[BaseModel] | BaseModel,
    *,
    as_json: bool,
    title: str,
    columns: Sequence[tuple[str, Callable[[Any], object]]] = (),
) -> None:
    if as_json:
        data = findings.model_dump(mode="json") if isinstance(findings, BaseModel) else [
            f.model_dump(mode="json") for f in findings
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    assert not isinstance(findings, BaseModel)  # single reports print themselves
    table = Table(title=title, show_lines=True)
    for header, _ in columns:
        table.add_column(header)
    for f in findings:
        table.add_row(*(str(get(f)) for _, get in columns))
    console.print(table)
    if not findings:
        console.print("Nichts gefunden.")


def _districts(district: str | None) -> list[str] | None:
    return [district] if district else None


@analyse_app.command("gaps")
def gaps(
    district: District = None,
    topics: Annotated[bool, typer.Option("--topics", help="auch Themenlücken im Vergleich zu anderen Sozialräumen")] = False,
    as_json: Json = False,
) -> None:
    """Lücken an Übergängen, nach Bedarf gewichtet (Kinder × Armutsquote)."""
    from graph.analysis.gaps import find_topic_gaps, find_transition_gaps, rank_gaps, transition_coverage

    G = _graph(district)
    found = rank_gaps(find_transition_gaps(G, districts=_districts(district)))
    topic_gaps = find_topic_gaps(G, districts=_districts(district)) if topics else []
    if as_json and topics:
        typer.echo(json.dumps(
            {"gaps": [g.model_dump(mode="json") for g in found],
             "topic_gaps": [g.model_dump(mode="json") for g in topic_gaps]},
            ensure_ascii=False, indent=2,
        ))
        return
    checked = len(transition_coverage(G, districts=_districts(district)))
    _emit(found, as_json=as_json, title=f"Lücken an Übergängen ({len(found)} von {checked} geprüften Kombinationen)",
          columns=[
              ("Sozialraum", lambda g: g.district_name),
              ("Übergang", lambda g: g.transition_name),
              ("Vorrang", lambda g: "–" if g.priority is None else f"{g.priority:,.0f}".replace(",", ".")),
              ("Erklärung", lambda g: g.explanation + (f" {g.priority_reason}" if g.priority_reason else "")),
          ])
    if topics:
        _emit(topic_gaps, as_json=False, title=f"Themenlücken an Übergängen ({len(topic_gaps)})", columns=[
            ("Sozialraum", lambda g: g.district_name),
            ("Übergang", lambda g: g.transition_name),
            ("Thema", lambda g: g.topic_name),
            ("Erklärung", lambda g: g.explanation),
        ])


@analyse_app.command("chain")
def chain(
    district: District = None,
    broken_only: Annotated[bool, typer.Option("--broken", help="nur Stellen, an denen die Kette reißt")] = False,
    as_json: Json = False,
) -> None:
    """Kettenschluss: arbeiten die Träger aufeinanderfolgender Lebensphasen zusammen?"""
    from graph.analysis.chain import chain_continuity

    links = [
        link for link in chain_continuity(_graph(district), districts=_districts(district))
        if not (broken_only and link.linked)
    ]
    _emit(links, as_json=as_json, title=f"Kettenschluss zwischen Lebensphasen ({sum(not x.linked for x in links)} Brüche)",
          columns=[
              ("Sozialraum", lambda c: c.district_name),
              ("Schritt", lambda c: f"{c.from_phase} → {c.to_phase}"),
              ("verbunden", lambda c: "ja" if c.linked else "[red]nein[/]"),
              ("Erklärung", lambda c: c.explanation),
          ])
