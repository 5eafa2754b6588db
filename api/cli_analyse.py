"""``praevnet analyse …``: every analysis as a German table or as JSON (``--json``).

The commands call the same functions as the API routes in :mod:`api.routes.analysis`,
on the same full projection, so the CLI and the API give the same answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import StrEnum
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
    if isinstance(findings, BaseModel):
        raise TypeError("a single report prints itself")
    if not findings:
        console.print(f"[bold]{title}[/]: nichts gefunden.")
        return
    table = Table(title=title, show_lines=True)
    for header, _ in columns:
        table.add_column(header)
    for f in findings:
        table.add_row(*(str(get(f)) for _, get in columns))
    console.print(table)


def _districts(district: str | None) -> list[str] | None:
    return [district] if district else None


class EvidenceChoice(StrEnum):
    """The bridging rule's strictness (graph.analysis.bridging)."""

    tagged = "tagged"
    spanning = "spanning"
    cooperation = "cooperation"


EvidenceOption = Annotated[
    EvidenceChoice,
    typer.Option(
        "--evidence",
        help="Was als Begleitung eines Übergangs zählt: tagged = nur eingetragene Übergangsangebote; "
        "spanning = auch Angebote für genau die beiden Lebensphasen (Standard); cooperation = auch "
        "kooperierende Träger beider Seiten",
    ),
]


@analyse_app.command("gaps")
def gaps(
    district: District = None,
    topics: Annotated[bool, typer.Option("--topics", help="auch Themenlücken im Vergleich zu anderen Sozialräumen")] = False,
    evidence: EvidenceOption = EvidenceChoice.spanning,
    as_json: Json = False,
) -> None:
    """Lücken an Übergängen, nach Bedarf gewichtet (Kinder × Armutsquote)."""
    from graph.analysis.gaps import find_topic_gaps, gap_from_coverage, rank_gaps, transition_coverage

    G = _graph(district)
    coverage = transition_coverage(G, districts=_districts(district), evidence=evidence.value)
    found = rank_gaps([gap_from_coverage(G, c) for c in coverage if not c.covered])
    topic_gaps = find_topic_gaps(G, districts=_districts(district), evidence=evidence.value) if topics else []
    if as_json and topics:
        typer.echo(json.dumps(
            {"gaps": [g.model_dump(mode="json") for g in found],
             "topic_gaps": [g.model_dump(mode="json") for g in topic_gaps]},
            ensure_ascii=False, indent=2,
        ))
        return
    checked = len(coverage)
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


@analyse_app.command("parallels")
def parallels(
    max_steps: Annotated[int, typer.Option(help="Kooperationsschritte, die als verbunden gelten")] = 2,
    as_json: Json = False,
) -> None:
    """Parallelstrukturen: unverbundene Träger gleicher Angebote, sich überschneidende Gremien."""
    from graph.analysis.parallels import find_parallel_committees, find_parallel_offers

    G = _graph()
    offers = find_parallel_offers(G, max_steps=max_steps)
    committees = find_parallel_committees(G)
    if as_json:
        typer.echo(json.dumps({"offers": [f.model_dump(mode="json") for f in offers],
                               "committees": [f.model_dump(mode="json") for f in committees]},
                              ensure_ascii=False, indent=2))
        return
    _emit(offers, as_json=False, title=f"Parallele Angebote ohne Verbindung der Träger ({len(offers)})", columns=[
        ("Sozialraum", lambda f: f.district_name), ("Erklärung", lambda f: f.explanation),
    ])
    _emit(committees, as_json=False, title=f"Gremien mit weitgehend gleichen Mitgliedern und Themen ({len(committees)})",
          columns=[
              ("Gremien", lambda f: " / ".join(f.committee_names)),
              ("Mitglieder", lambda f: f"{f.member_jaccard:.0%}"), ("Themen", lambda f: f"{f.topic_jaccard:.0%}"),
              ("Erklärung", lambda f: f.explanation),
          ])


@analyse_app.command("roles")
def roles(top: Annotated[int, typer.Option(help="wie viele je Liste")] = 10, as_json: Json = False) -> None:
    """Rollen im Netzwerk: Vermittler, Schwachstellen, Silos, ressortübergreifende Zusammenarbeit, Isolierte."""
    from graph.analysis.roles import network_roles

    result = network_roles(_graph(), top=top)
    if as_json:
        _emit(result, as_json=True, title="")
        return
    console.print(f"[bold]Netzwerk:[/] {result.actors} Akteure, {result.cooperations} Kooperationen.")
    _emit(result.brokers, as_json=False, title="Vermittler zwischen Ressorts und Sektoren (Betweenness)", columns=[
        ("Akteur", lambda b: b.name), ("Betweenness", lambda b: f"{b.betweenness:.3f}"), ("Erklärung", lambda b: b.explanation),
    ])
    _emit(result.articulation_points, as_json=False,
          title=f"Schwachstellen: Akteure, ohne die das Netz zerfällt ({result.articulation_point_count})",
          columns=[("Akteur", lambda a: a.name), ("Teile", lambda a: a.parts), ("Erklärung", lambda a: a.explanation)])
    _emit(result.bridges, as_json=False, title=f"Brücken: Kooperationen, ohne die das Netz zerfällt ({result.bridge_count})",
          columns=[("Kooperation", lambda b: " – ".join(b.names)), ("Erklärung", lambda b: b.explanation)])
    _emit(result.communities, as_json=False, title="Gruppen im Netzwerk (Silos?)", columns=[
        ("Gruppe", lambda c: c.index), ("Größe", lambda c: c.size), ("Erklärung", lambda c: c.explanation),
    ])
    console.print(result.cross_department.explanation)
    _emit(result.isolated, as_json=False, title=f"Isolierte Akteure ({len(result.isolated)})", columns=[
        ("Akteur", lambda i: i.name), ("Erklärung", lambda i: i.explanation),
    ])


@analyse_app.command("recommend")
def recommend(top: Annotated[int, typer.Option(help="wie viele Vorschläge")] = 10, as_json: Json = False) -> None:
    """Wer sollte miteinander reden? Gleiche Lebensphase, Thema und Sozialraum, noch keine Verbindung."""
    from graph.analysis.recommend import recommend_contacts

    found = recommend_contacts(_graph(), top=top)
    _emit(found, as_json=as_json, title=f"Empfohlene Kontakte ({len(found)})", columns=[
        ("Akteure", lambda r: " – ".join(r.names)), ("Punkte", lambda r: f"{r.score:.1f}"),
        ("Erklärung", lambda r: r.explanation),
    ])


@analyse_app.command("what-if")
def what_if(
    actor: Annotated[list[str] | None, typer.Option("--actor", help="Akteurs-ID, die wegfällt (mehrfach möglich)")] = None,
    offer: Annotated[list[str] | None, typer.Option("--offer", help="Angebots-ID, die wegfällt (mehrfach möglich)")] = None,
    evidence: EvidenceOption = EvidenceChoice.spanning,
    as_json: Json = False,
) -> None:
    """Was wäre, wenn …: Akteure oder Angebote fallen weg (Kürzung, Schließung)."""
    from graph.analysis.whatif import what_if_removed

    try:
        result = what_if_removed(_graph(), actors=actor or [], offers=offer or [], evidence=evidence.value)
    except PraevnetError as e:
        err_console.print(f"[bold red]Fehler:[/] {e}")
        raise typer.Exit(code=1) from e
    if as_json:
        _emit(result, as_json=True, title="")
        return
    console.print(result.explanation)
    _emit(result.new_gaps, as_json=False, title=f"Neue Lücken ({len(result.new_gaps)})", columns=[
        ("Lücke", lambda g: g.explanation),
    ])
    _emit(result.lost_offers, as_json=False, title=f"Wegfallende Angebote ({len(result.lost_offers)})", columns=[
        ("Angebot", lambda o: o.title), ("Erklärung", lambda o: o.explanation),
    ])


@analyse_app.command("duplicates")
def duplicates(
    actors: Annotated[bool, typer.Option("--actors", help="doppelt erfasste Akteure statt Angebote")] = False,
    threshold: Annotated[float, typer.Option(help="Mindestwert (0–1)")] = 0.5,
    as_json: Json = False,
) -> None:
    """Dopplungen: Angebote, die im Kern dasselbe sind, oder doppelt erfasste Akteure (--actors)."""
    from graph.analysis.duplicates import find_duplicate_actors, find_duplicate_offers

    G = _graph()
    if actors:
        proposals = find_duplicate_actors(G, threshold=threshold)
        def record(name: str, id: str, address: str | None, place: str | None) -> str:
            return "\n".join(x for x in (f"{name} ({id})", address, place if place and place not in (address or "") else None) if x)

        _emit(proposals, as_json=as_json, title=f"Doppelt erfasste Akteure ({len(proposals)})", columns=[
            ("behalten", lambda p: record(p.keep_name, p.keep, p.keep_address, p.keep_place)),
            ("zusammenführen", lambda p: record(p.merge_name, p.merge, p.merge_address, p.merge_place)),
            ("Wert", lambda p: f"{p.score:.0%}\n{p.band}"), ("Erklärung", lambda p: p.explanation),
        ])
        if proposals and not as_json:
            console.print("Zusammenführen ist ein eigener Schritt: praevnet merge-actors BEHALTEN ZUSAMMENFÜHREN")
        return
    clusters = find_duplicate_offers(G, threshold=threshold)
    _emit(clusters, as_json=as_json, title=f"Dopplungen unter den Angeboten ({len(clusters)})", columns=[
        ("Angebote", lambda c: "\n".join(c.titles)), ("Wert", lambda c: f"{c.score:.0%}"),
        ("Erklärung", lambda c: c.explanation),
    ])
