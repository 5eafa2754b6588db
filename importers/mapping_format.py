"""The table mapping file: its sections as pydantic models, validated with German errors.

:mod:`importers.mapping` documents the format and reads tables through it;
:mod:`importers.mapping_apply` applies a validated mapping to the rows of a sheet.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import InvalidData
from graph.model import ID_PATTERN
from importers.cells import normalise_key
from importers.coords import WGS84, crs_problem
from importers.report import german_validation_message
from importers.template_columns import SHEET_BY_NAME, Column

Entity = Literal["actor", "offer", "district"]
ID_RE = re.compile(ID_PATTERN)
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _field_columns() -> dict[str, dict[str, Column]]:
    result: dict[str, dict[str, Column]] = {}
    for entity, sheet in (("actor", "Akteure"), ("offer", "Angebote"), ("district", "Sozialräume")):
        cols: dict[str, Column] = {}
        for c in SHEET_BY_NAME[sheet].columns:
            key = "partners" if c.kind == "partner" else c.field
            cols[key] = c
        result[entity] = cols
    result["offer"]["age"] = Column("Alter", "age", "age")
    return result


#: per entity: field name -> how its cells are read (the template's columns)
FIELDS: dict[str, dict[str, Column]] = _field_columns()
#: reference fields: field -> entity the values name
REFERENCES = {
    "actor": {"part_of": "actor", "district": "district"},
    "offer": {"providers": "actor", "partners": "actor", "districts": "district"},
    "district": {"part_of": "district"},
}
LIST_KINDS = {"list", "lead", "partner"}
ENTITY_DE = {"actor": "Akteure", "offer": "Angebote", "district": "Sozialräume"}


class TableSection(BaseModel):
    """``[table]``: what a row is and how the file is laid out."""

    model_config = ConfigDict(extra="forbid")

    entity: Entity = "actor"
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1)
    id_prefix: str = ""
    continue_if_empty: str | None = None
    yes: list[str] | None = None
    list_separator: str = Field(default=";", min_length=1)
    source: str | None = None
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    encoding: str | None = None


class FieldSpec(BaseModel):
    """How one field is read: one column, several joined, or a template over columns."""

    model_config = ConfigDict(extra="forbid")

    column: str | None = None
    columns: list[str] | None = None
    join: str = " "
    hyphenated: bool = False
    """Join ``Gesamt-`` + ``schule`` as ``Gesamtschule`` (names broken over columns)."""
    template: str | None = None
    by: Literal["name", "id"] = "name"

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        given = [x for x in (self.column, self.columns, self.template) if x]
        if len(given) != 1:
            raise ValueError("genau eines von column, columns oder template angeben")
        return self

    def source_columns(self) -> list[str]:
        if self.column:
            return [self.column]
        if self.columns:
            return list(self.columns)
        return PLACEHOLDER.findall(self.template or "")


class SplitSpec(BaseModel):
    """``[split."<column>"]``: a regular expression whose named groups are fields."""

    model_config = ConfigDict(extra="forbid")

    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            compiled = re.compile(value)
        except re.error as e:
            raise ValueError(f"ungültiger regulärer Ausdruck: {e}") from e
        if not compiled.groupindex:
            raise ValueError("der Ausdruck braucht benannte Gruppen wie (?P<name>…)")
        return value


class CoordinatesSpec(BaseModel):
    """``[coordinates]``: the columns holding a point, and their coordinate system.

    ``x`` is the easting (UTM: Rechtswert; WGS84: longitude), ``y`` the northing (UTM:
    Hochwert; WGS84: latitude); ``crs`` names the system as pyproj knows it. Rows are
    converted to WGS84 ``lon``/``lat``.
    """

    model_config = ConfigDict(extra="forbid")

    x: str = Field(min_length=1)
    y: str = Field(min_length=1)
    crs: str = WGS84

    @field_validator("crs")
    @classmethod
    def _known_crs(cls, value: str) -> str:
        problem = crs_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class TableMapping(BaseModel):
    """A validated mapping file; see the module docstring for the format."""

    model_config = ConfigDict(extra="forbid")

    table: TableSection = Field(default_factory=TableSection)
    filter: dict[str, list[str]] = Field(default_factory=dict)
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    split: dict[str, SplitSpec] = Field(default_factory=dict)
    crosses: dict[str, dict[str, str]] = Field(default_factory=dict)
    numbers: dict[str, dict[str, str]] = Field(default_factory=dict)
    values: dict[str, dict[str, str | list[str]]] = Field(default_factory=dict)
    constants: dict[str, Any] = Field(default_factory=dict)
    coordinates: CoordinatesSpec | None = None

    @field_validator("fields", mode="before")
    @classmethod
    def _column_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ({"column": v} if isinstance(v, str) else v) for k, v in value.items()}
        return value

    @field_validator("filter", mode="before")
    @classmethod
    def _filter_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ([str(x) for x in v] if isinstance(v, list) else [str(v)]) for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _known_fields(self) -> TableMapping:
        allowed = FIELDS[self.table.entity]
        problems = []
        named = [("fields", f) for f in self.fields] + [("constants", f) for f in self.constants]
        named += [("crosses", f) for f in self.crosses] + [("numbers", f) for f in self.numbers]
        named += [("values", f) for f in self.values]
        named += [(f"split.\"{c}\"", g) for c, s in self.split.items() for g in re.compile(s.pattern).groupindex]
        for section, name in named:
            if name not in allowed:
                problems.append(
                    f"[{section}]: Das Feld „{name}“ gibt es für {ENTITY_DE[self.table.entity]} nicht; "
                    f"erlaubt: {', '.join(sorted(allowed))}."
                )
        for name in self.numbers:
            if allowed.get(name) and allowed[name].kind != "counts":
                problems.append(f"[numbers]: „{name}“ ist kein Feld mit Anzahlen je Schlüssel.")
        if self.coordinates is not None:
            if "lon" not in allowed:
                problems.append(f"[coordinates]: {ENTITY_DE[self.table.entity]} haben keine Koordinaten.")
            elif {"lon", "lat"} & {n for _, n in named}:
                problems.append("[coordinates]: lon/lat nicht zusätzlich in [fields] oder [constants] angeben.")
        if problems:
            raise ValueError(" ".join(problems))
        return self

    # -- used by other readers (Kumu: element types through [values.kind]) --

    def map_value(self, field: str, raw: str) -> str | list[str]:
        """``raw`` through ``[values.<field>]`` (exact, then ignoring case and umlauts); else unchanged."""
        table = self.values.get(field)
        if not table:
            return raw
        if raw in table:
            return table[raw]
        key = normalise_key(raw)
        for source, target in table.items():
            if normalise_key(source) == key:
                return target
        return raw

    def columns_used(self) -> list[str]:
        """Every column the mapping names, in order of first mention."""
        cols: list[str] = list(self.filter)
        for spec in self.fields.values():
            cols += spec.source_columns()
        cols += list(self.split)
        for table in (*self.crosses.values(), *self.numbers.values()):
            cols += list(table)
        if self.coordinates is not None:
            cols += [self.coordinates.x, self.coordinates.y]
        if self.table.continue_if_empty:
            cols.append(self.table.continue_if_empty)
        return list(dict.fromkeys(cols))


def _german_mapping_errors(e: ValidationError) -> list[str]:
    result = []
    for err in e.errors():
        where = "[" + ".".join(str(x) for x in err["loc"]) + "]" if err["loc"] else ""
        kind = err["type"]
        if kind == "extra_forbidden":
            result.append(f"{where}: Unbekannter Eintrag; bitte Schreibweise prüfen.")
        elif kind == "literal_error":
            result.append(f"{where}: „{err['input']}“ ist nicht erlaubt (erlaubt: {err['ctx']['expected']}).")
        elif kind == "value_error":
            result.append(f"{where}: {str(err['msg']).removeprefix('Value error, ')}".removeprefix(": "))
        elif kind in {"dict_type", "model_type", "list_type", "string_type"}:
            result.append(f"{where}: „{err['input']}“ hat nicht die erwartete Form.")
        else:
            result.append(f"{where}: {german_validation_message(err)}")
    return result


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
#: the start of tomllib's English complaint (lower case) -> German
_TOML_REASONS = (
    ("expected '=' after a key", "nach einem Namen fehlt „=“"),
    ("unclosed array", "eine Liste „[ … ]“ wird nicht geschlossen"),
    ("unclosed inline table", "eine Tabelle „{ … }“ wird nicht geschlossen"),
    ("unterminated string", "ein Text in Anführungszeichen wird nicht geschlossen"),
    ("cannot overwrite a value", "ein Name kommt doppelt vor"),
    ("cannot declare", "eine Tabelle „[…]“ kommt doppelt vor"),
    ("invalid value", "ein Wert ist ungültig (Text gehört in Anführungszeichen)"),
    ("expected ']' at the end of a table declaration", "eine Überschrift „[…]“ wird nicht geschlossen"),
    ("illegal character", "ein unzulässiges Zeichen"),
)


def _toml_where(message: str) -> str:
    match = _TOML_AT.search(message)
    return f" (Zeile {match.group(1)}, Spalte {match.group(2)})" if match else ""


def _toml_reason(message: str) -> str:
    lowered = message.lower()
    return next((german for english, german in _TOML_REASONS if lowered.startswith(english)),
                "der Aufbau stimmt an dieser Stelle nicht")


def parse_mapping(text: str, name: str = "Zuordnung") -> TableMapping:
    """Validate mapping text; raises :class:`InvalidData` with one German line per problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = f"Die Zuordnung „{name}“ ist kein gültiges TOML{_toml_where(str(e))}: {_toml_reason(str(e))}."
        raise InvalidData(message, [message]) from e
    try:
        return TableMapping.model_validate(data)
    except ValidationError as e:
        problems = _german_mapping_errors(e)
        raise InvalidData(f"Die Zuordnung „{name}“ ist fehlerhaft: {problems[0]}", problems) from e


def load_mapping(path: Path) -> TableMapping:
    """Read and validate a mapping file; raises :class:`InvalidData` (German) when it is wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:  # the library's text is English (and an OSError's names a server path)
        raise InvalidData(f"Die Zuordnung „{path.name}“ lässt sich nicht lesen: sie ist nicht UTF-8-kodiert.") from e
    except OSError as e:
        raise InvalidData(f"Die Zuordnung „{path.name}“ lässt sich nicht lesen: sie fehlt oder ist nicht lesbar.") from e
    return parse_mapping(text, path.name)
