from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from pydantic import ValidationError

from fastapi_better_auth import AuthUser
from fastapi_better_auth.errors import InvalidTokenError
from fastapi_better_auth.user import ReadOnlyDict, freeze_claims


def test_auth_user_from_claims() -> None:
    user = AuthUser.from_claims(
        {"sub": "u", "email": "e@x", "email_verified": False, "roles": ["a"], "iat": 1, "exp": 2, "x": 1}
    )
    assert (user.id, user.email, user.email_verified, user.name, user.roles) == ("u", "e@x", False, None, ("a",))
    assert user.claims["x"] == 1
    better_auth = AuthUser.from_claims({"sub": "u", "email": "e@x", "emailVerified": True, "role": "admin, user"})
    assert (better_auth.email_verified, better_auth.roles) == (True, ("admin", "user"))


def test_error_subclasses_are_catchable_by_base() -> None:
    with pytest.raises(InvalidTokenError):
        raise InvalidTokenError("TOKEN_EXPIRED")


CLAIMS: dict[str, Any] = {
    "sub": "u",
    "email": "e@x",
    "email_verified": True,
    "roles": ["a", "b"],
    "org": {"id": "o-1", "teams": [{"name": "blue", "tags": []}], "empty": {}},
    "matrix": [[1, 2], [3]],
    "n": None,
}


def test_auth_user_is_immutable_and_copies_its_claims() -> None:
    source = copy.deepcopy(CLAIMS)
    user = AuthUser.from_claims(source)
    source["roles"].append("admin")
    source["org"]["teams"][0]["name"] = "red"
    assert user.roles == ("a", "b")
    assert user.claims["roles"] == ("a", "b")
    assert user.claims["org"]["teams"][0]["name"] == "blue"
    assert isinstance(user.claims, dict)
    assert isinstance(user.claims["org"], ReadOnlyDict)
    assert user.claims["matrix"] == ((1, 2), (3,))
    with pytest.raises(ValidationError):
        user.roles = ("admin",)
    with pytest.raises(ValidationError):
        user.id = "someone-else"
    edits: list[Callable[[Any], object]] = [
        lambda c: c.__setitem__("sub", "x"),
        lambda c: c.__delitem__("sub"),
        lambda c: c.update(sub="x"),
        lambda c: c.setdefault("new", 1),
        lambda c: c.pop("sub"),
        lambda c: c.popitem(),
        lambda c: c.clear(),
        lambda c: c.__ior__({"sub": "x"}),
        lambda c: c["org"].__setitem__("id", "x"),
        lambda c: c["org"]["empty"].__setitem__("k", "v"),
    ]
    for edit in edits:
        with pytest.raises(TypeError):
            edit(user.claims)
    assert user.claims == {**CLAIMS, "roles": ("a", "b"), "org": {"id": "o-1", "teams": ({"name": "blue", "tags": ()},),
                                                                  "empty": {}}, "matrix": ((1, 2), (3,))}  # fmt: skip
    editable = dict(user.claims)
    editable["sub"] = "x"  # a copy is an ordinary dict
    assert user.claims["sub"] == "u"


def test_auth_user_serializes_as_before() -> None:
    user = AuthUser.from_claims(CLAIMS)
    expected = {"id": "u", "email": "e@x", "email_verified": True, "name": None, "roles": ["a", "b"], "claims": CLAIMS}
    assert json.loads(user.model_dump_json()) == expected
    assert user.model_dump(mode="json") == expected
    assert jsonable_encoder(user) == expected
    assert json.loads(json.dumps(user.claims)) == CLAIMS
    schema = AuthUser.model_json_schema()
    # What the schema was while AuthUser was mutable (roles a list[str], claims a dict[str, Any]): OpenAPI
    # documents must not change.
    old_schema = (
        '{"description": "The user a verified access token speaks for.\\n\\n``id`` is the token\'s ``sub`` (the '
        'Better Auth user id); ``claims`` holds the whole verified payload,\\ncustom claims included.", "properties": '
        '{"id": {"description": "The Better Auth user id (the token\'s sub claim).", "title": "Id", "type": "string"}, '
        '"email": {"description": "The user\'s email address.", "title": "Email", "type": "string"}, "email_verified": '
        '{"description": "Whether Better Auth has verified the email address.", "title": "Email Verified", "type": '
        '"boolean"}, "name": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "description": "The '
        'display name, when the user has one.", "title": "Name"}, "roles": {"description": "The user\'s roles (exact '
        'strings).", "items": {"type": "string"}, "title": "Roles", "type": "array"}, "claims": '
        '{"additionalProperties": true, "description": "Every claim of the verified token.", "title": "Claims", '
        '"type": "object"}}, "required": ["id", "email", "email_verified"], "title": "AuthUser", "type": "object"}'
    )
    assert schema == json.loads(old_schema)
    assert AuthUser.model_json_schema(mode="serialization") == schema


def test_auth_user_built_directly_is_frozen_too() -> None:
    roles = ["a"]
    claims: dict[str, Any] = {"x": [1, {"y": [2]}]}
    user = AuthUser(id="u", email="e", email_verified=False, roles=roles, claims=claims)
    roles.append("b")
    claims["x"][1]["y"].append(3)
    assert user.roles == ("a",)
    assert user.claims == {"x": (1, {"y": (2,)})}
    assert AuthUser(id="u", email="e", email_verified=False).claims == {}
    with pytest.raises(TypeError):
        AuthUser(id="u", email="e", email_verified=False).claims["x"] = 1  # type: ignore[index]
    same = AuthUser(id="u", email="e", email_verified=False, claims=user.claims)
    assert same == user.model_copy(update={"roles": ()})
    for bad in ("x", [("a", 1)], {1: "a"}):
        with pytest.raises(ValidationError):
            AuthUser(id="u", email="e", email_verified=False, claims=bad)  # type: ignore[arg-type]
    loop: dict[str, Any] = {}
    loop["self"] = [loop]
    with pytest.raises(ValidationError):
        AuthUser(id="u", email="e", email_verified=False, claims=loop)
    shared = [1]
    assert freeze_claims({"a": [shared, shared]}) == {"a": ((1,), (1,))}


def test_auth_user_copies_and_pickles() -> None:
    user = AuthUser.from_claims(CLAIMS)
    for other in (copy.copy(user), copy.deepcopy(user), user.model_copy(deep=True), pickle.loads(pickle.dumps(user))):  # noqa: S301
        assert other == user
        assert type(other.claims) is ReadOnlyDict
        assert type(other.claims["org"]) is ReadOnlyDict
        with pytest.raises(TypeError):
            other.claims["org"]["id"] = "x"


def test_freezing_does_not_recurse() -> None:
    import sys

    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        frozen = freeze_claims({"deep": deep})
    finally:
        sys.setrecursionlimit(limit)
    depth, node = 0, frozen["deep"]
    while node:
        node, depth = node[0], depth + 1
    assert depth == 5000
