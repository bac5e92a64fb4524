"""Secret hygiene (contract v1).

Refuse, at start-up, a secret that is missing, not UTF-8 text, short, one of the published placeholders, or
plainly low-entropy. The rules and their order are shared with the TypeScript side
(``spec/vectors/secret_hygiene_v1.json``).
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Literal

from .errors import ConfigurationError

__all__ = ["MIN_SECRET_BYTES", "PUBLISHED_DEFAULTS", "SecretProblem", "check_secret", "secret_problem"]

SecretProblem = Literal["missing", "tooShort", "publishedDefault", "lowEntropy", "invalidUtf8"]

MIN_SECRET_BYTES = 32
"""Minimum length of a secret in UTF-8 bytes."""

PUBLISHED_DEFAULTS = (
    "better-auth-secret",
    "changeme",
    "change-me",
    "change_me",
    "your-secret",
    "your_secret",
    "replace-me",
    "replace_me",
    "secret-key-here",
)
"""Substrings (compared case-insensitively) of placeholders that documentation and templates publish."""

LOW_ENTROPY_MIN_DISTINCT = 8
"""Low-entropy rule: fewer distinct code points than this is refused."""
LOW_ENTROPY_MIN_BITS = 3.0
"""Low-entropy rule: a Shannon entropy below this many bits per code point is refused."""
LOW_ENTROPY_MAX_CLOSE_FRACTION = 0.5
"""Low-entropy rule: more than this share of adjacent code points differing by at most 1 is refused."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

_HINT = "generate one with `openssl rand -base64 32`"


def secret_problem(secret: str | None) -> SecretProblem | None:
    """Returns the first hygiene rule a secret breaks, or None when it is acceptable."""
    if secret is None or secret == "":
        return "missing"
    # Not UTF-8 text: os.environ reads bytes that are not UTF-8 as lone surrogates (U+DC80..U+DCFF), Node as
    # U+FFFD. Either way the key would be derived from U+FFFD bytes, whatever the bytes were, so refuse it.
    if "\ufffd" in secret or _LONE_SURROGATE.search(secret) is not None:
        return "invalidUtf8"
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        return "tooShort"
    lower = secret.lower()
    if any(d in lower for d in PUBLISHED_DEFAULTS):
        return "publishedDefault"
    if _is_low_entropy(secret):
        return "lowEntropy"
    return None


def _is_low_entropy(secret: str) -> bool:
    points = [ord(c) for c in secret]
    counts: dict[int, int] = {}
    for p in points:
        counts[p] = counts.get(p, 0) + 1
    if len(counts) < LOW_ENTROPY_MIN_DISTINCT:
        return True
    entropy = 0.0
    for n in counts.values():
        share = n / len(points)
        entropy -= share * math.log2(share)
    if entropy < LOW_ENTROPY_MIN_BITS:
        return True
    close = sum(1 for a, b in itertools.pairwise(points) if abs(b - a) <= 1)
    return close > LOW_ENTROPY_MAX_CLOSE_FRACTION * (len(points) - 1)


def _message(setting: str, problem: SecretProblem) -> str:
    if problem == "missing":
        return f"{setting} is not set; {_HINT}."
    if problem == "tooShort":
        return f"{setting} must be at least {MIN_SECRET_BYTES} bytes; {_HINT}."
    if problem == "invalidUtf8":
        return f"{setting} is not valid UTF-8 text (it holds bytes that decode to U+FFFD); {_HINT}."
    if problem == "publishedDefault":
        return f"{setting} is a published placeholder value; {_HINT}."
    return f"{setting} is too predictable (too few distinct or too regular characters); {_HINT}."


def check_secret(secret: str | None, setting: str = "BETTER_AUTH_SECRET") -> str:
    """Returns the secret, or raises ConfigurationError (``setting``, ``reason``) naming the broken rule."""
    problem = secret_problem(secret)
    if problem is not None:
        raise ConfigurationError(setting, problem, _message(setting, problem))
    assert secret is not None
    return secret
