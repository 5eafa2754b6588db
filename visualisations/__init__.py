"""Maps: the city graph (+ findings) in, one self-contained HTML page out."""

from visualisations.network_map import render_network_map

__all__ = ["render_network_map"]
