"""Any table through a mapping file, and the suggested mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from graph.errors import InvalidData
from importers.mapping import load_mapping, parse_mapping, read_table
from importers.suggest import suggest_mapping

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _csv(tmp_path: Path, text: str, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _locations(parsed) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in parsed.report.errors]


def test_shipped_offer_list_cp1252_crosses_continuation_and_line_breaks() -> None:
    parsed = read_table(EXAMPLES / "angebote-beispiel.csv", EXAMPLES / "angebote-beispiel.toml")
    assert parsed.report.problems == []
    offers = {o.id: o for o in parsed.batch.offers}
    assert sorted(offers) == ["ang-1", "ang-2", "ang-3", "ang-4"]
    cafe = offers["ang-1"]
    assert cafe.description == "Offener Treff für Eltern\nmit Kinderbetreuung"
    assert [(p.actor, p.role) for p in cafe.providers] == [
        ("awo-ortsverein-nord-e-v", "lead"), ("jugendamt", "partner"), ("familienzentrum-nord", "partner")]
    assert cafe.topics == ["sprache", "armut-teilhabe", "gesundheit-bewegung"]  # last one from the continuation row
    assert (cafe.kind, cafe.cost, cafe.capacity, cafe.phases, cafe.districts) == ("group", "free", 1200, ["p0-3"], ["nord"])
    assert (cafe.start_date, cafe.last_verified, cafe.status) == (dt.date(2024, 1, 15), dt.date(2025, 6, 30), "active")
    assert cafe.source == "angebote-beispiel.csv, Zeile 3"
    assert (offers["ang-2"].age_min, offers["ang-2"].age_max, offers["ang-3"].age_min) == (3, 6, 5.5)
    assert offers["ang-4"].capacity == 1675 and offers["ang-4"].age_max is None
    assert offers["ang-4"].description == "=Teilnahme kostenlos"
    assert {d.id for d in parsed.batch.districts} == {"nord", "sued"}
    assert "kita-regenbogen" in {a.id for a in parsed.batch.actors}
    assert parsed.locations["ang-2"].row == 6 and parsed.locations["caritas-gelsenkirchen"].row == 6
    again = read_table(EXAMPLES / "angebote-beispiel.csv", EXAMPLES / "angebote-beispiel.toml")
    assert again.batch == parsed.batch  # re-reading changes nothing (no today's date anywhere)


def test_shipped_district_list_split_and_numbers() -> None:
    parsed = read_table(EXAMPLES / "sozialraeume-beispiel.csv", EXAMPLES / "sozialraeume-beispiel.toml")
    assert parsed.report.problems == []
    altstadt = parsed.batch.districts[0]
    assert (altstadt.id, altstadt.name, altstadt.population, altstadt.part_of) == ("altstadt", "Altstadt", 12500, "mitte")
    assert altstadt.children_by_phase == {"p0-3": 400, "p3-6": 380} and altstadt.share_social_benefits == pytest.approx(0.41)
    assert parsed.batch.districts[1].population == 1675


def test_xlsx_with_joined_columns_filter_and_value_lists(tmp_path: Path) -> None:
    path = tmp_path / "schulen.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Schulen"
    ws.append(["Nr", "Schulname 1", "Schulname 2", "Form", "Gemeinde", "Stand"])
    ws.append([101, "Städtische Gesamt-", "schule Nord", "15", "05513000", dt.datetime(2024, 5, 1)])
    ws.append([102, "Grundschule", "am Park", "02", "05117000", None])
    ws.append([103, "Grundschule", None, "02", "05513000", "01.02.2025"])
    wb.save(path)
    mapping = parse_mapping("""
[table]
entity = "actor"
sheet = "Schulen"
id_prefix = "schule-"
[filter]
Gemeinde = ["05513000"]
[fields]
id = "Nr"
name = { columns = ["Schulname 1", "Schulname 2"], hyphenated = true }
kind = "Form"
mandate_phases = "Form"
last_verified = "Stand"
[values.kind]
"15" = "school"
"02" = "Schule"
[values.mandate_phases]
"15" = ["p10-16", "p16-27"]
"02" = ["p6-10"]
""")
    parsed = read_table(path, mapping)
    assert parsed.report.problems == []
    actors = parsed.batch.actors
    assert [(a.id, a.name, a.kind, a.mandate_phases) for a in actors] == [
        ("schule-101", "Städtische Gesamtschule Nord", "school", ["p10-16", "p16-27"]),
        ("schule-103", "Grundschule", "school", ["p6-10"]),
    ]
    assert [a.last_verified for a in actors] == [dt.date(2024, 5, 1), dt.date(2025, 2, 1)]
    assert actors[0].source == "schulen.xlsx, Blatt Schulen, Zeile 2"


def test_mapping_naming_a_missing_column(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Angebot;Traeger\nA;B\n")
    mapping = tmp_path / "zuordnung.toml"
    mapping.write_text('[table]\nentity = "offer"\n[fields]\ntitle = "Angebot"\nproviders = "Träger"\n', encoding="utf-8")
    parsed = read_table(data, mapping)
    assert _locations(parsed) == [("zuordnung.toml", None, "Träger")]
    assert "Meinten Sie „Traeger“" in parsed.report.errors[0].message


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("[table\nentity=1", "kein gültiges TOML"),
        ('[table]\nentity = "angebot"', "nicht erlaubt"),
        ('[table]\nentity = "offer"\n[fields]\ntitel = "Titel"', "„titel“ gibt es für Angebote nicht"),
        ('[fields]\nname = { column = "A", template = "{B}" }', "genau eines"),
        ('[split."A"]\npattern = "(unclosed"', "regulärer Ausdruck"),
        ('[split."A"]\npattern = "(.*)"', "benannte Gruppen"),
        ('[tabelle]\nentity = "offer"', "Unbekannter Eintrag"),
    ],
)
def test_bad_mapping_files(tmp_path: Path, toml: str, words: str) -> None:
    with pytest.raises(InvalidData, match=words):
        parse_mapping(toml)
    mapping = tmp_path / "m.toml"
    mapping.write_text(toml, encoding="utf-8")
    parsed = read_table(_csv(tmp_path, "A;B\n1;2\n"), mapping)  # no exception escapes
    assert parsed.report.errors and parsed.report.errors[0].file == "m.toml"
    with pytest.raises(InvalidData):
        load_mapping(mapping)


def test_row_errors_are_all_reported(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Nr;Titel;Alter;Plätze\n1;A;6-3;2\n2;B;3-6;viele\n1;C;;\n4;;;\n5;E;Kinder;\n")
    mapping = parse_mapping('[table]\nentity = "offer"\n[fields]\nid = "Nr"\ntitle = "Titel"\nage = "Alter"\ncapacity = "Plätze"\n')
    parsed = read_table(data, mapping)
    assert [(p.row, p.column) for p in parsed.report.errors] == [
        (2, "Alter"), (3, "Plätze"), (4, "Nr"), (5, "Titel"), (6, "Alter")]
    assert "doppelt" in parsed.report.errors[2].message and "Zeile 2" in parsed.report.errors[2].message
    assert parsed.batch.offers == []


def test_generated_ids_of_same_names_get_a_suffix_and_a_warning(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Name\nJugendzentrum\nJugendzentrum\n")
    parsed = read_table(data, parse_mapping('[fields]\nname = "Name"\n'))
    assert [a.id for a in parsed.batch.actors] == ["jugendzentrum", "jugendzentrum-2"]
    assert [(w.row, w.column) for w in parsed.report.warnings] == [(3, "Name")]


def test_template_lines_and_unknown_crosses(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Name;Str;Ort;Mail;U3\nKita A;Weg 1;Stadt;;x\nKita B;;;b@x.de;vielleicht\n")
    mapping = parse_mapping('[fields]\nname = "Name"\naddress = { template = "{Str}, {Ort}" }\n'
                            'description = { template = "Mail: {Mail}" }\n[crosses.mandate_phases]\nU3 = "p0-3"\n')
    parsed = read_table(data, mapping)
    a, b = parsed.batch.actors
    assert (a.address, a.description, a.mandate_phases) == ("Weg 1, Stadt", None, ["p0-3"])
    assert (b.address, b.description, b.mandate_phases) == (None, "Mail: b@x.de", [])
    assert [(w.row, w.column) for w in parsed.report.warnings] == [(3, "U3")]


def test_values_are_shared_with_other_readers(tmp_path: Path) -> None:
    path = tmp_path / "kumu.toml"
    path.write_text('[values.kind]\n"Organisation" = "welfare_org"\n"Schule" = "school"\n', encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.values["kind"]["Schule"] == "school"
    assert mapping.map_value("kind", "organisation") == "welfare_org" and mapping.map_value("kind", "AG") == "AG"


def test_suggested_mapping_loads_and_reads(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Lfd. Nr.;Maßnahme;ANBIETER;Stadtteil;Zielgruppe;Alter;E-Mail;Sprachförderung;U3;Kita\n"
                          "1;Elterncafé;AWO Nord;Nord;Eltern;0-3;a@b.de;x;x;\n"
                          "2;Rucksack;Caritas;Süd;Familien;3-6;;x;;x\n")
    text = suggest_mapping(data)
    mapping = parse_mapping(text)
    assert mapping.table.entity == "offer"
    assert mapping.fields["title"].column == "Maßnahme" and mapping.fields["providers"].column == "ANBIETER"
    assert mapping.fields["districts"].column == "Stadtteil" and mapping.fields["age"].column == "Alter"
    assert mapping.crosses == {"topics": {"Sprachförderung": "sprache"}, "phases": {"U3": "p0-3", "Kita": "p3-6"}}
    parsed = read_table(data, mapping)
    assert parsed.report.problems == []
    assert [(o.id, o.topics, o.phases) for o in parsed.batch.offers] == [
        ("1", ["sprache"], ["p0-3"]), ("2", ["sprache"], ["p3-6"])]


def test_suggested_mapping_for_an_actor_list(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Träger;Strasse;PLZ;Ort;Art\nAWO Nord;Weg 1;45879;Gelsenkirchen;Verband\n")
    text = suggest_mapping(data)
    assert '"Verband" = "other"' in text
    parsed = read_table(data, parse_mapping(text))
    assert parsed.report.problems == []
    actor = parsed.batch.actors[0]
    assert (actor.name, actor.address, actor.kind) == ("AWO Nord", "Weg 1, 45879 Gelsenkirchen", "other")


def test_suggest_on_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match="leer"):
        suggest_mapping(_csv(tmp_path, ""))
