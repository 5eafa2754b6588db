"""Applying a table mapping: rows of a sheet -> records -> actors, offers or districts.

:func:`apply_mapping` is called by :func:`importers.mapping.read_table` once the file is
read and every column the mapping names is known to exist. It collects records (a row, plus
the rows that continue it), converts each field through the template's column kinds,
creates providers and districts named by name, and reports every problem at its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.model import Actor, District, GraphBatch, Offer
from importers.cells import NO, YES, CellError, clean_text, parse_age_range, parse_int, single_line, slug, split_list
from importers.coords import CoordinateError, read_point
from importers.mapping_format import FIELDS, ID_RE, LIST_KINDS, PLACEHOLDER, REFERENCES, FieldSpec, TableMapping
from importers.report import ImportReport, ParsedFile, SourceLocation, german_validation_message
from importers.tabular import Sheet
from importers.template_columns import from_cell

MSG_NO_POINT = "{problem} Der Eintrag wird ohne Koordinaten übernommen."


def apply_mapping(mapping: TableMapping, sheet: Sheet, file: str, report: ImportReport, parsed: ParsedFile) -> None:
    """Apply ``mapping`` to ``sheet`` (read from ``file``); fills ``parsed`` and ``report``.

    ``parsed.batch`` is set only when nothing stops the import; ``parsed.locations``
    get the row of every entity (and of every provider or district created by name).
    """
    _Applier(mapping, sheet, file, report, parsed).run()


@dataclass
class _Raw:
    value: Any
    row: int
    column: str | None


#: provider names that name a kind of place or a placeholder, not one organisation: every
#: town has a „Sportplatz“, and „Privater Träger“ stands for many private providers
GENERIC_PROVIDER_NAMES = frozenset({
    "sportplatz", "sporthalle", "turnhalle", "hallenbad", "freibad", "spielplatz", "jugendzentrum", "jugendtreff",
    "familienzentrum", "gemeinde", "stadt", "stadtverwaltung", "rathaus", "schule", "grundschule", "kita",
    "kindergarten", "kindertagesstaette", "buergerhaus", "gemeindehaus", "bibliothek", "stadtbibliothek",
    "kirchengemeinde", "pfarramt", "verein", "traeger", "freier-traeger", "privater-traeger", "privat",
    "privater-anbieter", "kindertagespflege",
})
_GENERIC = "\x00generic:"  # marks a provider named generically until the row's place is known


@dataclass
class _Record:
    row: int
    raw: dict[str, _Raw] = field(default_factory=dict)
    point: tuple[int, Any, Any] | None = None  # (row, x cell, y cell) of [coordinates]


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
            self.add_point(record, kwargs)
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
                    current.point = current.point or self.point_cells(row, cells)
                continue
            if any((clean_text(self.cell(cells, c)) or "") not in allowed for c, allowed in self.m.filter.items()):
                skipping, current = True, None
                continue
            skipping = False
            current = _Record(row=row, raw=self.extract(row, cells), point=self.point_cells(row, cells))
            records.append(current)
        return records

    def point_cells(self, row: int, cells: list[Any]) -> tuple[int, Any, Any] | None:
        spec = self.m.coordinates
        if spec is None:
            return None
        x, y = self.cell(cells, spec.x), self.cell(cells, spec.y)
        return (row, x, y) if clean_text(x) is not None or clean_text(y) is not None else None

    def add_point(self, record: _Record, kwargs: dict[str, Any]) -> None:
        if record.point is None or self.m.coordinates is None:
            return
        row, x, y = record.point
        try:
            point = read_point(x, y, self.m.coordinates.crs)
        except CoordinateError as e:
            self.warning(MSG_NO_POINT.format(problem=e), row, self.m.coordinates.x)
            return
        if point is not None:
            kwargs["lon"], kwargs["lat"] = point

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
            names = PLACEHOLDER.findall(line)
            found = {n: clean_text(self.cell(cells, n)) or "" for n in names}
            if names and not any(found.values()):
                continue
            lines.append(PLACEHOLDER.sub(lambda m: found[m.group(1)], line).strip())
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
        for provider in kwargs.get("providers", []):
            if provider["actor"].startswith(_GENERIC):
                provider["actor"] = self.generic_provider(provider["actor"][len(_GENERIC):], kwargs, record,
                                                          columns.get("providers") or columns.get("partners"))
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
            try:
                kwargs["age_min"], kwargs["age_max"] = parse_age_range(value)
            except CellError as e:  # real lists write ages every way: the row stays, without an age
                self.warning(f"{e} Das Alter bleibt leer.", raw.row, raw.column)
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
        if entity == "actor" and rid in GENERIC_PROVIDER_NAMES:
            return _GENERIC + item  # resolved with the row's place in convert()
        if rid not in self.stubs[entity]:
            source = f"{self.where}, Zeile {raw.row}"
            stub = Actor(id=rid, name=item, source=source) if entity == "actor" else District(id=rid, name=item)
            self.stubs[entity][rid] = stub
            self.parsed.locations.setdefault(rid, SourceLocation(sheet=self.sheet.name, row=raw.row))
        return rid

    def generic_provider(self, name: str, kwargs: dict[str, Any], record: _Record, column: str | None) -> str:
        """One actor per place for a generic provider name (two towns' „Sportplatz“ are two actors).

        The place is the row's first district, else its address, else the row itself
        (a placeholder such as „Privater Träger“ names a different provider on every line).
        """
        raw = record.raw.get("districts")
        district = self.items("districts", raw.value)[0] if raw is not None and self.items("districts", raw.value) else None
        place = district or next(iter(kwargs.get("districts") or []), None) or kwargs.get("address")
        where = str(place) if place else f"Zeile {record.row}"
        rid = f"{slug(name)}-{slug(where)}"
        if rid not in self.stubs["actor"]:
            source = f"{self.where}, Zeile {record.row}"
            self.stubs["actor"][rid] = Actor(id=rid, name=f"{name} ({where})", source=source)
            self.parsed.locations.setdefault(rid, SourceLocation(sheet=self.sheet.name, row=record.row))
            self.warning(f"„{name}“ ist kein eindeutiger Trägername; für {where} wird ein eigener Akteur "
                         f"„{rid}“ angelegt (bitte den echten Namen nachtragen).", record.row, column)
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
