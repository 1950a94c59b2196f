"""Luxon/Moment-compatible dates: zones, parsing (ISO, RFC 2822, SQL, JS ``Date`` strings,
timestamps) and ``toFormat``/``format`` token rendering.

A :class:`ZDate` is an aware datetime plus the zone *name* it lives in, because Luxon prints
``Z`` for its fixed UTC zone but ``+00:00`` for IANA zones such as ``Etc/GMT``.
``PROCESS_TZ`` stands for the JS process' local zone (n8n's test process runs with TZ=UTC).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

PROCESS_TZ = "UTC"
_FIXED_UTC = {"utc", "gmt", "z"}
_OFFSET_ZONE = re.compile(r"^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)


class DateError(ValueError):
    """A value could not be read as a date."""


def get_zone(name: str | None) -> tzinfo:
    """The tzinfo for a Luxon zone name (``UTC``, ``UTC+2``, IANA names)."""
    if not name or name.lower() in _FIXED_UTC:
        return UTC
    m = _OFFSET_ZONE.match(name)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DateError(f"Invalid timezone '{name}'") from exc


def is_valid_zone(name: str) -> bool:
    try:
        get_zone(name)
    except DateError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class ZDate:
    """An instant shown in a zone, like a Luxon ``DateTime``."""

    dt: datetime
    zone: str = "UTC"

    @classmethod
    def of(cls, dt: datetime, zone: str | None) -> ZDate:
        zone = zone or "UTC"
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=get_zone(zone))
        return cls(dt.astimezone(get_zone(zone)), zone)

    @property
    def fixed_utc(self) -> bool:
        return self.zone.lower() in _FIXED_UTC or self.zone == ""

    def set_zone(self, zone: str | None) -> ZDate:
        return ZDate.of(self.dt, zone or "UTC")

    def to_millis(self) -> int:
        return round(self.dt.timestamp() * 1000)

    def iso(self) -> str:
        """Luxon ``toISO()``: milliseconds always, ``Z`` only for the fixed UTC zone."""
        d = self.dt
        base = d.strftime("%Y-%m-%dT%H:%M:%S") + f".{d.microsecond // 1000:03d}"
        if d.year < 0 or d.year > 9999:
            base = f"{d.year:+07d}" + base[4:]
        return base + ("Z" if self.fixed_utc else offset_str(d))

    def plus(self, unit: str, amount: float) -> ZDate:
        return ZDate(add_units(self.dt, unit, amount), self.zone)

    def start_of(self, unit: str) -> ZDate:
        return ZDate(start_of(self.dt, unit), self.zone)

    def end_of(self, unit: str) -> ZDate:
        return ZDate(end_of(self.dt, unit), self.zone)


def offset_str(d: datetime, sep: str = ":") -> str:
    off = d.utcoffset() or timedelta(0)
    total = int(off.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    total = abs(total)
    return f"{sign}{total // 60:02d}{sep}{total % 60:02d}"


# --- arithmetic -----------------------------------------------------------------------------
_UNIT_ALIASES = {
    "year": "years", "years": "years", "y": "years", "quarter": "quarters", "quarters": "quarters",
    "month": "months", "months": "months", "week": "weeks", "weeks": "weeks",
    "day": "days", "days": "days", "hour": "hours", "hours": "hours",
    "minute": "minutes", "minutes": "minutes", "second": "seconds", "seconds": "seconds",
    "millisecond": "milliseconds", "milliseconds": "milliseconds", "ms": "milliseconds",
}


def unit_name(unit: str) -> str:
    try:
        return _UNIT_ALIASES[unit.strip().lower()] if unit.lower() != "ms" else "milliseconds"
    except KeyError:
        raise DateError(f"Invalid unit '{unit}'") from None


def add_units(d: datetime, unit: str, amount: float) -> datetime:
    """Calendar units move wall time (DST-aware like Luxon); time units move the instant."""
    u = unit_name(unit)
    if u in ("years", "quarters", "months", "weeks", "days"):
        months = {"years": 12, "quarters": 3, "months": 1}.get(u, 0) * amount
        days = {"weeks": 7, "days": 1}.get(u, 0) * amount
        whole_m = int(months)
        naive = d.replace(tzinfo=None) + relativedelta(months=whole_m, days=int(days))
        frac = days - int(days)
        naive += timedelta(days=frac)
        return _localize(naive, d.tzinfo)
    secs = {"hours": 3600, "minutes": 60, "seconds": 1, "milliseconds": 0.001}[u] * amount
    utc = d.astimezone(UTC) + timedelta(seconds=secs)
    return utc.astimezone(d.tzinfo)


def _localize(naive: datetime, tz: tzinfo | None) -> datetime:
    local = naive.replace(tzinfo=tz)
    # normalise nonexistent wall times (spring-forward gaps) by a round trip through UTC
    return local.astimezone(UTC).astimezone(tz)


def start_of(d: datetime, unit: str) -> datetime:
    u = unit_name(unit)
    n = d.replace(tzinfo=None)
    if u == "years":
        n = datetime(n.year, 1, 1)
    elif u == "quarters":
        n = datetime(n.year, ((n.month - 1) // 3) * 3 + 1, 1)
    elif u == "months":
        n = datetime(n.year, n.month, 1)
    elif u == "weeks":
        n = datetime(n.year, n.month, n.day) - timedelta(days=n.weekday())
    elif u == "days":
        n = datetime(n.year, n.month, n.day)
    elif u == "hours":
        n = n.replace(minute=0, second=0, microsecond=0)
    elif u == "minutes":
        n = n.replace(second=0, microsecond=0)
    elif u == "seconds":
        n = n.replace(microsecond=0)
    return _localize(n, d.tzinfo)


def end_of(d: datetime, unit: str) -> datetime:
    start = start_of(d, unit)
    u = unit_name(unit)
    nxt = add_units(start, u, 1)
    return nxt - timedelta(milliseconds=1)


# --- parsing --------------------------------------------------------------------------------
_ISO = re.compile(
    r"^([+-]\d{6}|\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?"
    r"(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.I,
)
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})(?:-?(\d))?$", re.I)
_ISO_ORDINAL = re.compile(r"^(\d{4})-?(\d{3})$")


def _offset_tz(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def parse_iso(text: str, zone: str | None = None, *, set_zone: bool = False) -> ZDate:
    """Luxon ``fromISO``: values without an offset are wall time in ``zone``."""
    s = text.strip()
    if m := _ISO_WEEK.match(s):
        day = date.fromisocalendar(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        return ZDate.of(datetime(day.year, day.month, day.day), zone)
    if m := _ISO_ORDINAL.match(s):
        day = date(int(m.group(1)), 1, 1) + timedelta(days=int(m.group(2)) - 1)
        return ZDate.of(datetime(day.year, day.month, day.day), zone)
    m = _ISO.match(s)
    if not m:
        raise DateError(f"the input \"{text}\" can't be parsed as ISO 8601")
    y, mo, d, h, mi, sec, frac, off = m.groups()
    try:
        naive = datetime(
            int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(sec or 0),
            int((frac or "0").ljust(6, "0")[:6]),
        )
    except ValueError as exc:
        raise DateError(f"the input \"{text}\" can't be parsed as ISO 8601") from exc
    if off:
        aware = naive.replace(tzinfo=_offset_tz(off))
        if set_zone:
            return ZDate(aware, "UTC" if off.upper() == "Z" else "UTC" + off)
        return ZDate.of(aware, zone)
    return ZDate.of(naive, zone)


_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_RFC = re.compile(
    r"^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(GMT|UTC|UT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[+-]\d{4})?$",
    re.I,
)
_RFC_ZONES = {"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
              "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
_SQL = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
    r"(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?$"
)


def parse_rfc2822(text: str, zone: str | None = None) -> ZDate:
    m = _RFC.match(text.strip())
    if not m:
        raise DateError(f"the input \"{text}\" can't be parsed as RFC 2822")
    day, mon, year, h, mi, sec, off = m.groups()
    month = _MONTHS.get(mon.lower()[:3])
    if not month:
        raise DateError(f"the input \"{text}\" can't be parsed as RFC 2822")
    yr = int(year) + (1900 if len(year) == 2 and int(year) >= 50 else 2000 if len(year) == 2 else 0)
    naive = datetime(yr, month, int(day), int(h), int(mi), int(sec or 0))
    if off and off.upper() in _RFC_ZONES:
        tz: tzinfo = timezone(timedelta(hours=_RFC_ZONES[off.upper()]))
    elif off:
        tz = _offset_tz(off[:3] + ":" + off[3:])
    else:
        tz = UTC
    return ZDate.of(naive.replace(tzinfo=tz), zone)


def parse_sql(text: str, zone: str | None = None) -> ZDate:
    m = _SQL.match(text.strip())
    if not m:
        raise DateError(f"the input \"{text}\" can't be parsed as SQL")
    y, mo, d, h, mi, s, frac, off = m.groups()
    naive = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                     int((frac or "0").ljust(6, "0")))
    if off:
        return ZDate.of(naive.replace(tzinfo=_offset_tz(off)), zone)
    return ZDate.of(naive, zone)


def from_millis(ms: float, zone: str | None = None) -> ZDate:
    dt = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
    return ZDate.of(dt, zone)


def parse_js_date(text: str) -> ZDate:
    """``new Date(text)`` in V8 with the process zone: ISO date-only forms are UTC, other
    offset-less forms are local. Returns the instant in :data:`PROCESS_TZ`."""
    s = text.strip()
    if not s:
        raise DateError("Invalid Date")
    if re.fullmatch(r"[+-]?\d{4,6}(-\d{2}(-\d{2})?)?", s):
        return parse_iso(s, "UTC").set_zone(PROCESS_TZ)
    for fn in (parse_iso, parse_rfc2822, parse_sql):
        try:
            return fn(s, PROCESS_TZ)
        except (DateError, ValueError):
            pass
    return _parse_loose(s)


def _parse_loose(s: str) -> ZDate:
    from dateutil import parser as du_parser

    cleaned = re.sub(r"\s*\([^)]*\)\s*$", "", s)  # "GMT+0200 (Central European Summer Time)"
    cleaned = re.sub(r"GMT([+-]\d{4})", r"\1", cleaned)
    try:
        dt = du_parser.parse(cleaned, default=datetime(2001, 1, 1))
    except (ValueError, OverflowError) as exc:
        raise DateError("Invalid Date") from exc
    return ZDate.of(dt, PROCESS_TZ)


def parse_any(text: str, zone: str | None = None) -> ZDate:
    """n8n's usual order: ISO, RFC 2822, SQL, then whatever ``new Date()`` accepts."""
    for fn in (parse_iso, parse_rfc2822, parse_sql):
        try:
            return fn(text, zone)
        except (DateError, ValueError):
            pass
    return parse_js_date(text).set_zone(zone)


def to_zdate(value: Any, zone: str | None = None) -> ZDate:
    """Coerce what an expression may return (datetime, ZDate, ISO string, ms) to a ZDate."""
    if isinstance(value, ZDate):
        return value.set_zone(zone) if zone else value
    if isinstance(value, datetime):
        return ZDate.of(value if value.tzinfo else value.replace(tzinfo=get_zone(zone)), zone)
    if isinstance(value, date):
        return ZDate.of(datetime(value.year, value.month, value.day), zone)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_millis(value, zone)
    if isinstance(value, str):
        return parse_any(value, zone)
    raise DateError(f"Invalid date type: {type(value).__name__}")


__all__ = [
    "PROCESS_TZ", "DateError", "ZDate", "add_units", "end_of", "from_millis", "get_zone",
    "is_valid_zone", "offset_str",
    "parse_any", "parse_iso", "parse_js_date", "parse_rfc2822", "parse_sql", "start_of",
    "to_zdate", "unit_name",
]
