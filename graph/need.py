"""Need from real statistics: age bands onto life phases, and up the district tree.

Statistics offices count children in age bands ("0 - 2", "3-5", "6 bis unter 15",
"unter 6", "15-17") that rarely match a city's life phases (0–3, 3–6, 6–10, …), and per
Planungsraum while offers sit in a Prognoseraum or Bezirk. This module turns such a table
into what the gap ranking needs (``District.children_by_phase``):

* a band label is read as an age interval ``[lo, hi)`` in years: "0 - 2" and "0-2 Jahre"
  mean 0 up to the third birthday, [0, 3); "unter 6" [0, 6); "6 bis unter 15" [6, 15);
  "80 u. älter" / "65 und älter" [80, 100) / [65, 100); "ab 3" [3, 100);
* a band's count is spread onto each phase in proportion to the overlap of their
  intervals, **uniformly within the band** (a band "6 - 14" with 900 children gives a
  phase 6–10 four ninths of them, 400). This assumes equal cohorts inside a band –
  documented, simple, and exact whenever band and phase limits coincide;
* districts without own figures get the sum of their children's (Planungsraum →
  Prognoseraum → Bezirk → Stadt); shares (poverty, single parents) are carried up as
  the population-weighted mean of the parts that have them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from graph.model import District, LifePhase

OPEN_END = 100.0

_NUM = r"(\d+(?:[.,]\d+)?)"


def parse_age_band(label: str) -> tuple[float, float] | None:
    """The age interval ``[lo, hi)`` in years a band label names, or None if it names none.

    Examples
    --------
    >>> [parse_age_band(x) for x in ("0 - 2", " 3-5", "6 bis unter 15", "unter 6", "80 u. älter", "ab 3")]
    [(0.0, 3.0), (3.0, 6.0), (6.0, 15.0), (0.0, 6.0), (80.0, 100.0), (3.0, 100.0)]
    >>> parse_age_band("Einwohner insgesamt") is None
    True
    """
    text = " ".join(label.lower().replace("–", "-").replace("—", "-").split())
    text = re.sub(r"-?jährigen?|\bjahre?n?\b|\bj\.", " ", text)
    text = " ".join(text.split()).strip(" .")
    number = lambda s: float(s.replace(",", "."))  # noqa: E731
    if m := re.fullmatch(rf"{_NUM}-? ?bis ?unter ?{_NUM}", text):
        return number(m[1]), number(m[2])
    if m := re.fullmatch(rf"{_NUM} ?(?:-|bis) ?{_NUM}", text):
        return number(m[1]), number(m[2]) + 1  # "0 - 2": up to the third birthday
    if m := re.fullmatch(rf"(?:unter|bis unter|<) ?{_NUM}", text):
        return 0.0, number(m[1])
    if m := re.fullmatch(rf"{_NUM} ?(?:u\.|und|\+|oder) ?(?:älter|mehr|aelter)|{_NUM} ?\+|(?:ab|über) ?{_NUM}", text):
        return number(next(g for g in m.groups() if g)), OPEN_END
    return None


def spread_to_phases(
    bands: Mapping[tuple[float, float], float], phases: Iterable[LifePhase]
) -> dict[str, int]:
    """Children per life phase from counts per age band, uniformly within each band.

    Parameters
    ----------
    bands : mapping of (lo, hi) to count
        Age intervals ``[lo, hi)`` in years and the people in them.
    phases : iterable of LifePhase
        Phases with ``age_min`` and ``age_max``; phases without ages get nothing.

    Returns
    -------
    dict
        Phase id -> rounded count, for phases some band overlaps.

    Examples
    --------
    >>> from graph.model import LifePhase
    >>> phases = [LifePhase(id="p3-6", name="Kita", order=1, age_min=3, age_max=6),
    ...           LifePhase(id="p6-10", name="Grundschule", order=2, age_min=6, age_max=10)]
    >>> spread_to_phases({(3.0, 6.0): 300, (6.0, 15.0): 900}, phases)
    {'p3-6': 300, 'p6-10': 400}
    """
    result: dict[str, float] = {}
    for phase in phases:
        if phase.age_min is None or phase.age_max is None or phase.age_max <= phase.age_min:
            continue
        total = 0.0
        touched = False
        for (lo, hi), count in bands.items():
            overlap = min(hi, phase.age_max) - max(lo, phase.age_min)
            if overlap > 0 and hi > lo:
                total += count * overlap / (hi - lo)
                touched = True
        if touched:
            result[phase.id] = total
    return {p: round(n) for p, n in result.items()}


SHARES = ("share_social_benefits", "share_single_parents")


def roll_up(districts: list[District]) -> list[District]:
    """Fill districts without own figures from the districts inside them.

    ``children_by_phase`` and ``population`` are summed over the direct parts (after
    those were filled themselves); shares are their population-weighted mean over the
    parts that have both. A district's own figures are never overwritten.

    Examples
    --------
    >>> from graph.model import District
    >>> city = District(id="stadt", name="Stadt")
    >>> a = District(id="a", name="A", part_of="stadt", population=100, children_by_phase={"p": 10},
    ...              share_social_benefits=0.5)
    >>> b = District(id="b", name="B", part_of="stadt", population=300, children_by_phase={"p": 30},
    ...              share_social_benefits=0.1)
    >>> up = {d.id: d for d in roll_up([city, a, b])}["stadt"]
    >>> up.children_by_phase, up.population, up.share_social_benefits
    ({'p': 40}, 400, 0.2)
    """
    by_id = {d.id: d for d in districts}
    parts: dict[str, list[str]] = {}
    for d in districts:
        if d.part_of in by_id:
            parts.setdefault(d.part_of, []).append(d.id)
    done: dict[str, District] = {}

    def fill(node: str, seen: frozenset[str]) -> District:
        if node in done:
            return done[node]
        d = by_id[node]
        children = [fill(c, seen | {node}) for c in sorted(parts.get(node, ())) if c not in seen]
        update: dict[str, object] = {}
        if children and not d.children_by_phase:
            summed: dict[str, int] = {}
            for c in children:
                for phase, n in c.children_by_phase.items():
                    summed[phase] = summed.get(phase, 0) + n
            if summed:
                update["children_by_phase"] = summed
        if children and d.population is None and any(c.population is not None for c in children):
            update["population"] = sum(c.population or 0 for c in children)
        for share in SHARES:
            weighted = [(getattr(c, share), c.population) for c in children
                        if getattr(c, share) is not None and c.population]
            if getattr(d, share) is None and weighted:
                total = sum(p for _, p in weighted)
                update[share] = round(sum(s * p for s, p in weighted) / total, 4)
        done[node] = d.model_copy(update=update) if update else d
        return done[node]

    return [fill(d.id, frozenset()) for d in districts]
