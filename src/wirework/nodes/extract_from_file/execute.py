"""Extract From File: spreadsheets/CSV to items, JSON/text/XML/ICS/base64 into a field."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

from wirework.model import Item
from wirework.nodes._common import encodings
from wirework.nodes._common.fields import set_path
from wirework.nodes._common.ics import parse_calendar
from wirework.nodes._common.spreadsheet import (
    SpreadsheetError,
    read_csv,
    read_table,
    rows_to_objects,
)
from wirework.nodes.extract_from_file.description import MOVE_OPS, SPREADSHEET_OPS
from wirework.nodes.sdk import NodeContext


def _csv_rows(ctx: NodeContext, data: bytes, options: dict[str, Any], i: int) -> list[list[Any]]:
    try:
        text = encodings.decode(data, options.get("encoding") or "utf-8", strip_bom=bool(options.get("enableBOM")))
    except encodings.UnknownEncodingError as exc:
        raise ctx.error(str(exc), item_index=i, parameter="options.encoding") from exc
    rows = read_csv(text, delimiter=options.get("delimiter") or ",", relax_quotes=bool(options.get("relaxQuotes")),
                    from_line=int(options.get("fromLine") or 0))
    return rows


def _range_rows(rows: list[list[Any]], spec: str) -> list[list[Any]]:
    spec = str(spec or "").strip()
    if not spec:
        return rows
    if spec.isdigit():
        return rows[int(spec):]
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(spec.upper())
    except ValueError as exc:
        raise SpreadsheetError(f"Invalid range '{spec}'") from exc
    return [r[(min_col or 1) - 1:max_col] for r in rows[(min_row or 1) - 1:max_row]]


async def _spreadsheet(ctx: NodeContext, op: str, item: Item, i: int) -> list[Item]:
    options = ctx.get_param("options", i, {}) or {}
    data = await ctx.binary.read(item, ctx.get_param("binaryPropertyName", i), item_index=i)
    header = options.get("headerRow", True) is not False
    include_empty = bool(options.get("includeEmptyCells"))
    try:
        if op == "csv":
            rows: list[Any] = _csv_records(_csv_rows(ctx, data, options, i), header, include_empty,
                                           int(options.get("maxRowCount", -1)))
        else:
            table = read_table(data, op, sheet_name=options.get("sheetName") or None)
            rows = rows_to_objects(_range_rows(table, options.get("range", "")), header_row=header,
                                   include_empty=include_empty)
    except SpreadsheetError as exc:
        raise ctx.error(str(exc), item_index=i, parameter="binaryPropertyName") from exc
    return [{"json": row if header else {"row": row}, "pairedItem": {"item": i}} for row in rows]


def _csv_records(rows: list[list[Any]], header: bool, include_empty: bool, max_rows: int) -> list[Any]:
    """csv-parse records; without "include empty cells" n8n drops '' values (arrays become
    index-keyed objects, as ``Object.fromEntries`` makes them)."""
    if header:
        keys = rows[0] if rows else []
        records: list[Any] = [dict(zip(keys, r, strict=False)) for r in rows[1:] if r]
    else:
        records = [r for r in rows if r]
    if max_rows >= 0:
        records = records[:max_rows]
    if include_empty:
        return records
    out: list[Any] = []
    for rec in records:
        pairs = rec.items() if isinstance(rec, dict) else ((str(k), v) for k, v in enumerate(rec))
        out.append({k: v for k, v in pairs if v != ""})
    return out


async def _move(ctx: NodeContext, op: str, item: Item, i: int) -> Item | None:
    options = ctx.get_param("options", i, {}) or {}
    prop = ctx.get_param("binaryPropertyName", i)
    if not (item.get("binary") or {}).get(prop):
        return None  # n8n skips items without the file
    data = await ctx.binary.read(item, prop, item_index=i)
    keep = options.get("keepSource") or "json"
    json_out: dict[str, Any] = copy.deepcopy(item["json"]) if options.get("keepSource") and keep != "binary" else {}
    value: Any
    if op == "binaryToPropery":
        value = base64.b64encode(data).decode("ascii")
    else:
        try:
            value = encodings.decode(data, options.get("encoding") or "utf8", strip_bom=options.get("stripBOM", True) is not False)
        except encodings.UnknownEncodingError as exc:
            raise ctx.error(str(exc), item_index=i, parameter="options.encoding") from exc
        if op == "fromJson":
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ctx.error(f"The file does not contain valid JSON: {exc}", item_index=i,
                                parameter="binaryPropertyName") from exc
        elif op == "fromIcs":
            try:
                value = parse_calendar(value)
            except ValueError as exc:
                raise ctx.error(str(exc), item_index=i, parameter="binaryPropertyName") from exc
    set_path(json_out, ctx.get_param("destinationKey", i, "data"), value)
    new: Item = {"json": json_out, "pairedItem": {"item": i}}
    binary = dict(item.get("binary") or {})
    if keep not in ("binary", "both"):
        binary.pop(prop, None)
    if binary:
        new["binary"] = binary
    return new


async def execute(ctx: NodeContext) -> list[list[Item]]:
    op = ctx.get_param("operation", 0)

    async def one(item: Item, i: int) -> Item | list[Item] | None:
        if op in SPREADSHEET_OPS:
            return await _spreadsheet(ctx, op, item, i)
        if op in MOVE_OPS:
            return await _move(ctx, op, item, i)
        if op == "pdf":
            raise ctx.error("Extracting text from PDF files is not supported in this installation",
                            item_index=i, parameter="operation", retryable=False)
        raise ctx.error(f"The operation '{op}' is not supported", parameter="operation")

    return [await ctx.map_items(one)]
