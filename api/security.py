"""Cross-site protection: no foreign web page may write through the coordinator's browser.

praevnet runs on the coordinator's own machine without a login. A page on another site that
the coordinator opens could otherwise send an HTML form (multipart, a "simple request" that
the browser sends without asking) to ``http://127.0.0.1:8000/api/imports``, or point its own
domain at 127.0.0.1 (DNS rebinding) and read the answers. The guard therefore checks three
things before any route runs:

1. ``Host`` names this server: 127.0.0.1, localhost, [::1], the address the connection came
   in on, or a name from ``PRAEVNET_ALLOWED_HOSTS`` (else 400).
2. ``Origin``, when the browser sends one, is this server's own origin (else 403).
3. A writing request (POST, PUT, PATCH, DELETE) is one a browser only sends after a CORS
   preflight, which praevnet never grants: it carries ``X-Praevnet-Request`` or a JSON body
   (``Content-Type: application/json``). A plain form upload without the header gets 403.

Scripts and the app's own pages send the header; reading (GET) stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem_response

REQUEST_HEADER = "X-Praevnet-Request"
WRITE_HEADERS = {REQUEST_HEADER: "1"}
"""What a script (or a test client) sends with every writing request."""
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name a server would bind) is this machine only.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("[::1]"), is_loopback("0.0.0.0"), is_loopback("10.0.0.5")
    (True, True, False, False)
    """
    import ipaddress

    name = host.strip().lower().strip("[]")
    if name in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_SHOWN = 80  # characters of a foreign value quoted back to the user


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused, in German, with its HTTP status."""

    status: int
    title: str
    detail: str


def split_host(value: str) -> tuple[str, int | None]:
    """``"[::1]:8000"`` -> ``("::1", 8000)``; host names lower-cased, a trailing dot dropped.

    >>> split_host("LocalHost.:8000"), split_host("[::1]"), split_host("127.0.0.1")
    (('localhost', 8000), ('::1', None), ('127.0.0.1', None))
    """
    value = value.strip()
    port: str | None = None
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None
    elif value.count(":") == 1:
        host, port = value.split(":")
    else:
        host = value
    try:
        number = int(port) if port else None
    except ValueError:
        number = -1  # never matches a real port
    return host.lower().rstrip("."), number


def _quote(value: str) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"


def check_request(
    method: str, headers: Headers, *, server_host: str | None = None, allowed_hosts: Iterable[str] = ()
) -> Refusal | None:
    """Decide whether a request may reach the routes (``None``) or why not.

    Parameters
    ----------
    method : str
        The HTTP method (``GET``, ``POST`` …).
    headers : Headers
        The request headers.
    server_host : str, optional
        The address the connection came in on (the ASGI ``server``), also accepted as host.
    allowed_hosts : iterable of str
        Further host names (``PRAEVNET_ALLOWED_HOSTS``); ``*`` accepts every host.
    """
    allowed = set(LOCAL_HOSTS) | {h.strip().lower().strip("[]").rstrip(".") for h in allowed_hosts if h.strip()}
    if server_host and server_host not in _WILDCARD_ADDRESSES:
        allowed.add(server_host.lower().strip("[]"))
    raw_host = headers.get("host")
    host, host_port = split_host(raw_host) if raw_host else ("", None)
    if raw_host is not None and "*" not in allowed and host not in allowed:
        return Refusal(
            400,
            "Unbekannte Serveradresse",
            f"Die Anfrage ist an „{_quote(raw_host)}“ gerichtet; unter diesem Namen nimmt praevnet keine "
            "Anfragen an (Schutz vor DNS-Rebinding). Rufen Sie praevnet über http://127.0.0.1 oder "
            "http://localhost auf, oder tragen Sie den Namen in PRAEVNET_ALLOWED_HOSTS ein.",
        )
    origin = headers.get("origin")
    if origin is not None and not _same_origin(origin, host, host_port):
        return Refusal(
            403,
            "Anfrage einer fremden Seite abgelehnt",
            f"Die Anfrage kam von einer anderen Webseite („{_quote(origin)}“). praevnet beantwortet nur "
            "Anfragen seiner eigenen Seiten und von Programmen ohne Browser.",
        )
    if method.upper() in UNSAFE_METHODS and not _is_preflighted(headers):
        return Refusal(
            403,
            "Schreibende Anfrage ohne Kennzeichnung abgelehnt",
            f"Eine schreibende Anfrage braucht die Kopfzeile „{REQUEST_HEADER}: 1“ oder einen JSON-Inhalt "
            "(Content-Type: application/json). So kann keine fremde Webseite über Ihren Browser Daten in "
            "praevnet schreiben; Skripte senden die Kopfzeile einfach mit.",
        )
    return None


def _same_origin(origin: str, host: str, host_port: int | None) -> bool:
    """Whether ``origin`` is this server's: same host name, and the same port when Host names one."""
    try:
        parts = urlsplit(origin.strip())
        origin_host = (parts.hostname or "").rstrip(".")
        origin_port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return False
    if not origin_host or parts.scheme not in _DEFAULT_PORTS:
        return False  # "null" (sandboxed frames, local files) and anything malformed
    return origin_host == host and (host_port is None or host_port == origin_port)


def _is_preflighted(headers: Headers) -> bool:
    """Whether a browser would have had to ask first (CORS preflight) before sending this."""
    if headers.get(REQUEST_HEADER.lower(), "").strip():
        return True
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


class SameSiteGuard:
    """Pure ASGI middleware applying :func:`check_request` to every HTTP and WebSocket request."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        server = scope.get("server")
        refusal = check_request(
            scope.get("method", "GET"),
            Headers(scope=scope),
            server_host=str(server[0]) if server else None,
            allowed_hosts=self.allowed_hosts,
        )
        if refusal is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            response = problem_response(refusal.status, refusal.title, refusal.detail)
            await response(scope, receive, send)
