"""Schedule Trigger rules as cron expressions plus an every-N recurrence filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_UNITS = {"hours": "hoursInterval", "days": "daysInterval", "weeks": "weeksInterval",
          "months": "monthsInterval"}


@dataclass(frozen=True, slots=True)
class Rule:
    cron: str  # 6 fields, seconds first
    unit: str | None = None  # recurrence unit when the interval is more than one
    interval: int = 1


def _int(entry: dict[str, Any], key: str, default: int) -> int:
    try:
        return int(entry.get(key, default))
    except (TypeError, ValueError):
        raise ValueError(f"'{key}' must be a number, got {entry.get(key)!r}") from None


def to_rule(entry: dict[str, Any]) -> Rule:
    field = entry.get("field", "days")
    if field == "cronExpression":
        expr = str(entry.get("expression", "")).strip()
        if not expr:
            raise ValueError("the cron expression is empty")
        return Rule(expr if len(expr.split()) == 6 else f"0 {expr}")
    if field == "seconds":
        return Rule(f"*/{max(1, _int(entry, 'secondsInterval', 30))} * * * * *")
    if field == "minutes":
        return Rule(f"0 */{max(1, _int(entry, 'minutesInterval', 5))} * * * *")
    minute = _int(entry, "triggerAtMinute", 0)
    if field == "hours":
        return Rule(f"0 {minute} * * * *", "hours", _int(entry, "hoursInterval", 1))
    hour = _int(entry, "triggerAtHour", 0)
    if field == "days":
        return Rule(f"0 {minute} {hour} * * *", "days", _int(entry, "daysInterval", 1))
    if field == "weeks":
        days = entry.get("triggerAtDay", [0])
        dow = ",".join(str(int(d)) for d in days) if days else "*"
        return Rule(f"0 {minute} {hour} * * {dow}", "weeks", _int(entry, "weeksInterval", 1))
    if field == "months":
        dom = _int(entry, "triggerAtDayOfMonth", 1)
        return Rule(f"0 {minute} {hour} {dom} * *", "months", _int(entry, "monthsInterval", 1))
    raise ValueError(f"unknown trigger interval '{field}'")


def rules_of(parameters: dict[str, Any]) -> list[Rule]:
    rule = parameters.get("rule", {"interval": [{"field": "days"}]})
    entries = rule.get("interval") if isinstance(rule, dict) else None
    return [to_rule(e) for e in (entries or []) if isinstance(e, dict)]
