"""The import report: every problem with file, sheet, row and column, in German.

Errors stop an import (nothing is written); warnings let it land but ask for a look
(unknown topic, age range outside every phase, an offer without district).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from graph.model import GraphBatch


class Severity(StrEnum):
    """How bad a problem is."""

    ERROR = "error"  # Fehler: nichts wird gespeichert
    WARNING = "warning"  # Warnung: gespeichert, aber bitte prüfen


class ImportProblem(BaseModel):
    """One problem, located as precisely as the format allows.

    ``row`` is the 1-based row as the user sees it in Excel or a text editor (header
    row included); ``column`` is the header text as written in the file (or the column
    letter when there is no header).
    """

    severity: Severity
    message: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def location(self) -> str:
        """German location text, e.g. ``vorlage.xlsx, Blatt „Angebote“, Zeile 7, Spalte „Titel“``."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"Blatt „{self.sheet}“")
        if self.row is not None:
            parts.append(f"Zeile {self.row}")
        if self.column:
            parts.append(f"Spalte „{self.column}“")
        return ", ".join(parts)

    def describe(self) -> str:
        """Location and message in one German line."""
        label = "Fehler" if self.severity == Severity.ERROR else "Warnung"
        return f"{label}: {self.location()}: {self.message}"


class ImportReport(BaseModel):
    """What an import found and (after writing) what it did."""

    file: str
    format: str
    problems: list[ImportProblem] = Field(default_factory=list)
    created: dict[str, int] = Field(default_factory=dict)
    """Entities that will be / were created, per label (filled by the import service)."""
    updated: dict[str, int] = Field(default_factory=dict)
    unchanged: dict[str, int] = Field(default_factory=dict)
    written: bool = False
    dry_run: bool = False

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing stops the import."""
        return not self.errors

    def error(self, message: str, *, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record an error at a location in this report's file."""
        self.problems.append(
            ImportProblem(severity=Severity.ERROR, message=message, file=self.file, sheet=sheet, row=row, column=column)
        )

    def warning(self, message: str, *, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record a warning at a location in this report's file."""
        self.problems.append(
            ImportProblem(severity=Severity.WARNING, message=message, file=self.file, sheet=sheet, row=row, column=column)
        )


# --- ParsedFile: what every reader returns (issue 5, importer contract) -------------------


class SourceLocation(BaseModel):
    """Where an entity was read: sheet (``None`` for CSV/JSON) and 1-based row as the user sees it."""

    sheet: str | None = None
    row: int | None = None


class ParsedFile(BaseModel):
    """A reader's result: the batch it built, every problem it found, and where each entity came from.

    ``locations`` maps an entity id to its place in the file, so problems found later (a
    relation to an unknown actor, a probable duplicate) can be reported at the right row.
    A reader never raises on bad data: ``report.ok`` tells whether the batch may be written.
    """

    batch: GraphBatch = Field(default_factory=GraphBatch)
    report: ImportReport
    locations: dict[str, SourceLocation] = Field(default_factory=dict)


def german_validation_message(error: dict) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a German sentence.

    Readers use it to report a model's refusal at the cell it came from.
    """
    kind = error.get("type", "")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    msg = str(error.get("msg", ""))
    shown = f"„{value}“" if value is not None and not isinstance(value, dict) else "Der Wert"
    if kind == "missing":
        return "Die Pflichtangabe fehlt."
    if kind == "string_too_short":
        return "Der Wert darf nicht leer sein."
    if kind == "string_too_long":
        return f"Der Wert ist zu lang (höchstens {ctx.get('max_length')} Zeichen)."
    if kind == "string_pattern_mismatch":
        return (
            f"{shown} ist keine gültige ID: erlaubt sind Buchstaben ohne Umlaute, Ziffern und „_ . : -“, "
            "am Anfang ein Buchstabe oder eine Ziffer, keine Leerzeichen."
        )
    if kind in {"greater_than_equal", "greater_than"}:
        return f"{shown} ist zu klein (mindestens {ctx.get('ge', ctx.get('gt'))})."
    if kind in {"less_than_equal", "less_than"}:
        return f"{shown} ist zu groß (höchstens {ctx.get('le', ctx.get('lt'))})."
    if kind == "enum":
        return f"{shown} ist kein erlaubter Wert (erlaubt: {ctx.get('expected')})."
    if kind.startswith(("int_", "float_")):
        return f"{shown} ist keine Zahl."
    if kind.startswith(("date_", "datetime_")):
        return f"{shown} ist kein Datum (TT.MM.JJJJ)."
    if kind == "value_error":
        if "age_min" in msg:
            return "Kein Altersbereich: „Alter von“ ist größer als „Alter bis“."
        if "start_date" in msg:
            return "Der Beginn liegt nach dem Ende."
        return msg.removeprefix("Value error, ").rstrip(".") + "."
    return f"{shown} ist ungültig ({msg})."
