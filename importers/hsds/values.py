"""Values HSDS leaves to free text or ages: life phases from an age range, cost from fee texts."""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import Cost, LifePhase
from importers.hsds.constants import FREE, INCOME


def default_life_phases() -> list[LifePhase]:
    """The default life phases (DOMAIN.md): pregnancy & birth, 0–3, 3–6, 6–10, 10–16, 16–27."""
    from graph.demo.build_musterstadt import PHASES  # the demo city uses the default table

    return [
        LifePhase(id=pid, name=name, order=i, age_min=lo, age_max=hi, description=desc)
        for i, (pid, name, lo, hi, desc) in enumerate(PHASES, start=1)
    ]


def phases_for_ages(age_min: float | None, age_max: float | None, phases: Sequence[LifePhase]) -> list[str]:
    """Ids of the phases whose age range overlaps ``[age_min, age_max]``, in phase order.

    Ranges are half-open (an offer for 0–3 years does not reach the 3–6 phase); a missing
    bound is open.

    Examples
    --------
    >>> phases_for_ages(2, 7, default_life_phases())
    ['p0-3', 'p3-6', 'p6-10']
    >>> phases_for_ages(None, None, default_life_phases())
    []
    """
    if age_min is None and age_max is None:
        return []
    lo = age_min if age_min is not None else 0.0
    hi = age_max if age_max is not None else 200.0
    out = []
    for p in sorted(phases, key=lambda p: (p.order, p.id)):
        p_lo = p.age_min if p.age_min is not None else 0.0
        p_hi = p.age_max if p.age_max is not None else 200.0
        if (lo < p_hi and p_lo < hi) or (lo == hi and p_lo <= lo < p_hi):
            out.append(p.id)
    return out


def cost_from_text(texts: Sequence[str], amounts: Sequence[float] = ()) -> Cost | None:
    """Read a cost class from free-text fees and cost amounts.

    Examples
    --------
    >>> cost_from_text(["kostenlos"]), cost_from_text(["3 € pro Termin"]), cost_from_text([], [0.0])
    ('free', 'fee', 'free')
    """
    text = " ".join(t for t in texts if t)
    if text and INCOME.search(text):
        return Cost.INCOME_BASED.value  # type: ignore[return-value]
    if (text and FREE.search(text)) or (amounts and all(a == 0 for a in amounts)):
        return Cost.FREE.value  # type: ignore[return-value]
    if text or any(a > 0 for a in amounts):
        return Cost.FEE.value  # type: ignore[return-value]
    return None
