"""The import report: every problem with file, sheet, row and column, in German.

Errors stop an import (nothing is written); warnings let it land but ask for a look
(unknown topic, age range outside every phase, an offer without district).

A city list where one column is wrong in every row yields thousands of identical
problems; :func:`group_problems` folds them into one line each (with the rows as a
compact range text) for the terminal, the API's ``groups`` field and the workbook's
„Übersicht“, while ``problems`` keeps every single row.

Bounded reports: a reader (decorated with :func:`stops_early`) stops after
:data:`DEFAULT_MAX_ERRORS` errors (:func:`error_limit` sets another number) and says so in
a located German sentence; nothing of such a file is written. The report's JSON (the API)
lists the groups and at most :data:`JSON_MAX_PROBLEMS` single problems, with a German note
on how many it leaves out; the Excel report (:mod:`importers.report_xlsx`) has them all.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import ParamSpec

from pydantic import BaseModel, Field, PrivateAttr, computed_field, field_serializer

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


# --- bounds: stop reading after many errors, list a bounded number in JSON ------------------

DEFAULT_MAX_ERRORS = 1_000
"""A reader stops after this many errors: the rest of such a file is not checked (and nothing written)."""
JSON_MAX_PROBLEMS = 1_000
"""The report's JSON lists at most this many single problems; ``groups`` summarises them all."""
MSG_STOPPED = (
    "Die Prüfung wurde nach {count} Fehlern abgebrochen{where}; die weiteren Einträge wurden nicht "
    "geprüft und nichts wurde gespeichert. Bitte die gemeldeten Fehler beheben und die Datei erneut einlesen."
)
MSG_STOPPED_AT_ROW = " bei Zeile {row}"
MSG_UNREADABLE = (
    "Die Datei ist zu tief verschachtelt oder zu groß, um sie zu lesen; nichts wurde gespeichert. "
    "Bitte prüfen, ob sie wirklich im erwarteten Format vorliegt."
)
MSG_PROBLEMS_LEFT_OUT = (
    "Hier stehen die ersten {shown} von {total} Meldungen; {left_out} weitere sind ausgelassen. "
    "Die Gruppen fassen alle zusammen, der Excel-Bericht enthält jede einzelne."
)

_active_limit: ContextVar[int | None] = ContextVar("praevnet_reader_max_errors", default=None)
"""The error limit while a reader runs (``None``: no reader runs, a report never stops)."""
_configured_limit: ContextVar[int] = ContextVar("praevnet_configured_max_errors", default=DEFAULT_MAX_ERRORS)

P = ParamSpec("P")


class ReadingStopped(Exception):  # noqa: N818 - a signal, not an error: the report says what happened
    """A reader's report reached its error limit; :func:`stops_early` turns it into the reader's result."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.file)
        self.report = report


@contextmanager
def error_limit(max_errors: int) -> Iterator[None]:
    """Readers called inside stop after ``max_errors`` errors instead of :data:`DEFAULT_MAX_ERRORS`.

    >>> with error_limit(5):
    ...     current_error_limit()
    5
    """
    token = _configured_limit.set(max(1, max_errors))
    try:
        yield
    finally:
        _configured_limit.reset(token)


def current_error_limit() -> int:
    """The number of errors after which a reader stops (see :func:`error_limit`)."""
    return _configured_limit.get()


def stops_early(fmt: str) -> Callable[[Callable[P, ParsedFile]], Callable[P, ParsedFile]]:
    """Make a reader of format ``fmt`` stop once its report has more errors than :func:`current_error_limit`.

    While the reader runs, :meth:`ImportReport.add` records the error that passes the limit
    as one German sentence at its place (file, sheet, row) and raises
    :class:`ReadingStopped`; the wrapper returns that report with an empty batch. A file
    with thousands of bad rows thus costs the time and memory of the first thousand.

    A file that exhausts the parser (:class:`RecursionError` on a structure nested
    100,000 deep, :class:`MemoryError`) where the reader did not catch it itself becomes
    the located German error :data:`MSG_UNREADABLE` rather than a crash.
    """

    def decorate(reader: Callable[P, ParsedFile]) -> Callable[P, ParsedFile]:
        @functools.wraps(reader)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> ParsedFile:
            token = _active_limit.set(current_error_limit())
            try:
                return reader(*args, **kwargs)
            except ReadingStopped as stopped:
                return ParsedFile(report=stopped.report)
            except (RecursionError, MemoryError):
                path = args[0] if args else kwargs.get("path")
                report = ImportReport(file=getattr(path, "name", None) or "Datei", format=fmt)
                report.problems.append(ImportProblem(severity=Severity.ERROR, message=MSG_UNREADABLE, file=report.file))
                return ParsedFile(report=report)
            finally:
                _active_limit.reset(token)

        return wrapper

    return decorate


class ImportReport(BaseModel):
    """What an import found and (after writing) what it did.

    In JSON, ``problems`` holds the first :data:`JSON_MAX_PROBLEMS` problems;
    ``problems_total``, ``problems_left_out`` and ``problems_note`` (German) say what is
    left out. ``groups`` always summarises every problem.
    """

    file: str
    format: str
    problems: list[ImportProblem] = Field(default_factory=list)
    created: dict[str, int] = Field(default_factory=dict)
    """Entities that will be / were created, per label (filled by the import service)."""
    updated: dict[str, int] = Field(default_factory=dict)
    unchanged: dict[str, int] = Field(default_factory=dict)
    written: bool = False
    dry_run: bool = False
    _errors_added: int = PrivateAttr(default=0)
    _stopped: bool = PrivateAttr(default=False)

    @field_serializer("problems")
    def _first_problems(self, problems: list[ImportProblem]) -> list[ImportProblem]:
        return problems[:JSON_MAX_PROBLEMS]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def problems_total(self) -> int:
        """How many problems the report holds (``problems`` in JSON may list fewer)."""
        return len(self.problems)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def problems_left_out(self) -> int:
        """How many problems the JSON's ``problems`` leaves out (all are in ``groups`` and the Excel report)."""
        return max(0, len(self.problems) - JSON_MAX_PROBLEMS)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def problems_note(self) -> str | None:
        """A German sentence when the JSON's ``problems`` leaves some out, else ``None``."""
        if not self.problems_left_out:
            return None
        return MSG_PROBLEMS_LEFT_OUT.format(
            shown=_german_int(JSON_MAX_PROBLEMS), total=_german_int(len(self.problems)),
            left_out=_german_int(self.problems_left_out),
        )

    @property
    def stopped(self) -> bool:
        """True when a reader stopped early because of too many errors."""
        return self._stopped

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

    def add(self, problem: ImportProblem) -> None:
        """Record ``problem``; inside a reader, stop it once errors pass the limit.

        The error that would pass :func:`current_error_limit` is replaced by one German
        sentence at its place (the check stopped after N errors at row R, nothing was
        written), and :class:`ReadingStopped` ends the reader (see :func:`stops_early`).
        Outside a reader (the import service locating the store's problems) nothing stops.
        """
        limit = _active_limit.get()
        if problem.severity == Severity.ERROR and limit is not None:
            if self._stopped:
                raise ReadingStopped(self)
            if self._errors_added >= limit:
                self._stopped = True
                where = MSG_STOPPED_AT_ROW.format(row=problem.row) if problem.row is not None else ""
                self.problems.append(problem.model_copy(
                    update={"message": MSG_STOPPED.format(count=_german_int(self._errors_added), where=where),
                            "column": None}
                ))
                raise ReadingStopped(self)
        if problem.severity == Severity.ERROR:
            self._errors_added += 1
        self.problems.append(problem)

    def error(self, message: str, *, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record an error at a location in this report's file (see :meth:`add` for the limit)."""
        self.add(ImportProblem(severity=Severity.ERROR, message=message, file=self.file, sheet=sheet, row=row, column=column))

    def warning(self, message: str, *, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record a warning at a location in this report's file."""
        self.add(ImportProblem(severity=Severity.WARNING, message=message, file=self.file, sheet=sheet, row=row, column=column))


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
    match_districts: bool = False
    """Rows name districts the store should already hold (statistics): the import service
    matches them by id, name or close spelling before anything is written."""
    age_bands: dict[str, list[tuple[float, float, float]]] = Field(default_factory=dict)
    """Per district id, the file's (lo, hi, count) age bands, spread onto the stored phases."""


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
