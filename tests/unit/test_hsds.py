"""Open Referral HSDS: reading 1.1 and 3.0 packages, writing 3.0, and the round trip."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from exporters import hsds as hsds_out
from exporters.hsds import write_hsds
from graph.model import Actor, GraphBatch, Offer
from importers import hsds as hsds_in
from importers.hsds import cost_from_text, default_life_phases, phases_for_ages, read_hsds
from importers.report import Severity
from tests.tiny_city import tiny_batch

DATA = Path(__file__).resolve().parent.parent / "data"


def _errors(parsed) -> list[str]:
    return [p.describe() for p in parsed.report.problems if p.severity == Severity.ERROR]


def test_hsds_1_1_sample_reads_with_provenance() -> None:
    parsed = read_hsds(DATA / "hsds-1.1" / "datapackage.json")
    b = parsed.batch
    assert parsed.report.format == "hsds-1.1" and parsed.report.ok
    assert (len(b.actors), len(b.offers), len(b.topics), len(b.districts)) == (3, 4, 1, 2)
    helpline = next(o for o in b.offers if o.title == "Never Homeless Helpline")
    assert helpline.languages == ["en", "es"]
    assert helpline.target_group == "adult" and helpline.funding == "Funding source A"
    assert helpline.last_verified == dt.date(2008, 9, 15)  # from metadata.csv, never today
    assert helpline.districts == ["sample-service-area", "new-york-city"]
    assert helpline.source == "hsds-1.1/services.csv, Zeile 2"
    assert next(o for o in b.offers if o.title == "Food Safety Program").status == "paused"
    sanctuary = next(a for a in b.actors if a.name == "Sanctuary Example City")
    assert sanctuary.address == "Address 1, Address 2, 10001 New York City" and sanctuary.district == "new-york-city"
    assert sanctuary.sector == "free_welfare"
    assert parsed.locations[helpline.id].sheet == "services.csv" and parsed.locations[helpline.id].row == 2
    located = next(a for a in b.actors if a.id == "18996320-649c-11e6-8b77-86f30ca893d3")
    assert (located.lon, located.lat) == (-119.897426, 39.428192)
    # offers without any place are warnings, not errors
    assert {p.row for p in parsed.report.warnings} == {3, 4, 5}


def test_hsds_3_0_package() -> None:
    parsed = read_hsds(DATA / "hsds-3.0")
    b = parsed.batch
    assert parsed.report.format == "hsds-3.0" and parsed.report.ok and not parsed.report.warnings
    cafe, kurs = b.offers
    assert cafe.phases == ["schwangerschaft", "p0-3"] and cafe.cost == "free" and cafe.languages == ["de", "tr"]
    assert cafe.last_verified == dt.date(2025, 6, 30) and cafe.topics == ["armut"] and cafe.districts == ["nord"]
    assert kurs.phases == ["p3-6", "p6-10"] and kurs.cost == "income_based" and kurs.status == "paused"
    assert kurs.description == "Kleine Gruppen,\nzweimal pro Woche."
    assert kurs.districts == ["sued", "teststadt"]  # service area first, then the location's city
    actors = {a.id: a for a in b.actors}
    assert actors["org-jugendamt"].part_of == "org-stadt" and actors["org-stadt"].sector == "public"
    assert actors["org-jugendamt"].address == "Markt 1, 45000 Teststadt"  # the physical, not the postal address
    assert [p.id for p in b.life_phases] == ["schwangerschaft", "p0-3", "p3-6", "p6-10"]
    points = {e.id: (e.lon, e.lat) for e in [*b.actors, *b.offers] if e.lon is not None}
    assert points == {"org-awo": (7.0893, 51.5521), "svc-elterncafe": (7.0893, 51.5521)}


def test_reading_twice_gives_the_same_batch() -> None:
    assert read_hsds(DATA / "hsds-3.0").batch == read_hsds(DATA / "hsds-3.0").batch


def _carried(batch: GraphBatch) -> dict:
    """What HSDS carries: actors and offers without capacity, partners and source; topics; district links."""
    actors = [a.model_dump(exclude={"source"}) for a in batch.actors]
    offers = []
    for o in batch.offers:
        d = o.model_dump(exclude={"source", "capacity"})
        d["providers"] = [p for p in d["providers"] if p["role"] == "lead"][:1]
        offers.append(d)
    return {"actors": actors, "offers": offers, "topics": batch.topics,
            "districts": sorted((d.id, d.name) for d in batch.districts
                                if any(d.id in o.districts for o in batch.offers) or any(a.district == d.id for a in batch.actors))}


def test_round_trip_keeps_what_hsds_carries(tmp_path: Path) -> None:
    batch = tiny_batch()
    parsed = read_hsds(write_hsds(batch, tmp_path))
    assert parsed.report.ok and parsed.report.format == "hsds-3.0", _errors(parsed)
    assert _carried(parsed.batch) == _carried(batch)
    # and a second trip changes nothing at all
    again = read_hsds(write_hsds(parsed.batch, tmp_path / "again"))
    assert _carried(again.batch) == _carried(parsed.batch)


def test_round_trip_of_all_statuses_kinds_and_dates(tmp_path: Path) -> None:
    offers = [
        Offer(id=f"o-{s}", title=f"Angebot {s}", status=s, kind="course", cost=c, start_date=dt.date(2024, 1, 1),
              end_date=dt.date(2024, 12, 31), languages=["ar", "Gebärdensprache"][: 1 if s != "ended" else 1])
        for s, c in [("planned", "fee"), ("active", "free"), ("paused", "income_based"), ("ended", None)]
    ]
    batch = GraphBatch(actors=[Actor(id="club", name="=Sportverein", kind="club", sector="civil_society")], offers=offers)
    parsed = read_hsds(write_hsds(batch, tmp_path))
    assert _carried(parsed.batch) == _carried(batch)
    assert "'=Sportverein" in (tmp_path / "organization.csv").read_text(encoding="utf-8")  # formula neutralised


def test_empty_batch_round_trip(tmp_path: Path) -> None:
    parsed = read_hsds(write_hsds(GraphBatch(), tmp_path))
    assert parsed.report.ok and parsed.batch == GraphBatch()


def test_exporter_and_reader_share_conventions() -> None:
    for name in ("VOCAB_ACTOR_KIND", "VOCAB_SECTOR", "VOCAB_OFFER_KIND", "VOCAB_PHASE", "VOCAB_TRANSITION",
                 "DISTRICT_URN", "PLANNED_ALERT", "FORMULA_START"):
        assert getattr(hsds_in, name) == getattr(hsds_out, name), name


def test_datapackage_lists_every_table(tmp_path: Path) -> None:
    write_hsds(tiny_batch(), tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "3.0"
    for res in descriptor["resources"]:
        with (tmp_path / res["path"]).open(encoding="utf-8") as f:
            assert next(csv.reader(f)) == [fld["name"] for fld in res["schema"]["fields"]]


def test_phases_for_ages_and_costs() -> None:
    phases = default_life_phases()
    assert phases_for_ages(3, 6, phases) == ["p3-6"]
    assert phases_for_ages(40, 60, phases) == []
    assert phases_for_ages(16, None, phases) == ["p16-27"]
    assert cost_from_text(["Sliding scale fee"]) == "income_based" and cost_from_text([""]) is None


# -- bad input: a German error at file/table/row/column, never an exception ---------------------


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "hsds-3.0", tmp_path / "pkg"))


def test_empty_folder(tmp_path: Path) -> None:
    parsed = read_hsds(tmp_path)
    assert not parsed.report.ok and "kein HSDS-Datenpaket" in parsed.report.errors[0].message


def test_malformed_datapackage(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    (pkg / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    err = read_hsds(pkg).report.errors[0]
    assert err.file == "pkg/datapackage.json" and "kein gültiges JSON" in err.message


def test_resource_outside_the_package(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../../etc/passwd.csv"
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert any("nur CSV-Dateien im Paketordner" in e.message for e in read_hsds(pkg).report.errors)


def test_missing_service_table(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    (pkg / "service.csv").unlink()
    parsed = read_hsds(pkg)
    assert any("Tabelle „service.csv“ fehlt" in e.message for e in parsed.report.errors)


def test_empty_table(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    (pkg / "organization.csv").write_text("", encoding="utf-8")
    err = read_hsds(pkg).report.errors[0]
    assert err.file == "pkg/organization.csv" and "leer" in err.message


def test_duplicate_id_and_unknown_organization(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    text = (pkg / "service.csv").read_text(encoding="utf-8")
    text = text.replace("svc-sprachkurs,org-jugendamt", "svc-elterncafe,org-unbekannt")
    (pkg / "service.csv").write_text(text, encoding="utf-8")
    errors = read_hsds(pkg).report.errors
    assert [(e.file, e.row, e.column) for e in errors] == [("pkg/service.csv", 3, "id")]
    assert "doppelt" in errors[0].message
    text = text.replace("svc-elterncafe,org-unbekannt", "svc-neu,org-unbekannt")
    (pkg / "service.csv").write_text(text, encoding="utf-8")
    err = read_hsds(pkg).report.errors[0]
    assert (err.row, err.column) == (3, "organization_id") and "org-unbekannt" in err.message


def test_missing_required_column(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    text = (pkg / "organization.csv").read_text(encoding="utf-8").replace("id,name,", "id,titel,", 1)
    (pkg / "organization.csv").write_text(text, encoding="utf-8")
    err = read_hsds(pkg).report.errors[0]
    assert (err.file, err.row, err.column) == ("pkg/organization.csv", 1, "name") and "Pflichtspalte" in err.message


@pytest.mark.parametrize(("value", "expected"), [("abc", "keine Zahl"), ("12", None)])
def test_bad_age(tmp_path: Path, value: str, expected: str | None) -> None:
    pkg = _copy(tmp_path)
    text = (pkg / "service.csv").read_text(encoding="utf-8").replace(",0,3,2025", f",{value},3,2025")
    (pkg / "service.csv").write_text(text, encoding="utf-8")
    parsed = read_hsds(pkg)
    if expected:
        assert expected in parsed.report.errors[0].message and parsed.report.errors[0].column == "minimum_age"
    else:  # 12 > 3: the model refuses the range; still an error in the report, not an exception
        assert "Kein Altersbereich" in parsed.report.errors[0].message  # German, not pydantic's English


def test_location_without_a_usable_point_is_a_warning(tmp_path: Path) -> None:
    pkg = _copy(tmp_path)
    text = (pkg / "location.csv").read_text(encoding="utf-8").replace("51.5521,7.0893", "5710348,368578")
    (pkg / "location.csv").write_text(text, encoding="utf-8")
    parsed = read_hsds(pkg)
    assert parsed.report.ok
    assert all(e.lon is None and e.lat is None for e in [*parsed.batch.actors, *parsed.batch.offers])
    [warning] = parsed.report.warnings
    assert (warning.file, warning.row, warning.column) == ("pkg/location.csv", 2, "longitude")
    assert "UTM" in warning.message and "ohne Koordinaten" in warning.message
