"""CSV as German Excel writes it, XLSX sheets, and German cell values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from importers.report import ImportReport
from importers.tabular import (
    CellError,
    Limits,
    clean_text,
    detect_delimiter,
    parse_age_range,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_share,
    read_csv,
    read_table_file,
    slug,
    split_list,
)

ROWS = "Name;Betrag;Datum\nÄrztehaus Süd;1.675;31.12.2024\nKita Wunderland;2,5;2024-01-02\n"


def _read(tmp_path: Path, data: bytes, name: str = "liste.csv", **kwargs: object):
    path = tmp_path / name
    path.write_bytes(data)
    report = ImportReport(file=name, format="csv")
    return read_csv(path, report, **kwargs), report  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        ROWS.encode("utf-8"),
        b"\xef\xbb\xbf" + ROWS.encode("utf-8"),
        ROWS.encode("cp1252"),
        ROWS.replace("\n", "\r\n").encode("cp1252"),
        ROWS.encode("utf-16"),  # Excel's "Unicode-Text"
        ("sep=;\n" + ROWS).encode("utf-8"),
        ('"Name";"Betrag";"Datum"\n"Ärztehaus Süd";"1.675";"31.12.2024"\n"Kita Wunderland";"2,5";"2024-01-02"\n').encode(),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "cp1252-crlf", "utf16", "sep-line", "all-quoted"],
)
def test_german_csv_variants_read_the_same(tmp_path: Path, data: bytes) -> None:
    sheet, report = _read(tmp_path, data)
    assert report.problems == []
    assert sheet.headers == ["Name", "Betrag", "Datum"]
    assert [cells for _, cells in sheet.rows] == [
        ["Ärztehaus Süd", "1.675", "31.12.2024"], ["Kita Wunderland", "2,5", "2024-01-02"]]


def test_row_numbers_count_the_sep_line_and_line_breaks(tmp_path: Path) -> None:
    data = 'sep=;\nName;Text\nA;"Zeile 1\nZeile 2"\n\nB;x\n'.encode()
    sheet, report = _read(tmp_path, data)
    assert sheet.header_row == 2 and [(row, cells[0]) for row, cells in sheet.rows] == [(3, "A"), (6, "B")]
    assert sheet.rows[0][1][1] == "Zeile 1\nZeile 2"


@pytest.mark.parametrize(("text", "sep"), [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("abc", ";")])
def test_delimiter_detection(text: str, sep: str) -> None:
    assert detect_delimiter(text) == sep


def test_trailing_separator_and_duplicate_headers(tmp_path: Path) -> None:
    sheet, report = _read(tmp_path, b"Name;Name;;\nA;B;\n")
    assert sheet.headers == ["Name", "Name (2)"] and sheet.rows == [(2, ["A", "B"])]
    assert [(w.row, w.column) for w in report.warnings] == [(1, "Name")]


@pytest.mark.parametrize(
    ("data", "row", "words"),
    [
        (b"", None, "leer"),
        (b"sep=;\n\n", None, "Kopfzeile"),
        (b"Name;Ort\nA;X\nB;\"Y\nC;Z\n", 3, "nicht geschlossen"),
        (b"Name;Ort\nA;X;Z\nB;Y\n", 2, "3 Werte"),
        (b"Name;Ort;Alter\nA;X\n", 2, "2 Werte"),
        (b"Name;Ort\n\x81\x8d;x\n", None, "weder UTF-8 noch Windows-1252"),
        (b"PK\x03\x04\x00\x00binary", None, "keine Textdatei"),
    ],
    ids=["empty", "only-sep", "unbalanced-quote", "too-many", "too-few", "encoding", "binary"],
)
def test_bad_csv_gives_german_error_with_row(tmp_path: Path, data: bytes, row: int | None, words: str) -> None:
    sheet, report = _read(tmp_path, data)
    assert sheet is None
    assert report.errors[0].row == row and words in report.errors[0].message


def test_every_wrong_row_is_reported(tmp_path: Path) -> None:
    sheet, report = _read(tmp_path, b"a;b\n1;2;3\n4;5\n6\n")
    assert sheet is None and [e.row for e in report.errors] == [2, 4]


def test_limits(tmp_path: Path) -> None:
    data = ("Name\n" + "x\n" * 20).encode()
    _, report = _read(tmp_path, data, limits=Limits(max_rows=10))
    assert "mehr als 10 Datenzeilen" in report.errors[0].message and report.errors[0].row == 12
    _, report = _read(tmp_path, data, limits=Limits(max_bytes=10))
    assert "MB groß" in report.errors[0].message


def test_unknown_and_old_formats(tmp_path: Path) -> None:
    for name, words in (("liste.xls", ".xls"), ("liste.pdf", "Unbekanntes Dateiformat")):
        path = tmp_path / name
        path.write_bytes(b"x")
        report = ImportReport(file=name, format="x")
        assert read_table_file(path, report) is None and words in report.errors[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.675", 1675), ("1 675", 1675), ("1\u202f675", 1675), ("1\u00a0675", 1675), ("2,5", 2.5),
     ("1.234.567,89", 1234567.89), ("1,234.5", 1234.5), ("3.5", 3.5), ("-4", -4), ("0,41", 0.41), (7, 7)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["viele", "1.2.3", "12,5 Euro", ""])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(CellError):
        parse_number(text)


def test_parse_int_share_bool() -> None:
    assert parse_int("12.500") == 12500
    with pytest.raises(CellError, match="keine ganze Zahl"):
        parse_int("2,5")
    assert parse_share("41 %") == pytest.approx(0.41) and parse_share("0,41") == 0.41 and parse_share(41) == 0.41
    assert parse_bool("ja") and parse_bool("X") and not parse_bool("nein") and not parse_bool(None)
    with pytest.raises(CellError):
        parse_bool("vielleicht")


@pytest.mark.parametrize(
    ("value", "date"),
    [("31.12.2024", dt.date(2024, 12, 31)), ("1.2.24", dt.date(2024, 2, 1)), ("2024-12-31", dt.date(2024, 12, 31)),
     (dt.datetime(2024, 12, 31, 0, 0), dt.date(2024, 12, 31)), (45657, dt.date(2024, 12, 31))],
)
def test_parse_date(value: object, date: dt.date) -> None:
    assert parse_date(value) == date


@pytest.mark.parametrize("value", ["31.02.2024", "Dezember", "2024/12/31"])
def test_parse_date_rejects(value: str) -> None:
    with pytest.raises(CellError, match="kein Datum"):
        parse_date(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3-6", (3, 6)), ("3 bis 6 Jahre", (3, 6)), ("0–3", (0, 3)), ("ab 12", (12, None)), ("12+", (12, None)),
     ("bis 3", (None, 3)), ("unter 3 Jahren", (None, 3)), ("5,5-7", (5.5, 7)), ("16", (16, 16))],
)
def test_age_ranges(text: str, expected: tuple) -> None:
    assert parse_age_range(text) == expected


@pytest.mark.parametrize("text", ["6-3", "Kinder", "3-"])
def test_age_range_that_is_not_a_range(text: str) -> None:
    with pytest.raises(CellError, match="Altersbereich"):
        parse_age_range(text)


def test_text_helpers() -> None:
    assert clean_text("'=SUMME(A1)") == "=SUMME(A1)" and clean_text("  ") is None and clean_text(45889.0) == "45889"
    assert split_list("de; tr\nar;;") == ["de", "tr", "ar"]
    assert slug("AWO Ortsverein Nord e.V.") == "awo-ortsverein-nord-e-v" and slug("Süd") == "sued"
