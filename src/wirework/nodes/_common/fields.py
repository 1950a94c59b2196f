"""JavaScript/lodash value semantics the transform nodes depend on.

n8n's nodes address fields with lodash paths (``a.b[0].c``), compare with ``isEqual`` and
``<``, and group by values used as object keys. Matching n8n's output needs the same rules:
a path that names an existing key is taken literally; JS objects list integer-like keys
first; ``String(x)`` and ``x < y`` coerce the JS way. Missing values are :data:`UNDEFINED`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()

_PATH_RE = re.compile(r"""[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))""")


def to_path(path: str) -> list[str]:
    """Split a lodash path string into keys: ``a.b[0]["c.d"]`` -> ``[a, b, 0, c.d]``."""
    keys: list[str] = []
    if path.startswith("."):
        keys.append("")
    for m in _PATH_RE.finditer(path):
        num, quote, quoted = m.group(1), m.group(2), m.group(3)
        if quote:
            keys.append(re.sub(r"\\(.)", r"\1", quoted))
        elif num is not None:
            keys.append(num)
        else:
            keys.append(m.group(0))
    return keys


def _cast_path(obj: Any, path: Any) -> list[str]:
    if isinstance(path, list):
        return [str(p) for p in path]
    path = str(path)
    if isinstance(obj, dict) and path in obj:
        return [path]
    if not re.search(r"[.[\]]", path):
        return [path]
    return to_path(path)


def _step(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return value.get(key, UNDEFINED)
    if isinstance(value, list):
        if key == "length":
            return len(value)
        if key.isdigit() and int(key) < len(value):
            return value[int(key)]
        return UNDEFINED
    if isinstance(value, str):
        if key == "length":
            return len(value)
        if key.isdigit() and int(key) < len(value):
            return value[int(key)]
    return UNDEFINED


def get(obj: Any, path: Any, default: Any = UNDEFINED) -> Any:
    """lodash ``get``: a path naming an existing key is used literally."""
    value = obj
    for key in _cast_path(obj, path):
        if value is None or value is UNDEFINED:
            return default
        value = _step(value, key)
    return default if value is UNDEFINED else value


def get_field(obj: dict[str, Any], path: str, *, dot_notation: bool = True) -> Any:
    """``get`` with dot notation, else a plain key lookup."""
    if dot_notation:
        return get(obj, path)
    return obj.get(path, UNDEFINED)


def _is_index(key: str) -> bool:
    return key.isdigit() and (key == "0" or not key.startswith("0"))


def set_path(obj: dict[str, Any], path: Any, value: Any) -> dict[str, Any]:
    """lodash ``set``: creates missing objects (arrays where the next key is an index)."""
    keys = _cast_path(obj, path)
    cur: Any = obj
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(cur, list):
            idx = int(key) if _is_index(key) else None
            if idx is None:
                return obj
            while len(cur) <= idx:
                cur.append(None)
            if last:
                cur[idx] = value
                return obj
            nxt = cur[idx]
            if not isinstance(nxt, (dict, list)):
                nxt = [] if _is_index(keys[i + 1]) else {}
                cur[idx] = nxt
            cur = nxt
            continue
        if not isinstance(cur, dict):
            return obj
        if last:
            cur[key] = value
            return obj
        nxt = cur.get(key)
        if not isinstance(nxt, (dict, list)):
            nxt = [] if _is_index(keys[i + 1]) else {}
            cur[key] = nxt
        cur = nxt
    return obj


def set_field(obj: dict[str, Any], path: str, value: Any, *, dot_notation: bool = True) -> None:
    if dot_notation:
        set_path(obj, path, value)
    else:
        obj[path] = value


def unset(obj: Any, path: Any) -> bool:
    """lodash ``unset``: remove the value at ``path``; True when something was removed."""
    keys = _cast_path(obj, path)
    parent = obj
    for key in keys[:-1]:
        parent = _step(parent, key)
        if parent is UNDEFINED or parent is None:
            return True
    last = keys[-1] if keys else ""
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    return True


def deep_equal(a: Any, b: Any) -> bool:
    """lodash ``isEqual`` on JSON values (booleans never equal numbers)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a) and isinstance(b, float) and math.isnan(b):
            return True
        return a == b
    if type(a) is not type(b):
        return False
    return bool(a == b)


def js_typeof(v: Any) -> str:
    if v is UNDEFINED:
        return "undefined"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    return "object"


def js_number_str(n: float | int) -> str:
    """JavaScript's ``Number.prototype.toString``."""
    if isinstance(n, bool):
        return "true" if n else "false"
    if isinstance(n, int):
        return str(n)
    if math.isnan(n):
        return "NaN"
    if math.isinf(n):
        return "Infinity" if n > 0 else "-Infinity"
    if n == int(n) and abs(n) < 1e21:
        return str(int(n))
    r = repr(n)
    if "e" in r:
        mant, exp = r.split("e")
        e = int(exp)
        if -7 < e < 21:
            return format(n, "f").rstrip("0").rstrip(".")
        return f"{mant}e{'+' if e > 0 else '-'}{abs(e)}"
    return r


def js_string(v: Any) -> str:
    """JavaScript's ``String(v)``."""
    if v is UNDEFINED:
        return "undefined"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return js_number_str(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return ",".join("" if x is None or x is UNDEFINED else js_string(x) for x in v)
    return "[object Object]"


def json_stringify(v: Any) -> str:
    """``JSON.stringify`` for JSON values (compact, unicode kept)."""
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False, default=str)


def js_to_number(v: Any) -> float:
    if v is UNDEFINED:
        return math.nan
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        s = v.strip()
        if s == "":
            return 0.0
        try:
            if re.fullmatch(r"0[xX][0-9a-fA-F]+", s):
                return float(int(s, 16))
            if re.fullmatch(r"[+-]?(Infinity|\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)", s, re.I):
                return float(s)
        except ValueError:
            pass
        return math.nan
    return js_to_number(js_string(v))


def _primitive(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        return js_string(v)
    return v


def js_lt(a: Any, b: Any) -> bool:
    """JavaScript's ``a < b`` with its coercions."""
    a, b = _primitive(a), _primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.encode("utf-16-be") < b.encode("utf-16-be")
    x, y = js_to_number(a), js_to_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    return x < y


def js_gt(a: Any, b: Any) -> bool:
    return js_lt(b, a)


def js_key(v: Any) -> str:
    """The property key a value becomes when used as a JS object key."""
    return js_string(v)


def _is_array_index(key: str) -> bool:
    return key.isdigit() and (key == "0" or not key.startswith("0")) and int(key) < 2**32 - 1


def js_ordered(d: dict[str, Any]) -> dict[str, Any]:
    """Reorder a dict the way a JS object enumerates: integer keys ascending, then insertion."""
    ints = sorted((k for k in d if _is_array_index(k)), key=int)
    if not ints:
        return d
    out = {k: d[k] for k in ints}
    out.update((k, v) for k, v in d.items() if not _is_array_index(k))
    return out


def flatten_keys(obj: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """Leaf paths of a JSON value joined with dots (n8n's ``flattenKeys``)."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out.update(flatten_keys(v, (*path, k)))
        return out
    if isinstance(obj, list):
        out = {}
        for i, v in enumerate(obj):
            out.update(flatten_keys(v, (*path, str(i))))
        return out
    return {".".join(path): obj}


def _empty_src(v: Any) -> bool:
    return v is UNDEFINED or v is None or (v == "" and isinstance(v, str))


def _merge_value(target: Any, src: Any, skip_empty: bool) -> Any:
    if isinstance(src, dict):
        base = target if isinstance(target, dict) else {}
        return _merge_into(base, src, skip_empty)
    if isinstance(src, list):
        items: list[Any] = target if isinstance(target, list) else []
        for i, v in enumerate(src):
            if i < len(items):
                items[i] = _merge_value(items[i], v, skip_empty) if isinstance(v, (dict, list)) else v
            else:
                items.append(_merge_value(UNDEFINED, v, skip_empty) if isinstance(v, (dict, list)) else v)
        return items
    return src


def _merge_into(target: dict[str, Any], src: dict[str, Any], skip_empty: bool) -> dict[str, Any]:
    for key, value in src.items():
        current = target.get(key, UNDEFINED)
        if skip_empty and _empty_src(value) and current is not UNDEFINED:
            continue
        target[key] = _merge_value(current, value, skip_empty)
    return target


def deep_merge(*objects: dict[str, Any] | None, skip_empty: bool = False) -> dict[str, Any]:
    """lodash ``merge({}, ...objects)``: nested objects and arrays (by index) merge, the rest
    is overwritten by later objects. ``skip_empty`` keeps a target value when the source
    value is null/undefined/"" (n8n's "override empty" off)."""
    out: dict[str, Any] = {}
    for obj in objects:
        if obj:
            _merge_into(out, obj, skip_empty)
    return out


def shallow_assign(*objects: dict[str, Any] | None, skip_empty: bool = False) -> dict[str, Any]:
    """``Object.assign({}, ...objects)``, optionally keeping targets over empty sources."""
    out: dict[str, Any] = {}
    for obj in objects or ():
        for key, value in (obj or {}).items():
            if skip_empty and _empty_src(value) and key in out:
                continue
            out[key] = value
    return out
