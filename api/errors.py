"""Domain errors -> HTTP problem+json, mapped once for the whole app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graph.errors import Conflict, EmbeddedDatabaseError, InvalidData, NotFound, PraevnetError, StoreUnavailable

_STATUS = {
    NotFound: (404, "Nicht gefunden"),
    InvalidData: (422, "Ungültige Daten"),
    Conflict: (409, "Konflikt mit einer gleichzeitigen Änderung"),
    StoreUnavailable: (503, "Datenbank nicht erreichbar"),
    EmbeddedDatabaseError: (503, "Datenbank nicht erreichbar"),
}


def problem(request: Request, exc: PraevnetError) -> JSONResponse:
    """Render a praevnet error as RFC 9457 problem details with a German ``detail``."""
    status, title = next(
        (value for cls, value in _STATUS.items() if isinstance(exc, cls)), (500, "Interner Fehler")
    )
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status, "detail": str(exc)}
    if isinstance(exc, InvalidData) and exc.problems:
        body["problems"] = exc.problems
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def install(app: FastAPI) -> None:
    """Register the handler for every praevnet error."""
    app.add_exception_handler(PraevnetError, problem)  # type: ignore[arg-type]
