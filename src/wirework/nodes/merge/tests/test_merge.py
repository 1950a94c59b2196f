from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.merge import NODE
from wirework.nodes.sdk import NodeError, NodeTestContext

IN1 = [{"id": 1, "data": "a", "text": "foo"}, {"id": 2, "data": "b", "text": "foo"}, {"id": 9, "data": "z"}]
IN2 = [{"id": 1, "data": "c", "tag": "x"}, {"id": 2, "data": "d", "tag": "x"}, {"id": 3, "data": "e"}]


def run(version: float, params: dict[str, Any], a: list[Any] | None = None, b: list[Any] | None = None,
        *more: list[Any]) -> list[dict[str, Any]]:
    nv = NODE.for_version(version)
    assert nv is not None and nv.execute is not None
    inputs = [[{"json": j, "pairedItem": {"item": i, "input": k} if k else {"item": i}} for i, j in enumerate(x)]
              for k, x in enumerate([IN1 if a is None else a, IN2 if b is None else b, *more])]
    ctx = NodeTestContext(nv.description, params=params, inputs=inputs, type_version=version)
    out: list[dict[str, Any]] = asyncio.run(nv.execute(ctx))[0]
    return out


def jsons(items: list[Any]) -> list[Any]:
    return [it["json"] for it in items]


BY_ID = {"mode": "combine", "mergeByFields": {"values": [{"field1": "id", "field2": "id"}]}}


def test_v2_keep_matches_merges_and_prefers_input2() -> None:
    out = run(2, BY_ID)
    assert jsons(out) == [{"id": 1, "data": "c", "text": "foo", "tag": "x"},
                          {"id": 2, "data": "d", "text": "foo", "tag": "x"}]
    assert out[0]["pairedItem"] == [{"item": 0}, {"item": 0, "input": 1}]


def test_v2_unmatched_items_with_keep_everything_and_non_matches() -> None:
    everything = jsons(run(2.1, {**BY_ID, "joinMode": "keepEverything"}))
    assert everything[2:] == [IN1[2], IN2[2]]
    non = jsons(run(2.1, {**BY_ID, "joinMode": "keepNonMatches"}))
    assert non == [{**IN1[2], "_source": "input1"}, {**IN2[2], "_source": "input2"}]


def test_v2_enrich_inputs() -> None:
    left = jsons(run(2.1, {**BY_ID, "joinMode": "enrichInput1"}))
    assert left[-1] == IN1[2] and len(left) == 3
    right = jsons(run(2.1, {**BY_ID, "joinMode": "enrichInput2"}))
    assert right == [{"id": 1, "data": "a", "text": "foo", "tag": "x"},
                     {"id": 2, "data": "b", "text": "foo", "tag": "x"}, IN2[2]]


def test_v2_add_suffix_and_fuzzy_compare() -> None:
    params = {**BY_ID, "options": {"clashHandling": {"values": {"resolveClash": "addSuffix"}}}}
    assert jsons(run(2.1, params))[0] == {"id_1": 1, "data_1": "a", "text_1": "foo",
                                          "id_2": 1, "data_2": "c", "tag_2": "x"}
    strs = [{"id": "1", "s": True}]
    assert run(2.1, BY_ID, IN1, strs) == []
    assert jsons(run(2.1, {**BY_ID, "options": {"fuzzyCompare": True}}, IN1, strs))[0]["s"] is True


def test_v20_field_missing_in_an_input_is_an_error() -> None:
    with pytest.raises(NodeError, match="Field 'id' is not present in any of items in 'Input 2'"):
        run(2, BY_ID, IN1, [{"x": 1}])
    assert run(2.1, BY_ID, IN1, [{"x": 1}]) == []


def test_v2_deep_merge_and_override_empty() -> None:
    a, b = [{"o": {"x": 1, "y": 2}, "e": "keep"}], [{"o": {"y": 3}, "e": ""}]
    by_pos = {"mode": "combine", "combinationMode": "mergeByPosition"}
    assert jsons(run(2, by_pos, a, b)) == [{"o": {"x": 1, "y": 3}, "e": ""}]
    params = {**by_pos, "options": {"clashHandling": {"values": {"resolveClash": "preferInput2",
                                                                 "mergeMode": "shallowMerge",
                                                                 "overrideEmpty": True}}}}
    assert jsons(run(2, params, a, b)) == [{"o": {"y": 3}, "e": "keep"}]


def test_v2_position_unpaired_and_multiplex() -> None:
    by_pos = {"mode": "combine", "combinationMode": "mergeByPosition"}
    assert len(run(2, by_pos, IN1, IN2[:1])) == 1
    assert len(run(2, {**by_pos, "options": {"includeUnpaired": True}}, IN1, IN2[:1])) == 3
    assert len(run(2, {"mode": "combine", "combinationMode": "multiplex"})) == 9


def test_v2_choose_branch_empty_item_pairs_with_everything() -> None:
    out = run(2, {"mode": "chooseBranch", "output": "empty"}, IN1[:1], IN2[:1])
    assert out == [{"json": {}, "pairedItem": [{"item": 0}, {"item": 0, "input": 1}]}]


def test_v1_merge_by_key_with_unmatched_items() -> None:
    params = {"mode": "mergeByKey", "propertyName1": "id", "propertyName2": "id"}
    a = [{"id": 1, "v": "a"}, {"id": 5, "v": "b"}, {"nokey": True}]
    b = [{"id": 1, "w": "x", "v": "new"}, {"id": "5", "w": "y"}]
    assert jsons(run(1, params, a, b)) == [{"id": 1, "v": "new", "w": "x"}, {"id": 5, "v": "b", "w": "y"}]
    blank = jsons(run(1, {**params, "overwrite": "undefined"}, a, b))
    assert blank[0] == {"id": 1, "v": "a", "w": "x"}


def test_v1_key_matches_and_index_modes() -> None:
    keys = {"propertyName1": "id", "propertyName2": "id"}
    assert jsons(run(1, {"mode": "keepKeyMatches", **keys})) == IN1[:2]
    assert jsons(run(1, {"mode": "removeKeyMatches", **keys})) == IN1[2:]
    assert len(run(1, {"mode": "mergeByIndex", "join": "inner"}, IN1, IN2[:2])) == 2
    assert len(run(1, {"mode": "mergeByIndex", "join": "outer"}, IN1[:1], IN2)) == 3
    assert jsons(run(1, {"mode": "wait"})) == [{}]
    assert jsons(run(1, {"mode": "passThrough", "output": "input2"})) == IN2


def test_v3_append_many_inputs_and_choose_branch() -> None:
    third = [{"n": 3}]
    assert jsons(run(3.2, {"numberInputs": 3}, [{"n": 1}], [{"n": 2}], third)) == [{"n": 1}, {"n": 2}, {"n": 3}]
    params = {"mode": "chooseBranch", "numberInputs": 3, "useDataOfInput": 3}
    assert jsons(run(3.2, params, [{"n": 1}], [{"n": 2}], third)) == third


def test_v3_fields_by_name_string() -> None:
    params = {"mode": "combine", "fieldsToMatchString": "id", "joinMode": "enrichInput1"}
    out = jsons(run(3.1, params))
    assert out[0] == {"id": 1, "data": "c", "text": "foo", "tag": "x"} and out[2] == IN1[2]


def test_v3_sql_query_joins_inputs_as_tables() -> None:
    a = [{"name": "x", "tags": ["t"]}, {"name": "y"}]
    b = [{"id": "x", "score": 3}]
    out = jsons(run(3.2, {"mode": "combineBySql"}, a, b))
    assert out == [{"name": "x", "tags": ["t"], "id": "x", "score": 3}, {"name": "y"}]
    query = "SELECT count(*) AS n, sum(id) AS total, NULL AS blank FROM input1"
    assert jsons(run(3, {"mode": "combineBySql", "query": query})) == [{"n": 3, "total": 12, "blank": None}]


def test_v3_sql_errors_and_attach_is_refused() -> None:
    with pytest.raises(NodeError, match="Issue while executing query"):
        run(3, {"mode": "combineBySql", "query": "SELECT nope FROM input1"})
    with pytest.raises(NodeError, match="Issue while executing query"):
        run(3, {"mode": "combineBySql", "query": "ATTACH DATABASE '/tmp/x.db' AS x"})


def test_descriptions_declare_inputs() -> None:
    v3 = NODE.for_version(3.2)
    assert v3 is not None
    assert v3.description.input_count({"numberInputs": 4}) == 4
    req = v3.description.required_inputs
    assert callable(req) and req({"mode": "chooseBranch", "numberInputs": 3}) == 3 and req({}) == 1


def test_v3_position_merges_all_inputs_and_last_wins() -> None:
    params = {"mode": "combine", "combineBy": "combineByPosition", "numberInputs": 3}
    out = jsons(run(3.2, params, [{"v": 1, "a": 1}], [{"v": 2}, {"v": 9}], [{"v": 3, "c": 3}]))
    assert out == [{"v": 3, "a": 1, "c": 3}]
    first = {**params, "options": {"clashHandling": {"values": {"resolveClash": "preferInput1"}}}}
    assert jsons(run(3.2, first, [{"v": 1}], [{"v": 2}], [{"v": 3}])) == [{"v": 1}]
    unpaired = {**params, "options": {"includeUnpaired": True}}
    assert jsons(run(3.2, unpaired, [{"v": 1}], [{"v": 2}, {"v": 9}], [{"v": 3}]))[1] == {"v": 9}
    assert run(3.2, params, [], [{"v": 2}], [{"v": 3}]) == []
