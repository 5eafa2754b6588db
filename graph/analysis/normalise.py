"""German-aware text normalisation for matching names and titles.

Two records name the same thing in many spellings: "Ev. Familienbildungsstaette
Musterstadt" and "Evangelische Familienbildungsstätte Musterstadt", "AWO OV Nord" and
"Arbeiterwohlfahrt Ortsverein Nord e.V.", "HA-Hilfe GGS Ostpark" and "Hausaufgabenhilfe
an der GGS Ostpark". :func:`tokens` maps such spellings onto the same word list:

1. umlauts and ß are folded (ä → ae, ö → oe, ü → ue, ß → ss), other accents are dropped
   (Café → cafe), everything is lower case;
2. legal forms are removed (e.V., gGmbH, GmbH, gAG, AöR, KdöR, mbH, gUG, eG, ...);
3. punctuation and hyphens become spaces;
4. abbreviations are expanded (AWO → arbeiterwohlfahrt, Ev. → evangelische, Kita and
   Kindertagesstätte → kita, HA-Hilfe → hausaufgabenhilfe, ...) and the inflected forms of
   a few adjectives unified (evangelischen → evangelische);
5. German stop words are dropped.

The functions are pure and cached: the same title seen a hundred thousand times is
normalised once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "PHRASES",
    "STOP_WORDS",
    "compact",
    "fold",
    "fold_keep_case",
    "normalise",
    "strip_legal_forms",
    "tokens",
    "word_tuple",
]

_UMLAUTS = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
        "ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ł": "l", "Ł": "L",
        "–": "-", "—": "-", "‐": "-", "‑": "-",
    }
)

# Legal forms, matched on umlaut-folded text before lower-casing. Forms that are also
# ordinary words or other abbreviations are matched case-sensitively ("eV" is a legal
# form, "Ev." is Evangelische; "AG" is an Arbeitsgemeinschaft here, never removed).
_LEGAL_FORMS_CI = re.compile(
    r"""
    (?<![0-9A-Za-z])(?:
        g?gmbh\s*(?:&|und)\s*co\.?\s*kg
      | g?gmbh | mbh
      | e\.\s*v\b\.? | e\.\s*g\b\.?
      | aoer | kdoer | koer
      | eingetragener\s+verein | gemeinnuetzige[rns]?
      | \(haftungsbeschraenkt\) | haftungsbeschraenkt
    )(?![0-9A-Za-z])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LEGAL_FORMS_CS = re.compile(r"(?<![0-9A-Za-z])(?:eV|eG|gAG|gUG|UG|gGmbH|GbR|gGbR)(?![0-9A-Za-z])")
_SPLIT = re.compile(r"[^0-9a-z]+")

STOP_WORDS: frozenset[str] = frozenset(
    """
    der die das des dem den ein eine einer eines einem einen
    und oder sowie bzw u
    fuer mit von vom zum zur zu im in ins am an auf aus bei beim als ueber unter nach vor
    bis ab um durch gegen je pro
    """.split()
)
"""Words dropped from every token list (umlaut-folded)."""

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # welfare associations and their levels
    "awo": ("arbeiterwohlfahrt",),
    "drk": ("deutsches", "rotes", "kreuz"),
    "dksb": ("deutscher", "kinderschutzbund"),
    "skf": ("sozialdienst", "katholischer", "frauen"),
    "ov": ("ortsverein",),
    "kv": ("kreisverband",),
    "lv": ("landesverband",),
    # churches and public bodies
    "ev": ("evangelische",),
    "evang": ("evangelische",),
    "evgl": ("evangelische",),
    "evangelisch": ("evangelische",),
    "evangelischer": ("evangelische",),
    "evangelischen": ("evangelische",),
    "evangelisches": ("evangelische",),
    "kath": ("katholische",),
    "katholisch": ("katholische",),
    "katholischer": ("katholische",),
    "katholischen": ("katholische",),
    "katholisches": ("katholische",),
    "staedt": ("staedtische",),
    "staedtisch": ("staedtische",),
    "staedtischer": ("staedtische",),
    "staedtischen": ("staedtische",),
    "staedtisches": ("staedtische",),
    "st": ("sankt",),
    "hl": ("heilige",),
    # institutions
    "kita": ("kita",),
    "kitas": ("kita",),
    "kindertagesstaette": ("kita",),
    "kindertagesstaetten": ("kita",),
    "kindertageseinrichtung": ("kita",),
    "kindertageseinrichtungen": ("kita",),
    "kindergarten": ("kita",),
    "kiga": ("kita",),
    "fbs": ("familienbildungsstaette",),
    "fz": ("familienzentrum",),
    "fgz": ("familiengrundschulzentrum",),
    "mgh": ("mehrgenerationenhaus",),
    "jz": ("jugendzentrum",),
    "jmd": ("jugendmigrationsdienst",),
    "vhs": ("volkshochschule",),
    "asd": ("allgemeiner", "sozialer", "dienst"),
    "ggs": ("gemeinschaftsgrundschule",),
    "kgs": ("katholische", "grundschule"),
    "gs": ("grundschule",),
    "ogs": ("offene", "ganztagsschule"),
    "str": ("strasse",),
    # offers
    "cafe": ("cafe",),
    "hausaufgabenbetreuung": ("hausaufgabenhilfe",),
}
"""Single (folded, lower-case) tokens and what they stand for."""

PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("ha", "hilfe"): ("hausaufgabenhilfe",),
    ("hausaufgaben", "hilfe"): ("hausaufgabenhilfe",),
    ("hausaufgaben", "betreuung"): ("hausaufgabenhilfe",),
    ("kinder", "tages", "staette"): ("kita",),
    ("kindertages", "staette"): ("kita",),
    ("e", "v"): (),
}
"""Token sequences (after splitting) and what they stand for."""

_PHRASE_STARTS = frozenset(p[0] for p in PHRASES)


def fold(text: str) -> str:
    """Lower case, umlauts and ß folded, other accents dropped.

    Examples
    --------
    >>> fold("Familienbildungsstätte Café Süß")
    'familienbildungsstaette cafe suess'
    >>> fold("Familienbildungsstaette") == fold("Familienbildungsstätte")
    True
    """
    return _fold_keep_case(text).lower()


def fold_keep_case(text: str) -> str:
    """:func:`fold` without lower-casing ("Städt." → "Staedt."): for case-sensitive rules."""
    return _fold_keep_case(text)


def _fold_keep_case(text: str) -> str:
    s = unicodedata.normalize("NFC", text).translate(_UMLAUTS)
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s


def strip_legal_forms(text: str) -> str:
    """Remove legal forms (e.V., gGmbH, GmbH, gAG, AöR, KdöR, mbH, gUG, eG) from a name.

    Works on the original spelling (the case of "eV" / "Ev." matters) and returns it
    umlaut-folded with single spaces, not yet lower-cased.

    Examples
    --------
    >>> strip_legal_forms("Arbeiterwohlfahrt Ortsverein Nord e.V.")
    'Arbeiterwohlfahrt Ortsverein Nord'
    >>> strip_legal_forms("Diakonie Jugendhilfe gGmbH")
    'Diakonie Jugendhilfe'
    >>> strip_legal_forms("Ev. Kita Arche Noah")
    'Ev. Kita Arche Noah'
    """
    s = _fold_keep_case(text)
    s = _LEGAL_FORMS_CS.sub(" ", s)
    return " ".join(_LEGAL_FORMS_CI.sub(" ", s).split())


_SPLIT_CASED = re.compile(r"[^0-9A-Za-z]+")
_LEGAL_WORDS = frozenset(
    "ggmbh gmbh mbh aoer kdoer koer gbr ggbr haftungsbeschraenkt "
    "gemeinnuetzige gemeinnuetziger gemeinnuetzigen gemeinnuetziges".split()
)
_LEGAL_WORDS_CASED = frozenset({"eV", "eG", "gAG", "gUG", "UG"})
_LEGAL_SEQUENCES = (("und", "co", "kg"), ("co", "kg"), ("e", "v"), ("e", "g"), ("eingetragener", "verein"))
_LEGAL_STARTS = frozenset(q[0] for q in _LEGAL_SEQUENCES)


def _split_words(text: str) -> list[str]:
    """Lower-case words without legal forms; a hyphenated word with a stop word stays one."""
    cased: list[str] = []
    for chunk in _fold_keep_case(text).replace("&", " und ").split():
        parts = [w for w in _SPLIT_CASED.split(chunk) if w]
        if len(parts) > 1 and "-" in chunk and any(w.lower() in STOP_WORDS for w in parts):
            cased.append("".join(parts))  # "Nach-Hilfe" is Nachhilfe, not "Hilfe" after a stop word
        else:
            cased.extend(parts)
    lower = [w.lower() for w in cased]
    words: list[str] = []
    i = 0
    while i < len(lower):
        w = lower[i]
        if w in _LEGAL_STARTS:
            seq = next((q for q in _LEGAL_SEQUENCES if tuple(lower[i : i + len(q)]) == q), None)
            if seq:
                i += len(seq)
                continue
        if w not in _LEGAL_WORDS and cased[i] not in _LEGAL_WORDS_CASED:
            words.append(w)
        i += 1
    # a trailing lower-case "ev" after a name is the legal form (e.V. written without dots)
    if len(words) > 1 and words[-1] == "ev" and cased[-1] != "Ev":
        words.pop()
    return words


@lru_cache(maxsize=1 << 18)
def _tokens(text: str, expand: bool, drop_stop_words: bool) -> tuple[str, ...]:
    words = _split_words(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        if expand and words[i] in _PHRASE_STARTS:
            for n in (3, 2):
                phrase = tuple(words[i : i + n])
                if len(phrase) == n and phrase in PHRASES:
                    out.extend(PHRASES[phrase])
                    i += n
                    break
            else:
                out.extend(ABBREVIATIONS.get(words[i], (words[i],)))
                i += 1
        elif expand:
            out.extend(ABBREVIATIONS.get(words[i], (words[i],)))
            i += 1
        else:
            out.append(words[i])
            i += 1
    if drop_stop_words:
        out = [w for w in out if w not in STOP_WORDS]
    return tuple(out)


def tokens(text: str | None, *, expand: bool = True, drop_stop_words: bool = True) -> list[str]:
    """The normalised words of a name, title or description.

    Parameters
    ----------
    text : str or None
        Any German text; ``None`` gives no tokens.
    expand : bool, default True
        Expand abbreviations (:data:`ABBREVIATIONS`, :data:`PHRASES`).
    drop_stop_words : bool, default True
        Drop :data:`STOP_WORDS`.

    Returns
    -------
    list of str
        Lower case, umlaut-folded, without legal forms and punctuation, in text order.

    Examples
    --------
    >>> tokens("AWO OV Nord")
    ['arbeiterwohlfahrt', 'ortsverein', 'nord']
    >>> tokens("Arbeiterwohlfahrt Ortsverein Nord e.V.")
    ['arbeiterwohlfahrt', 'ortsverein', 'nord']
    >>> tokens("HA-Hilfe an der GGS Ostpark")
    ['hausaufgabenhilfe', 'gemeinschaftsgrundschule', 'ostpark']
    >>> tokens("Städt. Kindertagesstätte Sonnenschein")
    ['staedtische', 'kita', 'sonnenschein']
    >>> tokens("Nach-Hilfe für Kinder")
    ['nachhilfe', 'kinder']

    Notes
    -----
    O(n) in the length of the text; results are cached per text.
    """
    if not text:
        return []
    return list(_tokens(text, expand, drop_stop_words))


def word_tuple(text: str) -> tuple[str, ...]:
    """:func:`tokens` with the defaults, as the cached tuple (no copy; for hot loops)."""
    return _tokens(text, True, True)


def normalise(text: str | None) -> str:
    """The normalised words of ``text`` joined by single spaces.

    Examples
    --------
    >>> normalise("Ev. Familienbildungsstaette Musterstadt")
    'evangelische familienbildungsstaette musterstadt'
    >>> normalise("Evangelische Familienbildungsstätte Musterstadt")
    'evangelische familienbildungsstaette musterstadt'
    >>> normalise("Eltern-Café (DRK e.V.)")
    'eltern cafe deutsches rotes kreuz'
    """
    return " ".join(_tokens(text, True, True)) if text else ""


def compact(text: str | None) -> str:
    """The normalised words of ``text`` without spaces, so compounds meet their parts.

    Examples
    --------
    >>> compact("Eltern-Cafe Nord") == compact("Elterncafé Nord")
    True
    """
    return "".join(_tokens(text, True, True)) if text else ""
