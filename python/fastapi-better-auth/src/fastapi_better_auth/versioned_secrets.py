"""Better Auth's versioned secrets (``BETTER_AUTH_SECRETS="2:new,1:old"``), contract section 2.7.

Parsed exactly as Better Auth 1.7's ``parseSecretsEnv`` then ``validateSecretsArray`` do, with
JavaScript's rules where they differ from Python's: ``String.prototype.trim``'s whitespace (not
``str.strip``'s), ``parseInt(text, 10)`` for versions (an optional sign and a run of ASCII digits;
what follows is ignored), versions as IEEE 754 doubles (Infinity and anything printing as ``1e+21``
or more is invalid; versions rounding to the same double are duplicates). The shared vectors
``spec/vectors/secrets_v1.json`` pin it.
"""

from __future__ import annotations

import re

from .errors import ConfigurationError

__all__ = ["JS_WHITESPACE", "parse_versioned_secrets"]

JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``String.prototype.trim`` removes (WhiteSpace and LineTerminator)."""

_VERSION = re.compile(r"([+-]?)([0-9]+)")
_LARGEST_PLAIN_VERSION = 1e21  # JavaScript prints numbers from 1e21 up in exponent form


def _refuse(setting: str, reason: str, message: str) -> ConfigurationError:
    return ConfigurationError(setting, reason, message)


def _invalid_version(name: str) -> ConfigurationError:
    return _refuse(name, "versionInvalid", f"{name} has an invalid version; a version must be a non-negative integer.")


def _version(text: str) -> float | None:
    """``parseInt(text, 10)`` as a double, or None when it is NaN, negative or infinite."""
    match = _VERSION.match(text)
    if match is None:
        return None
    sign, digits = match.groups()
    digits = digits.lstrip("0") or "0"
    if len(digits) > 309:  # above the largest double: JavaScript's Infinity (and int()'s digit limit)
        return None
    number = int(digits)
    if sign == "-" and number != 0:
        return None
    try:
        return float(number)
    except OverflowError:  # JavaScript: Infinity, which is not an integer
        return None


def parse_versioned_secrets(value: str, setting: str = "secrets") -> tuple[tuple[int, str], ...]:
    """The ``(version, secret)`` entries of a ``BETTER_AUTH_SECRETS`` value, the current one first.

    Raises :class:`ConfigurationError` with ``setting`` ``<setting>[<index>]`` (from 0) and ``reason``
    ``entryFormat``, ``versionInvalid``, ``valueEmpty`` or ``versionDuplicate``; messages never
    contain a secret.
    """
    entries: list[tuple[float, str]] = []
    for i, raw in enumerate(value.split(",")):
        entry = raw.strip(JS_WHITESPACE)
        colon = entry.find(":")
        name = f"{setting}[{i}]"
        if colon == -1:
            raise _refuse(name, "entryFormat", f'{name} must look like "<version>:<secret>".')
        version = _version(entry[:colon])
        if version is None:
            raise _invalid_version(name)
        secret = entry[colon + 1 :].strip(JS_WHITESPACE)
        if not secret:
            raise _refuse(name, "valueEmpty", f"{name} has an empty secret.")
        entries.append((version, secret))
    seen: set[float] = set()
    for i, (version, _) in enumerate(entries):
        name = f"{setting}[{i}]"
        if version >= _LARGEST_PLAIN_VERSION:
            raise _invalid_version(name)
        if version in seen:
            raise _refuse(
                name, "versionDuplicate", f"{name} repeats version {int(version)}; each version must be unique."
            )
        seen.add(version)
    return tuple((int(version), secret) for version, secret in entries)
