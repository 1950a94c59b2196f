from __future__ import annotations

from typing import Any

from wirework.nodes._common.fields import (
    UNDEFINED,
    deep_equal,
    deep_merge,
    flatten_keys,
    get,
    js_lt,
    js_ordered,
    js_string,
    set_path,
    shallow_assign,
    to_path,
    unset,
)
from wirework.nodes._common.fuzzy import fuzzy_equal
from wirework.nodes._common.items import prepare_fields


def test_lodash_paths() -> None:
    assert to_path('a.b[0]["c.d"]') == ["a", "b", "0", "c.d"]
    data = {"a": {"b": [{"c": 1}]}, "x.y": 5, "x": {"y": 6}}
    assert get(data, "a.b[0].c") == 1
    assert get(data, "x.y") == 5  # an existing literal key wins, like lodash
    assert get(data, "a.nope") is UNDEFINED
    out: dict[str, object] = {}
    set_path(out, "p.q[1].r", 2)
    assert out == {"p": {"q": [None, {"r": 2}]}}
    unset(out, "p.q")
    assert out == {"p": {}}


def test_js_semantics() -> None:
    assert js_string(1.0) == "1" and js_string(None) == "null" and js_string([1, None, "a"]) == "1,,a"
    assert js_lt("10", 9) is False and js_lt("8", 9) is True and js_lt(UNDEFINED, 1) is False
    assert js_lt(None, 1) is True and js_lt("a", "b") is True
    assert list(js_ordered({"b": 1, "2": 2, "1": 3, "01": 4})) == ["1", "2", "b", "01"]
    assert deep_equal(1, True) is False and deep_equal({"a": [1]}, {"a": [1.0]}) is True


def test_merges() -> None:
    a: dict[str, Any] = {"o": {"x": 1, "l": [1, 2, 3]}, "e": "keep"}
    b: dict[str, Any] = {"o": {"y": 2, "l": [9]}, "e": ""}
    assert deep_merge(a, b) == {"o": {"x": 1, "y": 2, "l": [9, 2, 3]}, "e": ""}
    assert deep_merge(a, b, skip_empty=True)["e"] == "keep"
    assert shallow_assign(a, b) == {"o": b["o"], "e": ""}
    merged = deep_merge(a)
    merged["o"]["x"] = 99
    assert a["o"]["x"] == 1  # never aliases its inputs


def test_flatten_and_field_lists() -> None:
    assert flatten_keys({"a": {"b": 1, "c": [2]}, "d": {}}) == {"a.b": 1, "a.c.0": 2}
    assert prepare_fields(" a, b ,,c", "x") == ["a", "b", "c"] and prepare_fields(["a"], "x") == ["a"]


def test_fuzzy_compare() -> None:
    assert fuzzy_equal(3, "3") and fuzzy_equal(True, "TRUE") and fuzzy_equal(False, 0)
    assert fuzzy_equal([1, 2], "[1,2]") and fuzzy_equal(None, "") and fuzzy_equal([], UNDEFINED)
    assert not fuzzy_equal(None, 0) and fuzzy_equal(None, 0, version=2)
    assert not fuzzy_equal(42, "forty two")
