"""The import report: every problem with file, sheet, row and column, in German.

Errors stop an import (nothing is written); warnings let it land but ask for a look
(unknown topic, age range outside every phase, an offer without district).

A city list where one column is wrong in every row yields thousands of identical
problems; :func:`group_problems` folds them into one line each (with the rows as a
compact range text) for the terminal, the API's ``groups`` field and the workbook's
„Übersicht“, while ``problems`` keeps every single row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, Field, computed_field

from graph import texts
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
        return f"{severity_label(self.severity)}: {self.location()}: {self.message}"


def severity_label(severity: Severity | str) -> str:
    """„Fehler“ or „Warnung“.

    >>> severity_label(Severity.WARNING)
    'Warnung'
    """
    return texts.REPORT_ERROR if severity == Severity.ERROR else texts.REPORT_WARNING


# --- grouping repeated problems ---------------------------------------------------------

_QUOTED = re.compile(r"„[^“]*“")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MAX_RANGES = 10
"""How many row ranges a group's text lists before „… und N weitere“."""


def message_template(message: str) -> str:
    """The message with every quoted „value“ and every number replaced by a placeholder.

    Readers quote the cell's own value in German quotes („abc“) and put counts, limits and
    row numbers in as digits; everything else in a message comes from the reader's fixed
    sentence. Two messages with the same template therefore come from the same sentence.

    >>> message_template("„ab 3“ ist keine Zahl (Zeile 12, höchstens 1.000).")
    '„…“ ist keine Zahl (Zeile #, höchstens #).'
    """
    return _NUMBER.sub("#", _QUOTED.sub("„…“", message))


def row_ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted distinct rows as runs of consecutive rows ``(first, last)``.

    >>> row_ranges([9, 2, 3, 4, 5, 3, 12])
    [(2, 5), (9, 9), (12, 12)]
    """
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def format_row_ranges(rows: Iterable[int], max_ranges: int = MAX_RANGES) -> str:
    """Rows as compact German text: ``2–5, 9, 12–40``, cut after ``max_ranges`` runs.

    What is cut is counted in rows: ``… und 37 weitere``.

    >>> format_row_ranges([2, 3, 4, 5, 9, 12, 13])
    '2–5, 9, 12–13'
    >>> format_row_ranges([2, 4, 6, 8, 9], max_ranges=2)
    '2, 4, … und 3 weitere'
    """
    runs = row_ranges(rows)
    shown = [str(a) if a == b else f"{a}–{b}" for a, b in runs[:max_ranges]]
    hidden = sum(b - a + 1 for a, b in runs[max_ranges:])
    if hidden:
        shown.append(texts.REPORT_ROWS_MORE.format(more=_german_int(hidden)))
    return ", ".join(shown)


def rows_text(rows: list[int], max_ranges: int = MAX_RANGES) -> str:
    """``Zeile 7`` or ``Zeilen 2–5, 9`` (empty when the problems have no row).

    >>> rows_text([7]), rows_text([5, 2, 3, 4, 9]), rows_text([])
    ('Zeile 7', 'Zeilen 2–5, 9', '')
    """
    distinct = sorted(set(rows))
    if not distinct:
        return ""
    if len(distinct) == 1:
        return texts.REPORT_ROW_ONE.format(row=distinct[0])
    return texts.REPORT_ROWS_MANY.format(ranges=format_row_ranges(distinct, max_ranges))


def _german_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class ProblemGroup(BaseModel):
    """Problems of one kind at one place: same severity, file, sheet, column and sentence.

    ``example`` is the first problem's message; ``variants`` counts the distinct message
    texts in the group (more than one when the values quoted in them differ). ``rows`` are
    the distinct rows, sorted; ``count`` is the number of problems (a cell with two bad
    values is one row but two problems). In JSON a group shows ``message`` (German, ready to
    show), ``rows_text`` and ``first_row`` instead of the full row list, which ``problems``
    already carries.
    """

    severity: Severity
    file: str = Field(exclude=True)
    sheet: str | None = None
    column: str | None = None
    example: str = Field(exclude=True)
    variants: int = 1
    count: int = 1
    rows: list[int] = Field(default_factory=list, exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        """The example message, with „und N ähnliche Meldung(en)“ when the values differ."""
        if self.variants <= 1:
            return self.example
        return texts.REPORT_GROUP_VARIANTS.format(message=self.example, others=_german_int(self.variants - 1))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rows_text(self) -> str:
        """``Zeile 7``, ``Zeilen 2–5, 9, … und 37 weitere`` or empty."""
        return rows_text(self.rows)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def first_row(self) -> int | None:
        """The first row to look at (``None`` when the problems have no row)."""
        return self.rows[0] if self.rows else None

    def location(self) -> str:
        """Like :meth:`ImportProblem.location`, with the row range in place of one row."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"Blatt „{self.sheet}“")
        if self.rows:
            parts.append(self.rows_text)
        if self.column:
            parts.append(f"Spalte „{self.column}“")
        return ", ".join(parts)

    def cells(self) -> tuple[str, str, str]:
        """Art, Ort and Meldung for a table; one problem reads exactly as the ungrouped line."""
        message = self.message
        if self.count > 1:
            message = texts.REPORT_GROUP_COUNT.format(count=_german_int(self.count), message=message)
        return severity_label(self.severity), self.location(), message


def _group_key(problem: ImportProblem) -> tuple[object, ...]:
    # Only problems at a row are grouped by template: there the quoted values are the
    # row's own cell. A problem without a row (the file, a whole sheet or column) is
    # grouped only with the very same text, so two different missing sheets stay apart.
    located = problem.row is not None
    sentence = message_template(problem.message) if located else problem.message
    return problem.severity, problem.file, problem.sheet, problem.column, located, sentence


def group_problems(problems: Iterable[ImportProblem]) -> list[ProblemGroup]:
    """Fold repeated problems into groups, in the order each group first appears.

    The key is (severity, file, sheet, column, message template): problems at a row whose
    messages differ only in quoted „values“ or numbers (see :func:`message_template`) land
    in one group; problems without a row are grouped only when their text is identical.

    >>> report = ImportReport(file="liste.csv", format="tabelle")
    >>> for row, value in [(2, "ab 3"), (3, "ab 3"), (4, "ab 3"), (9, "drei"), (12, "ab 3")]:
    ...     report.error(f"„{value}“ ist keine Zahl.", row=row, column="Alter")
    >>> report.warning("Titel fehlt.", row=5, column="Titel")
    >>> [g.cells() for g in group_problems(report.problems)]  # doctest: +NORMALIZE_WHITESPACE
    [('Fehler', 'liste.csv, Zeilen 2–4, 9, 12, Spalte „Alter“',
      '5-mal: „ab 3“ ist keine Zahl. (und 1 ähnliche Meldung(en) mit anderen Werten)'),
     ('Warnung', 'liste.csv, Zeile 5, Spalte „Titel“', 'Titel fehlt.')]
    """
    found: dict[tuple[object, ...], tuple[ImportProblem, set[str], set[int], list[int]]] = {}
    for problem in problems:
        key = _group_key(problem)
        if key not in found:
            found[key] = (problem, set(), set(), [0])
        _, messages, rows, count = found[key]
        messages.add(problem.message)
        if problem.row is not None:
            rows.add(problem.row)
        count[0] += 1
    return [
        ProblemGroup(
            severity=first.severity, file=first.file, sheet=first.sheet, column=first.column,
            example=first.message, variants=len(messages), count=count[0], rows=sorted(rows),
        )
        for first, messages, rows, count in found.values()
    ]


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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def groups(self) -> list[ProblemGroup]:
        """``problems`` with repeats folded (see :func:`group_problems`); shown in JSON, never read back."""
        return group_problems(self.problems)

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


def grouped_rows(report: ImportReport) -> list[tuple[str, str, str]]:
    """The report as table rows (Art, Ort, Meldung), one per group of repeated problems.

    A group of one problem is exactly ``(label, problem.location(), problem.message)``.

    >>> report = ImportReport(file="a.csv", format="tabelle")
    >>> report.error("„x“ ist keine Zahl.", row=3, column="Alter")
    >>> grouped_rows(report)
    [('Fehler', 'a.csv, Zeile 3, Spalte „Alter“', '„x“ ist keine Zahl.')]
    """
    return [group.cells() for group in report.groups]


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
