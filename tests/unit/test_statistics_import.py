"""Stadtteil statistics as offices publish them (tests/data: Hamburg- and Köln-shaped, made up)."""

from __future__ import annotations

from pathlib import Path

from graph.demo import default_frame
from graph.model import District
from importers.statistics import match_to_stored, read_statistics

DATA = Path(__file__).resolve().parent.parent / "data"
STORED = [
    District(id="stadt", name="Stadt", kind="city"),
    District(id="nord", name="Nord", part_of="stadt"),
    District(id="sued", name="Süd", part_of="stadt"),
    District(id="bocklemuend", name="Bocklemünd/Mengenich", part_of="stadt"),
    District(id="mitte", name="Mitte", part_of="stadt"),
]


def _messages(parsed) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.message for p in parsed.report.problems]


def test_per_cent_below_one_stays_per_cent() -> None:
    """Hamburg: „… in %“ with 0,8 is 0.8 %, never 80 %; 124 % is a located warning, not taken."""
    parsed = read_statistics(DATA / "stadtteilprofil.csv")
    assert parsed.report.ok
    by_name = {d.name: d for d in parsed.batch.districts}
    assert by_name["Süd"].share_social_benefits == 0.008
    assert by_name["Nord"].share_social_benefits == 0.284 and by_name["Nord"].share_single_parents == 0.325
    assert "share_social_benefits" not in by_name["Bocklem./Mengenich"].model_fields_set
    out_of_range = [p for p in parsed.report.problems if "nicht zwischen 0 und 100 %" in p.message]
    assert [(p.row, p.column) for p in out_of_range] == [(4, "Anteil der unter 15-Jährigen in Mindestsicherung in % (Dez 2013)")]
    # the under-18 band is spread over 0–18; the pre-school phase 3–6 gets three eighteenths
    assert by_name["Nord"].children_by_phase["p3-6"] == 300
    messages = _messages(parsed)
    assert any("Wohnfläche" in m and "nicht übernommen" in m for m in messages)  # nothing dropped silently
    assert any("„Mitte“ steht schon in Zeile 5" in m for m in messages)  # the Bezirk row of the same name


def test_koeln_bands_fractions_and_matching_to_stored_districts() -> None:
    parsed = read_statistics(DATA / "altersgruppen.csv")
    assert any("als Anteile (0–1) gelesen" in m for m in _messages(parsed))
    matched = match_to_stored(parsed, STORED, default_frame().life_phases)
    assert matched.report.ok, _messages(matched)
    by_id = {d.id: d for d in matched.batch.districts}
    assert set(by_id) == {"nord", "sued", "bocklemuend", "stadt"}  # by name, the abbreviation; the city summed
    assert any("„Bocklem./Mengenich“ wurde dem Sozialraum „Bocklemünd/Mengenich“" in m for m in _messages(matched))
    nord = by_id["nord"]
    assert nord.children_by_phase["p0-3"] == 400 and nord.children_by_phase["p3-6"] == 380
    assert nord.children_by_phase["p6-10"] == 400  # 4/9 of the 6–14 band
    assert nord.share_social_benefits == 0.41 and nord.population == 12301
    assert nord.model_fields_set == {"id", "children_by_phase", "population", "share_social_benefits"}
    assert nord.name == "Nord" and nord.part_of is None  # the stored tree stays (part_of is not set here)


def test_unknown_district_is_an_error_unless_created() -> None:
    parsed = read_statistics(DATA / "altersgruppen.csv")
    refused = match_to_stored(parsed, STORED[:2], default_frame().life_phases)
    assert not refused.report.ok
    assert any("Den Sozialraum „Süd“ gibt es nicht" in p.message and p.row == 3 for p in refused.report.errors)
    created = match_to_stored(parsed, STORED[:2], default_frame().life_phases, create_missing=True)
    assert created.report.ok and {d.id for d in created.batch.districts} == {"nord", "2", "3", "stadt"}


def test_a_name_that_merely_contains_another_is_not_matched() -> None:
    parsed = read_statistics(DATA / "altersgruppen.csv")
    matched = match_to_stored(parsed, [District(id="nord-ost", name="Nord-Ost")], default_frame().life_phases)
    assert any("Den Sozialraum „Nord“ gibt es nicht" in p.message for p in matched.report.errors)


def test_districts_above_the_rows_are_summed_from_their_parts() -> None:
    parsed = read_statistics(DATA / "altersgruppen.csv")
    matched = match_to_stored(parsed, STORED, default_frame().life_phases)
    city = next(d for d in matched.batch.districts if d.id == "stadt")
    assert city.population == 12301 + 7271 + 2000
    assert city.children_by_phase["p0-3"] == 400 + 210 + 60
    expected = round((0.41 * 12301 + 0.12 * 7271 + 0.2 * 2000) / (12301 + 7271 + 2000), 4)
    assert city.share_social_benefits == expected
    assert "share_single_parents" not in city.model_fields_set and city.name == "Stadt"
    assert any("Aus ihren Teilräumen summiert" in p.message and "„Stadt“" in p.message for p in matched.report.warnings)
