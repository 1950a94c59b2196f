from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from golden_corpus import assert_with_stand_ins, corpus_params
from wirework.nodes.convert_to_file import DESCRIPTION as CONVERT
from wirework.nodes.convert_to_file import execute as convert
from wirework.nodes.extract_from_file import DESCRIPTION as EXTRACT
from wirework.nodes.extract_from_file import execute as extract
from wirework.nodes.sdk import NodeError, NodeTestContext

ROW = {"row_number": 2, "country": "uk", "browser": "firefox", "session_duration": 1, "visits": 1}


async def to_file(params: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ctx = NodeTestContext(CONVERT, params=params, items=rows)
    return (await convert(ctx))[0]


async def from_file(params: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ctx = NodeTestContext(EXTRACT, params=params, inputs=[items])
    return [i["json"] for i in (await extract(ctx))[0]]


async def roundtrip(op: str, rows: list[dict[str, Any]], **extract_params: Any) -> list[dict[str, Any]]:
    files = await to_file({"operation": op}, rows)
    return await from_file({"operation": op, **extract_params}, files)


@pytest.mark.parametrize("op", ["html", "xlsx", "xls", "ods", "rtf"])
async def test_spreadsheet_roundtrip_keeps_types(op: str) -> None:
    rows = [ROW, {"row_number": 3, "country": "de, \"x\"", "ok": True, "ratio": 0.5}]
    out = await roundtrip(op, rows)
    assert out == [ROW, {"row_number": 3, "country": "de, \"x\"", "ok": True, "ratio": 0.5}]


async def test_csv_roundtrip_is_strings_and_keeps_bom_key() -> None:
    out = await roundtrip("csv", [ROW])
    assert out == [{"\ufeffrow_number": "2", "country": "uk", "browser": "firefox",
                    "session_duration": "1", "visits": "1"}]
    out = await roundtrip("csv", [ROW], options={"enableBOM": True, "headerRow": False, "includeEmptyCells": True})
    assert out[0] == {"row": ["row_number", "country", "browser", "session_duration", "visits"]}
    # without "include empty cells" n8n filters the record through Object.entries: index keys
    out = await roundtrip("csv", [{"a": "x", "b": ""}], options={"enableBOM": True, "headerRow": False})
    assert out == [{"row": {"0": "a", "1": "b"}}, {"row": {"0": "x"}}]


async def test_csv_delimiter_from_line_and_max_rows() -> None:
    csv = b"a;b\n1;2\n3;4\n5;6\n"
    item = {"json": {}, "binary": {"data": {"data": base64.b64encode(csv).decode(), "mimeType": "text/csv"}}}
    out = await from_file({"options": {"delimiter": ";", "maxRowCount": 2}}, [item])
    assert out == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    out = await from_file({"options": {"delimiter": ";", "fromLine": 3}}, [item])
    assert out == [{"3": "5", "4": "6"}]


async def test_json_once_and_each() -> None:
    once = await to_file({"operation": "toJson"}, [ROW])
    assert await from_file({"operation": "fromJson"}, once) == [{"data": [ROW]}]
    each = await to_file({"operation": "toJson", "mode": "each"}, [ROW, {"a": 1}])
    assert await from_file({"operation": "fromJson"}, each) == [{"data": ROW}, {"data": {"a": 1}}]


async def test_text_base64_and_encodings() -> None:
    files = await to_file({"operation": "toBinary", "sourceProperty": "b64"},
                          [{"b64": base64.b64encode(b"This is text").decode()}])
    assert await from_file({"operation": "text"}, files) == [{"data": "This is text"}]
    czech = "Příliš žluťoučký kůň"
    files = await to_file({"operation": "toText", "sourceProperty": "t", "options": {"encoding": "windows1250"}},
                          [{"t": czech}])
    assert await from_file({"operation": "text", "options": {"encoding": "windows1250"}}, files) == [{"data": czech}]
    arabic = await to_file({"operation": "toText", "sourceProperty": "t", "options": {"encoding": "windows1256"}},
                           [{"t": czech}])
    [lossy] = await from_file({"operation": "text"}, arabic)
    assert "?" in lossy["data"] or "\ufffd" in lossy["data"]
    assert await from_file({"operation": "binaryToPropery"}, files) == [
        {"data": base64.b64encode(czech.encode("cp1250")).decode()}]


async def test_ics_roundtrip() -> None:
    files = await to_file({"operation": "iCal", "title": "Meet", "start": "2024-01-03T00:00:00",
                           "end": "2024-01-04T00:00:00", "allDay": True,
                           "additionalFields": {"description": "event description", "location": "Room, 1"}}, [{}])
    [out] = await from_file({"operation": "fromIcs"}, files)
    [event] = out["data"]["events"]
    assert event["description"] == "event description" and event["location"] == "Room, 1"
    assert event["start"] == {"date": "2024-01-03T00:00:00.000Z", "type": "DATE"}
    assert event["summary"] == "Meet"


async def test_keep_source_and_missing_file() -> None:
    files = await to_file({"operation": "toText", "sourceProperty": "t"}, [{"t": "x"}])
    files[0]["json"] = {"keep": 1}
    assert await from_file({"operation": "text", "options": {"keepSource": "both"}}, files) == [{"keep": 1, "data": "x"}]
    assert await from_file({"operation": "text"}, [{"json": {}}]) == []
    with pytest.raises(NodeError) as err:
        await from_file({"operation": "xlsx"}, [{"json": {}}])
    assert err.value.parameter == "binaryPropertyName"


async def test_sheet_name_must_exist() -> None:
    files = await to_file({"operation": "xlsx", "options": {"sheetName": "Data"}}, [ROW])
    assert await from_file({"operation": "xlsx", "options": {"sheetName": "Data"}}, files) == [ROW]
    with pytest.raises(NodeError, match='does not contain sheet called "Other"'):
        await from_file({"operation": "xlsx", "options": {"sheetName": "Other"}}, files)


async def test_empty_cells_and_range() -> None:
    files = await to_file({"operation": "xlsx"}, [{"a": 1, "b": None}, {"a": None, "b": 2}])
    assert await from_file({"operation": "xlsx"}, files) == [{"a": 1}, {"b": 2}]
    assert await from_file({"operation": "xlsx", "options": {"includeEmptyCells": True}}, files) == [
        {"a": 1, "b": ""}, {"a": "", "b": 2}]
    assert await from_file({"operation": "xlsx", "options": {"range": "A1:A3"}}, files) == [{"a": 1}]


async def test_invalid_spreadsheet_is_a_node_error() -> None:
    bad = {"json": {}, "binary": {"data": {"data": base64.b64encode(b"not a zip").decode(), "mimeType": "x"}}}
    with pytest.raises(NodeError, match="XLSX"):
        await from_file({"operation": "xlsx"}, [bad])


@pytest.mark.parametrize("path", corpus_params("Files__"))
async def test_corpus_with_set_output_pinned(path: Path) -> None:
    await assert_with_stand_ins(path, {
        "Edit Fields": [{"json": ROW}],
        "Edit Fields1": [{"json": {"base64": "VGhpcyBpcyB0ZXh0IGNvbnZlcnRlZCB0byBiYXNlIDY0"}}],
        "Edit Fields2": [{"json": {"description": "event description"}}],
    })
