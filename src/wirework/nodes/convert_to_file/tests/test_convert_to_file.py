from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from wirework.nodes._common.binary_store import FilesystemBinaryStore
from wirework.nodes.convert_to_file import DESCRIPTION, execute
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext


async def run(params: dict[str, Any], rows: list[dict[str, Any]], **svc: Any) -> list[dict[str, Any]]:
    ctx = NodeTestContext(DESCRIPTION, params=params, items=rows,
                          services=ExecutionServices(clock=FakeClock(), **svc))
    return (await execute(ctx))[0]


def payload(item: dict[str, Any], prop: str = "data") -> bytes:
    return base64.b64decode(item["binary"][prop]["data"])


async def test_csv_has_bom_header_union_and_quoting() -> None:
    [item] = await run({}, [{"a": 1, "b": "x,y"}, {"c": True, "a": 2.5, "b": 'say "hi"'}])
    assert payload(item).decode("utf-8") == '\ufeffa,b,c\n1,"x,y",\n2.5,"say ""hi""",TRUE'
    assert item["json"] == {} and item["pairedItem"] == [{"item": 0}, {"item": 1}]
    assert item["binary"]["data"]["fileName"] == "File.csv"


async def test_csv_without_header_and_custom_names() -> None:
    [item] = await run({"binaryPropertyName": "out", "options": {"headerRow": False, "fileName": "x.csv"}},
                       [{"a": 1}])
    assert payload(item, "out") == b"\xef\xbb\xbf1"
    assert item["binary"]["out"]["fileName"] == "x.csv"


async def test_nested_objects_are_flattened_and_delimiter_applies() -> None:
    [item] = await run({"options": {"delimiter": ";"}}, [{"a": {"b": 1, "c": [2, 3]}, "d": "x;y"}])
    assert payload(item).decode("utf-8") == '\ufeffa.b;a.c.0;a.c.1;d\n1;2;3;"x;y"'


async def test_html_table_marks_types() -> None:
    [item] = await run({"operation": "html"}, [{"n": 2, "s": "<b>"}])
    html = payload(item).decode()
    assert '<td data-t="n" data-v="2" id="sjs-A2">2</td>' in html
    assert '<td data-t="s" data-v="&lt;b&gt;" id="sjs-B2">&lt;b&gt;</td>' in html


async def test_json_pretty_with_bom() -> None:
    [item] = await run({"operation": "toJson", "options": {"format": True, "addBOM": True}}, [{"a": 1}])
    data = payload(item)
    assert data.startswith(b"\xef\xbb\xbf") and json.loads(data[3:]) == [{"a": 1}]
    assert b'\n  {\n    "a": 1\n  }\n' in data


async def test_text_of_object_and_missing_field() -> None:
    [item] = await run({"operation": "toText", "sourceProperty": "o.p"}, [{"o": {"p": {"k": 1}}}])
    assert payload(item) == b'{"k":1}' and item["binary"]["data"]["mimeType"] == "application/json"
    with pytest.raises(NodeError) as err:
        await run({"operation": "toText", "sourceProperty": "nope"}, [{}])
    assert err.value.parameter == "sourceProperty" and err.value.item_index == 0


async def test_base64_is_decoded_leniently_like_node_and_bad_encoding_errors() -> None:
    [item] = await run({"operation": "toBinary", "sourceProperty": "b"}, [{"b": "aG@k\nh"}])
    assert payload(item) == b"hi!"
    with pytest.raises(NodeError) as err:
        await run({"operation": "toText", "sourceProperty": "t", "options": {"encoding": "klingon"}}, [{"t": "x"}])
    assert err.value.parameter == "options.encoding"


async def test_continue_on_fail_reports_error_item() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"operation": "toText", "sourceProperty": "t"}, items=[{}, {"t": "ok"}])
    ctx.node.on_error = "continueRegularOutput"
    out = (await execute(ctx))[0]
    assert "error" in out[0]["json"] and payload(out[1]) == b"ok"


async def test_large_file_goes_to_binary_store(tmp_path: Path) -> None:
    rows = [{"text": "x" * 1000, "n": i} for i in range(50)]
    [item] = await run({"operation": "xlsx"}, rows, binary_store=FilesystemBinaryStore(tmp_path),
                       settings={"binary_inline_limit": 1000})
    ref = item["binary"]["data"]
    assert ref["id"].startswith("filesystem-v2:") and ref["data"] == "filesystem-v2"
