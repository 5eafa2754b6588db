"""Need from statistics as offices publish them: age bands that do not match the phases."""

from __future__ import annotations

from graph.demo import default_frame
from graph.model import District
from graph.need import parse_age_band, roll_up, spread_to_phases


def test_koeln_style_bands_spread_onto_the_default_life_course() -> None:
    # header and one row as Köln publishes them: "0 - 2", " 3 - 5", " 6 - 14", "15 - 17" (stray spaces)
    header = ["0 - 2", " 3 - 5", " 6 - 14", "15 - 17", "18 - 20", "21 - 34"]
    row = [521, 356, 881, 370, 651, 9171]
    bands = {parse_age_band(h): n for h, n in zip(header, row)}
    assert None not in bands
    phases = spread_to_phases(bands, default_frame().life_phases)
    assert phases["p0-3"] == 521 and phases["p3-6"] == 356  # limits coincide: exact
    assert phases["p6-10"] == round(881 * 4 / 9)  # uniform within the band 6–14
    assert phases["p10-16"] == round(881 * 5 / 9 + 370 / 3)
    assert phases["p16-27"] == round(370 * 2 / 3 + 651 + 9171 * 6 / 14)


def test_unter_and_bis_unter_bands() -> None:
    bands = {parse_age_band("unter 6"): 600, parse_age_band("6 bis unter 15"): 900}
    phases = {p.id: p for p in default_frame().life_phases}
    spread = spread_to_phases(bands, [phases["p3-6"], phases["p6-10"]])
    assert spread == {"p3-6": 300, "p6-10": 400}
    assert parse_age_band("Einwohner insgesamt") is None and parse_age_band("Nr.") is None


def test_roll_up_planungsraum_to_bezirk_weights_shares_by_population() -> None:
    districts = [
        District(id="stadt", name="Stadt", kind="city"),
        District(id="bezirk", name="Bezirk", part_of="stadt"),
        District(id="pr-1", name="Prognoseraum 1", part_of="bezirk"),
        District(id="plr-a", name="A", part_of="pr-1", population=1000, children_by_phase={"p3-6": 50},
                 share_social_benefits=0.40),
        District(id="plr-b", name="B", part_of="pr-1", population=3000, children_by_phase={"p3-6": 90},
                 share_social_benefits=0.08),
        District(id="pr-2", name="Prognoseraum 2", part_of="bezirk", population=500,
                 children_by_phase={"p3-6": 10}),  # own figures, no share
    ]
    up = {d.id: d for d in roll_up(districts)}
    assert up["pr-1"].children_by_phase == {"p3-6": 140} and up["pr-1"].population == 4000
    assert up["pr-1"].share_social_benefits == round((0.4 * 1000 + 0.08 * 3000) / 4000, 4)
    assert up["bezirk"].children_by_phase == {"p3-6": 150} and up["stadt"].population == 4500
    assert up["pr-2"].children_by_phase == {"p3-6": 10}  # own figures stay
    assert roll_up([]) == []
