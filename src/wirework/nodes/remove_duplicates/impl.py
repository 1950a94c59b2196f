"""Duplicate removal within one input (Remove Duplicates v1/v2, Item Lists)."""

from __future__ import annotations

import functools
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import (
    UNDEFINED,
    deep_equal,
    flatten_keys,
    get_field,
    js_lt,
    js_typeof,
    set_path,
)
from wirework.nodes.sdk import NodeContext

_NESTED_HINT = ("If you're trying to use a nested field, make sure you turn off "
                "'disable dot notation' in the node options")


def _keys_of(data: dict[str, Any], dot: bool) -> list[str]:
    return list(flatten_keys(data)) if dot else list(data)


def compare_keys(ctx: NodeContext, items: list[Item], compare: str, *, dot: bool,
                 to_compare: list[str], to_exclude: list[str]) -> list[str]:
    keys: list[str] = []
    for it in items:
        for k in _keys_of(it["json"], dot):
            if k not in keys:
                keys.append(k)
    if compare == "allFieldsExcept":
        if not to_exclude:
            raise ctx.error("No fields specified. Please add a field to exclude from comparison",
                            parameter="fieldsToExclude")
        if dot:
            keys = _keys_of(items[0]["json"], dot)
        keys = [k for k in keys if k not in to_exclude]
    elif compare == "selectedFields":
        if not to_compare:
            raise ctx.error("No fields specified. Please add a field to compare on",
                            parameter="fieldsToCompare")
        keys = [k.strip() for k in to_compare]
    return keys


def _check_values(ctx: NodeContext, items: list[Item], keys: list[str], dot: bool) -> None:
    for key in keys:
        kind: str | None = None
        for it in items:
            if key == "":
                raise ctx.error("Name of field to compare is blank", parameter="fieldsToCompare")
            value = get_field(it["json"], key, dot_notation=dot)
            if value is UNDEFINED:
                raise ctx.error(f"'{key}' field is missing from some input items",
                                description=_NESTED_HINT if not dot and "." in key else None)
            if kind is not None and kind != js_typeof(value):
                raise ctx.error(f"'{key}' isn't always the same type",
                                description="The type of this field varies between items")
            kind = js_typeof(value)


def _pick(data: dict[str, Any], keys: list[str], dot: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in keys:
        value = get_field(data, k, dot_notation=dot)
        if value is UNDEFINED:
            continue
        if dot:
            set_path(out, k, value)
        else:
            out[k] = value
    return out


def remove_duplicates(ctx: NodeContext, items: list[Item], keys: list[str], *, dot: bool,
                      remove_other_fields: bool) -> list[Item]:
    """Sort by the keys, drop each item equal to the last kept one, keep the input order."""
    def value(it: tuple[int, Item], key: str) -> Any:
        return get_field(it[1]["json"], key, dot_notation=dot)

    def cmp(a: tuple[int, Item], b: tuple[int, Item]) -> int:
        for key in keys:
            va, vb = value(a, key), value(b, key)
            if not deep_equal(va, vb):
                return -1 if js_lt(va, vb) else 1
        return 0

    ordered = sorted(enumerate(items), key=functools.cmp_to_key(cmp))
    _check_values(ctx, [it for _, it in ordered], keys, dot)
    removed: set[int] = set()
    if ordered:
        kept = ordered[0]
        for entry in ordered[1:]:
            if all(deep_equal(value(entry, k), value(kept, k)) for k in keys):
                removed.add(entry[0])
            else:
                kept = entry
    data = [(i, it) for i, it in enumerate(items) if i not in removed]
    if remove_other_fields:
        return [{"json": _pick(it["json"], keys, dot), "pairedItem": {"item": i}} for i, it in data]
    return [it for _, it in data]
