"""The domain model: validation and the property encoding the store relies on."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from graph.model import Cooperation, District, GraphBatch, Offer
from tests.tiny_city import tiny_batch


def test_properties_exclude_relations_and_encode_maps() -> None:
    d = District(id="nord", name="Nord", part_of="stadt", children_by_phase={"p0-3": 10})
    props = d.properties()
    assert "part_of" not in props and props["children_by_phase"] == '{"p0-3": 10}'
    assert District.decode_properties(props)["children_by_phase"] == {"p0-3": 10}


def test_enum_defaults_are_plain_strings() -> None:
    props = Offer(id="o", title="T").properties()
    assert type(props["status"]) is str and props["status"] == "active"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": "o", "title": "T", "age_min": 10, "age_max": 3},
        {"id": "o", "title": "T", "start_date": dt.date(2025, 1, 2), "end_date": dt.date(2024, 1, 1)},
        {"id": "o x", "title": "T"},
        {"id": "o", "title": ""},
        {"id": "o", "title": "T", "status": "läuft"},
    ],
)
def test_invalid_offers_are_rejected(kwargs: dict) -> None:
    with pytest.raises(ValidationError):
        Offer(**kwargs)


def test_no_self_cooperation() -> None:
    with pytest.raises(ValidationError, match="mit sich selbst"):
        Cooperation(actor="a", partner="a")


def test_batch_json_round_trip() -> None:
    batch = tiny_batch()
    assert GraphBatch.model_validate_json(batch.model_dump_json()) == batch
