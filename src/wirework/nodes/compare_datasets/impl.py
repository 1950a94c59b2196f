"""Compare Datasets: match items of inputs A and B by fields, sort them into four outputs.

Outputs: 0 = in A only, 1 = same, 2 = different, 3 = in B only. Version differences kept
from n8n: v1 names the two sides ``input1``/``input2`` and turns falsy values into null;
v2+ names them ``inputA``/``inputB``; v2.1+ with fuzzy compare also compares keys present on
one side only (a missing key equals an empty value).
"""

from __future__ import annotations

import copy
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get, get_field, set_path, unset
from wirework.nodes._common.fuzzy import fuzzy_compare
from wirework.nodes.merge.combine import pairing_list
from wirework.nodes.sdk import NodeContext


def _js_falsy(v: Any) -> bool:
    return v is UNDEFINED or v is None or v is False or (v == "" and isinstance(v, str)) or (
        isinstance(v, (int, float)) and not isinstance(v, bool) and (v == 0 or v != v))


def _nullish(version: float) -> Any:
    if version >= 2:
        return lambda v: None if v is UNDEFINED else v
    return lambda v: None if _js_falsy(v) else v


def _union(a: list[str], b: list[str]) -> list[str]:
    return [*a, *(k for k in b if k not in a)]


def _split_skipped(key: str, va: Any, vb: Any, nested: list[str], names: tuple[str, str],
                   index: int) -> tuple[Any, Any, dict[str, Any]]:
    """Move the dotted skip fields under ``key`` out of both values (v2.1+ with dot notation)."""
    if any(not _js_object(v) for v in (va, vb)):
        raise SetupError(f"The field '{key}' in item {index} is not an object. It is not possible to use "
                         "dot notation.")
    va, vb = copy.deepcopy(va), copy.deepcopy(vb)
    moved: dict[str, Any] = {names[0]: {}, names[1]: {}}
    for field in nested:
        rel = field.replace(f"{key}.", "", 1)
        for name, value in zip(names, (va, vb), strict=True):
            found = get(value, rel) if isinstance(value, (dict, list)) else UNDEFINED
            if found is not UNDEFINED:
                set_path(moved[name], rel, found)
            if isinstance(value, (dict, list)):
                unset(value, rel)
    return va, vb, moved


def _js_object(v: Any) -> bool:
    """JS ``typeof v === 'object'`` (null, arrays and objects)."""
    return v is None or isinstance(v, (dict, list))


class SetupError(Exception):
    """A user error in the node's settings (reported as a NodeError by the caller)."""


def compare_items(a: Item, b: Item, pairs: list[dict[str, str]], *, resolve: str, skip: list[str],
                  equal: Any, version: float, fuzzy: bool, dot: bool = True) -> Item:
    ja, jb = a["json"], b["json"]
    keys = {p["field1"]: ja.get(p["field1"]) for p in pairs}
    all_keys = _union(list(ja), list(jb))
    candidates = all_keys if fuzzy and version >= 2.1 else [k for k in ja if k in jb]
    same_keys = [k for k in candidates if equal(ja.get(k, UNDEFINED), jb.get(k, UNDEFINED))]
    # a key missing from A can still be "same" (fuzzy): it counts, but has no value to show
    same = {k: ja[k] for k in same_keys if k in ja}
    nullish = _nullish(version)
    name_a, name_b = ("inputA", "inputB") if version >= 2 else ("input1", "input2")
    different: dict[str, Any] = {}
    skipped: dict[str, Any] = {}
    for index, key in enumerate(k for k in all_keys if k not in same_keys):
        va, vb = nullish(ja.get(key, UNDEFINED)), nullish(jb.get(key, UNDEFINED))
        nested = [f for f in skip if f.startswith(key) and "." in f]
        if resolve == "preferInput1":
            different[key] = va
        elif resolve == "preferInput2":
            different[key] = vb
        elif version >= 2.1 and dot and key not in skip:
            if nested:
                va, vb, skipped[key] = _split_skipped(key, va, vb, nested, (name_a, name_b), index)
            different[key] = {name_a: va, name_b: vb}
        elif key in skip:
            skipped[key] = {name_a: va, name_b: vb}
        else:
            different[key] = {name_a: va, name_b: vb}
    json: dict[str, Any] = {"keys": keys, "same": same, "different": different}
    if skipped:
        json["skipped"] = skipped
    return {"json": json, "pairedItem": [*pairing_list(a), *pairing_list(b)]}


def combine_items(a: Item, b: Item, *, prefer: str, except_fields: Any, dot: bool) -> Item:
    entry, match = (a, b) if prefer == "input1" else (b, a)
    out = copy.deepcopy(entry)
    if isinstance(except_fields, list):
        fields = [str(f) for f in except_fields]
    else:
        fields = [f.strip() for f in str(except_fields or "").split(",")] if except_fields else []
    for f in fields:
        # n8n reads a dotted name as a path but writes the value under the literal name;
        # only a missing value (not 0, "" or false) becomes null
        value = get(match["json"], f) if dot else match["json"].get(f, UNDEFINED)
        if dot and value is UNDEFINED:
            value = None
        if value is UNDEFINED:
            out["json"].pop(f, None)
        else:
            out["json"][f] = copy.deepcopy(value)
    out["pairedItem"] = [*pairing_list(a), *pairing_list(b)]
    return out


def _items_equal(ja: dict[str, Any], jb: dict[str, Any], *, equal: Any, fuzzy: bool, version: float) -> bool:
    if not fuzzy:
        return bool(equal(ja, jb))
    keys = _union(list(ja), list(jb)) if version >= 2.1 else list(ja)
    return all(equal(ja.get(k, UNDEFINED), jb.get(k, UNDEFINED)) for k in keys)


def _without_skipped(json: dict[str, Any], skip: list[str], *, nested: bool) -> dict[str, Any]:
    """The item without the fields not to compare; dotted names reach into objects."""
    if not nested:
        return {k: v for k, v in json.items() if k not in skip}
    out = copy.deepcopy(json)
    for field in skip:
        unset(out, field)
    return out


def find_matches(ctx: NodeContext, a: list[Item], b: list[Item], pairs: list[dict[str, str]], *,
                 options: dict[str, Any], fuzzy: bool, resolve: str) -> list[list[Item]]:
    version = ctx.type_version
    equal = fuzzy_compare(fuzzy, 2 if version >= 2.3 else 1)
    dot = not options.get("disableDotNotation", False)
    first_only = (options.get("multipleMatches") or "first") != "all"
    skip = [f.strip() for f in str(options.get("skipFields") or "").split(",")]
    dotted = next((f for f in skip if "." in f), None)
    if not dot and dotted is not None:
        raise ctx.error(f"Dot notation is disabled, but field to skip comparing '{dotted}' contains dot",
                        parameter="options.skipFields")
    only_a: list[Item] = []
    matched: list[tuple[Item, list[Item]]] = []
    used_b: set[int] = set()
    for entry in a:
        lookup = {p["field2"]: get_field(entry["json"], p["field1"], dot_notation=dot) for p in pairs}
        if any(v is UNDEFINED for v in lookup.values()):
            only_a.append(entry)
            continue
        found = []
        for i, cand in enumerate(b):
            if all(equal(v, get_field(cand["json"], k, dot_notation=dot)) for k, v in lookup.items()):
                found.append((i, cand))
                if first_only:
                    break
        used_b.update(i for i, _ in found)
        if found:
            matched.append((entry, [m for _, m in found]))
        else:
            only_a.append(entry)
    same: list[Item] = []
    different: list[Item] = []
    for entry, matches in matched:
        kept: Item | None = None
        for match in matches:
            ja, jb = _without_skipped(entry["json"], skip, nested=dot and dotted is not None), \
                _without_skipped(match["json"], skip, nested=dot and dotted is not None)
            if _items_equal(ja, jb, equal=equal, fuzzy=fuzzy, version=version):
                if kept is None:
                    kept = match if fuzzy and resolve == "preferInput2" else entry
            elif resolve == "preferInput1":
                different.append(entry)
            elif resolve == "preferInput2":
                different.append(match)
            elif resolve == "mix":
                different.append(combine_items(
                    entry, match, prefer=ctx.get_param("preferWhenMix", 0, "input1"),
                    except_fields=ctx.get_param("exceptWhenMix", 0, ""), dot=dot))
            else:
                try:
                    different.append(compare_items(entry, match, pairs, resolve=resolve, skip=skip, equal=equal,
                                                   version=version, fuzzy=fuzzy, dot=dot))
                except SetupError as exc:
                    raise ctx.error(str(exc), parameter="options.skipFields") from None
        if kept is not None and kept.get("json"):
            same.append(kept)
    only_b = [it for i, it in enumerate(b) if i not in used_b]
    return [only_a, same, different, only_b]
