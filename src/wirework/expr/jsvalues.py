"""Values crossing the Python <-> V8 boundary: JSON both ways, with tags for what JSON lacks.

JS ``undefined`` at the top level becomes :data:`UNDEFINED` (``resolve`` turns it into None),
inside arrays None, inside objects the key is dropped. ``Date`` / Luxon ``DateTime`` become
:class:`JSDate` / :class:`JSDateTime`: ISO-8601 ``str`` subclasses, so they serialise and
compare like the strings n8n would store, while still telling which JS type they were.
"""

from __future__ import annotations

import base64
import json
import math
from datetime import date, datetime
from typing import Any, Final

TAG = "\u0001"


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = _Undefined()


class JSDate(str):
    """A JavaScript ``Date`` (its ``toISOString()``)."""

    __slots__ = ()


class JSDateTime(str):
    """A Luxon ``DateTime`` (its ``toISO()``, with the zone's offset)."""

    __slots__ = ()


_NUM = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _hook(d: dict[str, Any]) -> Any:
    if len(d) == 1:
        ((k, v),) = d.items()
        if k.startswith(TAG) and len(k) == 2:
            kind = k[1]
            if kind == "d":
                return JSDate(v) if v is not None else None
            if kind == "t":
                return JSDateTime(v) if v is not None else None
            if kind == "n":
                return _NUM.get(v, math.nan)
            if kind == "u":
                return None
    return d


def decode(text: str) -> Any:
    return json.loads(text, object_hook=_hook)


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    to_json = getattr(value, "to_json", None) or getattr(value, "model_dump", None)
    if callable(to_json):
        return to_json()
    return str(value)


def encode(value: Any) -> str:
    """JSON for JS; NaN/Infinity are written as null (JSON has no spelling for them)."""
    try:
        return json.dumps(value, default=_default, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(value), default=_default, ensure_ascii=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """Code-node flavour: undefined -> None, non-finite numbers -> None, dates stay ISO strings."""
    if value is UNDEFINED:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (JSDate, JSDateTime)):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
