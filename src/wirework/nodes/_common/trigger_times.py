"""n8n's "trigger times" / "poll times" collection (Cron node, polling triggers) and its cron form.

Each entry becomes one 6-field, seconds-first cron expression; the runtime evaluates them
with cronsim in the workflow's time zone.
"""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import Option, Param

_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

MODES = (
    Option("Every Minute", "everyMinute"),
    Option("Every Hour", "everyHour"),
    Option("Every Day", "everyDay"),
    Option("Every Week", "everyWeek"),
    Option("Every Month", "everyMonth"),
    Option("Every X", "everyX"),
    Option("Custom", "custom"),
)


def _show(*modes: str) -> dict[str, dict[str, list[Any]]]:
    return {"show": {"mode": list(modes)}}


ENTRY_FIELDS = (
    Param("mode", "options", default="everyDay", display_name="Mode", options=MODES),
    Param("hour", "number", default=14, display_name="Hour", description="The hour of the day to trigger (24h format)",
          type_options={"minValue": 0, "maxValue": 23},
          display_options={"hide": {"mode": ["custom", "everyHour", "everyMinute", "everyX"]}}),
    Param("minute", "number", default=0, display_name="Minute", description="The minute of the day to trigger",
          type_options={"minValue": 0, "maxValue": 59},
          display_options={"hide": {"mode": ["custom", "everyMinute", "everyX"]}}),
    Param("dayOfMonth", "number", default=1, display_name="Day of Month",
          description="The day of the month to trigger", type_options={"minValue": 1, "maxValue": 31},
          display_options=_show("everyMonth")),
    Param("weekday", "options", default="1", display_name="Weekday", description="The weekday to trigger",
          options=tuple(Option(n, str(i)) for i, n in enumerate(_WEEKDAYS)),
          display_options=_show("everyWeek")),
    Param("cronExpression", "string", default="* * * * * *", display_name="Cron Expression",
          description="Use custom cron expression. Values and ranges as follows: Seconds: 0-59, "
                      "Minutes: 0-59, Hours: 0-23, Day of Month: 1-31, Months: 1-12 (Jan-Dec), "
                      "Day of Week: 0-6 (Sun-Sat)",
          display_options=_show("custom")),
    Param("value", "number", default=2, display_name="Value", description="All how many X minutes/hours it should trigger",
          type_options={"minValue": 0, "maxValue": 1000}, display_options=_show("everyX")),
    Param("unit", "options", default="hours", display_name="Unit", description="If it should trigger all X minutes or hours",
          options=(Option("Minutes", "minutes"), Option("Hours", "hours")), display_options=_show("everyX")),
)


def times_param(name: str, display_name: str, *, default: Any) -> Param:
    return Param(
        name, "fixedCollection", default=default,
        display_name=display_name, type_options={"multipleValues": True},
        placeholder="Add Time",
        options=(Param("item", "collection", display_name="Item", options=ENTRY_FIELDS),),
    )


def entry_to_cron(entry: dict[str, Any]) -> str:
    """One trigger-times entry as a seconds-first cron expression."""
    mode = entry.get("mode", "everyDay")
    hour = int(entry.get("hour", 14))
    minute = int(entry.get("minute", 0))
    if mode == "everyMinute":
        return "0 * * * * *"
    if mode == "everyHour":
        return f"0 {minute} * * * *"
    if mode == "everyDay":
        return f"0 {minute} {hour} * * *"
    if mode == "everyWeek":
        return f"0 {minute} {hour} * * {int(entry.get('weekday', 1))}"
    if mode == "everyMonth":
        return f"0 {minute} {hour} {int(entry.get('dayOfMonth', 1))} * *"
    if mode == "everyX":
        value = max(1, int(entry.get("value", 2)))
        if entry.get("unit", "hours") == "minutes":
            return f"0 */{value} * * * *"
        return f"0 0 */{value} * * *"
    if mode == "custom":
        expr = str(entry.get("cronExpression", "")).strip()
        return expr if len(expr.split()) == 6 else f"0 {expr}"
    raise ValueError(f"unknown trigger time mode '{mode}'")


def times_to_crons(value: Any) -> list[str]:
    """All cron expressions of a trigger-times parameter value (``{"item": [...]}``)."""
    entries = (value or {}).get("item") or [] if isinstance(value, dict) else []
    return [entry_to_cron(e) for e in entries if isinstance(e, dict)]
