"""Loads the shared vectors of ``spec/vectors`` (Wycheproof style) as pytest parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest

VECTORS = Path(__file__).resolve().parents[3] / "spec" / "vectors"
FILES = ("key_derivation_v1", "verify_v1", "http_errors_v1", "issue_v1", "secret_hygiene_v1", "secrets_v1")


class Vector(NamedTuple):
    """One test case with the group it belongs to."""

    file: str
    group: dict[str, Any]
    test: dict[str, Any]


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def cases(name: str) -> list[Any]:
    """``pytest.param`` per test case, with ids like ``verify_v1 #12 rejectsAlgNone``."""
    if not (VECTORS / f"{name}.json").exists():
        return []  # test_vectors_lint fails in that case, so a missing file cannot pass silently
    params = []
    for group in load(name)["testGroups"]:
        for test in group["tests"]:
            params.append(pytest.param(Vector(name, group, test), id=f"{name} #{test['tcId']} {test['comment']}"))
    return params
