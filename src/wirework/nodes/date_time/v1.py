"""dateTime v1: Moment-style ``format`` and ``calculate`` actions."""

from __future__ import annotations

import copy
import math
from datetime import datetime
from typing import Any

from wirework.model import Item
from wirework.nodes._common.dates import (
    PROCESS_TZ,
    DateError,
    ZDate,
    from_millis,
    parse_any,
    parse_js_date,
    to_zdate,
)
from wirework.nodes._common.dates_format import moment_format, moment_parse
from wirework.nodes._common.fields import set_path
from wirework.nodes.sdk import NodeContext, NodeDescription, Option, Param

_TZ_HINT = "The timezone to convert {}. Choose from the list, or specify an ID using an expression."
_UNITS = ("quarters", "years", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds")
_FORMAT = {"show": {"action": ["format"]}}
_CALC = {"show": {"action": ["calculate"]}}

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.dateTime",
    display_name="Date & Time",
    versions=(1,),
    description="Allows you to manipulate date and time values",
    icon="fa:clock",
    color="#408000",
    subtitle='={{$parameter["action"]}}',
    properties=(
        Param("noticeDateTime", "notice", "", display_name=(
            "More powerful date functionality is available in expressions, e.g. "
            "{{ $now.plus(1, 'week') }}")),
        Param("action", "options", "format", display_name="Action", options=(
            Option("Calculate a Date", "calculate", "Add or subtract time from a date",
                   action="Add or subtract time from a date"),
            Option("Format a Date", "format", "Convert a date to a different format",
                   action="Convert a date to a different format"),
        )),
        Param("value", "string", "", display_name="Value", display_options=_FORMAT, required=True,
              description="The value that should be converted"),
        Param("dataPropertyName", "string", "data", display_name="Property Name", required=True,
              display_options=_FORMAT,
              description="Name of the property to which to write the converted date"),
        Param("custom", "boolean", False, display_name="Custom Format", display_options=_FORMAT,
              description="Whether a predefined format should be selected or custom format entered"),
        # options variant first: it is the default when 'custom' is unset
        Param("toFormat", "options", "MM/DD/YYYY", display_name="To Format",
              display_options={"show": {"action": ["format"], "custom": [False]}},
              description="The format to convert the date to", options=(
                  Option("MM/DD/YYYY", "MM/DD/YYYY", "Example: 09/04/1986"),
                  Option("YYYY/MM/DD", "YYYY/MM/DD", "Example: 1986/04/09"),
                  Option("MMMM DD YYYY", "MMMM DD YYYY", "Example: April 09 1986"),
                  Option("MM-DD-YYYY", "MM-DD-YYYY", "Example: 09-04-1986"),
                  Option("YYYY-MM-DD", "YYYY-MM-DD", "Example: 1986-04-09"),
                  Option("Unix Timestamp", "X", "Example: 513388800.879"),
                  Option("Unix Ms Timestamp", "x", "Example: 513388800"),
              )),
        Param("toFormat", "string", "", display_name="To Format", placeholder="YYYY-MM-DD",
              display_options={"show": {"action": ["format"], "custom": [True]}},
              description="The format to convert the date to"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_FORMAT, options=(
                  Param("fromFormat", "string", "", display_name="From Format",
                        description="In case the input format is not recognized you can provide the format"),
                  Param("fromTimezone", "options", "UTC", display_name="From Timezone Name or ID",
                        type_options={"loadOptionsMethod": "getTimezones"},
                        description=_TZ_HINT.format("from")),
                  Param("toTimezone", "options", "UTC", display_name="To Timezone Name or ID",
                        type_options={"loadOptionsMethod": "getTimezones"},
                        description=_TZ_HINT.format("to")),
              )),
        Param("value", "string", "", display_name="Date Value", display_options=_CALC, required=True,
              description="The date string or timestamp from which you want to add/subtract time"),
        Param("operation", "options", "add", display_name="Operation", display_options=_CALC,
              no_data_expression=True, required=True, options=(
                  Option("Add", "add", "Add time to Date Value", action="Add time to Date Value"),
                  Option("Subtract", "subtract", "Subtract time from Date Value",
                         action="Subtract time from Date Value"),
              )),
        Param("duration", "number", 0, display_name="Duration", display_options=_CALC, required=True,
              type_options={"minValue": 0},
              description="E.g. enter “10” then select “Days” if you want to add 10 days to Date Value."),
        Param("timeUnit", "options", "days", display_name="Time Unit", display_options=_CALC,
              required=True, description="Time unit for Duration parameter above",
              options=tuple(Option(u.capitalize(), u) for u in _UNITS)),
        Param("dataPropertyName", "string", "data", display_name="Property Name", required=True,
              display_options=_CALC,
              description="Name of the output property to which to write the converted date"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_CALC, options=(
                  Param("fromFormat", "string", "", display_name="From Format",
                        description="Format for parsing the value as a date. If unrecognized, "
                                    "specify the format for the value."),
              )),
    ),
)


def _js_number(value: Any) -> float | None:
    """``Number(value)`` when it is not NaN, else None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    if value is None:
        return 0.0
    if isinstance(value, str):
        s = value.strip()
        if s == "":
            return 0.0
        try:
            if s.lower().startswith(("0x", "0b", "0o")):
                return float(int(s, 0))
            if s.lower() in ("infinity", "+infinity", "-infinity") or s[-1:].isdigit() or s.endswith("."):
                return float(s)
        except ValueError:
            return None
    return None


def _out_item(item: Item, i: int, prop: str, value: Any) -> Item:
    json = copy.deepcopy(item["json"]) if "." in prop else dict(item["json"])
    new: Item = {"json": json, "pairedItem": {"item": i}}
    if item.get("binary") is not None:
        new["binary"] = item["binary"]
    set_path(new["json"], prop, value)
    return new


def _parse_for_format(ctx: NodeContext, value: Any, options: dict[str, Any], i: int) -> ZDate:
    if isinstance(value, datetime | ZDate):
        value = to_zdate(value).iso()
    num = _js_number(value)
    if num is not None and math.isfinite(num):
        value = num if not num.is_integer() else int(num)
        if isinstance(value, float):
            value = value * 1000
    from_tz, to_tz = options.get("fromTimezone"), options.get("toTimezone")
    try:
        if isinstance(value, int):
            return from_millis(value * 1000 if len(str(value)) < 12 else value, PROCESS_TZ)
        if isinstance(value, float):
            return from_millis(value, PROCESS_TZ)
        text = str(value)
        fmt = options.get("fromFormat")
        zone = (from_tz or ctx.timezone) if (from_tz or to_tz) else PROCESS_TZ
        if fmt:
            return moment_parse(text, fmt, zone)
        return parse_any(text, zone) if (from_tz or to_tz) else parse_js_date(text)
    except DateError as exc:
        raise ctx.error(
            'The date input format could not be recognized. Please set the "From Format" field',
            item_index=i, parameter="value",
        ) from exc


async def execute(ctx: NodeContext) -> list[list[Item]]:
    out: list[Item] = []
    action = ctx.get_param("action", 0)
    for i, item in enumerate(ctx.items):
        try:
            if action == "format":
                formatted = _format(ctx, item, i)
                if formatted is not None:
                    out.append(formatted)
            elif action == "calculate":
                out.append(_calculate(ctx, item, i))
        except Exception as exc:
            if ctx.continue_on_fail:
                out.append({"json": {"error": getattr(exc, "message", str(exc))}, "pairedItem": {"item": i}})
                continue
            raise
    return [out]


def _format(ctx: NodeContext, item: Item, i: int) -> Item | None:
    value = ctx.get_param("value", i)
    if value is None:  # an expression that found nothing (undefined): n8n skips the item
        return None
    prop = ctx.get_param("dataPropertyName", i)
    to_format = ctx.get_param("toFormat", i)
    options = ctx.get_param("options", i) or {}
    date = _parse_for_format(ctx, value, options, i)
    if options.get("toTimezone") or options.get("fromTimezone"):
        date = date.set_zone(options.get("toTimezone") or ctx.timezone)
    return _out_item(item, i, prop, moment_format(date, to_format))


def _calculate(ctx: NodeContext, item: Item, i: int) -> Item:
    value = ctx.get_param("value", i)
    operation = ctx.get_param("operation", i)
    duration = float(ctx.get_param("duration", i) or 0)
    unit = ctx.get_param("timeUnit", i)
    from_format = (ctx.get_param("options", i) or {}).get("fromFormat")
    prop = ctx.get_param("dataPropertyName", i)
    try:
        if from_format:
            date = moment_parse(str(value), from_format, PROCESS_TZ, strict=True)
        else:
            date = to_zdate(value, PROCESS_TZ) if not isinstance(value, str) else parse_js_date(value)
    except DateError as exc:
        msg = ('Date input cannot be parsed. Please recheck the value and the "From Format" field.'
               if from_format else
               'Unrecognized date input. Please specify a format in the "From Format" field.')
        raise ctx.error(msg, item_index=i, parameter="value") from exc
    date = date.plus(unit, duration if operation == "add" else -duration)
    return _out_item(item, i, prop, date.set_zone("UTC").iso())
