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
        ('[coordinates]\nx = "A"\ny = "B"\ncrs = "UTM32"', "Koordinatensystem „UTM32“ ist unbekannt"),
        ('[table]\nentity = "district"\n[coordinates]\nx = "A"\ny = "B"', "Sozialräume haben keine Koordinaten"),
        ('[fields]\nlon = "A"\n[coordinates]\nx = "A"\ny = "B"', "nicht zusätzlich"),
        ('[coordinates]\nx = "A"', "coordinates.y"),
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
    assert [(p.row, p.column) for p in parsed.report.errors] == [(3, "Plätze"), (4, "Nr"), (5, "Titel")]
    assert "doppelt" in parsed.report.errors[1].message and "Zeile 2" in parsed.report.errors[1].message
    # an unreadable age is a warning on its row: the offer stays, without an age
    assert [(p.row, p.column) for p in parsed.report.warnings if p.column == "Alter"] == [(2, "Alter"), (6, "Alter")]
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


UTM_LIST = (
    "Nr;Name;Rechtswert;Hochwert\n"
    "1;Grundschule Marschallstraße;368578;5710348\n"  # Gelsenkirchen-Bismarck
    "2;Kita ohne Ort;null;\n"
    "3;Kita vertauscht;5710348;368578\n"
    "4;Kita halb;368578;\n"
    "5;Kita Tippfehler;36857B;5710348\n"
    "6;Kita mit Tausenderpunkten;368.578;5.710.348\n"
)
UTM_MAPPING = """
[fields]
id = "Nr"
name = "Name"
[coordinates]
x = "Rechtswert"
y = "Hochwert"
crs = "EPSG:25832"
"""


def test_coordinates_in_utm_become_wgs84(tmp_path: Path) -> None:
    parsed = read_table(_csv(tmp_path, UTM_LIST), parse_mapping(UTM_MAPPING))
    assert parsed.report.ok
    points = {a.id: (a.lon, a.lat) for a in parsed.batch.actors}
    assert points["1"] == pytest.approx((7.1053814, 51.5289295), abs=1e-7)
    assert points["6"] == points["1"]  # German thousands points in metres
    assert points["2"] == points["3"] == points["4"] == points["5"] == (None, None)  # imported, without a point
    warnings = [(w.row, w.column, w.message) for w in parsed.report.warnings]
    assert [(row, column) for row, column, _ in warnings] == [(4, "Rechtswert"), (5, "Rechtswert"), (6, "Rechtswert")]
    assert "vertauscht" in warnings[0][2] and "Nur eine" in warnings[1][2] and "„36857B“" in warnings[2][2]
    assert all("ohne Koordinaten übernommen" in m for *_, m in warnings)
    assert {"lon", "lat"} <= parsed.batch.actors[0].model_fields_set
    assert not {"lon", "lat"} & parsed.batch.actors[1].model_fields_set  # no point: the stored one stays


def test_coordinates_in_wgs84_with_decimal_commas_and_continuation_rows(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Nr;Titel;Länge;Breite\n1;Elterncafé;7,123;51,5\n2;Kurs;;\n;;7.2;51.45\n")
    mapping = parse_mapping('[table]\nentity = "offer"\ncontinue_if_empty = "Nr"\n[fields]\nid = "Nr"\ntitle = "Titel"\n'
                            '[coordinates]\nx = "Länge"\ny = "Breite"\n')
    parsed = read_table(data, mapping)
    assert parsed.report.problems == []
    assert [(o.id, o.lon, o.lat) for o in parsed.batch.offers] == [("1", 7.123, 51.5), ("2", 7.2, 51.45)]
    wrong = read_table(_csv(tmp_path, "Nr;Titel;Länge;Breite\n1;A;368578;5710348\n", "utm.csv"), mapping)
    assert "UTM" in wrong.report.warnings[0].message and wrong.batch.offers[0].lon is None


def test_coordinate_columns_must_exist(tmp_path: Path) -> None:
    parsed = read_table(_csv(tmp_path, "Nr;Name;X;Y\n1;A;1;2\n"), parse_mapping(UTM_MAPPING))
    assert [e.column for e in parsed.report.errors] == ["Rechtswert", "Hochwert"]


def test_wgs84_columns_as_fields(tmp_path: Path) -> None:
    data = _csv(tmp_path, "Name;Längengrad;Breitengrad\nKita;7.123;51,5\nHort;368578;5710348\n")
    parsed = read_table(data, parse_mapping('[fields]\nname = "Name"\nlon = "Längengrad"\nlat = "Breitengrad"\n'))
    [error_lon, error_lat] = parsed.report.errors  # as fields they are cells like any other: errors
    assert (error_lon.row, error_lon.column) == (3, "Längengrad") and "[coordinates]" in error_lon.message
    assert error_lat.column == "Breitengrad"


def test_shipped_nrw_mapping_on_a_hand_made_excerpt(tmp_path: Path) -> None:
    header = ("Schulnummer;Schulform;Schulbezeichnung_1;Schulbezeichnung_2;Schulbezeichnung_3;Kurzbezeichnung;PLZ;Ort;"
              "Strasse;Telefonvorwahl;Telefon;Faxvorwahl;Fax;E-Mail;Homepage;Rechtsform;Traegernummer;"
              "Gemeindeschluessel;Schulbetriebsschluessel;Schulbetriebsdatum;EPSG;UTMRechtswert;UTMHochwert;")
    rows = [
        '"100001";"02";"Städt. Gem. Grundschule";"";"";"GE, GG Beispiel";"45889";"Gelsenkirchen";"Beispielstr. 1";'
        '"0209";"123";"";"";"100001@schule.nrw.de";"";"1";"1";"05513000";"1";"01.08.1973";"EPSG:25832";"368578";"5710348"',
        '"100002";"20";"Gymnasium";"";"";"MH, Gym";"45468";"Mülheim";"Weg 2";"";"";"";"";"";"";"1";"1";"05117000";'
        '"1";"01.08.1973";"EPSG:25832";"352000";"5700000"',
        '"100003";"0A";"Schulamt für die";"Stadt Gelsenkirchen";"";"SchA GE";"45875";"Gelsenkirchen";"Rathaus";'
        '"";"";"";"";"";"";"1";"1";"05513000";"";"";"null";"";""',
    ]
    data = tmp_path / "schuldaten.csv"
    data.write_text("sep=;\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    parsed = read_table(data, EXAMPLES / "nrw-schulen-gelsenkirchen.toml")
    assert parsed.report.problems == []
    school, office = parsed.batch.actors
    assert (school.id, school.kind, school.mandate_phases) == ("schule-100001", "school", ["p6-10"])
    assert (school.lon, school.lat) == pytest.approx((7.1053814, 51.5289295), abs=1e-7)
    assert "UTM" not in (school.description or "")  # the point is a field now, not text
    assert (office.name, office.kind, office.lon) == ("Schulamt für die Stadt Gelsenkirchen", "department", None)


def test_generic_provider_names_become_one_actor_per_place() -> None:
    """A Landkreis list: „Sportplatz“ in two municipalities is two actors, „Privater Träger“ one per line;
    ages are read in German forms, an unreadable one is a warning and the offer stays."""
    data = Path(__file__).resolve().parent.parent / "data" / "angebote-landkreis.csv"
    mapping = parse_mapping(
        '[table]\nentity = "offer"\n[fields]\ntitle = "Angebot"\nage = "Alter"\n'
        'providers = { column = "Träger", by = "name" }\ndistricts = { column = "Gemeinde", by = "name" }\n'
    )
    parsed = read_table(data, mapping)
    assert parsed.report.ok, [p.message for p in parsed.report.errors]
    providers = {o.title: o.providers[0].actor for o in parsed.batch.offers}
    assert providers["Kinderturnen"] == providers["Bambini-Fußball"] == "sportplatz-brigachtal"
    assert providers["Fußball für Kinder"] == "sportplatz-donaueschingen"
    assert providers["Tagespflege Sonnenschein"] != providers["Tagespflege Wichtel"]
    assert providers["Eltern-Kind-Gruppe"] == "awo-ortsverein-brigachtal-e-v"
    names = {a.id: a.name for a in parsed.batch.actors}
    assert names["sportplatz-donaueschingen"] == "Sportplatz (Donaueschingen)"
    assert "sportplatz" not in names
    ages = {o.title: (o.age_min, o.age_max) for o in parsed.batch.offers}
    assert ages["Bambini-Fußball"] == (3, 6) and ages["Fußball für Kinder"] == (6, None)
    assert ages["Eltern-Kind-Gruppe"] == (None, None)
    assert any(w.column == "Alter" and w.row == 7 for w in parsed.report.warnings)
    assert sum("kein eindeutiger Trägername" in w.message for w in parsed.report.warnings) == 4
