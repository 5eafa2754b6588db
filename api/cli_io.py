"""``praevnet import …``, ``praevnet export …`` and ``praevnet template``: files in and out.

Registered on the main Typer app by :mod:`api.cli`. The commands call the same services
as the API (:mod:`api.importing`, :mod:`api.exporting`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.errors import ImportRejected, PraevnetError
from graph.gcpause import paused_gc

from api.exporting import EXPORT_FORMATS, export_bytes
from api.importing import FORMATS, import_parsed, parse_file, summary_sentence
from api.settings import Settings
from importers.report import ImportReport

import_app = typer.Typer(help="Dateien einlesen: alles oder nichts, mit Bericht.", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)

DryRun = Annotated[bool, typer.Option("--dry-run", help="nur prüfen und zeigen, was sich ändern würde")]
ReportOut = Annotated[Path | None, typer.Option("--report", help="Bericht als Excel-Datei schreiben")]
PlaceIn = Annotated[
    Path | None,
    typer.Option("--place-in", help="GeoJSON der Sozialräume: Einträge mit Koordinaten dem Sozialraum zuordnen"),
]


def _print_report(report: ImportReport) -> None:
    """Print the report's problems, repeated ones folded into one line each (the Excel report has them all)."""
    from rich.markup import escape

    from graph import texts
    from importers.report import grouped_rows

    if report.problems:
        rows = grouped_rows(report)
        caption = None
        if len(rows) < len(report.problems):
            caption = texts.REPORT_GROUPED_CAPTION.format(
                problems=f"{len(report.problems):,}".replace(",", "."), groups=f"{len(rows):,}".replace(",", ".")
            )
        table = Table(title=f"Bericht zu {escape(report.file)}", caption=caption, show_lines=False)
        table.add_column("Art")
        table.add_column("Ort")
        table.add_column("Meldung")
        for kind, where, message in rows:
            colour = "red" if kind == texts.REPORT_ERROR else "yellow"
            table.add_row(f"[{colour}]{kind}[/]", escape(where), escape(message))
        console.print(table)


def _run(
    path: Path, *, fmt: str | None, mapping: Path | None, dry_run: bool, report_out: Path | None,
    place_in: Path | None = None, create_missing: str | None = None,
) -> None:
    from api.cli import open_store_or_exit

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with paused_gc(), Progress(*columns, console=console) as bar:
        task = bar.add_task(f"{path.name} wird gelesen …", total=None)

        def written(done: int, total: int) -> None:
            what = "Zeilen werden gespeichert …" if done < total else "Speichern wird abgeschlossen …"
            bar.update(task, description=what, completed=done, total=total)

        settings = Settings()
        parsed = parse_file(
            path, fmt=fmt, mapping=mapping, max_bytes=settings.import_max_bytes, place_in=place_in,
            max_errors=settings.import_max_errors,
        )
        bar.update(task, description="Verweise und Änderungen werden geprüft …")
        store = open_store_or_exit(settings)
        try:
            report = import_parsed(
                store, parsed, dry_run=dry_run, progress=written,
                create_missing=[w.strip() for w in (create_missing or "").split(",") if w.strip()],
            )
        except ImportRejected as e:
            report = e.report
            bar.stop()
            _print_report(report)
            _write_report(report, report_out)
            err_console.print(f"[bold red]Fehler:[/] {e}")
            raise typer.Exit(code=1) from e
        except PraevnetError as e:
            bar.stop()
            err_console.print(f"[bold red]Fehler:[/] {e}")
            raise typer.Exit(code=1) from e
        finally:
            store.close()
    _print_report(report)
    _write_report(report, report_out)
    console.print(summary_sentence(report))


def _write_report(report: ImportReport, target: Path | None) -> None:
    if target is None:
        return
    from importers.report_xlsx import write_report_xlsx

    write_report_xlsx(report, target)
    console.print(f"Bericht geschrieben: {target}")


@import_app.command("file")
def import_any(
    path: Annotated[Path, typer.Argument(help="Datei oder HSDS-Ordner")],
    fmt: Annotated[str | None, typer.Option("--format", help=f"eines von: {', '.join(FORMATS)}")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Zuordnungsdatei (TOML)")] = None,
    dry_run: DryRun = False,
    report_out: ReportOut = None,
    place_in: PlaceIn = None,
) -> None:
    """Eine Datei einlesen; das Format wird am Namen erkannt (oder mit --format gewählt)."""
    _run(path, fmt=fmt, mapping=mapping, dry_run=dry_run, report_out=report_out, place_in=place_in)


@import_app.command("table")
def import_table(
    path: Annotated[Path, typer.Argument(help="Excel- oder CSV-Datei")],
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Zuordnungsdatei (TOML)")] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest-mapping", help="eine erste Zuordnungsdatei aus den Spaltenköpfen vorschlagen")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", help="wohin der Vorschlag geschrieben wird")] = None,
    dry_run: DryRun = False,
    report_out: ReportOut = None,
    place_in: PlaceIn = None,
) -> None:
    """Eine beliebige Tabelle über eine Zuordnungsdatei einlesen (oder eine vorschlagen lassen)."""
    if suggest:
        from importers.suggest import suggest_mapping

        text = suggest_mapping(path)
        target = out or path.with_suffix(".mapping.toml")
        target.write_text(text, encoding="utf-8")
        console.print(f"Vorschlag geschrieben: {target} – bitte prüfen und dann mit --mapping {target} einlesen.")
        return
    if mapping is None:
        err_console.print("[bold red]Fehler:[/] Bitte --mapping DATEI angeben oder --suggest-mapping nutzen.")
        raise typer.Exit(code=2)
    _run(path, fmt="table", mapping=mapping, dry_run=dry_run, report_out=report_out, place_in=place_in)


CreateMissing = Annotated[
    str | None,
    typer.Option("--create-missing", help="Sozialräume, die es noch nicht gibt, neu anlegen (Wert: districts)"),
]


def _format_command(fmt: str, help_text: str) -> None:
    def command(
        path: Annotated[Path, typer.Argument(help="Datei oder Ordner")],
        mapping: Annotated[Path | None, typer.Option("--mapping", help="Zuordnungsdatei (TOML)")] = None,
        dry_run: DryRun = False,
        report_out: ReportOut = None,
        place_in: PlaceIn = None,
        create_missing: CreateMissing = None,
    ) -> None:
        _run(path, fmt=fmt, mapping=mapping, dry_run=dry_run, report_out=report_out, place_in=place_in,
             create_missing=create_missing)

    command.__doc__ = help_text
    import_app.command(fmt)(command)


for _fmt in ("json", "template", "csv", "hsds", "gephi", "kumu", "districts", "statistics"):
    _format_command(_fmt, f"{FORMATS[_fmt][0]} einlesen.")


def template(
    out: Annotated[Path, typer.Option("--out", help="Zieldatei")] = Path("vorlage.xlsx"),
) -> None:
    """Die leere deutsche Excel-Vorlage schreiben (ein Blatt je Art, Hilfe-Blatt, Auswahllisten)."""
    from importers.template import write_template

    write_template(out)
    console.print(f"Vorlage geschrieben: {out}")


def export(
    fmt: Annotated[str, typer.Argument(help=f"eines von: {', '.join(EXPORT_FORMATS)}")],
    out: Annotated[Path | None, typer.Option("--out", help="Zieldatei")] = None,
    district: Annotated[str | None, typer.Option(help="nur dieser Sozialraum")] = None,
    phase: Annotated[str | None, typer.Option(help="nur diese Lebensphase")] = None,
    topic: Annotated[str | None, typer.Option(help="nur dieses Thema")] = None,
) -> None:
    """Das Netzwerk (oder einen Ausschnitt) exportieren: json, xlsx, csv, graphml, gexf, hsds."""
    from api.cli import open_store_or_exit

    if fmt not in EXPORT_FORMATS:
        err_console.print(f"[bold red]Fehler:[/] Unbekanntes Format „{fmt}“; möglich: {', '.join(EXPORT_FORMATS)}.")
        raise typer.Exit(code=2)
    store = open_store_or_exit(Settings())
    try:
        batch = store.export_batch(district=district, phase=phase, topic=topic)
    except PraevnetError as e:
        err_console.print(f"[bold red]Fehler:[/] {e}")
        raise typer.Exit(code=1) from e
    finally:
        store.close()
    target = out or Path(EXPORT_FORMATS[fmt][2])
    target.write_bytes(export_bytes(batch, fmt))
    console.print(
        f"Export geschrieben: {target} ({len(batch.actors)} Akteure, {len(batch.offers)} Angebote)"
    )


def register(app: typer.Typer) -> None:
    """Add the file commands to the main CLI."""
    app.add_typer(import_app, name="import")
    app.command("template")(template)
    app.command("export")(export)
