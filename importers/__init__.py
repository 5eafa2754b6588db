"""Importers: a file in -> a :class:`graph.model.GraphBatch` (or a German error report) out.

Importers never write to Neo4j themselves; the store writes the batch in one transaction,
so an import lands whole or not at all. The city's own JSON exchange format is the
GraphBatch's JSON form (``GraphBatch.model_validate_json``); Excel, CSV and HSDS readers
follow.
"""
