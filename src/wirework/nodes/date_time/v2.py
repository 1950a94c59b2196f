"""dateTime v2: Luxon-style operations on one date per item."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from wirework.expr.jsvalues import JSDateTime
from wirework.model import Item
from wirework.nodes._common.dates import (
    DateError,
    ZDate,
    add_units,
    from_millis,
    is_valid_zone,
    parse_iso,
    parse_js_date,
    to_zdate,
)
from wirework.nodes._common.dates_format import luxon_format, luxon_parse
from wirework.nodes._common.fields import set_path
from wirework.nodes.date_time.v1 import _js_number
from wirework.nodes.sdk import NodeContext

_UNIT_ORDER = ("years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds")
_UNIT_MS = {"weeks": 604_800_000, "days": 86_400_000, "hours": 3_600_000, "minutes": 60_000,
            "seconds": 1000, "milliseconds": 1}


def parse_date(ctx: NodeContext, value: Any, *, timezone: str | None = None,
               from_format: str | None = None, item_index: int = 0) -> ZDate:
    """n8n's dateTime v2 ``parseDate``: timestamps (s/ms), ``+hh`` offsets, ISO/JS strings."""
    if isinstance(value, ZDate | datetime):
        return to_zdate(value) if not timezone else to_zdate(value, timezone)
    if isinstance(value, JSDateTime):  # a Luxon DateTime from an expression keeps its own zone
        try:
            return parse_iso(value, set_zone=True)
        except DateError:
            pass
    num = _js_number(value)
    if num is not None and math.isfinite(num) and not (isinstance(value, str) and from_format):
        ms = num if num.is_integer() else round(num * 1000, 6)
        if float(ms).is_integer():
            n = int(ms)
            date = from_millis(n * 1000 if len(str(n)) < 12 else n)
        else:
            date = from_millis(ms)
        return date.set_zone(timezone or "Etc/UTC")
    text = str(value)
    zone = timezone
    if not zone and "+" in text:
        digits = text.split("+", 1)[1][:2]
        offset = int(digits) if digits.isdigit() else 0
        zone = f"Etc/GMT-{offset}"
    try:
        date = luxon_parse(text, from_format, "UTC") if from_format else parse_js_date(text)
        return date.set_zone(zone or "Etc/UTC")
    except DateError as exc:
        raise ctx.error("Invalid date format", item_index=item_index, parameter="date") from exc


def diff(end: ZDate, start: ZDate, units: list[str]) -> dict[str, float]:
    """Luxon ``end.diff(start, units).toObject()``."""
    wanted = [u for u in _UNIT_ORDER if u in units]
    negative = end.dt < start.dt
    earlier, later = (end.dt, start.dt) if negative else (start.dt, end.dt)
    out: dict[str, float] = {}
    cursor = earlier
    calendar = [u for u in wanted if u in ("years", "quarters", "months", "weeks", "days")]
    for unit in calendar:
        n = 0
        while add_units(cursor, unit, n + 1) <= later:
            n += 1
        out[unit] = n
        cursor = add_units(cursor, unit, n)
    rest_ms = (later - cursor) / timedelta(milliseconds=1)
    lower = [u for u in wanted if u not in calendar]
    if lower:
        for unit in lower:
            size = _UNIT_MS[unit]
            if unit == lower[-1]:
                out[unit] = rest_ms / size
            else:
                out[unit] = rest_ms // size
                rest_ms -= out[unit] * size
    elif calendar and rest_ms:
        last = calendar[-1]
        high = add_units(cursor, last, 1)
        out[last] += rest_ms / ((high - cursor) / timedelta(milliseconds=1))
    result = {k: (-v if negative and v else v) for k, v in out.items()}
    return {k: int(v) if float(v).is_integer() else v for k, v in result.items()}


def iso_duration(parts: dict[str, float]) -> str:
    """Luxon ``Duration#toISO``."""
    def num(v: float) -> str:
        return str(int(v)) if float(v).is_integer() else repr(round(v, 9)).rstrip("0")
    date_part = "".join(f"{num(parts[u])}{c}" for u, c in
                        (("years", "Y"), ("quarters", "Q"), ("months", "M"), ("weeks", "W"), ("days", "D"))
                        if u in parts and (parts[u] or False))
    if parts.get("quarters"):
        date_part = date_part.replace(f"{num(parts['quarters'])}Q", "")
        months = parts.get("months", 0) + parts["quarters"] * 3
        date_part = f"{num(months)}M" if months else date_part
    secs = parts.get("seconds", 0) + parts.get("milliseconds", 0) / 1000
    time_part = "".join(f"{num(parts[u])}{c}" for u, c in (("hours", "H"), ("minutes", "M"))
                        if parts.get(u))
    if secs:
        time_part += f"{num(round(secs, 3))}S"
    if not date_part and not time_part:
        return "PT0S"
    return "P" + date_part + ("T" + time_part if time_part else "")


def _current_date(ctx: NodeContext, i: int) -> str:
    include_time = ctx.get_param("includeTime", i)
    tz = (ctx.get_param("options.timezone", i, "") or ctx.timezone)
    if not is_valid_zone(tz):
        raise ctx.error("Invalid timezone provided", item_index=i, parameter="options.timezone")
    now = to_zdate(ctx.now(), tz)
    return (now if include_time else now.start_of("days")).iso()


def _operate(ctx: NodeContext, op: str, i: int) -> Any:
    wf_tz = ctx.timezone
    if op == "getCurrentDate":
        return _current_date(ctx, i)
    if op in ("addToDate", "subtractFromDate"):
        date = parse_date(ctx, ctx.get_param("magnitude", i), timezone=wf_tz, item_index=i)
        amount = float(ctx.get_param("duration", i) or 0)
        unit = ctx.get_param("timeUnit", i)
        return date.plus(unit, amount if op == "addToDate" else -amount).iso()
    if op == "formatDate":
        value = ctx.get_param("date", i)
        if value is None:
            return None
        fmt = ctx.get_param("format", i)
        if fmt == "custom":
            fmt = ctx.get_param("customFormat", i)
        options = ctx.get_param("options", i, {}) or {}
        date = parse_date(ctx, value, timezone=wf_tz if options.get("timezone") else None,
                          from_format=options.get("fromFormat") or None, item_index=i)
        return luxon_format(date, fmt)
    if op == "roundDate":
        date = parse_date(ctx, ctx.get_param("date", i), timezone=wf_tz, item_index=i)
        if ctx.get_param("mode", i) == "roundDown":
            return date.start_of(ctx.get_param("toNearest", i)).iso()
        return date.end_of(ctx.get_param("to", i)).iso()
    if op == "getTimeBetweenDates":
        start = parse_date(ctx, ctx.get_param("startDate", i), timezone=wf_tz, item_index=i)
        end = parse_date(ctx, ctx.get_param("endDate", i), timezone=wf_tz, item_index=i)
        units = [u + "s" for u in (ctx.get_param("units", i) or ["day"])]
        parts = diff(end, start, units)
        if ctx.get_param("options.isoString", i, False):
            return iso_duration(parts)
        return parts
    if op == "extractDate":
        date = parse_date(ctx, ctx.get_param("date", i), timezone=wf_tz, item_index=i)
        part = ctx.get_param("part", i)
        d = date.dt
        values = {"year": d.year, "month": d.month, "week": d.isocalendar()[1], "day": d.day,
                  "hour": d.hour, "minute": d.minute, "second": d.second}
        if part not in values:
            raise ctx.error(f"Invalid part '{part}'", item_index=i, parameter="part")
        return values[part]
    raise ctx.error(f"The operation '{op}' is not supported", parameter="operation")


async def execute(ctx: NodeContext) -> list[list[Item]]:
    op = ctx.get_param("operation", 0)

    async def one(item: Item, i: int) -> Item:
        value = _operate(ctx, op, i)
        field = ctx.get_param("outputFieldName", i)
        include = ctx.get_param("options.includeInputFields", i, False)
        json: dict[str, Any] = dict(item["json"]) if include else {}
        set_path(json, field, value)
        new: Item = {"json": json, "pairedItem": {"item": i}}
        if include and item.get("binary"):
            new["binary"] = item["binary"]
        return new

    return [await ctx.map_items(one)]
