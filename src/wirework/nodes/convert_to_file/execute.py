"""Convert to File: items to CSV/HTML/RTF/ODS/XLS/XLSX, JSON, text, base64 or ICS files."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, date, datetime
from typing import Any

from wirework.model import Item
from wirework.nodes._common import encodings
from wirework.nodes._common.dates import DateError, parse_js_date
from wirework.nodes._common.fields import UNDEFINED, get, json_stringify
from wirework.nodes._common.ics import build_event
from wirework.nodes._common.spreadsheet import MIME, SpreadsheetError, items_to_rows, write_table
from wirework.nodes.convert_to_file.description import SPREADSHEET_OPS
from wirework.nodes.sdk import NodeContext, NodeError


def _all_paired(n: int) -> list[dict[str, int]]:
    return [{"item": i} for i in range(n)]


async def _spreadsheet(ctx: NodeContext, op: str) -> list[Item]:
    options = ctx.get_param("options", 0, {}) or {}
    prop = ctx.get_param("binaryPropertyName", 0, "data")
    rows = items_to_rows([it["json"] for it in ctx.items], header_row=options.get("headerRow", True) is not False)
    try:
        data = write_table(rows, op, sheet_name=options.get("sheetName") or "Sheet",
                           compression=bool(options.get("compression")), delimiter=options.get("delimiter") or ",")
    except SpreadsheetError as exc:
        raise ctx.error(str(exc), parameter="operation") from exc
    name = options["fileName"] if options.get("fileName") is not None else f"File.{op}"
    ref = await ctx.binary.prepare(data, file_name=name or None, mime_type=MIME[op])
    return [{"json": {}, "binary": {prop: ref}, "pairedItem": _all_paired(len(ctx.items))}]


def _encode_text(ctx: NodeContext, text: str, options: dict[str, Any], i: int) -> bytes:
    try:
        return encodings.encode(text, options.get("encoding") or "utf8", bom=bool(options.get("addBOM")))
    except encodings.UnknownEncodingError as exc:
        raise ctx.error(str(exc), item_index=i, parameter="options.encoding") from exc


async def _to_json(ctx: NodeContext) -> list[Item]:
    options = ctx.get_param("options", 0, {}) or {}
    prop = ctx.get_param("binaryPropertyName", 0, "data")

    def dump(value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False) if options.get("format") else json_stringify(value)

    name = options.get("fileName") or "file.json"
    if ctx.get_param("mode", 0, "once") == "once":
        data = _encode_text(ctx, dump([it["json"] for it in ctx.items]), options, 0)
        ref = await ctx.binary.prepare(data, file_name=name, mime_type="application/json")
        return [{"json": {}, "binary": {prop: ref}, "pairedItem": _all_paired(len(ctx.items))}]
    out: list[Item] = []
    for i, item in enumerate(ctx.items):
        opts = ctx.get_param("options", i, {}) or {}
        data = _encode_text(ctx, dump(item["json"]), opts, i)
        ref = await ctx.binary.prepare(data, file_name=opts.get("fileName") or name, mime_type="application/json")
        out.append({"json": {}, "binary": {**(item.get("binary") or {}), ctx.get_param("binaryPropertyName", i): ref},
                    "pairedItem": {"item": i}})
    return out


def _source(ctx: NodeContext, item: Item, i: int) -> Any:
    source = ctx.get_param("sourceProperty", i)
    value = get(item["json"], source)
    if value is UNDEFINED:
        raise ctx.error(f'The value in "{source}" is not set', item_index=i, parameter="sourceProperty")
    return value


async def _to_text(ctx: NodeContext, item: Item, i: int) -> Item:
    value = _source(ctx, item, i)
    text = value if isinstance(value, str) else json_stringify(value)
    mime = "text/plain" if isinstance(value, str) else "application/json"
    options = ctx.get_param("options", i, {}) or {}
    ref = await ctx.binary.prepare(_encode_text(ctx, text, options, i),
                                   file_name=options.get("fileName") or f"file.{mime.split('/')[1].replace('plain', 'txt')}",
                                   mime_type=mime)
    return {"json": {}, "binary": {ctx.get_param("binaryPropertyName", i): ref}, "pairedItem": {"item": i}}


async def _to_binary(ctx: NodeContext, item: Item, i: int) -> Item:
    value = _source(ctx, item, i)
    options = ctx.get_param("options", i, {}) or {}
    if options.get("dataIsBase64", True) is not False:
        data = _lenient_b64(str(value))
    else:
        data = _encode_text(ctx, value if isinstance(value, str) else json_stringify(value), options, i)
    ref = await ctx.binary.prepare(data, file_name=options.get("fileName") or None,
                                   mime_type=options.get("mimeType") or None)
    return {"json": {}, "binary": {ctx.get_param("binaryPropertyName", i): ref}, "pairedItem": {"item": i}}


def _lenient_b64(text: str) -> bytes:
    """Node's ``Buffer.from(s, 'base64')``: skips characters outside the alphabet, stops at '='."""
    clean = re.sub(r"[^A-Za-z0-9+/_-]", "", text.split("=", 1)[0]).replace("-", "+").replace("_", "/")
    clean = clean[: len(clean) - (len(clean) % 4 == 1)]
    return base64.b64decode(clean + "=" * (-len(clean) % 4))


def _when(ctx: NodeContext, name: str, i: int, all_day: bool) -> datetime | date:
    raw = ctx.get_param(name, i)
    try:
        moment = parse_js_date(raw if isinstance(raw, str) else str(raw)).dt
    except DateError as exc:
        raise ctx.error(f"Invalid date '{raw}'", item_index=i, parameter=name) from exc
    return moment.date() if all_day else moment.astimezone(UTC)


async def _ical(ctx: NodeContext, i: int) -> Item:
    all_day = bool(ctx.get_param("allDay", i))
    start, end = _when(ctx, "start", i, all_day), _when(ctx, "end", i, all_day)
    if all_day:
        from wirework.nodes._common.ics import day_after
        end = day_after(end)
    fields = dict(ctx.get_param("additionalFields", i, {}) or {})
    fields["geo"] = (fields.pop("geolocationUi", None) or {}).get("geolocationValues")
    fields["organizer"] = (fields.pop("organizerUi", None) or {}).get("organizerValues")
    fields["attendees"] = (fields.pop("attendeesUi", None) or {}).get("attendeeValues")
    text = build_event(title=str(ctx.get_param("title", i) or ""), start=start, end=end, stamp=ctx.now(),
                       fields=fields)
    ref = await ctx.binary.prepare(text.encode("utf-8"), file_name=fields.get("fileName") or "event.ics",
                                   mime_type="text/calendar")
    return {"json": {}, "binary": {ctx.get_param("binaryPropertyName", i): ref}, "pairedItem": {"item": i}}


async def execute(ctx: NodeContext) -> list[list[Item]]:
    op = ctx.get_param("operation", 0)
    try:
        if op in SPREADSHEET_OPS:
            return [await _spreadsheet(ctx, op)]
        if op == "toJson":
            return [await _to_json(ctx)]
    except NodeError as exc:
        if ctx.continue_on_fail:
            return [[{"json": {"error": exc.message}, "pairedItem": _all_paired(len(ctx.items))}]]
        raise
    per_item = {"toText": _to_text, "toBinary": _to_binary}

    async def one(item: Item, i: int) -> Item:
        if op == "iCal":
            return await _ical(ctx, i)
        if op in per_item:
            return await per_item[op](ctx, item, i)
        raise ctx.error(f"The operation '{op}' is not supported", parameter="operation")

    return [await ctx.map_items(one)]
