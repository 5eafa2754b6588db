"""German-aware normalisation for matching names and titles."""

from __future__ import annotations

import pytest

from graph.analysis.normalise import compact, fold, normalise, strip_legal_forms, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Familienbildungsstaette", "Familienbildungsstätte"),
        ("Ev. Familienbildungsstaette Musterstadt", "Evangelische Familienbildungsstätte Musterstadt"),
        ("AWO OV Nord", "Arbeiterwohlfahrt Ortsverein Nord e.V."),
        ("HA-Hilfe GGS Ostpark", "Hausaufgabenhilfe an der Gemeinschaftsgrundschule Ostpark"),
        ("DRK-Kita Pusteblume", "Deutsches Rotes Kreuz Kindertagesstätte Pusteblume"),
        ("Städt. Kita Sonnenschein", "Städtische KiTa Sonnenschein"),
        ("Kath. Kirchengemeinde St. Marien", "Katholische Kirchengemeinde Sankt Marien"),
        ("FBS Musterstadt", "Familienbildungsstätte Musterstadt"),
        ("AWO KV Musterstadt e. V.", "Arbeiterwohlfahrt Kreisverband Musterstadt eV"),
        ("Café Nord", "Cafe Nord"),
        ("Diakonie Jugendhilfe gGmbH", "Diakonie Jugendhilfe"),
        ("Stadtwerke AöR", "Stadtwerke"),
        ("Wohnungsbau GmbH & Co. KG", "Wohnungsbau"),
        ("Nach-Hilfe", "Nachhilfe"),
    ],
)
def test_spellings_of_the_same_name_normalise_equally(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_fold_lowers_and_folds_umlauts_and_accents() -> None:
    assert fold("Süßes Café ÖZ Yılmaz") == "suesses cafe oez yilmaz"


def test_stop_words_and_punctuation_are_dropped() -> None:
    assert tokens("Sprachförderung in der Kita (Hafenviertel)") == ["sprachfoerderung", "kita", "hafenviertel"]
    assert tokens("Eltern-Kind-Gruppe") == ["eltern", "kind", "gruppe"]
    assert tokens("Der die das", drop_stop_words=False) == ["der", "die", "das"]


def test_expansion_can_be_switched_off() -> None:
    assert tokens("AWO OV", expand=False) == ["awo", "ov"]


def test_ev_is_evangelische_but_e_v_is_a_legal_form() -> None:
    assert tokens("Ev. Kita Arche Noah") == ["evangelische", "kita", "arche", "noah"]
    assert tokens("Förderverein e.V.") == ["foerderverein"]
    assert tokens("Förderverein eV") == ["foerderverein"]
    assert strip_legal_forms("Lesepaten Musterstadt e.V.") == "Lesepaten Musterstadt"


def test_ag_is_a_working_group_not_a_legal_form() -> None:
    assert tokens("AG Frühe Hilfen") == ["ag", "fruehe", "hilfen"]


def test_compact_joins_compounds() -> None:
    assert compact("Eltern-Cafe Nord") == compact("Elterncafé Nord") == "elterncafenord"


def test_empty_and_none() -> None:
    assert tokens(None) == [] and tokens("") == [] and normalise(None) == "" and compact("") == ""
