"""Kumu workbooks: elements and connections into actors, offers, cooperations and memberships."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graph.model import GraphBatch, Label
from importers.kumu import element_type, read_kumu
from importers.tabular import Limits

DATA = Path(__file__).resolve().parent.parent / "data"


def test_kumu_workbook() -> None:
    parsed = read_kumu(DATA / "kumu.xlsx")
    b = parsed.batch
    assert parsed.report.ok
    # the person is left out with a warning naming sheet, row and column
    [warning] = parsed.report.warnings
    assert (warning.sheet, warning.row, warning.column) == ("Elements", 8, "Type")
    actors = {a.id: a for a in b.actors}
    assert {i: (a.kind, a.sector) for i, a in actors.items()} == {
        "ag-uebergang-kita-schule": ("committee", "unknown"),
        "awo-ortsverein-nord": ("welfare_org", "free_welfare"),
        "jugendamt": ("department", "public"),
        "kita-sonnenschein": ("kita", "free_welfare"),
    }
    awo = actors["awo-ortsverein-nord"]
    assert awo.district == "nord" and awo.last_verified == dt.date(2025, 3, 1)
    assert awo.source == "kumu.xlsx, Blatt Elements, Zeile 2"
    assert actors["ag-uebergang-kita-schule"].mandate_topics == ["sprache"]
    [offer] = b.offers
    assert offer.providers[0].actor == "awo-ortsverein-nord" and offer.districts == ["nord"]
    assert offer.topics == ["armut-und-teilhabe", "sprache"] and offer.last_verified == dt.date(2024, 12, 31)
    assert [t.id for t in b.topics] == ["armut-und-teilhabe", "sprache"]
    coops = {(c.actor, c.partner): c for c in b.cooperations}
    assert coops[("awo-ortsverein-nord", "jugendamt")].kind == "formal_agreement"
    assert coops[("awo-ortsverein-nord", "jugendamt")].note == "Jährliche Vereinbarung"
    assert coops[("kita-sonnenschein", "awo-ortsverein-nord")].kind == "referral"
    assert {(m.actor, m.role) for m in b.memberships} == {("awo-ortsverein-nord", None), ("jugendamt", "Vorsitz (Mitglied)")}
    assert parsed.locations["jugendamt"].row == 3
    assert read_kumu(DATA / "kumu.xlsx").batch == b  # re-reading changes nothing


def test_mapping_file_decides_kinds(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[values.kind]\n"Wohlfahrtsverband" = "club"\n', encoding="utf-8")
    actors = {a.id: a.kind for a in read_kumu(DATA / "kumu.xlsx", mapping=mapping).batch.actors}
    assert actors["awo-ortsverein-nord"] == "club" and actors["jugendamt"] == "department"


def test_broken_mapping_file_is_an_error(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text("[values.kind\n", encoding="utf-8")
    parsed = read_kumu(DATA / "kumu.xlsx", mapping=mapping)
    assert not parsed.report.ok and "map.toml" in parsed.report.errors[0].message


def test_element_types() -> None:
    assert element_type("Stadtteil") == (Label.DISTRICT, None)
    assert element_type("Working Group") == (Label.ACTOR, "committee")
    assert element_type("Raumschiff") == (Label.ACTOR, None)
    assert element_type(None) == (Label.ACTOR, "other")


def _workbook(tmp_path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path = tmp_path / "karte.xlsx"
    wb.save(path)
    return path


# -- bad input ------------------------------------------------------------------------------------


def test_missing_elements_sheet(tmp_path: Path) -> None:
    parsed = read_kumu(_workbook(tmp_path, {"Tabelle1": [["Label"], ["AWO"]]}))
    err = parsed.report.errors[0]
    assert err.sheet == "Elements" and "fehlt" in err.message and "„Tabelle1“" in err.message
    assert parsed.batch == GraphBatch()


def test_missing_label_column_and_unknown_column(tmp_path: Path) -> None:
    parsed = read_kumu(_workbook(tmp_path, {"Elements": [["Name des Trägers", "Farbcode"], ["AWO", "rot"]]}))
    err = parsed.report.errors[0]
    assert (err.sheet, err.row, err.column) == ("Elements", 1, "Label") and "Pflichtspalte" in err.message
    assert {w.column for w in parsed.report.warnings} == {"Name des Trägers", "Farbcode"}


def test_unknown_connection_end_and_duplicate_label(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {
        "Elements": [["Label", "Type"], ["AWO", "Verband"], ["AWO", "Verein"], ["Jugendamt", "Amt"]],
        "Connections": [["From", "To", "Type"], ["AWO", "Jobcenter", "Kooperation"], ["AWO", "AWO", None]],
    })
    report = read_kumu(path).report
    located = [(e.sheet, e.row, e.column) for e in report.errors]
    assert located == [("Elements", 3, "Label"), ("Connections", 2, "To")]
    assert "„Jobcenter“" in report.errors[1].message
    assert any("zu sich selbst" in w.message for w in report.warnings)


@pytest.mark.parametrize("content", [b"", b"kein zip"])
def test_empty_or_not_a_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "karte.xlsx"
    path.write_bytes(content)
    parsed = read_kumu(path)
    assert not parsed.report.ok and parsed.report.errors[0].file == "karte.xlsx"


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    report = read_kumu(path, limits=Limits(max_compression_ratio=50)).report
    assert not report.ok and "Zip-Bomben" in report.errors[0].message


def test_empty_elements_sheet(tmp_path: Path) -> None:
    report = read_kumu(_workbook(tmp_path, {"Elements": [["Label", "Type"]]})).report
    assert "keine Elemente" in report.errors[0].message
