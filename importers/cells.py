"""Cell values as German lists write them: numbers, dates, yes/no, age ranges, lists, ids.

Every ``parse_*`` helper takes a raw cell (text, or the number/date openpyxl gives) and
either returns the model value or raises :class:`CellError` with a German message naming
the value; readers turn that into a problem at the cell. German forms are understood:
``1.675`` and ``1 675`` (thousands), ``2,5`` (decimal comma), ``31.12.2024``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

#: first characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell value that cannot be read; the message is German and names the value."""


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise_key(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation dropped: for matching headers and labels.

    >>> normalise_key("Träger (federführend)")
    'traeger federfuehrend'
    """
    text = text.strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@functools.lru_cache(maxsize=65536)
def slug(text: str, *, max_length: int = 120) -> str:
    """A stable id from a name: ``"AWO Ortsverein Nord e.V."`` → ``"awo-ortsverein-nord-e-v"``."""
    return normalise_key(text).replace(" ", "-")[:max_length].strip("-")


def clean_text(value: Any) -> str | None:
    """A cell as text, stripped; ``None`` for empty cells.

    Undoes the formula neutralisation of CSV exports (a ``'`` in front of ``= + - @``);
    integral floats print without ``.0`` (Excel stores ``45889`` as a number).
    """
    if value is None:
        return None
    if type(value) is str:  # the common case, fast
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        text = value.strip()
        if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
            text = text[1:]
        return text or None
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text or None


def single_line(text: str | None) -> str | None:
    """Line breaks and runs of blanks to one space (names, titles, ids)."""
    return " ".join(text.split()) if text else text


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_number(value: Any) -> float:
    """German or plain number: ``1.675``, ``1 675``, ``2,5``, ``1.234,5``, ``3.5`` → float.

    A single dot followed by exactly three digits is a thousands separator (German);
    ``%`` is not handled here (see :func:`parse_share`).

    >>> parse_number("1.675"), parse_number("1 675"), parse_number("2,5"), parse_number("1.234,56")
    (1675.0, 1675.0, 2.5, 1234.56)
    """
    if isinstance(value, bool):
        raise CellError(f"„{value}“ ist keine Zahl.")
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value)
    if text is None:
        raise CellError("Der Wert fehlt.")
    raw = text
    text = _SPACES.sub("", text)
    sign = ""
    if text[:1] in "+-−":
        sign, text = ("-" if text[0] in "-−" else ""), text[1:]
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", text) else text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            raise CellError(f"„{raw}“ ist keine Zahl.")
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
        raise CellError(f"„{raw}“ ist keine Zahl.")
    return float(sign + text)


def parse_int(value: Any) -> int:
    """A whole number in German notation (``1.675`` → 1675)."""
    number = parse_number(value)
    if not number.is_integer():
        raise CellError(f"„{clean_text(value)}“ ist keine ganze Zahl.")
    return int(number)


def parse_share(value: Any) -> float:
    """A share 0–1: ``0,41``, ``41 %`` or ``41`` (a number above 1 is read as per cent)."""
    text = clean_text(value) if not isinstance(value, int | float) else None
    if text is not None and text.endswith("%"):
        return parse_number(text[:-1]) / 100
    number = parse_number(value)
    return number / 100 if number > 1 else number


_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")


def parse_date(value: Any) -> dt.date:
    """``31.12.2024``, ``31.12.24``, ``2024-12-31``, an Excel date cell or an Excel day number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = clean_text(value) or ""
    try:
        if m := _DATE_DE.fullmatch(text):
            day, month, year = (int(g) for g in m.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        if m := _DATE_ISO.fullmatch(text):
            year, month, day = (int(g) for g in m.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise CellError(f"„{text}“ ist kein Datum (erwartet: TT.MM.JJJJ, z. B. 31.12.2024).")


YES = frozenset({"x", "ja", "j", "yes", "y", "true", "wahr", "1", "✓", "✔", "☑"})
NO = frozenset({"nein", "n", "no", "false", "falsch", "0", "-", "–"})


def parse_bool(value: Any) -> bool:
    """``ja``/``nein``, ``x``, ``wahr``/``falsch``, ``1``/``0`` and Excel booleans."""
    if isinstance(value, bool):
        return value
    text = (clean_text(value) or "").lower()
    if text in YES:
        return True
    if text in NO or not text:
        return False
    raise CellError(f"„{text}“ ist weder „ja“ noch „nein“.")


def parse_age_range(value: Any) -> tuple[float | None, float | None]:
    """An age range in one cell: ``3-6``, ``3 bis 6 Jahre``, ``ab 12``, ``bis 3``, ``0–3``, ``16``.

    >>> parse_age_range("3 bis 6 Jahre"), parse_age_range("ab 12"), parse_age_range("bis 3")
    ((3.0, 6.0), (12.0, None), (None, 3.0))
    >>> parse_age_range("Age 18 or over"), parse_age_range("ages 5 to 12"), parse_age_range("under 6 years")
    ((18.0, None), (5.0, 12.0), (None, 6.0))
    """
    text = (clean_text(value) or "").lower()
    core = re.sub(r"\b(jahre?n?|j\.|lebensjahr|monate?|years?|yrs?\.?|ages?|old)\b", " ", text)
    core = re.sub(r"\b(and|or) (over|older|up|above)\b|\bund (älter|mehr)\b", "+", core)
    core = re.sub(r"\b(under|below)\b", "unter", re.sub(r"\b(to|through)\b", "-", core))
    core = " ".join(core.split()).replace(" +", "+")
    if m := re.fullmatch(r"(?:ab|von|über|ueber)\s*(\d+(?:[.,]\d+)?)\+?|(\d+(?:[.,]\d+)?)\s*\+", core):
        return parse_number(m.group(1) or m.group(2)), None
    if m := re.fullmatch(r"(?:bis|unter)\s*(\d+(?:[.,]\d+)?)", core):
        return None, parse_number(m.group(1))
    if m := re.fullmatch(r"(?:von\s*)?(\d+(?:[.,]\d+)?)\s*(?:-|–|—|bis)\s*(\d+(?:[.,]\d+)?)", core):
        lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
        if lo > hi:
            raise CellError(f"„{text}“ ist kein Altersbereich: {lo:g} ist größer als {hi:g}.")
        return lo, hi
    if re.fullmatch(r"\d+(?:[.,]\d+)?", core):
        age = parse_number(core)
        return age, age
    raise CellError(f"„{text}“ ist kein Altersbereich (erwartet z. B. „3-6“, „3 bis 6“, „ab 12“, „bis 3“).")


def split_list(value: Any, separators: str = ";") -> list[str]:
    """A list cell: items separated by ``;`` (or the given characters) and line breaks."""
    text = clean_text(value)
    if not text:
        return []
    return [item for part in _splitter(separators).split(text) if (item := part.strip())]


@functools.lru_cache(maxsize=16)
def _splitter(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(separators) + "\n]")
