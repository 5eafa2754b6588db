"""GraphML and GEXF: safe parsing, foreign files, and the lossless round trip of our own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.gephi import write_gexf, write_graphml
from graph.model import GraphBatch
from graph.projection import batch_from_rows, graph_from_batch
from importers.graphml import read_gephi
from tests.tiny_city import tiny_batch

DATA = Path(__file__).resolve().parent.parent / "data"
WRITERS = [(write_graphml, "graphml"), (write_gexf, "gexf")]


def _normal(batch: GraphBatch) -> GraphBatch:
    """The batch as the graph holds it (lists sorted, entities by id): what a round trip must return."""
    G = graph_from_batch(batch)
    nodes = [(n, d["label"], {k: v for k, v in d.items() if k != "label"}) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, {a: b for a, b in d.items() if a != "type"}) for u, v, k, d in G.edges(keys=True, data=True)]
    return batch_from_rows(nodes, edges)


@pytest.mark.parametrize(("write", "suffix"), WRITERS)
def test_round_trip_is_lossless(tmp_path: Path, write, suffix: str) -> None:
    batch = tiny_batch()
    parsed = read_gephi(write(batch, tmp_path / f"stadt.{suffix}"))
    assert parsed.report.ok and not parsed.report.problems, [p.describe() for p in parsed.report.problems]
    assert parsed.report.format == suffix
    assert parsed.batch == _normal(batch)


@pytest.mark.parametrize(("write", "suffix"), WRITERS)
def test_round_trip_from_the_graph_and_of_the_empty_graph(tmp_path: Path, write, suffix: str) -> None:
    G = graph_from_batch(tiny_batch())
    G.add_edge("p0-3", "p3-6", key="NEXT", type="NEXT")  # derived edges from the store are dropped on reading
    assert read_gephi(write(G, tmp_path / f"g.{suffix}")).batch == _normal(tiny_batch())
    empty = read_gephi(write(GraphBatch(), tmp_path / f"leer.{suffix}"))
    assert empty.report.ok and empty.batch == GraphBatch()


def test_files_are_deterministic(tmp_path: Path) -> None:
    a = write_graphml(tiny_batch(), tmp_path / "a.graphml").read_bytes()
    assert write_graphml(tiny_batch(), tmp_path / "b.graphml").read_bytes() == a


def test_attributes_are_typed_for_gephi(tmp_path: Path) -> None:
    text = write_graphml(tiny_batch(), tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert 'attr.name="age_min" attr.type="double"' in text and 'attr.name="formal" attr.type="boolean"' in text
    assert ">de;tr<" in text and ">2024-01-15<" in text  # lists joined, dates ISO
    gexf = write_gexf(tiny_batch(), tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'label="Elterncafé Nord"' in gexf and 'kind="PROVIDES"' in gexf


def test_foreign_graphml_is_mapped() -> None:
    parsed = read_gephi(DATA / "network.graphml")
    b = parsed.batch
    assert parsed.report.ok
    assert {a.id: a.kind for a in b.actors} == {
        "awo-ortsverein-nord": "welfare_org", "jugendamt": "department", "ag-fruehe-hilfen": "committee"}
    assert b.offers[0].providers[0].actor == "awo-ortsverein-nord"
    assert [(c.actor, c.partner) for c in b.cooperations] == [("awo-ortsverein-nord", "jugendamt")]
    assert [(m.actor, m.committee) for m in b.memberships] == [("jugendamt", "ag-fruehe-hilfen")]
    assert [(a.id, a.lon, a.lat) for a in b.actors if a.lon is not None] == [("awo-ortsverein-nord", 7.05, 51.55)]
    assert b.actors[1].source == "network.graphml, Knoten „n0“"


@pytest.mark.parametrize(("write", "suffix"), WRITERS)
def test_round_trip_keeps_lon_lat(tmp_path: Path, write, suffix: str) -> None:
    batch = tiny_batch()
    batch.actors[0].lon, batch.actors[0].lat = 7.0964461, 51.5250838
    batch.offers[0].lon, batch.offers[0].lat = -0.1276, 51.5072  # negative longitudes too
    parsed = read_gephi(write(batch, tmp_path / f"stadt.{suffix}"))
    assert parsed.report.ok and not parsed.report.problems
    assert parsed.batch == _normal(batch)
    offers = {o.id: (o.lon, o.lat) for o in parsed.batch.offers}
    assert offers[batch.offers[0].id] == (-0.1276, 51.5072)


def test_foreign_positions_in_other_names_and_bad_ones(tmp_path: Path) -> None:
    f = tmp_path / "orte.graphml"
    f.write_text(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="t" for="node" attr.name="Typ"/><key id="n" for="node" attr.name="label"/>'
        '<key id="la" for="node" attr.name="Latitude"/><key id="lo" for="node" attr.name="Longitude"/>'
        '<key id="x" for="node" attr.name="x"/><graph>'
        '<node id="n0"><data key="t">Kita</data><data key="n">Kita Nord</data>'
        '<data key="la">51,55</data><data key="lo">7,05</data><data key="x">-420.5</data></node>'
        '<node id="n1"><data key="t">Kita</data><data key="n">Kita Süd</data><data key="la">5710348</data>'
        '<data key="lo">368578</data></node>'
        '<node id="n2"><data key="t">Kita</data><data key="n">Kita Ost</data><data key="la">51.5</data></node>'
        '</graph></graphml>', encoding="utf-8")
    parsed = read_gephi(f)
    assert parsed.report.ok
    points = {a.id: (a.lon, a.lat) for a in parsed.batch.actors}
    assert points == {"kita-nord": (7.05, 51.55), "kita-sued": (None, None), "kita-ost": (None, None)}
    warnings = [(w.row, w.column, w.message) for w in parsed.report.warnings]
    assert [(row, column) for row, column, _ in warnings] == [(2, "Longitude"), (3, "Latitude")]
    assert "UTM" in warnings[0][2] and "nur eine" in warnings[1][2].lower()
    assert all("ohne Koordinaten" in m for *_, m in warnings)


def test_foreign_gexf_and_a_mapping() -> None:
    parsed = read_gephi(DATA / "network.gexf", mapping={"Kita": "family_centre"})
    b = parsed.batch
    assert parsed.report.format == "gexf" and parsed.report.ok
    assert {a.name: a.kind for a in b.actors} == {"Kita Sonnenschein": "family_centre", "Grundschule am Park": "school"}
    assert b.topics[0].name == "Sprachförderung"
    assert b.cooperations[0].kind == "formal_agreement" and b.cooperations[0].formal


# -- bad input ------------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="&lol3;"/></graph></graphml>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml><graph><node id="a"><data key="d0">&xxe;</data></node></graph></graphml>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL])
def test_entity_expansion_is_refused(tmp_path: Path, text: str) -> None:
    f = tmp_path / "boese.graphml"
    f.write_text(text, encoding="utf-8")
    parsed = read_gephi(f)
    assert not parsed.report.ok and parsed.batch == GraphBatch()
    assert "Billion Laughs" in parsed.report.errors[0].message


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "kaputt.gexf"
    f.write_text('<?xml version="1.0"?>\n<gexf>\n<graph>\n<nodes><node id="a">\n</gexf>', encoding="utf-8")
    err = read_gephi(f).report.errors[0]
    assert "kein wohlgeformtes XML" in err.message and err.row == 5 and err.file == "kaputt.gexf"


@pytest.mark.parametrize(("text", "message"), [
    ("", "leer"),
    ("<html><body/></html>", "weder GraphML noch GEXF"),
    ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>', "keinen Graphen"),
])
def test_empty_and_foreign_files(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "x.graphml"
    f.write_text(text, encoding="utf-8")
    assert message in read_gephi(f).report.errors[0].message


def test_edge_to_unknown_node_and_invalid_node(tmp_path: Path) -> None:
    f = tmp_path / "x.graphml"
    f.write_text(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="t" for="node" attr.name="type"/><key id="a" for="node" attr.name="age_min"/>'
        '<key id="n" for="node" attr.name="title"/><graph>'
        '<node id="o1"><data key="t">Offer</data><data key="n">Kurs</data><data key="a">alt</data></node>'
        '<node id="x"><data key="t">Topic</data><data key="n">Sprache</data></node>'
        '<edge source="x" target="fehlt"/></graph></graphml>', encoding="utf-8")
    report = read_gephi(f).report
    errors = {e.sheet: e for e in report.errors}
    assert len(report.errors) == 2 and errors["Knoten"].row == 1 and errors["Kanten"].row == 1
    assert "age_min" in errors["Knoten"].message and "„fehlt“" in errors["Kanten"].message
