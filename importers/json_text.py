"""German sentences for JSON that cannot be parsed, whichever parser refused it.

Python's :mod:`json` (GeoJSON, HSDS ``datapackage.json``) and pydantic's serde_json
(praevnet-JSON) explain a syntax error in English ("Expecting ',' delimiter",
"EOF while parsing a list"); a municipal user reads the German sentence
:func:`german_json_error` makes of it. A file nested deeper than a parser can follow
(``[[[[…]]]]`` 100,000 times) makes :mod:`json` raise :class:`RecursionError`:
readers catch it (and :class:`MemoryError`) and report :data:`JSON_TOO_DEEP`.
"""

from __future__ import annotations

import re

JSON_TOO_DEEP = (
    "Die Datei ist zu tief verschachtelt oder zu groß, um sie als JSON zu lesen "
    "(Listen oder Objekte ineinander, tiefer als jede echte Datei)."
)

#: a fragment of the parser's English message (lower case) -> what it means, in German
_REASONS: tuple[tuple[str, str], ...] = (
    ("recursion limit", "zu tief verschachtelt"),
    ("eof while parsing", "die Datei endet mitten in einem Wert (fehlt eine schließende Klammer?)"),
    ("unterminated string", "ein Text in Anführungszeichen wird nicht geschlossen"),
    ("trailing comma", "nach dem letzten Eintrag steht ein überzähliges Komma"),
    ("expecting property name", "ein Feldname muss in doppelten Anführungszeichen stehen"),
    ("key must be a string", "ein Feldname muss in doppelten Anführungszeichen stehen"),
    ("expecting ':'", "nach einem Feldnamen fehlt der Doppelpunkt"),
    ("expected `:`", "nach einem Feldnamen fehlt der Doppelpunkt"),
    ("expecting ',' delimiter", "zwischen zwei Einträgen fehlt ein Komma (oder eine Klammer ist zu viel)"),
    ("expected `,`", "zwischen zwei Einträgen fehlt ein Komma (oder eine Klammer ist zu viel)"),
    ("control character", "ein Text enthält ein unzulässiges Steuerzeichen (z. B. einen Zeilenumbruch)"),
    ("invalid \\escape", "ein Text enthält eine ungültige Escape-Folge mit „\\“"),
    ("invalid escape", "ein Text enthält eine ungültige Escape-Folge mit „\\“"),
    ("invalid \\uxxxx", "ein Text enthält eine ungültige Escape-Folge mit „\\u“"),
    ("invalid unicode", "ein Text enthält eine ungültige Escape-Folge mit „\\u“"),
    ("extra data", "nach dem Ende der Daten folgt noch weiterer Text"),
    ("trailing characters", "nach dem Ende der Daten folgt noch weiterer Text"),
    ("number out of range", "eine Zahl ist zu groß"),
    ("invalid number", "eine Zahl ist ungültig geschrieben"),
    ("expecting value", "an dieser Stelle wird ein Wert erwartet (Text, Zahl, Liste oder Objekt)"),
    ("expected value", "an dieser Stelle wird ein Wert erwartet (Text, Zahl, Liste oder Objekt)"),
)
_AT = re.compile(r"line (\d+) column (\d+)")


def german_json_reason(message: str) -> str:
    """What a JSON parser's English ``message`` means, in German (never the English text).

    >>> german_json_reason("Expecting ',' delimiter")
    'zwischen zwei Einträgen fehlt ein Komma (oder eine Klammer ist zu viel)'
    >>> german_json_reason("something new")
    'an dieser Stelle ist die Datei kein gültiges JSON'
    """
    lowered = message.lower()
    return next((german for english, german in _REASONS if english in lowered),
                "an dieser Stelle ist die Datei kein gültiges JSON")


def json_position(message: str) -> tuple[int, int] | None:
    """Line and column that serde_json's message names (``… at line 3 column 7``), else ``None``.

    >>> json_position("EOF while parsing a list at line 3 column 7")
    (3, 7)
    """
    match = _AT.search(message)
    return (int(match.group(1)), int(match.group(2))) if match else None


def german_json_error(message: str) -> str:
    """One German sentence for a JSON syntax error, with line and column when the message has them.

    >>> german_json_error("expected value at line 1 column 2")
    'Die Datei ist kein gültiges JSON (Zeile 1, Spalte 2): an dieser Stelle wird ein Wert erwartet (Text, Zahl, Liste oder Objekt).'
    """
    position = json_position(message)
    where = f" (Zeile {position[0]}, Spalte {position[1]})" if position else ""
    return f"Die Datei ist kein gültiges JSON{where}: {german_json_reason(message)}."
