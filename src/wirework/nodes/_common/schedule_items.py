"""What schedule-type triggers emit and how interval rules recur (shared by Schedule Trigger)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

_EPOCH = datetime(1970, 1, 1)


def _ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _offset(when: datetime) -> str:
    off = when.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def schedule_item(when: datetime, timezone: str) -> dict[str, Any]:
    """n8n's Schedule Trigger output for one firing (``when`` is aware, in the workflow zone)."""
    hour12 = when.hour % 12 or 12
    ampm = "am" if when.hour < 12 else "pm"
    time12 = f"{hour12}:{when.minute:02d}:{when.second:02d} {ampm}"
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S") + f".{when.microsecond // 1000:03d}" + _offset(when)
    return {"json": {
        "timestamp": stamp,
        "Readable date": f"{when.strftime('%B')} {when.day}{_ordinal_suffix(when.day)} {when.year}, {time12}",
        "Readable time": time12,
        "Day of week": when.strftime("%A"),
        "Year": str(when.year),
        "Month": when.strftime("%B"),
        "Day of month": f"{when.day:02d}",
        "Hour": f"{when.hour:02d}",
        "Minute": f"{when.minute:02d}",
        "Second": f"{when.second:02d}",
        "Timezone": f"{timezone} (UTC{_offset(when)})",
    }}


def unit_counter(unit: str, when: datetime) -> int:
    """A monotonically increasing index of ``when`` in ``unit`` (local wall-clock based)."""
    day = date(when.year, when.month, when.day).toordinal()
    if unit == "hours":
        return day * 24 + when.hour
    if unit == "days":
        return day
    if unit == "weeks":
        return (day - date(when.year, when.month, when.day).isoweekday() % 7) // 7  # Sunday-based
    if unit == "months":
        return when.year * 12 + when.month - 1
    raise ValueError(f"no recurrence counter for '{unit}'")


def recurrence_due(static: dict[str, Any], *, rule_index: int, unit: str, interval: int,
                   when: datetime) -> bool:
    """Whether an every-N-units rule fires now; remembers the last firing in ``static``."""
    if interval <= 1:
        return True
    rules = static.setdefault("recurrenceRules", {})
    key = str(rule_index)
    now = unit_counter(unit, when)
    last = rules.get(key)
    if last is not None and now != last and now - int(last) < interval:
        return False
    rules[key] = now
    return True
