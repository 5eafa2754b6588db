"""The German Excel template: write, fill, read back; every bad workbook gives a German error."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graph.model import District, GraphBatch, Offer
from importers.report import ParsedFile
from importers.tabular import Limits
from importers.template import HELP_SHEET, SHEETS, read_template, write_csv_folder, write_template
from tests.tiny_city import tiny_batch

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _with_locations_as_source(batch: GraphBatch, name: str) -> GraphBatch:
    """What reading gives back: an empty ``source`` becomes file, sheet and row."""
    expected = batch.model_copy(deep=True)
    for sheet, records in (("Akteure", expected.actors), ("Angebote", expected.offers),
                           ("Kooperationen", expected.cooperations)):
        for row, record in enumerate(records, start=2):
            if record.source is None:
                record.source = f"{name}, Blatt {sheet}, Zeile {row}"
    return expected


def _problems(parsed: ParsedFile) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(p.sheet, p.row, p.column, p.message) for p in parsed.report.errors]


def test_round_trip_tiny_city(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_template(path, tiny_batch())
    parsed = read_template(path)
    assert parsed.report.problems == []
    assert parsed.batch == _with_locations_as_source(tiny_batch(), "export.xlsx")
    assert parsed.locations["o-elterncafe"].sheet == "Angebote" and parsed.locations["o-elterncafe"].row == 2


def test_round_trip_is_stable_and_keeps_tricky_values(tmp_path: Path) -> None:
    batch = GraphBatch(
        districts=[District(id="d1", name="Nord", children_by_phase={"p0-3": 1675, "p3-6": 0},
                            share_social_benefits=0.4137, share_single_parents=0.2, population=12500)],
        offers=[Offer(id="o1", title="=HYPERLINK(\"http://x\")", description="+49 Zeile 1\nZeile 2",
                      target_group="@eltern", funding="-5 %", age_min=2.5, age_max=7, capacity=0,
                      start_date=dt.date(2024, 12, 31), end_date=dt.date(2025, 1, 1),
                      providers=[{"actor": "a", "role": "lead"}, {"actor": "b", "role": "partner"}],
                      languages=["de", "tr"], source="Liste 2024", last_verified=dt.date(2025, 6, 30),
                      lon=-0.1276543, lat=51.5072178)],
    )
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(first, batch)
    once = read_template(first)
    assert once.report.problems == [] and once.batch == batch
    write_template(second, once.batch)
    assert read_template(second).batch == batch  # re-export of a re-import changes nothing
    ws = openpyxl.load_workbook(first)["Angebote"]
    title = ws["B2"]
    assert title.data_type == "s" and title.quotePrefix  # shown as text, never evaluated


def test_lon_lat_columns_round_trip_and_bad_coordinates(tmp_path: Path) -> None:
    batch = tiny_batch()
    batch.actors[0].lon, batch.actors[0].lat = 7.1053814, 51.5289295
    path = tmp_path / "mit-orten.xlsx"
    write_template(path, batch)
    ws = openpyxl.load_workbook(path)["Akteure"]
    headers = [c.value for c in ws[1]]
    assert headers[headers.index("Adresse") + 1:headers.index("Adresse") + 3] == ["Längengrad", "Breitengrad"]
    assert read_template(path).batch == _with_locations_as_source(batch, "mit-orten.xlsx")
    rows = [["a1", "Kita", None, None, None, None, None, None, None, "368578", "5710348"],
            ["a2", "Hort", None, None, None, None, None, None, None, "7,1"]]
    parsed = read_template(_filled(tmp_path, "Akteure", rows))
    assert [(s, r, c) for s, r, c, _ in _problems(parsed)] == [("Akteure", 2, "Längengrad"), ("Akteure", 2, "Breitengrad")]
    assert "[coordinates]" in _problems(parsed)[0][3]
    folder = tmp_path / "csv"
    write_csv_folder(batch, folder)
    assert ";7,1053814;51,5289295;" in (folder / "Akteure.csv").read_text(encoding="utf-8-sig")


def test_empty_template_has_all_sheets_help_and_validation(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert [s.name for s in SHEETS] == [n for n in wb.sheetnames if n not in (HELP_SHEET, "Listen")]
    help_text = " ".join(str(c.value) for row in wb[HELP_SHEET].iter_rows() for c in row if c.value)
    assert "Träger (federführend)" in help_text and "Beratung" in help_text and "freie Wohlfahrtspflege" in help_text
    assert wb["Angebote"].data_validations.dataValidation  # Art, Kosten, Status
    assert [c.value for c in wb["Angebote"][1]][:3] == ["ID", "Titel", "Beschreibung"]
    parsed = read_template(path)
    assert parsed.report.problems == [] and parsed.batch == GraphBatch()


def _filled(tmp_path: Path, sheet: str, rows: list[list[object]], name: str = "ausgefuellt.xlsx") -> Path:
    path = tmp_path / name
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for row in rows:
        wb[sheet].append(row)
    wb.save(path)
    return path


def test_labels_text_dates_and_decimal_commas_are_read(tmp_path: Path) -> None:
    row = ["o1", "Elternkurs", None, "beratung", None, "2,5", "6", "de; tr\nar", "Kostenlos", "1.200",
           "aktiv", "31.12.2024", dt.datetime(2025, 3, 1), None, "awo", None, "p0-3", None, None, "nord",
           "7,0982", "51.516", None, "2025-06-30"]
    parsed = read_template(_filled(tmp_path, "Angebote", [row]))
    assert _problems(parsed) == []
    offer = parsed.batch.offers[0]
    assert (offer.kind, offer.cost, offer.status, offer.capacity) == ("counselling", "free", "active", 1200)
    assert (offer.age_min, offer.age_max, offer.languages) == (2.5, 6, ["de", "tr", "ar"])
    assert (offer.start_date, offer.end_date, offer.last_verified) == (
        dt.date(2024, 12, 31), dt.date(2025, 3, 1), dt.date(2025, 6, 30))
    assert offer.source == "ausgefuellt.xlsx, Blatt Angebote, Zeile 2"
    assert (offer.lon, offer.lat) == (7.0982, 51.516)  # decimal comma and point; never a thousands point


def test_bad_cells_are_all_reported_with_row_and_column(tmp_path: Path) -> None:
    rows = [
        ["o1", "A", None, "Picknick"],  # unknown kind
        ["o2", "B", None, None, None, 10, 3],  # age range that is not a range
        ["o1", "C"],  # duplicate id
        ["o 4", "D"],  # invalid id
        ["o5", "E", None, None, None, None, None, None, None, "viele"],  # capacity not a number
        ["o6", "F", None, None, None, None, None, None, None, None, None, "32.13.2024"],  # not a date
    ]
    parsed = read_template(_filled(tmp_path, "Angebote", rows))
    errors = _problems(parsed)
    assert [(s, r, c) for s, r, c, _ in errors] == [
        ("Angebote", 2, "Art"), ("Angebote", 3, "Alter von"), ("Angebote", 4, "ID"),
        ("Angebote", 5, "ID"), ("Angebote", 6, "Plätze"), ("Angebote", 7, "Beginn"),
    ]
    messages = [m for *_, m in errors]
    assert "„Picknick“ ist kein erlaubter Wert" in messages[0] and "„Beratung“" in messages[0]
    assert "Altersbereich" in messages[1]
    assert "doppelt" in messages[2] and "Zeile 2" in messages[2]
    assert "keine gültige ID" in messages[3]
    assert not parsed.report.ok and parsed.batch == GraphBatch()


def test_missing_sheet_and_missing_required_column(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    del wb["Themen"]
    wb["Akteure"].delete_cols(2)  # „Name“
    wb.save(path)
    errors = _problems(read_template(path))
    assert ("Themen", None, None) in [(s, r, c) for s, r, c, _ in errors]
    assert any(s == "Akteure" and c == "Name" and "Pflichtspalte" in m for s, _, c, m in errors)
    assert any("Das Blatt „Themen“ fehlt" in m for *_, m in errors)


def test_unknown_column_is_a_warning(tmp_path: Path) -> None:
    path = _filled(tmp_path, "Themen", [["sprache", "Sprache", None]])
    wb = openpyxl.load_workbook(path)
    wb["Themen"]["D1"] = "Bemerkung"
    wb.save(path)
    parsed = read_template(path)
    assert parsed.report.ok and [w.column for w in parsed.report.warnings] == ["Bemerkung"]


def test_zip_bomb_is_refused_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
    parsed = read_template(path)
    assert len(parsed.report.errors) == 1 and "Zip-Bomben" in parsed.report.errors[0].message
    small = read_template(path, limits=Limits(max_uncompressed_bytes=10_000_000, max_compression_ratio=10**6))
    assert "entpackt" in small.report.errors[0].message


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "leer"), (b"keine Excel-Datei", "keine gültige Excel-Datei"), (None, "gibt es nicht")],
)
def test_unreadable_files_give_one_error(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "datei.xlsx"
    if content is not None:
        path.write_bytes(content)
    parsed = read_template(path)
    assert len(parsed.report.errors) == 1 and expected in parsed.report.errors[0].message


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "gross.xlsx"
    write_template(path, tiny_batch())
    parsed = read_template(path, limits=Limits(max_bytes=1000))
    assert "MB groß" in parsed.report.errors[0].message


def test_shipped_example_reads_clean() -> None:
    parsed = read_template(EXAMPLES / "vorlage-beispiel.xlsx")
    assert parsed.report.problems == []
    assert parsed.batch == _with_locations_as_source(tiny_batch(), "vorlage-beispiel.xlsx")


def test_csv_export_as_german_excel_reads_it(tmp_path: Path) -> None:
    from importers.report import ImportReport
    from importers.tabular import read_csv

    batch = tiny_batch()
    batch.offers[0].description = "=1+2"
    write_csv_folder(batch, tmp_path)
    raw = (tmp_path / "Angebote.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfID;Titel;") and b"\r\n" in raw
    sheet = read_csv(tmp_path / "Angebote.csv", ImportReport(file="Angebote.csv", format="csv"))
    first = dict(zip(sheet.headers, sheet.rows[0][1], strict=True))
    assert first["Beschreibung"] == "'=1+2" and first["Beginn"] == "15.01.2024" and first["Art"] == "Gruppe"
    assert first["Träger (federführend)"] == "awo" and first["Alter von"] == "0"
    districts = read_csv(tmp_path / "Sozialraeume.csv", ImportReport(file="x", format="csv"))
    nord = dict(zip(districts.headers, districts.rows[1][1], strict=True))
    assert nord["Anteil SGB II"] == "0,41" and nord["Kinder je Lebensphase"] == "p0-3=400; p3-6=380; p6-10=500"
