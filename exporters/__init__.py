"""Exporters: a :class:`graph.model.GraphBatch` (or the projected graph) out to standard formats.

Like the importers, exporters import only ``graph``: HSDS data packages
(:mod:`exporters.hsds`), GraphML and GEXF for Gephi (:mod:`exporters.gephi`). Each writer
is the counterpart of a reader in ``importers``; files we write read back without loss for
everything the format can carry (round-trip tests in ``tests/unit``).
"""
