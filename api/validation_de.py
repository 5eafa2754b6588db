"""Request validation errors (pydantic's, in English) as German sentences for the user.

FastAPI reports a bad query parameter or body as a list of pydantic errors with an English
``msg``. The user reads one German sentence per field instead; the machine-readable part
(``loc``, ``type``) is kept so a script can still tell which field was wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_WHERE = {
    "query": "Parameter „{name}“",
    "path": "Adressteil „{name}“",
    "header": "Kopfzeile „{name}“",
    "cookie": "Cookie „{name}“",
    "body": "Feld „{name}“",
}

_WHAT: dict[str, str] = {
    "missing": "fehlt",
    "int_parsing": "muss eine ganze Zahl sein",
    "int_type": "muss eine ganze Zahl sein",
    "int_from_float": "muss eine ganze Zahl sein",
    "float_parsing": "muss eine Zahl sein",
    "float_type": "muss eine Zahl sein",
    "finite_number": "muss eine endliche Zahl sein",
    "bool_parsing": "muss true oder false sein",
    "bool_type": "muss true oder false sein",
    "greater_than_equal": "muss mindestens {ge} sein",
    "greater_than": "muss größer als {gt} sein",
    "less_than_equal": "darf höchstens {le} sein",
    "less_than": "muss kleiner als {lt} sein",
    "literal_error": "muss einer dieser Werte sein: {expected}",
    "enum": "muss einer dieser Werte sein: {expected}",
    "string_type": "muss ein Text sein",
    "string_too_short": "muss mindestens {min_length} Zeichen lang sein",
    "string_too_long": "darf höchstens {max_length} Zeichen lang sein",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "too_short": "braucht mindestens {min_length} Einträge",
    "too_long": "darf höchstens {max_length} Einträge haben",
    "list_type": "muss eine Liste sein",
    "dict_type": "muss ein JSON-Objekt sein",
    "model_type": "muss ein JSON-Objekt sein",
    "model_attributes_type": "muss ein JSON-Objekt sein",
    "json_invalid": "ist kein gültiges JSON",
    "json_type": "ist kein gültiges JSON",
    "extra_forbidden": "ist hier nicht vorgesehen",
    "upload_file_type": "muss eine hochgeladene Datei sein",
    "value_error": "hat einen ungültigen Wert",
}
_FALLBACK = "hat einen ungültigen Wert"


def where(loc: Sequence[Any]) -> str:
    """Name the place of an error in German, e.g. ``("query", "offset")`` → „Parameter „offset““."""
    parts = [str(p) for p in loc]
    if not parts:
        return "Anfrage"
    if parts[0] == "body" and len(parts) == 1:
        return "Inhalt der Anfrage"
    template = _WHERE.get(parts[0])
    if template is None:
        return "Feld „{}“".format(".".join(parts))
    return template.format(name=".".join(parts[1:]))


def what(error: Mapping[str, Any]) -> str:
    """Say in German what is wrong with one value (pydantic error type and context)."""
    kind = str(error.get("type", ""))
    ctx = {k: _german_value(v) for k, v in (error.get("ctx") or {}).items()}
    if kind == "value_error":
        own = str(ctx.get("error", ""))
        if own and not own.isascii():  # praevnet's own validators speak German already
            return own.rstrip(".")
    template = _WHAT.get(kind, _FALLBACK)
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return _FALLBACK


def _german_value(value: Any) -> Any:
    """Context values in German form: decimal comma, „oder“ in lists of allowed values."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str):
        return value.replace(" or ", " oder ")
    return value


def sentences(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One German sentence per error, with its machine-readable ``loc`` and ``type``."""
    return [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
            "type": str(e.get("type", "")),
            "detail": f"{where(e.get('loc', ()))}: {what(e)}.",
        }
        for e in errors
    ]
