"""Actor records prepared for matching: names, legal forms, address, contact, place.

An :class:`ActorRecord` holds what the comparisons in
:mod:`graph.analysis.actor_comparisons` look at, normalised once per actor by
:func:`actor_record` (see :mod:`graph.analysis.normalise`). :class:`Frequencies` counts
how many records share an address, phone, e-mail or website, so that a shared switchboard
or a city portal weighs less than one organisation's own number (splink's term-frequency
adjustment).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.analysis.matching import FEDERATION_LEVELS, GENERIC_WORDS
from graph.analysis.actor_normalise import (
    Address,
    actor_words,
    address_unit,
    email_key,
    legal_forms,
    parse_address,
    phone_key,
    web_key,
)

__all__ = ["FEDERATION_LEVELS", "GENERIC_WORDS", "ActorRecord", "Frequencies", "actor_record"]

@dataclass(slots=True)
class Frequencies:
    """How many records share each address, phone, e-mail and website key."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, record: ActorRecord) -> None:
        """Count ``record``'s contact keys and its name."""
        self.counts.update(set(record.contact_keys()))
        if record.text:
            self.counts[f"n:{record.text}"] += 1
        if record.district:  # how common a name or building is in the record's own district
            self.counts[f"dn:{record.district}|{record.text}"] += 1
            a = record.address
            if a.street and a.number:
                self.counts[f"da:{record.district}|{a.street}|{a.number}"] += 1

    def __call__(self, key: str) -> int:
        return self.counts.get(key, 0)


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor prepared for matching (normalised name, place, address and contact)."""

    id: str
    name: str
    norm: str
    words: frozenset[str]
    variants: tuple[str, ...]
    kind: str | None
    district: str | None
    levels: frozenset[str]
    lineage: frozenset[str]
    names: Mapping[str, str] = field(repr=False)
    """District id -> display name (shared by all records of one matcher)."""
    legal: frozenset[str] = frozenset()
    address_text: str | None = None
    address: Address = Address("", "", "", "")
    unit: str = ""
    """Suite, room or floor in the building ("" if the address names none)."""
    web: tuple[str, str] | None = None
    email: tuple[str, str] | None = None
    phone: str | None = None
    parent: str | None = None
    parent_name: str | None = None
    district_path: tuple[str, ...] = ()
    """The district and its ancestors, innermost first."""
    place_words: frozenset[str] = frozenset()
    """Words of the names of the record's district and the districts it lies in."""
    freq: Frequencies = field(default_factory=Frequencies, repr=False)

    @property
    def text(self) -> str:
        """The normalised name without spaces (compounds meet their parts)."""
        return self.variants[0] if self.variants else ""

    @property
    def place(self) -> str | None:
        """Where the record is, for people: district name, else postcode and place."""
        if self.district:
            return self.names.get(self.district, self.district)
        a = self.address
        return " ".join(x for x in (a.postcode, a.place.title()) if x) or None

    def address_key(self) -> str | None:
        """Street, number and (when known) postcode: one building."""
        a = self.address
        return f"a:{a.postcode}|{a.street}|{a.number}" if a.street and a.number else None

    def contact_keys(self) -> Iterable[str]:
        """Keys two records of one organisation (or one building) share exactly."""
        a = self.address
        if a.street and a.number:
            yield f"a:{a.street}|{a.number}"
            yield f"a:{a.postcode}|{a.street}|{a.number}"
            yield f"h:{a.street}|{a.number.rstrip('abcdefgh')}"  # 12 and 12a
        if self.phone:
            yield f"p:{self.phone}"
        if self.email:
            yield f"e:{self.email[1]}"
            if self.email[0]:
                yield f"ed:{self.email[0]}"
        if self.web:
            yield f"w:{self.web[1]}"
            if self.web[0]:
                yield f"wd:{self.web[0]}"


def actor_record(actor_id: str, name: str, attrs: Mapping[str, Any], *, lineage: frozenset[str] = frozenset(),
                 names: Mapping[str, str] | None = None, district_path: tuple[str, ...] = (),
                 freq: Frequencies | None = None) -> ActorRecord:
    """Prepare one actor for matching.

    Parameters
    ----------
    actor_id, name : str
    attrs : mapping
        May hold ``short_name``, ``kind``, ``district``, ``part_of``, ``address``,
        ``website``, ``email``, ``phone``; anything else is ignored.

    Examples
    --------
    >>> r = actor_record("a", "AWO OV Nord e.V.", {"address": "Glückaufplatz 3, 45999 Musterstadt",
    ...                                           "phone": "+49 209 1234-5"})
    >>> r.norm, sorted(r.legal), r.address.street, r.phone
    ('arbeiterwohlfahrt ortsverein nord', ['e. V.'], 'glueckaufpl', '020912345')
    """
    words = actor_words(name)
    variants = ["".join(words)]
    if attrs.get("short_name"):
        variants.append("".join(actor_words(attrs["short_name"])))
    district = attrs.get("district")
    path = district_path or ((district,) if district else ())
    place_words = frozenset(w for d in path for w in actor_words((names or {}).get(d, "")) if w not in _DISTRICT_WORDS)
    if attrs.get("address"):  # "Kita Sternschnuppe (Gartenstraße 76)": the street names the site
        place_words |= frozenset(actor_words(str(attrs["address"]).split(",")[0]))
    return ActorRecord(
        id=actor_id, name=name, norm=" ".join(words), words=frozenset(words),
        variants=tuple(dict.fromkeys(v for v in variants if v)),
        kind=attrs.get("kind"), district=district,
        levels=frozenset(w for w in words if w in FEDERATION_LEVELS), lineage=lineage, names=names or {},
        legal=legal_forms(name), address_text=attrs.get("address"), address=parse_address(attrs.get("address")),
        unit=address_unit(attrs.get("address")),
        web=web_key(attrs.get("website")), email=email_key(attrs.get("email")), phone=phone_key(attrs.get("phone")),
        parent=attrs.get("part_of"), parent_name=attrs.get("parent_name"),
        district_path=path, place_words=place_words, freq=freq or Frequencies(),
    )


_DISTRICT_WORDS = frozenset("stadt stadtbezirk bezirk stadtteil sozialraum ortsteil teilort quartier gemeinde".split())
"""Words of district names that name a level, not a place."""
