"""Property-based run of every API operation (schemathesis) against the real demo city.

For every operation in the app's own OpenAPI document, schemathesis generates requests that
fit the schema and requests that break it; each answer must not be a server error (5xx), must
match what the document promises (status code, content type, body schema), must refuse what
breaks the schema and an undocumented method, and a schema-valid read must succeed. Imports get
explicit examples (a valid praevnet-JSON file and a broken one, as multipart) because random
bytes never make a valid file. The test writes (imports, merges), so it uses the ``store``
fixture and loads the demo city itself; the next ``demo_store`` user reloads it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from graph.store import GraphStore

from api.app import create_app
from api.runtime import load_demo
from api.security import WRITE_HEADERS
from api.settings import Settings
from tests.tiny_city import tiny_batch

EXAMPLES_PER_OPERATION = 25
NEW_TOPIC = json.dumps({"topics": [{"id": "neu-thema", "name": "Neues Thema"}]}).encode()
RANGE_REVERSED = json.dumps({"offers": [{"id": "o", "title": "T", "age_min": 9, "age_max": 3}]}).encode()
TRUNCATED = b'{"offers": ['

CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    negative_data_rejection, unsupported_method,
]
# A schema-valid read must succeed (or name a missing id: 404); a schema-valid write may still be
# refused for its content (a file with errors, an actor merged into itself: 422).
READ_CHECKS = [*CHECKS, positive_data_acceptance]


def _run_operation(operation: Any, record: Callable[[Any], object]) -> None:
    """Generate positive and negative cases for one operation and check each answer."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        record(case)

    run()


def _import_case(operation: Any, content: bytes, *, dry_run: bool) -> Any:
    """An explicit multipart import of a praevnet-JSON file."""
    return operation.Case(
        body={"file": content, "format": "json"}, query={"dry_run": dry_run}, media_type="multipart/form-data"
    )


def _call(case: Any, failures: list[str]) -> int | None:
    """Send one case with the header the cross-site guard wants; its status, or collect what failed."""
    try:
        checks = READ_CHECKS if case.method == "GET" else CHECKS
        return case.call_and_validate(headers=WRITE_HEADERS, checks=checks).status_code
    except FailureGroup as e:
        failures.append(f"{case.operation.label}: {e}")
    except Exception as e:  # the ASGI transport re-raises what the app did not handle: a server error
        failures.append(f"{case.operation.label}: unhandled {type(e).__name__}: {e}\n{case.as_curl_command()}")
    return None


def test_every_operation_keeps_its_schema(store: GraphStore, test_settings: Settings) -> None:
    load_demo(store)
    app = create_app(test_settings.model_copy(update={"allowed_hosts_list": "testserver"}), store=store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    examples: Counter[str] = Counter()
    statuses: Counter[int | None] = Counter()
    failures: list[str] = []

    def record(case: Any) -> int | None:
        examples[case.operation.label] += 1
        status = _call(case, failures)
        statuses[status] += 1
        return status

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        _run_operation(operation, record)

    imports = schema["/api/imports"]["POST"]
    answers = [
        record(_import_case(imports, body, dry_run=dry_run))
        for body, dry_run in ((NEW_TOPIC, True), (NEW_TOPIC, False), (RANGE_REVERSED, False), (TRUNCATED, False))
    ]

    summary = ", ".join(f"{label}: {n}" for label, n in sorted(examples.items()))
    print(f"\nschemathesis: {len(operations)} operations, {sum(examples.values())} examples, "
          f"{len(failures)} failures; statuses {dict(sorted(statuses.items(), key=str))} ({summary})")
    kinds = Counter(line.strip() for f in failures for line in f.splitlines() if line.strip().startswith("- ST"))
    assert not failures, f"{dict(kinds)}\n\n" + "\n\n".join(failures[:10])
    assert answers == [200, 200, 422, 422]  # the explicit imports: valid twice, then two broken files
    assert "neu-thema" in {t.id for t in store.export_batch().topics}


def test_reimport_overlapping_the_stored_city_keeps_its_schema(store: GraphStore, test_settings: Settings) -> None:
    load_demo(store)
    app = create_app(test_settings.model_copy(update={"allowed_hosts_list": "testserver"}), store=store)
    imports = schemathesis.openapi.from_asgi("/openapi.json", app)["/api/imports"]["POST"]
    failures: list[str] = []
    _call(_import_case(imports, tiny_batch().model_dump_json().encode(), dry_run=True), failures)
    assert not failures, failures[0]
