"""Any table into the graph, through a small declarative TOML mapping file.

A city's own list (Excel or CSV) rarely follows the template. A mapping file says which
column becomes which field; :func:`read_table` applies it. Each row becomes one
**actor**, **offer** or **district** (``[table] entity``); providers, partners and districts
named in a row are created alongside (by name) or referenced (by id).

The format (every section but ``[fields]`` is optional)::

    [table]
    entity = "offer"            # actor | offer | district (default actor)
    sheet = "Tabelle1"          # XLSX: sheet to read (default: the first)
    header_row = 1              # row with the column headings (a "sep=;" line does not count)
    id_prefix = "ang-"          # put in front of every id of this table's entities
    continue_if_empty = "Nr."   # a row with this cell empty continues the record above
    yes = ["x", "ja"]           # what counts as a cross (default: x ja j yes 1 wahr ✓ ✔)
    list_separator = ";"        # between items in list cells (line breaks always separate)
    source = "Angebotsliste 2024"   # instead of the file name in ``source``
    delimiter = ";"             # CSV: force the separator (default: detected)
    encoding = "cp1252"         # CSV: force the encoding (default: UTF-8, else Windows-1252)

    [filter]                    # keep only rows whose cell is one of the values
    Gemeindeschluessel = ["05513000"]

    [fields]                    # model field = column, or a table saying how
    id = "Nr."
    title = "Angebot"
    name = { columns = ["Schulname 1", "Schulname 2"], join = " ", hyphenated = true }
    address = { template = "{Straße}, {PLZ} {Ort}" }   # a line whose columns are all empty is dropped
    age = "Alter"               # offers: "3-6", "3 bis 6", "ab 12", "bis 3" -> age_min / age_max
    providers = { column = "Träger", by = "name" }     # by name: actors are created (id = slug of name)
    districts = { column = "Sozialraum-ID", by = "id" }  # by id: only referenced

    [split."Stadt (Einwohner)"] # a regex whose named groups are fields
    pattern = '^(?P<name>.+?)\\s*\\((?P<population>[\\d.\\s]+)\\)$'

    [crosses.topics]            # column of crosses -> value added to the field
    "Sprachförderung" = "sprache"
    [crosses.phases]
    "U3" = "p0-3"

    [numbers.children_by_phase] # districts: column of counts -> key
    "Kinder 0-3" = "p0-3"

    [values.kind]               # source value -> model value (a list for list fields)
    "Beratungsstelle" = "counselling"
    [values.phases]
    "Grundschule" = ["p6-10"]

    [constants]                 # the same value for every row (unless a column gives one)
    sector = "free_welfare"

Fields are the model's (``graph.model.Actor``/``Offer``/``District``) plus ``age`` and
``partners`` for offers. Closed vocabularies accept the model's values and the German labels
of the template (``Beratung``); ``[values.<field>]`` is applied first. Cells with line breaks
keep them in descriptions; list cells split on them. Every record's ``source`` is
``<file>, Blatt <sheet>, Zeile <n>`` unless ``source`` is mapped; ``last_verified`` comes
only from a column or constant, never from today's date.

:func:`load_mapping` validates the file (German errors, :class:`graph.errors.InvalidData`);
``TableMapping.values`` is shared with the Kumu reader for element types.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import InvalidData
from graph.model import Actor, District, GraphBatch, Offer
from importers.report import ImportProblem, ImportReport, ParsedFile, Severity, SourceLocation, german_validation_message
from importers.tabular import (
    DEFAULT_LIMITS,
    NO,
    YES,
    CellError,
    Limits,
    Sheet,
    clean_text,
    normalise_key,
    parse_age_range,
    parse_int,
    read_table_file,
    single_line,
    slug,
    split_list,
)
from importers.template import SHEET_BY_NAME, Column, from_cell

Entity = Literal["actor", "offer", "district"]
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


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
        return _PLACEHOLDER.findall(self.template or "")


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


def parse_mapping(text: str, name: str = "Zuordnung") -> TableMapping:
    """Validate mapping text; raises :class:`InvalidData` with one German line per problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InvalidData(f"Die Zuordnung „{name}“ ist kein gültiges TOML: {e}.", [str(e)]) from e
    try:
        return TableMapping.model_validate(data)
    except ValidationError as e:
        problems = _german_mapping_errors(e)
        raise InvalidData(f"Die Zuordnung „{name}“ ist fehlerhaft: {problems[0]}", problems) from e


def load_mapping(path: Path) -> TableMapping:
    """Read and validate a mapping file; raises :class:`InvalidData` (German) when it is wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidData(f"Die Zuordnung „{path.name}“ lässt sich nicht lesen: {e}.") from e
    return parse_mapping(text, path.name)


# --- applying a mapping ------------------------------------------------------------------------


@dataclass
class _Raw:
    value: Any
    row: int
    column: str | None


@dataclass
class _Record:
    row: int
    raw: dict[str, _Raw] = field(default_factory=dict)


def read_table(path: Path, mapping: Path | TableMapping, *, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read an Excel or CSV table through a mapping into a batch of actors, offers or districts.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` or ``.csv`` file.
    mapping : Path or TableMapping
        The mapping file (TOML) or an already loaded mapping.
    limits : Limits, keyword-only
        File size, row count and zip-bomb limits.

    Returns
    -------
    ParsedFile
        Batch, report with every problem found, and the row of every entity.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "liste.csv").write_text("Angebot;Träger;Alter\\nElterncafé;AWO Nord;0-3\\n", encoding="utf-8")
    >>> m = parse_mapping('[table]\\nentity = "offer"\\n[fields]\\ntitle = "Angebot"\\n'
    ...                   'providers = "Träger"\\nage = "Alter"\\n')
    >>> parsed = read_table(d / "liste.csv", m)
    >>> [(o.id, o.age_max, o.providers[0].actor) for o in parsed.batch.offers]
    [('elterncafe', 3.0, 'awo-nord')]
    """
    report = ImportReport(file=path.name, format="tabelle")
    parsed = ParsedFile(report=report)
    mapping_label = "Zuordnung"
    if not isinstance(mapping, TableMapping):
        mapping_label = mapping.name
        try:
            mapping = load_mapping(mapping)
        except InvalidData as e:
            for problem in e.problems or [str(e)]:
                report.problems.append(ImportProblem(severity=Severity.ERROR, message=problem, file=mapping_label))
            return parsed
    table = mapping.table
    sheet = read_table_file(path, report, sheet=table.sheet, header_row=table.header_row,
                            delimiter=table.delimiter, encoding=table.encoding, limits=limits)
    if sheet is None:
        return parsed
    missing = [c for c in mapping.columns_used() if c not in sheet.headers]
    for column in missing:
        close = difflib.get_close_matches(column, sheet.headers, n=1)
        hint = f" Meinten Sie „{close[0]}“?" if close else ""
        report.problems.append(ImportProblem(
            severity=Severity.ERROR, file=mapping_label, column=column,
            message=(f"Die Zuordnung nennt die Spalte „{column}“, die es in „{path.name}“ nicht gibt.{hint} "
                     f"Vorhandene Spalten: {', '.join(sheet.headers)}."),
        ))
    if missing:
        return parsed
    _Applier(mapping, sheet, path.name, report, parsed).run()
    return parsed


class _Applier:
    """Applies one mapping to one sheet; collects records, converts them, reports problems."""

    def __init__(self, mapping: TableMapping, sheet: Sheet, file: str, report: ImportReport, parsed: ParsedFile) -> None:
        self.m = mapping
        self.sheet = sheet
        self.report = report
        self.parsed = parsed
        self.entity = mapping.table.entity
        self.fields = FIELDS[self.entity]
        self.idx = sheet.index()
        self.yes = {y.strip().lower() for y in mapping.table.yes} if mapping.table.yes else YES
        self.patterns = {col: re.compile(s.pattern) for col, s in mapping.split.items()}
        where = f"{mapping.table.source or file}"
        self.where = f"{where}, Blatt {sheet.name}" if sheet.name else where
        self.stubs: dict[str, dict[str, BaseModel]] = {"actor": {}, "district": {}}

    # -- problems --
    def error(self, message: str, row: int | None, column: str | None = None) -> None:
        self.report.error(message, sheet=self.sheet.name, row=row, column=column)

    def warning(self, message: str, row: int | None, column: str | None = None) -> None:
        self.report.warning(message, sheet=self.sheet.name, row=row, column=column)

    # -- rows to records --
    def cell(self, cells: list[Any], column: str) -> Any:
        return cells[self.idx[column]]

    def run(self) -> None:
        records = self.collect()
        model = {"actor": Actor, "offer": Offer, "district": District}[self.entity]
        entities: list[BaseModel] = []
        first_row: dict[str, int] = {}
        for record in records:
            kwargs, columns, ok = self.convert(record)
            rid = self.make_id(kwargs, record, columns, first_row)
            if rid is None:
                continue
            first_row.setdefault(rid, record.row)
            if not ok:
                continue
            kwargs["id"] = rid
            if "source" in model.model_fields:
                kwargs.setdefault("source", f"{self.where}, Zeile {record.row}")
            try:
                entity = model(**kwargs)
            except ValidationError as e:
                for err in e.errors():
                    name = str(err["loc"][0]) if err["loc"] else ""
                    if err["type"] == "value_error" and "age_min" in str(err.get("msg")):
                        name = "age_min"
                    spec = self.m.fields.get(name)
                    fallback = spec.source_columns()[0] if spec and spec.source_columns() else None
                    self.error(german_validation_message(err), record.row, columns.get(name) or fallback)
                continue
            self.parsed.locations[rid] = SourceLocation(sheet=self.sheet.name, row=record.row)
            entities.append(entity)
        if not self.report.ok:
            return
        own = {e.id for e in entities}  # type: ignore[attr-defined]
        stub_actors = [a for i, a in self.stubs["actor"].items() if not (self.entity == "actor" and i in own)]
        stub_districts = [d for i, d in self.stubs["district"].items() if not (self.entity == "district" and i in own)]
        batch = {"actor": "actors", "offer": "offers", "district": "districts"}[self.entity]
        data: dict[str, list[Any]] = {"actors": stub_actors, "districts": stub_districts, "offers": []}
        data[batch] = entities + (data[batch] if batch != "offers" else [])
        self.parsed.batch = GraphBatch(**data)

    def collect(self) -> list[_Record]:
        flag = self.m.table.continue_if_empty
        records: list[_Record] = []
        current: _Record | None = None
        skipping = False
        for row, cells in self.sheet.rows:
            if flag and clean_text(self.cell(cells, flag)) is None and (current is not None or skipping):
                if not skipping and current is not None:
                    self.merge(current, self.extract(row, cells))
                continue
            if any((clean_text(self.cell(cells, c)) or "") not in allowed for c, allowed in self.m.filter.items()):
                skipping, current = True, None
                continue
            skipping = False
            current = _Record(row=row, raw=self.extract(row, cells))
            records.append(current)
        return records

    def field_value(self, name: str, spec: FieldSpec, cells: list[Any]) -> Any:
        kind = self.fields[name].kind
        if spec.column:
            value = self.cell(cells, spec.column)
            return None if clean_text(value) is None else value
        if spec.columns:
            parts = [t for c in spec.columns if (t := clean_text(self.cell(cells, c)))]
            if kind in LIST_KINDS:
                return [x for p in parts for x in split_list(p, self.m.table.list_separator)] or None
            joined = ""
            for part in parts:
                if spec.hyphenated and joined.endswith("-") and part[:1].islower():
                    joined = joined[:-1] + part
                else:
                    joined = f"{joined}{spec.join}{part}" if joined else part
            return joined or None
        lines = []
        for line in (spec.template or "").split("\n"):
            names = _PLACEHOLDER.findall(line)
            found = {n: clean_text(self.cell(cells, n)) or "" for n in names}
            if names and not any(found.values()):
                continue
            lines.append(_PLACEHOLDER.sub(lambda m: found[m.group(1)], line).strip())
        return "\n".join(x for x in lines if x) or None

    def extract(self, row: int, cells: list[Any]) -> dict[str, _Raw]:
        raw: dict[str, _Raw] = {}
        for name, spec in self.m.fields.items():
            value = self.field_value(name, spec, cells)
            if value is not None:
                cols = spec.source_columns()
                raw[name] = _Raw(value, row, cols[0] if cols else None)
        for column, pattern in self.patterns.items():
            text = clean_text(self.cell(cells, column))
            if not text:
                continue
            match = pattern.search(text)
            if not match:
                self.error(f"„{text}“ passt nicht zum Muster der Zuordnung ([split]).", row, column)
                continue
            for group, value in match.groupdict().items():
                if value and value.strip():
                    raw[group] = _Raw(value.strip(), row, column)
        for name, table in self.m.crosses.items():
            hits, first = [], None
            for column, target in table.items():
                text = clean_text(self.cell(cells, column))
                if not text:
                    continue
                if text.lower() in self.yes:
                    hits.append(target)
                    first = first or column
                elif text.lower() not in NO:
                    self.warning(f"„{text}“ ist kein Kreuz; die Spalte gilt hier als nicht angekreuzt.", row, column)
            if hits:
                self.add_hits(raw, name, hits, row, first)
        for name, table in self.m.numbers.items():
            counts: dict[str, int] = {}
            for column, key in table.items():
                value = self.cell(cells, column)
                if clean_text(value) is None:
                    continue
                try:
                    counts[key] = parse_int(value)
                except CellError as e:
                    self.error(str(e), row, column)
            if counts:
                raw[name] = _Raw(counts, row, next(iter(table)))
        return raw

    def add_hits(self, raw: dict[str, _Raw], name: str, hits: list[str], row: int, column: str | None) -> None:
        kind = self.fields[name].kind
        if kind in LIST_KINDS:
            before = raw[name].value if name in raw else []
            items = before if isinstance(before, list) else split_list(before, self.m.table.list_separator)
            raw[name] = _Raw(list(dict.fromkeys([*items, *hits])), row, raw[name].column if name in raw else column)
        elif kind in ("line", "text"):
            before = clean_text(raw[name].value) if name in raw else None
            raw[name] = _Raw("; ".join(([before] if before else []) + hits), row, column)
        else:
            raw[name] = _Raw(hits[-1], row, column)

    def merge(self, record: _Record, more: dict[str, _Raw]) -> None:
        for name, new in more.items():
            old = record.raw.get(name)
            if old is None:
                record.raw[name] = new
                continue
            kind = self.fields[name].kind
            if isinstance(old.value, dict) and isinstance(new.value, dict):
                old.value = {**old.value, **new.value}
            elif kind in LIST_KINDS:
                a = old.value if isinstance(old.value, list) else split_list(old.value, self.m.table.list_separator)
                b = new.value if isinstance(new.value, list) else split_list(new.value, self.m.table.list_separator)
                old.value = list(dict.fromkeys([*a, *b]))
            else:
                sep = "\n" if kind == "text" else " "
                old.value = f"{clean_text(old.value)}{sep}{clean_text(new.value)}"

    # -- records to model arguments --
    def convert(self, record: _Record) -> tuple[dict[str, Any], dict[str, str | None], bool]:
        kwargs: dict[str, Any] = {}
        columns: dict[str, str | None] = {}
        raws = dict(record.raw)
        for name, value in self.m.constants.items():
            raws.setdefault(name, _Raw(value, record.row, None))
        ok = True
        for name, raw in raws.items():
            columns[name] = raw.column
            try:
                self.convert_field(name, raw, record, kwargs)
            except CellError as e:
                self.error(str(e), raw.row, raw.column)
                ok = False
        if "age" in columns:
            columns["age_min"] = columns["age_max"] = columns["age"]
        if "partners" in columns:
            columns.setdefault("providers", columns["partners"])
        return kwargs, columns, ok

    def items(self, name: str, value: Any) -> list[str]:
        values = value if isinstance(value, list) else split_list(value, self.m.table.list_separator)
        result: list[str] = []
        for item in values:
            mapped = self.m.map_value(name, single_line(clean_text(item)) or "")
            result += mapped if isinstance(mapped, list) else [mapped]
        return [x for x in dict.fromkeys(result) if x]

    def convert_field(self, name: str, raw: _Raw, record: _Record, kwargs: dict[str, Any]) -> None:
        column = self.fields[name]
        value = raw.value
        if name == "age":
            kwargs["age_min"], kwargs["age_max"] = parse_age_range(value)
            return
        if name in REFERENCES[self.entity]:
            spec = self.m.fields.get(name)
            by = spec.by if spec else "id"
            ids = [self.reference(REFERENCES[self.entity][name], item, by, raw) for item in self.items(name, value)]
            if name in ("providers", "partners"):
                role = "lead" if name == "providers" else "partner"
                kwargs.setdefault("providers", []).extend({"actor": i, "role": role} for i in ids)
            elif column.kind in LIST_KINDS:
                kwargs[name] = ids
            else:
                if len(ids) > 1:
                    raise CellError(f"Hier ist nur ein Wert erlaubt, nicht {len(ids)}.")
                kwargs[name] = ids[0] if ids else None
            return
        if column.kind in LIST_KINDS:
            items = self.items(name, value)
            if name != "languages":
                items = [x if ID_RE.match(x) else slug(x) for x in items]
            kwargs[name] = [x for x in items if x]
            return
        if isinstance(value, str | int) and column.kind in ("line", "text", "enum") or (
            isinstance(value, str) and name in self.m.values
        ):
            text = clean_text(value)
            mapped = self.m.map_value(name, text or "") if text else None
            if isinstance(mapped, list):
                if len(mapped) != 1:
                    raise CellError(f"[values.{name}] ordnet „{text}“ mehrere Werte zu; hier ist nur einer erlaubt.")
                mapped = mapped[0]
            value = mapped
        if column.kind == "counts" and isinstance(value, dict):
            kwargs[name] = value
            return
        converted = from_cell(column, value)
        if converted is not None:
            kwargs[name] = converted

    def reference(self, entity: str, item: str, by: str, raw: _Raw) -> str:
        if by == "id":
            if not ID_RE.match(item):
                raise CellError(f"„{item}“ ist keine gültige ID (erwartet wird die ID, nicht der Name).")
            return item
        rid = slug(item)
        if not rid:
            raise CellError(f"Aus „{item}“ lässt sich keine ID bilden.")
        if rid not in self.stubs[entity]:
            source = f"{self.where}, Zeile {raw.row}"
            stub = Actor(id=rid, name=item, source=source) if entity == "actor" else District(id=rid, name=item)
            self.stubs[entity][rid] = stub
            self.parsed.locations.setdefault(rid, SourceLocation(sheet=self.sheet.name, row=raw.row))
        return rid

    def make_id(self, kwargs: dict[str, Any], record: _Record, columns: dict[str, str | None],
                first_row: dict[str, int]) -> str | None:
        prefix = self.m.table.id_prefix
        given = kwargs.pop("id", None)
        if given is not None:
            text = single_line(str(given)) or ""
            rid = prefix + (text if ID_RE.match(text) else slug(text))
            if rid in first_row:
                self.error(f"Die ID „{rid}“ kommt doppelt vor (zuerst in Zeile {first_row[rid]}).", record.row, columns.get("id"))
                return None
            return rid
        label = kwargs.get("title") or kwargs.get("name")
        base = prefix + slug(str(label or ""))
        if base == prefix:
            what = "Titel" if self.entity == "offer" else "Name"
            self.error(f"Die Zeile hat weder eine ID noch einen {what}.", record.row)
            return None
        rid, n = base, 1
        while rid in first_row:
            n += 1
            rid = f"{base}-{n}"
        if n > 1:
            self.warning(f"„{label}“ steht schon in Zeile {first_row[base]}; diese Zeile erhält die ID „{rid}“. "
                         "Ist es ein Duplikat?", record.row, columns.get("title") or columns.get("name"))
        return rid
