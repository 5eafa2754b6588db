"""Every error -> HTTP problem+json (RFC 9457) with a German title and detail, mapped once.

praevnet's own errors carry their German sentence; FastAPI's and Starlette's answers (unknown
address, wrong method, invalid parameters) get German ones here, and anything unexpected
becomes a 500 whose detail names no library, class or path (the traceback goes to the log).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import Conflict, EmbeddedDatabaseError, InvalidData, NotFound, PraevnetError, StoreUnavailable

from importers.report import ImportReport

from api import validation_de

log = logging.getLogger("praevnet.api")

PROBLEM_JSON = "application/problem+json"

_STATUS = {
    NotFound: (404, "Nicht gefunden"),
    InvalidData: (422, "Ungültige Daten"),
    Conflict: (409, "Konflikt mit einer gleichzeitigen Änderung"),
    StoreUnavailable: (503, "Datenbank nicht erreichbar"),
    EmbeddedDatabaseError: (503, "Datenbank nicht erreichbar"),
}

# FastAPI and Starlette raise HTTPException with English phrases; these replace them.
_HTTP_DE: dict[int, tuple[str, str]] = {
    400: ("Ungültige Anfrage", "Der Inhalt der Anfrage konnte nicht gelesen werden; bitte Format und Kodierung prüfen."),
    401: ("Nicht angemeldet", "Für diese Anfrage ist eine Anmeldung nötig."),
    403: ("Nicht erlaubt", "Diese Anfrage ist nicht erlaubt."),
    404: ("Nicht gefunden", "Unter dieser Adresse gibt es nichts; die Adressen der Schnittstelle stehen unter /docs."),
    405: ("Methode nicht erlaubt", "Die Methode {method} ist für diese Adresse nicht vorgesehen."),
    406: ("Nicht lieferbar", "Die Antwort gibt es nicht in dem verlangten Format."),
    413: ("Anfrage zu groß", "Die Anfrage ist größer als erlaubt."),
    415: ("Format nicht unterstützt", "Das Format des Inhalts wird hier nicht unterstützt."),
    429: ("Zu viele Anfragen", "Zu viele Anfragen in kurzer Zeit; bitte gleich noch einmal versuchen."),
}
_HTTP_FALLBACK = ("Fehler", "Die Anfrage konnte nicht bearbeitet werden (HTTP-Status {status}).")

INTERNAL_TITLE = "Interner Fehler"
INTERNAL_DETAIL = (
    "Bei der Bearbeitung der Anfrage ist ein unerwarteter Fehler aufgetreten. Die Einzelheiten stehen "
    "im Protokoll des Servers; bitte versuchen Sie es erneut oder melden Sie den Fehler."
)
BUSY_TITLE = "Datenbank nicht bereit"
BUSY_DETAIL = "Die Datenbank konnte die Anfrage gerade nicht ausführen; bitte versuchen Sie es in einigen Sekunden erneut."


class ValidationIssue(BaseModel):
    """One invalid field: where it is (``loc``), pydantic's error type, and a German sentence."""

    loc: list[str | int]
    type: str
    detail: str


class Problem(BaseModel):
    """An error answer (RFC 9457 problem details); ``title`` and ``detail`` are German."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    type: str = Field(default="about:blank", description="immer about:blank")
    title: str = Field(description="kurze Überschrift des Fehlers")
    status: int = Field(description="der HTTP-Status")
    detail: str = Field(description="ein oder mehrere deutsche Sätze, was falsch ist und was zu tun ist")
    errors: list[ValidationIssue] | None = Field(default=None, description="bei 422 aus der Prüfung: jedes ungültige Feld")
    problems: list[str] | None = Field(default=None, description="bei ungültigen Daten: jedes Problem als Satz")


class ImportRefusal(Problem):
    """An import refused for errors in the file; nothing was saved. ``report`` has every finding."""

    report: ImportReport | None = Field(default=None, description="der vollständige Prüfbericht der Datei")


def problem_response(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response; ``extra`` adds members such as ``errors`` or ``report``."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def problem(request: Request, exc: PraevnetError) -> JSONResponse:
    """Render a praevnet error as problem details with its German sentence as ``detail``."""
    status, title = next(
        (value for cls, value in _STATUS.items() if isinstance(exc, cls)), (500, INTERNAL_TITLE)
    )
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidData) and exc.problems:
        extra["problems"] = exc.problems
    return problem_response(status, title, str(exc), **extra)


def http_problem(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI's and Starlette's own answers (404 unknown address, 405, 400 unreadable body) in German."""
    title, detail = _HTTP_DE.get(exc.status_code, _HTTP_FALLBACK)
    detail = detail.format(method=request.method, status=exc.status_code)
    return problem_response(exc.status_code, title, detail, headers=exc.headers)


def validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with one German sentence per invalid field and a machine-readable ``errors`` list."""
    issues = validation_de.sentences(exc.errors())
    detail = " ".join(i["detail"] for i in issues) or "Die Anfrage ist ungültig."
    return problem_response(422, "Ungültige Anfrage", detail, errors=issues)


def unexpected_problem(request: Request, exc: Exception) -> JSONResponse:
    """Anything unforeseen: a German 500 (or 503 when the database asks to retry), traceback to the log."""
    log.error("Unerwarteter Fehler bei %s %s", request.method, request.url.path, exc_info=exc)
    if _is_retryable(exc):
        return problem_response(503, BUSY_TITLE, BUSY_DETAIL, headers={"Retry-After": "5"})
    return problem_response(500, INTERNAL_TITLE, INTERNAL_DETAIL)


def _is_retryable(exc: Exception) -> bool:
    """Whether the database driver marks this error as transient (asked by duck typing, so that
    ``graph/store.py`` stays the only module that imports the driver)."""
    check = getattr(exc, "is_retryable", None)
    try:
        return bool(callable(check) and check())
    except Exception:  # a foreign method with another signature: not ours to judge
        return False


def install(app: FastAPI) -> None:
    """Register the handlers: praevnet errors, HTTP errors, validation errors and everything else."""
    app.add_exception_handler(PraevnetError, problem)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_problem)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_problem)
