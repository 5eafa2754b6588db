"""The network map: city graph (+ transition gaps) in, one self-contained HTML page out.

pyvis assembles the node and edge records and the options; the page is our own
autoescaping Jinja2 template with vis-network 9.1.2 inlined from pyvis' package copy, so
the map works on an office PC without internet and no name in the data can inject markup.
Positions come from :mod:`visualisations.layout` and physics is off: the first paint on a
projector takes a fraction of a second (see ``MEASURED.md``).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from graph.analysis.gaps import TransitionGap
from visualisations.layout import gap_node_id
from visualisations.map_data import build_map_data

__all__ = ["DEFAULT_TITLE", "build_map_data", "render_network_map", "script_json"]

DEFAULT_TITLE = "Netzwerkkarte Präventionskette"


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from pyvis' package copy, read once.

    The CSS rules for the editing toolbar, the configurator and the colour picker are
    dropped: the map enables none of them and they are 150 KB of base64 icons.
    """
    lib = importlib.resources.files("pyvis") / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    unused = ("vis-manipulation", "vis-edit", "vis-close", "vis-color-picker", "vis-configuration", "vis-config-")
    rules = re.findall(r"[^{}]+\{[^{}]*\}", css)
    css = "".join(r for r in rules if not all(any(u in s for u in unused) for s in r.split("{")[0].split(",")))
    # no source-map request from devtools; inlined code must not close or confuse its element
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    return js, css.replace("</style", "<\\/style")


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("network_map.html")


def script_json(value: Any) -> Markup:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    Examples
    --------
    >>> str(script_json({"name": "</script>"}))
    '{"name":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped above


def render_network_map(
    G: nx.MultiDiGraph, *, gaps: Sequence[TransitionGap] = (), title: str = DEFAULT_TITLE
) -> str:
    """Render the city graph as one self-contained German HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projected city graph (see :mod:`graph.projection`).
    gaps : sequence of TransitionGap
        Findings of :func:`graph.analysis.gaps.find_transition_gaps`; each becomes a red
        marker on the map and an entry in the side panel.
    title : str
        Page and header title (escaped like every other text).

    Returns
    -------
    str
        HTML with vis-network inlined: no request leaves the page.

    Examples
    --------
    >>> from graph.projection import build_graph
    >>> html = render_network_map(build_graph([], []))
    >>> "Keine Daten" in html and '<html lang="de">' in html
    True
    """
    data = build_map_data(G, gaps)
    empty = not data["nodes"]
    js, css = _vis_assets() if not empty else ("", "")
    gap_rows = [
        {"node": gap_node_id(g), "name": f"{g.transition_name} ({g.district_name})", "explanation": g.explanation}
        for g in sorted(gaps, key=lambda g: (g.district, g.transition))
    ]
    return _template().render(
        title=title,
        empty=empty,
        counts=data["counts"],
        legend=data["legend"],
        gaps=gap_rows,
        vis_js=Markup(js),  # noqa: S704 - vendored library code, not data
        vis_css=Markup(css),  # noqa: S704
        payload=script_json({k: data[k] for k in ("nodes", "edges", "options", "guides")}),
    )
