from __future__ import annotations

import asyncio
from typing import Any

from wirework.nodes.rename_keys import DESC_V1, execute
from wirework.nodes.sdk import NodeTestContext


def run(params: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    ctx = NodeTestContext(DESC_V1, params=params, items=[item])
    out: dict[str, Any] = asyncio.run(execute(ctx))[0][0]["json"]
    return out


def keys(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"keys": {"key": [{"currentKey": c, "newKey": n} for c, n in pairs]}}


def test_rename_top_level() -> None:
    assert run(keys(("propertyName", "test")), {"propertyName": 0}) == {"test": 0}


def test_rename_with_dot_notation_leaves_empty_parent() -> None:
    out = run(keys(("propertyName.newPropertyName", "test.dot")), {"propertyName": {"newPropertyName": 21}})
    assert out == {"propertyName": {}, "test": {"dot": 21}}


def test_missing_new_name_or_value_is_skipped() -> None:
    item = {"a": 1}
    assert run({"keys": {"key": [{"currentKey": "a"}]}}, item) == item
    assert run(keys(("zzz", "b")), item) == item


def test_regex_replaces_first_match_case_insensitive_with_captures() -> None:
    rule = {"searchRegex": "(R)eg", "replaceRegex": "x$1", "options": {"caseInsensitive": True}}
    params = {"additionalOptions": {"regexReplacement": {"replacements": [rule]}}}
    assert run(params, {"regreg": 1, "other": {"Reg": 2}}) == {"xrreg": 1, "other": {"xR": 2}}


def test_regex_depth_limits_nesting() -> None:
    rule = {"searchRegex": "a", "replaceRegex": "b", "options": {"depth": 0}}
    params = {"additionalOptions": {"regexReplacement": {"replacements": [rule]}}}
    assert run(params, {"a": {"a": 1}}) == {"b": {"a": 1}}
