"""Summarize (pivot) rules shared by Summarize and Item Lists (summarize operation).

Groups are JS objects keyed by ``String(value)``: integer-like keys enumerate first, which
decides the output order, so :func:`js_ordered` is applied to every grouping level.
"""

from __future__ import annotations

import math
import re
from typing import Any

from wirework.nodes._common.fields import (
    UNDEFINED,
    get_field,
    js_gt,
    js_lt,
    js_ordered,
    js_string,
    js_to_number,
    json_stringify,
)

PREFIX = {
    "append": "appended_", "average": "average_", "concatenate": "concatenated_", "count": "count_",
    "countUnique": "unique_count_", "max": "max_", "min": "min_", "sum": "sum_",
}
INDEX = "_itemIndex"


def _empty(v: Any) -> bool:
    return v is UNDEFINED or v is None or v == ""


def _unique_key(v: Any) -> Any:
    # JS Set uses SameValueZero: objects are distinct by identity
    return (type(v).__name__, v) if isinstance(v, (str, int, float, bool)) or v is None else id(v)


def _aggregate(rows: list[dict[str, Any]], entry: dict[str, Any], dot: bool) -> Any:
    kind = entry.get("aggregation", "count")
    field = str(entry.get("field", ""))

    def val(r: dict[str, Any]) -> Any:
        return get_field(r, field, dot_notation=dot)

    data = rows
    if kind in ("average", "sum"):
        data = [r for r in rows if isinstance(val(r), (int, float)) and not isinstance(val(r), bool)]
    include_empty = bool(entry.get("includeEmpty"))
    if kind == "append":
        vals = [val(r) for r in data if include_empty or not _empty(val(r))]
        return [None if v is UNDEFINED else v for v in vals]
    if kind == "concatenate":
        sep = entry.get("customSeparator") if entry.get("separateBy") == "other" else entry.get("separateBy")
        parts = []
        for r in data:
            v = val(r)
            if not include_empty and _empty(v):
                continue
            parts.append(json_stringify(v) if isinstance(v, (dict, list)) or v is None else js_string(v))
        return js_string("," if sep is UNDEFINED or sep is None else sep).join(parts)
    if kind in ("average", "sum"):
        total = sum(val(r) for r in data)
        if kind == "sum":
            return total
        return total / len(data) if data else None  # NaN serialises as null
    if kind in ("min", "max"):
        best: Any = UNDEFINED
        better = js_lt if kind == "min" else js_gt
        for r in data:
            v = val(r)
            if not _empty(v) and (best is UNDEFINED or better(v, best)):
                best = v
        return None if best is UNDEFINED else best
    if kind == "countUnique":
        vals = [val(r) for r in data]
        if not include_empty:
            vals = [v for v in vals if not _empty(v)]
        return len({_unique_key(v) for v in vals})
    if not include_empty:
        return len([r for r in data if not _empty(val(r))])
    return len(data)


_BRACKETS = re.compile(r"[\][\"]")
_SPACES = re.compile(r"[ .]")


def clean_key(key: str) -> str:
    return _SPACES.sub("_", _BRACKETS.sub("", key))


def _parse_keys(result: dict[str, Any]) -> dict[str, Any]:
    stage1 = {(_BRACKETS.sub("", k)): v for k, v in result.items()}
    return {(_SPACES.sub("_", k)): v for k, v in stage1.items()}


def aggregate_rows(rows: list[dict[str, Any]], entries: list[dict[str, Any]], *, dot: bool,
                   single_item: bool) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for entry in entries:
        key = f"{PREFIX.get(entry.get('aggregation', 'count'), 'count_')}{entry.get('field', '')}"
        result[key] = _aggregate(rows, entry, dot)
    result = _parse_keys(result)
    if not single_item:
        result["pairedItems"] = [r[INDEX] for r in rows]
    return result


def split_rows(keys: list[str], rows: list[dict[str, Any]], entries: list[dict[str, Any]], *,
               dot: bool, single_item: bool, skip_empty: bool) -> dict[str, Any]:
    if not keys:
        return aggregate_rows(rows, entries, dot=dot, single_item=single_item)
    first, rest = keys[0], keys[1:]
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        value = get_field(r, first, dot_notation=dot)
        if isinstance(value, (dict, list)) or value is None:
            value = json_stringify(value)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if skip_empty and not is_number and (value is UNDEFINED or value in ("", False)):
            continue
        groups.setdefault(js_string(value), []).append(r)
    return {k: split_rows(rest, v, entries, dot=dot, single_item=single_item, skip_empty=skip_empty)
            for k, v in js_ordered(groups).items()}


def original_type(key: str) -> Any:
    if key == "null":
        return None
    n = js_to_number(key)
    if math.isnan(n):
        return key
    return int(n) if n == int(n) and abs(n) < 2**53 else n


def to_rows(result: dict[str, Any], split_by: list[str], *, typed: bool,
            prefix: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Flatten nested groups into rows. n8n restores original types on the first level only."""
    names = [clean_key(f) for f in split_by]
    name, has_next = names[0], len(names) > 1
    rows: list[dict[str, Any]] = []
    for key, value in result.items():
        shown = original_type(key) if typed else key
        stage = {**(prefix or {}), name: shown}
        if has_next:
            rows.extend(to_rows(value, split_by[1:], typed=False, prefix=stage))
        else:
            rows.append({**stage, **value})
    return rows
