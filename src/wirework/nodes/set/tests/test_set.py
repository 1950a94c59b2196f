"""Set node: v1/v2 value lists, v3.x fields/assignments, type conversion, includes, JSON mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.set import DESC_V1, DESC_V3, NODE

CORPUS = Path("/work/shared/n8n-compat/workflows")

CODE1_ITEM: dict[str, Any] = {
    "string": {"test2": "hello", "test3": " ", "test4": "", "test5": "3", "test6": "3,14",
               "test7": "3.14", "test8": "TRUE", "test9": "false", "test10": "1",
               "test11": '["apples", "oranges"]', "test12": '"apples", "oranges"', "test13": "[1, 2]",
               "test14": '{"a": 1, "b": { "c": 10, "d": "test"}}', "test15": '{"a": 1}',
               "test16": "null", "test17": "undefined", "test18": "0"},
    "number": {"test1": 52472, "test2": -1, "test3": 0, "test4": 1.334535, "test5": None, "test7": 1},
    "boolean": {"test3": True, "test4": False},
    "array": {"test13": [1, 2, 3, 4]},
    "object": {"obj": {"objKey": 2, "objArray": [1, 2, 3, 4], "objBool": True}},
}
PEOPLE = [{"name": "John Doe", "age": 32, "object": {"nested": True}},
          {"name": "Jane Doe", "age": 35, "object": {"nested": True}}]


async def _run(params: dict[str, Any], items: list[dict[str, Any]], version: float) -> list[Any]:
    desc = DESC_V1 if version < 3 else DESC_V3
    ctx = NodeTestContext(desc, params=params, items=items, type_version=version)
    nv = NODE.for_version(version)
    assert nv is not None and nv.execute is not None
    out = await nv.execute(ctx)
    return [it["json"] for it in out[0]]


def _fixture_nodes(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    wf = json.loads((CORPUS / name).read_text())
    return {n["name"]: n for n in wf["nodes"]}, wf["pinData"]


@pytest.mark.parametrize("node_name", [
    "To String", "To Number", "To Boolean", "To Array", "To Object", "To Number1",
    "To Boolean1", "To Array1", "To Object1",
])
async def test_corpus_v3_type_conversions(node_name: str) -> None:
    if not CORPUS.exists():
        pytest.skip("compatibility corpus not available")
    nodes, pins = _fixture_nodes("Set__Set.v3.workflow.json")
    node = nodes[node_name]
    got = await _run(node["parameters"], [CODE1_ITEM], node["typeVersion"])
    assert got == [p["json"] for p in pins[node_name]]


@pytest.mark.parametrize("node_name", ["Keep All", "Keep Selected", "Keep All Except", "Keep None"])
async def test_corpus_v3_include_modes(node_name: str) -> None:
    if not CORPUS.exists():
        pytest.skip("compatibility corpus not available")
    nodes, pins = _fixture_nodes("Set__Set.v3.workflow.json")
    node = nodes[node_name]
    got = await _run(node["parameters"], PEOPLE, node["typeVersion"])
    assert got == [p["json"] for p in pins[node_name]]


@pytest.mark.parametrize("node_name", ["Set", "Set Keep Only Set", "Set to Object",
                                       "Set Disable Dot Notation", "Set to Array"])
async def test_corpus_v1(node_name: str) -> None:
    if not CORPUS.exists():
        pytest.skip("compatibility corpus not available")
    nodes, pins = _fixture_nodes("Set__Set.workflow.json")
    node = nodes[node_name]
    got = await _run(node["parameters"], [{"nested": {"foo": "bar"}, "list": ["foo"]}], node["typeVersion"])
    assert got == [p["json"] for p in pins[node_name]]


async def test_v2_converts_numeric_strings_but_v1_does_not() -> None:
    params = {"keepOnlySet": True, "values": {"number": [{"name": "n", "value": "={{ $json.s }}"}]}}
    assert await _run(params, [{"s": "123456"}], 2) == [{"n": 123456}]
    assert await _run(params, [{"s": "123456"}], 1) == [{"n": "123456"}]
    assert await _run(params, [{"s": "abc"}], 2) == [{"n": "abc"}]


async def test_v1_default_name_and_value() -> None:
    params = {"values": {"number": [{}], "string": [{"name": "a.b"}]}}
    assert await _run(params, [{}], 1) == [{"propertyName": 0, "a": {"b": ""}}]


@pytest.mark.parametrize("version", [3, 3.1, 3.2])
async def test_v3_dot_notation_off_keeps_dotted_names(version: float) -> None:
    params = {"fields": {"values": [{"name": "a.b", "stringValue": "x"}]}, "include": "none",
              "options": {"dotNotation": False}}
    assert await _run(params, [{}], version) == [{"a.b": "x"}]
    params["options"] = {}
    assert await _run(params, [{}], version) == [{"a": {"b": "x"}}]


async def test_v3_conversion_error_names_field_and_item() -> None:
    params = {"fields": {"values": [{"name": "n", "type": "numberValue", "numberValue": "={{ $json.v }}"}]}}
    with pytest.raises(NodeError) as info:
        await _run(params, [{"v": 1}, {"v": "abc"}], 3.2)
    assert info.value.message == "'n' expects a number but we got 'abc' [item 1]"
    assert info.value.item_index == 1
    assert "Ignore Type Conversion Errors" in (info.value.description or "")


async def test_v3_null_values_by_version() -> None:
    params = {"fields": {"values": [{"name": "s", "stringValue": "={{ $json.missing }}"}]},
              "include": "none"}
    assert await _run(params, [{}], 3.2) == [{"s": None}]
    assert await _run(params, [{}], 3) == [{"s": "null"}]
    with pytest.raises(NodeError, match="'s' expects a string but we got 'null' \\[item 0\\]"):
        await _run(params, [{}], 3.1)


async def test_v33_assignments_and_include_other_fields() -> None:
    assignments = {"assignments": [
        {"id": "1", "name": "count", "value": "={{ $json.c }}", "type": "number"},
        {"id": "2", "name": "meta.flag", "value": "true", "type": "boolean"},
        {"id": "3", "name": "list", "value": "[1, 2]", "type": "array"},
        {"id": "4", "name": "obj", "value": "{a: 1}", "type": "object"},
    ]}
    got = await _run({"assignments": assignments}, [{"c": "7", "other": 1}], 3.4)
    assert got == [{"count": 7, "meta": {"flag": True}, "list": [1, 2], "obj": {"a": 1}}]
    got = await _run({"assignments": assignments, "includeOtherFields": True, "include": "except",
                      "excludeFields": "c"}, [{"c": "7", "other": 1}], 3.3)
    assert got == [{"other": 1, "count": 7, "meta": {"flag": True}, "list": [1, 2], "obj": {"a": 1}}]


async def test_v33_selected_fields_use_last_path_segment() -> None:
    params = {"assignments": {"assignments": []}, "includeOtherFields": True,
              "include": "selected", "includeFields": "a.b, c"}
    assert await _run(params, [{"a": {"b": 1}, "c": 2, "d": 3}], 3.4) == [{"b": 1, "c": 2}]


async def test_raw_json_mode() -> None:
    params: dict[str, Any] = {"mode": "raw", "jsonOutput": '={ "name": "{{ $json.n }}", "obj": {{ $json.o }} }',
              "include": "none"}
    assert await _run(params, [{"n": "x", "o": {"k": [1]}}], 3.2) == [{"name": "x", "obj": {"k": [1]}}]
    params = {"mode": "raw", "jsonOutput": "{'a': 1,}", "includeOtherFields": True}
    assert await _run(params, [{"z": 0}], 3.4) == [{"z": 0, "a": 1}]


async def test_raw_json_mode_invalid_json() -> None:
    params = {"mode": "raw", "jsonOutput": "not json"}
    with pytest.raises(NodeError, match="The 'JSON Output' in item 0 contains invalid JSON"):
        await _run(params, [{}], 3.4)


async def test_object_field_expression_is_parsed_as_json_template() -> None:
    params = {"fields": {"values": [{"name": "o", "type": "objectValue",
                                      "objectValue": '={ "v": {{ $json.v }} }'}]}, "include": "none"}
    assert await _run(params, [{"v": 5}], 3.2) == [{"o": {"v": 5}}]


def test_descriptions() -> None:
    assert NODE.all_versions == (1, 2, 3, 3.1, 3.2, 3.3, 3.4)
    DESC_V1.validate()
    DESC_V3.validate()


async def test_v34_binary_assignment_copies_a_file_and_strip_binary() -> None:
    file = {"data": "aGk=", "mimeType": "text/plain", "fileName": "a.txt"}
    params = {"assignments": {"assignments": [
        {"id": "1", "name": "copy", "value": "={{ $json.prop }}", "type": "binary"},
        {"id": "2", "name": "x", "value": "1", "type": "number"}]}, "includeOtherFields": True,
        "options": {"stripBinary": False}}
    ctx = NodeTestContext(DESC_V3, params=params, type_version=3.4,
                          inputs=[[{"json": {"prop": "file"}, "binary": {"file": file}}]])
    out = await NODE.for_version(3.4).execute(ctx)  # type: ignore[union-attr, misc]
    assert out[0][0]["binary"] == {"file": file, "copy": file}
    assert out[0][0]["json"] == {"prop": "file", "x": 1}
    params["options"] = {}
    ctx = NodeTestContext(DESC_V3, params=params, type_version=3.4,
                          inputs=[[{"json": {"prop": "file"}, "binary": {"file": file}}]])
    out = await NODE.for_version(3.4).execute(ctx)  # type: ignore[union-attr, misc]
    assert out[0][0]["binary"] == {"copy": file}
    ctx = NodeTestContext(DESC_V3, params=params, type_version=3.4,
                          inputs=[[{"json": {"prop": "nope"}}]])
    with pytest.raises(NodeError, match="Could not find binary data specified in field copy"):
        await NODE.for_version(3.4).execute(ctx)  # type: ignore[union-attr, misc]
