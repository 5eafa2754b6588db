"""The network map: self-contained, escaped, deterministic, and faithful to the graph."""

from __future__ import annotations

import json
import re
import time

import pytest

from graph.analysis.gaps import find_transition_gaps
from graph.projection import build_graph
from visualisations.layout import compute_layout, gap_node_id
from visualisations.network_map import build_map_data, render_network_map

HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def _node(node_id, label, **props):
    return (node_id, label, {"id": node_id, **props})


def tiny_city(*, actor_name="AWO Ortsverein Nord e.V.", offer_title="Elterncafé", with_bridge=False):
    """Two districts, two phases, one transition; in Süd nothing bridges it (a gap)."""
    nodes = [
        _node("city", "District", name="Musterstadt", kind="city"),
        _node("nord", "District", name="Nord"),
        _node("sued", "District", name="Süd"),
        _node("kita", "LifePhase", name="Kita", order=1),
        _node("gs", "LifePhase", name="Grundschule", order=2),
        _node("kita-gs", "Transition", name="Kita → Grundschule"),
        _node("sprache", "Topic", name="Sprache"),
        _node("awo", "Actor", name=actor_name, kind="welfare_org", sector="free_welfare"),
        _node("jugendamt", "Actor", name="Jugendamt", kind="department"),
        _node("ag", "Actor", name="AG Übergang Kita–Schule", kind="committee"),
        _node("cafe", "Offer", title=offer_title, status="active"),
        _node("bruecke", "Offer", title="Brückenjahr", status="active"),
        _node("plan", "Offer", title="Schulstart-Lotsen", status="planned"),
    ]
    edges = [
        ("nord", "city", "PART_OF", {}),
        ("sued", "city", "PART_OF", {}),
        ("kita-gs", "kita", "FROM_PHASE", {}),
        ("kita-gs", "gs", "TO_PHASE", {}),
        ("awo", "cafe", "PROVIDES", {"role": "lead"}),
        ("jugendamt", "bruecke", "PROVIDES", {"role": "lead"}),
        ("awo", "bruecke", "PROVIDES", {"role": "partner"}),
        ("jugendamt", "plan", "PROVIDES", {"role": "lead"}),
        ("cafe", "kita", "FOR_PHASE", {}),
        ("cafe", "sprache", "ADDRESSES", {}),
        ("cafe", "nord", "IN_DISTRICT", {}),
        ("bruecke", "kita", "FOR_PHASE", {}),
        ("bruecke", "gs", "FOR_PHASE", {}),
        ("bruecke", "kita-gs", "BRIDGES", {}),
        ("bruecke", "nord", "IN_DISTRICT", {}),
        ("plan", "kita-gs", "BRIDGES", {}),
        ("plan", "sued", "IN_DISTRICT", {}),
        ("awo", "jugendamt", "COOPERATES_WITH", {"kind": "formal_agreement", "formal": True}),
        ("jugendamt", "awo", "COOPERATES_WITH", {"kind": "referral", "formal": False}),
        ("awo", "ag", "MEMBER_OF", {}),
        ("jugendamt", "ag", "MEMBER_OF", {}),
    ]
    return build_graph(nodes, edges)


def embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="praevnet-data">(.*?)</script>', html, re.S)
    assert match, "no embedded map data"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def city():
    G = tiny_city()
    return G, find_transition_gaps(G)


def test_page_is_self_contained(city):
    G, gaps = city
    html = render_network_map(G, gaps=gaps)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in html
    assert "vis-network" in html and "new vis.Network(" in html
    assert "9.1.2" in html  # the library itself is inline, not linked
    external = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)
    assert not external.search(html)
    assert "cdn" not in html.lower()
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)


def test_hostile_names_cannot_inject_markup():
    G = tiny_city(actor_name=HOSTILE, offer_title=HOSTILE)
    html = render_network_map(G, gaps=find_transition_gaps(G), title=HOSTILE)
    assert "<script>alert" not in html
    assert "<img" not in html
    # our own scripts only: the data block, vis-network and the page script
    assert html.count("</script>") == 3
    assert len(re.findall(r"<script[ >]", html)) == 4  # + a "<script>" string inside vis-network's core-js
    assert "<!--" not in html and "sourceMappingURL" not in html
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)" in html
    data = embedded(html)
    names = {n["search"] for n in data["nodes"]}
    assert HOSTILE in names  # intact once parsed as JSON
    assert HOSTILE in next(n["title"] for n in data["nodes"] if n["id"] == "awo")


def test_hostile_gap_explanation_is_escaped(city):
    G, gaps = city
    bad = [gaps[0].model_copy(update={"explanation": HOSTILE, "district_name": "<b>Süd</b>"})]
    html = render_network_map(G, gaps=bad)
    assert "<b>Süd</b>" not in html and "&lt;b&gt;Süd&lt;/b&gt;" in html
    assert "<img" not in html


def test_gaps_are_on_the_map_and_in_the_panel(city):
    G, gaps = city
    assert [(g.district, g.transition) for g in gaps] == [("sued", "kita-gs")]
    html = render_network_map(G, gaps=gaps)
    explanation = gaps[0].explanation
    assert "Im Sozialraum Süd begleitet kein Angebot den Übergang Kita → Grundschule." in explanation
    assert explanation in html  # side panel (no character there needs escaping)
    assert "Lücke: Kita → Grundschule (Süd)" in html
    assert f'data-node="{gap_node_id(gaps[0])}"' in html
    data = embedded(html)
    gap_nodes = [n for n in data["nodes"] if n["kind"] == "gap"]
    assert len(gap_nodes) == 1
    assert gap_nodes[0]["label"].startswith("Lücke: Kita → Grundschule")
    assert explanation in gap_nodes[0]["title"]
    # the planned offer that would bridge it is linked to the gap
    assert [(e["from"], e["to"]) for e in data["edges"] if e["rel"] == "GAP"] == [(gap_node_id(gaps[0]), "plan")]
    assert len(data["guides"]["gaps"]) == 1


def test_gap_sits_between_its_two_phase_columns_in_its_district(city):
    G, gaps = city
    layout = compute_layout(G, gaps)
    kita, gs = (c for c in layout.columns if c.key in ("kita", "gs"))
    x, y = layout.positions[gap_node_id(gaps[0])]
    assert kita.x1 < x < gs.x0
    sued = next(b for b in layout.bands if b.key == "sued")
    assert sued.y0 <= y <= sued.y1
    assert layout.offer_column == {"bruecke": "kita", "cafe": "kita", "plan": "kita"}


def test_counts_in_data_match_the_graph(city):
    G, gaps = city
    data = embedded(render_network_map(G, gaps=gaps))
    kinds = [n["kind"] for n in data["nodes"]]
    assert kinds.count("actor") + kinds.count("committee") == 3
    assert kinds.count("committee") == 1
    assert kinds.count("offer") == 3
    assert kinds.count("gap") == len(gaps) == 1
    # reference nodes (phases, transitions, topics, districts) are not drawn
    assert {n["id"] for n in data["nodes"]} == {"awo", "jugendamt", "ag", "cafe", "bruecke", "plan", gap_node_id(gaps[0])}
    rels = [e["rel"] for e in data["edges"]]
    assert rels.count("PROVIDES") == 4
    assert rels.count("MEMBER_OF") == 2
    assert rels.count("COOPERATES_WITH") == 1  # both directions of one pair: one line
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    cooperation = next(e for e in data["edges"] if e["rel"] == "COOPERATES_WITH")
    assert cooperation["dashes"] is False  # formal wins
    assert "formell" in cooperation["title"]
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_header_counts_and_german_legend(city):
    G, gaps = city
    html = render_network_map(G, gaps=gaps, title="Karte Musterstadt")
    for text in ("<b>3</b> Akteure", "<b>3</b> Angebote", "<b>1</b> Kooperationen", "<b>1</b> Lücken"):
        assert text in html
    for text in ("Legende", "Wohlfahrtsverband", "Fachbereich / Amt", "Gremium / AG", "Kita", "Grundschule",
                 "Kooperation, informell", "Mitglied in Gremium / AG"):
        assert text in html
    assert "<title>Karte Musterstadt</title>" in html


def test_tooltips_are_german_plain_text(city):
    G, gaps = city
    data = build_map_data(G, gaps)
    cafe = next(n for n in data["nodes"] if n["id"] == "cafe")
    title = cafe["title"]
    for line in ("Elterncafé", "Lebensphasen: Kita", "Themen: Sprache", "Sozialraum: Nord",
                 "Träger: AWO Ortsverein Nord e.V. (federführend)", "Status: aktiv", "Sektor: freie Wohlfahrtspflege"):
        assert line in title
    awo = next(n for n in data["nodes"] if n["id"] == "awo")
    assert "Art: Wohlfahrtsverband" in awo["title"] and "Sektor: freie Wohlfahrtspflege" in awo["title"]
    assert "<" not in title


def test_output_is_deterministic(city):
    G, gaps = city
    assert render_network_map(G, gaps=gaps) == render_network_map(G, gaps=gaps)
    # the same rows in another order give the same page
    H = build_graph(
        list(reversed([(n, d["label"], {k: v for k, v in d.items() if k != "label"}) for n, d in G.nodes(data=True)])),
        list(reversed([(u, v, k, {a: b for a, b in d.items() if a != "type"}) for u, v, k, d in G.edges(keys=True, data=True)])),
    )
    assert render_network_map(H, gaps=gaps) == render_network_map(G, gaps=gaps)


def test_empty_graph_says_no_data():
    html = render_network_map(build_graph([], []))
    assert '<html lang="de">' in html
    assert "Keine Daten" in html
    assert "new vis.Network(" not in html
    assert "cdn" not in html.lower()


def test_actors_only():
    G = build_graph(
        [_node(f"a{i}", "Actor", name=f"Verein {i}", kind="club", sector="civil_society") for i in range(12)]
        + [_node("nord", "District", name="Nord")],
        [("a0", "a1", "COOPERATES_WITH", {"kind": "informal"}), ("a2", "nord", "LOCATED_IN", {})],
    )
    html = render_network_map(G)
    data = embedded(html)
    assert len(data["nodes"]) == 12
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == 12  # nobody sits on top of anybody
    informal = [e for e in data["edges"] if e["rel"] == "COOPERATES_WITH"]
    assert len(informal) == 1 and informal[0]["dashes"]
    assert "<b>0</b> Angebote" in html


def test_offers_without_phase_or_district():
    G = build_graph(
        [_node("o1", "Offer", title="Offene Sprechstunde"), _node("o2", "Offer", title="Sommerfest", status="ended")],
        [],
    )
    data = embedded(render_network_map(G))
    assert [n["id"] for n in data["nodes"]] == ["o1", "o2"]
    assert data["guides"]["columns"][0]["name"] == "ohne Lebensphase"
    assert data["guides"]["bands"][0]["name"] == "ohne Sozialraum"
    ended = data["nodes"][1]
    assert ended["opacity"] < 1 and ended["shapeProperties"]["borderDashes"]


def test_only_gaps_still_draws_them():
    G = build_graph([_node("nord", "District", name="Nord"), _node("ab", "Transition", name="Kita → Grundschule")], [])
    gaps = find_transition_gaps(G)
    html = render_network_map(G, gaps=gaps)
    assert "Keine Daten" not in html
    assert [n["kind"] for n in embedded(html)["nodes"]] == ["gap"]


def test_long_labels_are_shortened_with_full_text_in_tooltip():
    long = "Arbeiterwohlfahrt Ortsverein Ahlen-Süd-Ost e.V. – Familienbildung und Beratung"
    G = build_graph([_node("a", "Actor", name=long, kind="welfare_org")], [])
    node = build_map_data(G)["nodes"][0]
    assert node["label"].endswith("…") and len(node["label"]) <= 38
    assert node["title"].startswith(long)


def test_a_city_renders_fast():
    nodes = [_node(f"p{i}", "LifePhase", name=f"Phase {i}", order=i) for i in range(6)]
    nodes += [_node(f"d{i}", "District", name=f"Stadtteil {i}") for i in range(8)]
    nodes += [_node(f"a{i:03d}", "Actor", name=f"Träger {i}", kind="club") for i in range(100)]
    nodes += [_node(f"o{i:03d}", "Offer", title=f"Angebot {i}") for i in range(250)]
    edges = [(f"a{i % 100:03d}", f"o{i:03d}", "PROVIDES", {"role": "lead"}) for i in range(250)]
    edges += [(f"o{i:03d}", f"p{i % 6}", "FOR_PHASE", {}) for i in range(250)]
    edges += [(f"o{i:03d}", f"d{i % 8}", "IN_DISTRICT", {}) for i in range(250)]
    edges += [(f"a{i:03d}", f"a{(i * 7 + 3) % 100:03d}", "COOPERATES_WITH", {}) for i in range(100)]
    G = build_graph(nodes, edges)
    render_network_map(G)  # warm the asset and template caches
    start = time.perf_counter()
    html = render_network_map(G)
    assert time.perf_counter() - start < 2.0
    assert len(embedded(html)["nodes"]) == 350
