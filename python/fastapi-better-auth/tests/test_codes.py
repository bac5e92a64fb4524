from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from fastapi_better_auth.codes import CODES, AccessTokenErrorCode

SPEC = Path(__file__).resolve().parents[3] / "spec" / "codes.json"


def test_codes_equal_spec_codes_json() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    ours = [
        {"code": c.code, "status": c.status, "error": c.error, "description": c.description} for c in CODES.values()
    ]
    assert ours == spec["codes"]


def test_literal_lists_every_code_in_order() -> None:
    assert list(get_args(AccessTokenErrorCode)) == list(CODES)


def test_keys_match_codes() -> None:
    assert all(key == info.code for key, info in CODES.items())
