"""A tiny, hand-made city for tests: two districts, three phases, a handful of offers."""

from __future__ import annotations

import datetime as dt

from graph.model import (
    Actor,
    Cooperation,
    District,
    GraphBatch,
    LifePhase,
    Membership,
    Offer,
    Topic,
    Transition,
)


def tiny_batch() -> GraphBatch:
    """Stadt > {Nord, Süd}; Kita → Grundschule is bridged in Süd only (by a city-wide
    offer? no: by one in Süd), Krippe → Kita everywhere (city-wide offer)."""
    return GraphBatch(
        life_phases=[
            LifePhase(id="p0-3", name="0–3 Jahre", order=1, age_min=0, age_max=3),
            LifePhase(id="p3-6", name="3–6 Jahre (Kita)", order=2, age_min=3, age_max=6),
            LifePhase(id="p6-10", name="6–10 Jahre (Grundschule)", order=3, age_min=6, age_max=10),
        ],
        transitions=[
            Transition(id="ue-krippe-kita", name="Krippe → Kita", from_phase="p0-3", to_phase="p3-6"),
            Transition(id="ue-kita-gs", name="Kita → Grundschule", from_phase="p3-6", to_phase="p6-10"),
        ],
        topics=[
            Topic(id="sprache", name="Sprache"),
            Topic(id="armut", name="Armut und Teilhabe", description="BuT, Teilhabe"),
        ],
        districts=[
            District(id="stadt", name="Teststadt", kind="city", population=50000),
            District(
                id="nord", name="Nord", part_of="stadt", population=12000,
                children_by_phase={"p0-3": 400, "p3-6": 380, "p6-10": 500},
                share_social_benefits=0.41, share_single_parents=0.22,
            ),
            District(id="sued", name="Süd", part_of="stadt", population=9000, share_social_benefits=0.12),
        ],
        actors=[
            Actor(id="stadtverwaltung", name="Stadtverwaltung Teststadt", kind="administration", sector="public"),
            Actor(
                id="jugendamt", name="Jugendamt", kind="department", sector="public",
                part_of="stadtverwaltung", source="Test", last_verified=dt.date(2025, 3, 1),
            ),
            Actor(id="awo", name="AWO Ortsverein Nord e.V.", kind="welfare_org", sector="free_welfare", district="nord"),
            Actor(id="kita-sonne", name="Kita Sonnenschein", kind="kita", sector="free_welfare", district="sued"),
            Actor(
                id="ag-uebergang", name="AG Übergang Kita–Schule", kind="committee", sector="public",
                mandate_topics=["sprache"], mandate_phases=["p3-6", "p6-10"],
            ),
        ],
        offers=[
            Offer(
                id="o-elterncafe", title="Elterncafé Nord", description="Offener Treff für Eltern.",
                kind="group", target_group="Eltern", age_min=0, age_max=3, languages=["de", "tr"],
                cost="free", capacity=20, status="active", start_date=dt.date(2024, 1, 15),
                funding="Kommunaler Haushalt", source="Test", last_verified=dt.date(2025, 6, 30),
                providers=[{"actor": "awo", "role": "lead"}, {"actor": "jugendamt", "role": "partner"}],
                phases=["p0-3"], topics=["armut"], districts=["nord"],
            ),
            Offer(
                id="o-kitastart", title="Kita-Startbegleitung", kind="counselling", status="active",
                providers=[{"actor": "jugendamt"}], phases=["p0-3", "p3-6"],
                transitions=["ue-krippe-kita"], topics=["sprache"], districts=["stadt"],
            ),
            Offer(
                id="o-bruecke-sued", title="Brückenjahr Süd", kind="group", status="active",
                providers=[{"actor": "kita-sonne"}], phases=["p3-6", "p6-10"],
                transitions=["ue-kita-gs"], topics=["sprache"], districts=["sued"],
            ),
            Offer(
                id="o-bruecke-nord", title="Brückenjahr Nord (beendet)", kind="group", status="ended",
                providers=[{"actor": "awo"}], phases=["p3-6", "p6-10"],
                transitions=["ue-kita-gs"], topics=["sprache"], districts=["nord"],
            ),
        ],
        cooperations=[
            Cooperation(actor="awo", partner="jugendamt", kind="formal_agreement", formal=True, since=dt.date(2019, 5, 1)),
            Cooperation(actor="kita-sonne", partner="awo", kind="referral"),
        ],
        memberships=[
            Membership(actor="awo", committee="ag-uebergang", role="Mitglied"),
            Membership(actor="jugendamt", committee="ag-uebergang", role="Vorsitz"),
        ],
    )


#: the gaps tiny_batch() plants: (district, transition)
TINY_GAPS = [("nord", "ue-kita-gs")]
