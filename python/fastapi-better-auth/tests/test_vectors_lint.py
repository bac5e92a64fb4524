from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .vectors import FILES, VECTORS, load

CODES = {c["code"] for c in json.loads((VECTORS.parent / "codes.json").read_text(encoding="utf-8"))["codes"]}


def _registry() -> Registry:
    registry: Registry = Registry()
    for path in (VECTORS / "schemas").glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(path.name, Resource.from_contents(schema))
    return registry


@pytest.mark.parametrize("name", FILES)
def test_vector_file_matches_its_json_schema(name: str) -> None:
    data = load(name)
    schema = json.loads((VECTORS / "schemas" / data["schema"]).read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema, registry=_registry()).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("name", FILES)
def test_vector_file_is_well_formed(name: str) -> None:
    assert (VECTORS / f"{name}.json").exists(), f"spec/vectors/{name}.json is missing"
    data = load(name)
    assert data["schema"] == f"{name.removesuffix('_v1')}_schema_v1.json"
    assert (VECTORS / "schemas" / data["schema"]).exists()
    assert isinstance(data["header"], list)
    assert all(isinstance(line, str) for line in data["header"])
    tests: list[dict[str, Any]] = [t for g in data["testGroups"] for t in g["tests"]]
    assert data["numberOfTests"] == len(tests)
    ids = [t["tcId"] for t in tests]
    assert ids == list(range(1, len(tests) + 1)), "tcIds are unique and 1..N in order"
    assert len({g["type"] for g in data["testGroups"]}) == 1, "one test-group type per file"
    for test in tests:
        assert test["comment"][:1].islower(), test["tcId"]
        assert " " not in test["comment"], test["tcId"]
        assert set(test["flags"]) <= set(data["notes"]), test["tcId"]
        if "code" in test:
            assert test["code"] in CODES, test["tcId"]
        if test.get("result") == "invalid" and name == "verify_v1":
            assert ("claim" in test) == (test["code"] in ("CLAIM_MISSING", "CLAIM_INVALID")), test["tcId"]
    for flag, note in data["notes"].items():
        assert isinstance(note["description"], str), flag
