"""The authenticated user, as route handlers receive it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

__all__ = ["AuthUser", "ReadOnlyDict", "freeze_claims"]


class ReadOnlyDict(dict[str, Any]):
    """A ``dict`` that refuses every change: what ``AuthUser.claims`` (and every object inside it) is.

    Still a ``dict`` for everything that reads it: ``json.dumps``, FastAPI's encoder and pydantic serialize it
    as a JSON object. ``dict(claims)`` (or ``claims.copy()``) gives an ordinary, editable copy of the top level.
    """

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("AuthUser.claims is read-only; copy it (dict(user.claims)) to edit a copy")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __reduce__(self) -> tuple[type[ReadOnlyDict], tuple[dict[str, Any]]]:  # copy, deepcopy and pickle
        return (type(self), (dict(self),))


def _is_container(value: object) -> bool:
    """Whether freeze_claims copies a value: JSON's objects and arrays (dict, list, their subclasses) and tuples."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return False  # the usual claim values, answered without isinstance
    return kind is tuple or isinstance(value, (dict, list))


def freeze_claims(claims: Mapping[str, Any]) -> ReadOnlyDict:
    """A read-only copy of claims at every depth: objects become :class:`ReadOnlyDict`, arrays tuples.

    Copies, never wraps, so nothing the caller keeps can change it. Iterative (claims may nest 1000 deep).
    """
    if type(claims) is dict:
        flat = _freeze_flat(claims)
        if flat is not None:
            return flat
    elif not isinstance(claims, Mapping):
        raise TypeError("claims must be a mapping")
    return _freeze_deep(claims)


def _freeze_flat(claims: dict[str, Any]) -> ReadOnlyDict | None:
    """One pass for claims as tokens carry them (string keys; strings, numbers, booleans, arrays of strings),
    else None."""
    flat = {}
    for key, value in claims.items():
        if type(key) is not str:
            return None
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float or value is None:
            flat[key] = value
        elif kind is list and all(type(item) is str for item in value):
            flat[key] = tuple(value)
        else:
            return None
    return ReadOnlyDict(flat)


def _freeze_deep(claims: Mapping[str, Any]) -> ReadOnlyDict:
    top = dict(claims)
    frozen: dict[int, Any] = {}  # id(container) -> its frozen copy (the containers outlive this call)
    active: set[int] = set()  # the containers being frozen: the ancestors of the one on top of the stack
    stack: list[tuple[Any, bool]] = [(top, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            active.discard(key)
            items = node.items() if isinstance(node, dict) else enumerate(node)
            copied = {k: frozen[id(v)] if _is_container(v) else v for k, v in items}
            frozen[key] = ReadOnlyDict(copied) if isinstance(node, dict) else tuple(copied.values())  # type: ignore[arg-type]
            continue
        if key in frozen:
            continue  # the same object reached twice (not from JSON, but a caller may build one)
        if key in active:
            raise ValueError("claims must not contain themselves")
        active.add(key)
        stack.append((node, True))
        stack.extend((v, False) for v in (node.values() if isinstance(node, dict) else node) if _is_container(v))
    return frozen[id(top)]  # type: ignore[no-any-return]


def _validate_claims(value: Any) -> ReadOnlyDict:
    if type(value) is dict:
        flat = _freeze_flat(value)
        if flat is not None:
            return flat
    elif not isinstance(value, Mapping):
        raise ValueError("claims must be a mapping")  # pydantic turns it into a ValidationError
    for key in value:
        if type(key) is not str and not isinstance(key, str):
            raise ValueError("claims must have string keys")
    return _freeze_deep(value)


# Immutable, so that the verified-token cache can hand one instance to every request with the same token:
# frozen fields, ``roles`` a tuple, ``claims`` read-only at every depth (objects are ReadOnlyDict, arrays
# tuples). Serialized, ``roles`` is still a JSON array and ``claims`` a JSON object. (The docstring below is
# the schema's description in OpenAPI: kept as it was.)
class AuthUser(BaseModel):
    """The user a verified access token speaks for.

    ``id`` is the token's ``sub`` (the Better Auth user id); ``claims`` holds the whole verified payload,
    custom claims included.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="The Better Auth user id (the token's sub claim).")
    email: str = Field(description="The user's email address.")
    email_verified: bool = Field(description="Whether Better Auth has verified the email address.")
    name: str | None = Field(default=None, description="The display name, when the user has one.")
    roles: tuple[str, ...] = Field(default_factory=tuple, description="The user's roles (exact strings).")
    claims: Annotated[Mapping[str, Any], PlainValidator(_validate_claims, json_schema_input_type=dict[str, Any])] = (
        Field(default_factory=ReadOnlyDict, description="Every claim of the verified token.")
    )

    if TYPE_CHECKING:  # what pydantic accepts (and converts): any sequence of roles, any mapping of claims

        def __init__(
            self,
            *,
            id: str,
            email: str,
            email_verified: bool,
            name: str | None = None,
            roles: Sequence[str] = (),
            claims: Mapping[str, Any] = ...,
        ) -> None: ...

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> AuthUser:
        """Builds the user from verified claims (contract v1, or Better Auth's ``jwt`` plugin in JWKS mode).

        The user holds a read-only copy of ``claims``: editing ``claims`` afterwards does not reach it.
        """
        verified = claims.get("email_verified", claims.get("emailVerified", False))
        roles = claims.get("roles")
        if type(roles) is not list:
            # Better Auth's admin plugin stores roles as one comma-separated "role" string.
            role = claims.get("role")
            roles = [r.strip() for r in role.split(",") if r.strip()] if type(role) is str else []
        name = claims.get("name")
        email = claims.get("email")
        # Plain construction: in pydantic 2 it is faster than model_construct, and keeps the model's invariants.
        return cls(
            id=claims["sub"],
            email=email if type(email) is str else "",
            email_verified=verified if type(verified) is bool else False,
            name=name if type(name) is str else None,
            roles=roles,
            claims=claims,
        )
