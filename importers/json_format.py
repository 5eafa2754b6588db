"""The project's own JSON format (a :class:`~graph.model.GraphBatch`), the export's counterpart.

Lossless both ways: ``praevnet export json`` writes what this reads. Validation errors
come back located: the "row" is the 1-based position in the entity's list, the
"column" the field name, the "sheet" the list (``offers``, ``actors``, …).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from pydantic import ValidationError

from graph.model import GraphBatch

from importers.json_text import JSON_TOO_DEEP, german_json_error, json_position
from importers.report import ImportReport, ParsedFile, SourceLocation, stops_early
from importers.tabular import Limits, read_checked
from importers.template_columns import SHEETS

#: list name in the JSON -> the sheet name the template uses for it (Akteure, Angebote, …)
SHEET_DE = {sheet.attr: sheet.name for sheet in SHEETS}


@stops_early("json")
def read_json(path: Path, *, max_bytes: int = 200 * 1024 * 1024) -> ParsedFile:
    """Read a GraphBatch JSON file; every validation problem located in the report.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "stadt.json"
    >>> _ = p.write_text('{"topics": [{"id": "sprache", "name": "Sprache"}]}')
    >>> read_json(p).batch.topics[0].name
    'Sprache'
    """
    report = ImportReport(file=path.name, format="json")
    raw = read_checked(path, report, Limits(max_bytes=max_bytes))
    if raw is None:
        return ParsedFile(report=report)
    try:
        raw.decode("utf-8")  # only the check: pydantic parses the bytes themselves, faster than text
    except UnicodeDecodeError:
        report.error("Die Datei ist kein UTF-8-Text; JSON-Dateien müssen UTF-8 sein.")
        return ParsedFile(report=report)
    try:
        batch = GraphBatch.model_validate_json(raw.removeprefix(codecs.BOM_UTF8))
    except (RecursionError, MemoryError):  # nested deeper than any parser follows: an error, never a crash
        report.error(JSON_TOO_DEEP)
        return ParsedFile(report=report)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            if err.get("type") == "json_invalid":  # the file's syntax: one sentence at its line
                message = str(err.get("ctx", {}).get("error", err["msg"]))
                position = json_position(message)
                report.error(JSON_TOO_DEEP if "recursion limit" in message else german_json_error(message),
                             row=position[0] if position else None)
                continue
            loc = list(err["loc"])
            sheet = str(loc[0]) if loc else None
            row = loc[1] + 1 if len(loc) > 1 and isinstance(loc[1], int) else None
            column = ".".join(str(x) for x in loc[2:]) or None
            message = _german(err)
            report.error(message, sheet=SHEET_DE.get(sheet or "", sheet), row=row, column=column)
        return ParsedFile(report=report)
    locations = {  # built from trusted values: model_construct skips 10^5 validations
        e.id: SourceLocation.model_construct(sheet=SHEET_DE[field], row=i + 1)
        for field in ("life_phases", "transitions", "topics", "districts", "actors", "offers")
        for i, e in enumerate(getattr(batch, field))
    }
    return ParsedFile(batch=batch, report=report, locations=locations)


def _german(err: dict) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "Pflichtfeld fehlt."
    if kind == "extra_forbidden":
        return "Unbekanntes Feld."
    if kind == "enum":
        return f"Unzulässiger Wert {err.get('input')!r}; erlaubt: {err.get('ctx', {}).get('expected', '')}."
    if kind.startswith(("date_", "datetime_")):
        return f"Kein gültiges Datum: {err.get('input')!r}."
    if kind == "string_pattern_mismatch":
        return f"Ungültige ID {err.get('input')!r}: erlaubt sind Buchstaben, Ziffern und _ . : - (keine Leerzeichen)."
    if kind == "string_too_short":
        return "Darf nicht leer sein."
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"])).rstrip(".") + "."
    return f"Ungültiger Wert {err.get('input')!r} ({err['msg']})."
