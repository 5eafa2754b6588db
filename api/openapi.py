"""The OpenAPI document, with every operation's error answers filled in once, centrally.

FastAPI documents the 200 answer and its own 422 (in a shape praevnet never sends). Here
each operation gets the error statuses it can answer with, all as ``application/problem+json``
with the ``Problem`` schema: 400 and 403 (the cross-site guard, every operation), 404 (an
id or filter value that does not exist), 409 (a concurrent change, writes only), 422 (invalid
parameters or data), 500 and 503 (the database). Writing operations also name the
``X-Praevnet-Request`` header the cross-site guard asks for, so Swagger UI sends it.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_JSON, ImportRefusal, Problem
from api.security import REQUEST_HEADER

_REF = "#/components/schemas/{model}"
_WRITES = {"post", "put", "patch", "delete"}
_FILTERS = {"district", "phase", "topic", "provider", "actor", "offer"}

_WRITE_HEADER = {
    "name": REQUEST_HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "default": "1"},
    "description": "bei Formular- und Datei-Uploads nötig (Schutz vor fremden Webseiten); JSON-Anfragen brauchen sie nicht",
}

_DESCRIPTIONS = {
    400: "Unbekannte Serveradresse (Host) oder unlesbarer Inhalt",
    403: "Anfrage einer fremden Webseite, oder schreibende Anfrage ohne Kopfzeile X-Praevnet-Request",
    404: "ID oder Filterwert (bei Änderungen: ein genanntes Akteurs- oder Angebots-ID) gibt es nicht",
    409: "Eine gleichzeitige Änderung kam dazwischen; nichts wurde gespeichert, bitte erneut versuchen",
    422: "Ungültige Parameter oder Daten; jedes Feld mit einem deutschen Satz",
    500: "Unerwarteter Fehler (Einzelheiten im Protokoll des Servers)",
    503: "Die Datenbank ist nicht erreichbar oder gerade nicht bereit",
}


def _statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses one operation can answer with."""
    params = operation.get("parameters", [])
    found = [400, 403, 500, 503]
    if method in _WRITES or any(p.get("in") == "path" or p.get("name") in _FILTERS for p in params):
        found.append(404)
    if method in _WRITES:
        found.append(409)
    if params or "requestBody" in operation:
        found.append(422)
    return sorted(found)


def _as_problem(response: dict[str, Any], status: int) -> dict[str, Any]:
    """One error response in problem+json: a route's own schema is kept, FastAPI's 422 shape replaced."""
    content = response.get("content", {})
    schema = next(iter(content.values()), {}).get("schema") if content else None
    if not schema or "HTTPValidationError" in str(schema.get("$ref", "")):
        schema = {"$ref": _REF.format(model="Problem")}
    description = response.get("description")
    return {
        "description": description if description and description != "Validation Error" else _DESCRIPTIONS[status],
        "content": {PROBLEM_JSON: {"schema": schema}},
    }


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of an OpenAPI document (in place) and return it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, ImportRefusal):
        definition = model.model_json_schema(ref_template=_REF, mode="serialization")
        for name, sub in definition.pop("$defs", {}).items():
            components.setdefault(name, sub)  # FastAPI's own definitions stay as they are
        components.setdefault(model.__name__, definition)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if method in _WRITES:
                operation.setdefault("parameters", []).append(_WRITE_HEADER)
            responses = operation["responses"]
            for status in _statuses(method, operation):
                key = str(status)
                responses[key] = _as_problem(responses.get(key, {}), status)
            for answer in responses.values():
                if answer.get("description") == "Successful Response":
                    answer["description"] = "Erfolgreiche Antwort"
            operation["responses"] = dict(sorted(responses.items()))
    for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 shape, sent nowhere now
        if json.dumps(_REF.format(model=unused)) not in json.dumps(schema):
            components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    """Let ``app.openapi()`` build (once) the document with the error answers added."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                    tags=app.openapi_tags,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
