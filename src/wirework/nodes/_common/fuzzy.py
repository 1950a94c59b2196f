"""n8n's ``fuzzyCompare``: equality that tolerates small type differences (3 == "3")."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from wirework.nodes._common.fields import UNDEFINED, deep_equal, js_number_str, js_typeof

Compare = Callable[[Any, Any], bool]


def _falsy(v: Any) -> bool:
    return v is None or (v == "" and isinstance(v, str)) or (isinstance(v, list) and not v)


def _parse_equals(text: str, value: Any) -> bool:
    try:
        return deep_equal(json.loads(text), value)
    except ValueError:
        return False


def _bool_matches(b: bool, other: Any) -> bool:
    if isinstance(other, str):
        low = other.lower()
        if (b and low == "true") or (not b and low == "false"):
            return True
        return (b and other == "1") or (not b and other == "0")
    if isinstance(other, (int, float)) and not isinstance(other, bool):
        return (b and other == 1) or (not b and other == 0)
    return False


def fuzzy_equal(a: Any, b: Any, *, version: int = 1) -> bool:
    ta, tb = js_typeof(a), js_typeof(b)
    if a is not None and b is not None and ta == tb:
        return deep_equal(a, b)
    if version >= 2:
        if a is None and (b is None or (b == 0 and tb == "number") or b == "0"):
            return True
        if b is None and (a is None or (a == 0 and ta == "number") or a == "0"):
            return True
    if _falsy(a) and _falsy(b):
        return True
    if (_falsy(a) and b is UNDEFINED) or (a is UNDEFINED and _falsy(b)):
        return True
    if ta == "number" and tb == "string":
        return bool(js_number_str(a) == b)
    if ta == "string" and tb == "number":
        return bool(a == js_number_str(b))
    if a is not None and ta == "object" and tb == "string":
        return _parse_equals(b, a)
    if b is not None and ta == "string" and tb == "object":
        return _parse_equals(a, b)
    if ta == "boolean" and _bool_matches(a, b):
        return True
    if tb == "boolean" and _bool_matches(b, a):
        return True
    return deep_equal(a, b)


def fuzzy_compare(enabled: bool, version: int = 1) -> Compare:
    """The comparison function n8n picks for ``options.fuzzyCompare``."""
    if not enabled:
        return deep_equal
    return lambda a, b: fuzzy_equal(a, b, version=version)
