"""Luxon ``toFormat``/``fromFormat`` and Moment ``format``/``moment(value, format)`` tokens (en-US)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from wirework.nodes._common.dates import DateError, ZDate, get_zone, offset_str

MONTHS = list(calendar.month_name)[1:]
MONTHS_SHORT = list(calendar.month_abbr)[1:]
WEEKDAYS = list(calendar.day_name)  # Monday first
WEEKDAYS_SHORT = list(calendar.day_abbr)


def _h12(d: datetime) -> int:
    return d.hour % 12 or 12


def _ampm(d: datetime) -> str:
    return "AM" if d.hour < 12 else "PM"


def _narrow_offset(d: datetime) -> str:
    off = int((d.utcoffset() or timedelta(0)).total_seconds() // 60)
    sign = "-" if off < 0 else "+"
    h, m = divmod(abs(off), 60)
    return f"{sign}{h}" + (f":{m:02d}" if m else "")


def _zone_abbr(z: ZDate) -> str:
    if z.fixed_utc:
        return "UTC"
    name = z.dt.tzname() or ""
    return name if name and name[0] not in "+-" else "GMT" + _narrow_offset(z.dt).replace("+0", "")


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _date_short(d: datetime) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def _date_med(d: datetime) -> str:
    return f"{MONTHS_SHORT[d.month - 1]} {d.day}, {d.year}"


def _date_full(d: datetime) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _time(d: datetime, secs: bool) -> str:
    return f"{_h12(d)}:{d.minute:02d}" + (f":{d.second:02d}" if secs else "") + f"\u202f{_ampm(d)}"


def _time24(d: datetime, secs: bool) -> str:
    return f"{d.hour:02d}:{d.minute:02d}" + (f":{d.second:02d}" if secs else "")


_LUXON: dict[str, Callable[[ZDate], str]] = {
    "S": lambda z: str(z.dt.microsecond // 1000),
    "SSS": lambda z: f"{z.dt.microsecond // 1000:03d}",
    "u": lambda z: f"{z.dt.microsecond // 1000:03d}",
    "uu": lambda z: f"{z.dt.microsecond // 10000:02d}",
    "uuu": lambda z: str(z.dt.microsecond // 100000),
    "s": lambda z: str(z.dt.second), "ss": lambda z: f"{z.dt.second:02d}",
    "m": lambda z: str(z.dt.minute), "mm": lambda z: f"{z.dt.minute:02d}",
    "h": lambda z: str(_h12(z.dt)), "hh": lambda z: f"{_h12(z.dt):02d}",
    "H": lambda z: str(z.dt.hour), "HH": lambda z: f"{z.dt.hour:02d}",
    "Z": lambda z: "+0" if z.fixed_utc else _narrow_offset(z.dt),
    "ZZ": lambda z: "+00:00" if z.fixed_utc else offset_str(z.dt),
    "ZZZ": lambda z: "+0000" if z.fixed_utc else offset_str(z.dt, ""),
    "ZZZZ": _zone_abbr, "ZZZZZ": lambda z: z.zone,
    "z": lambda z: z.zone,
    "a": lambda z: _ampm(z.dt),
    "d": lambda z: str(z.dt.day), "dd": lambda z: f"{z.dt.day:02d}",
    "c": lambda z: str(z.dt.isoweekday()), "E": lambda z: str(z.dt.isoweekday()),
    "ccc": lambda z: WEEKDAYS_SHORT[z.dt.weekday()], "EEE": lambda z: WEEKDAYS_SHORT[z.dt.weekday()],
    "cccc": lambda z: WEEKDAYS[z.dt.weekday()], "EEEE": lambda z: WEEKDAYS[z.dt.weekday()],
    "ccccc": lambda z: WEEKDAYS[z.dt.weekday()][0], "EEEEE": lambda z: WEEKDAYS[z.dt.weekday()][0],
    "L": lambda z: str(z.dt.month), "LL": lambda z: f"{z.dt.month:02d}",
    "M": lambda z: str(z.dt.month), "MM": lambda z: f"{z.dt.month:02d}",
    "LLL": lambda z: MONTHS_SHORT[z.dt.month - 1], "MMM": lambda z: MONTHS_SHORT[z.dt.month - 1],
    "LLLL": lambda z: MONTHS[z.dt.month - 1], "MMMM": lambda z: MONTHS[z.dt.month - 1],
    "LLLLL": lambda z: MONTHS[z.dt.month - 1][0], "MMMMM": lambda z: MONTHS[z.dt.month - 1][0],
    "y": lambda z: str(z.dt.year), "yy": lambda z: f"{z.dt.year % 100:02d}",
    "yyyy": lambda z: f"{z.dt.year:04d}", "yyyyyy": lambda z: f"{z.dt.year:06d}",
    "G": lambda z: "AD", "GG": lambda z: "Anno Domini", "GGGGG": lambda z: "A",
    "kk": lambda z: f"{z.dt.isocalendar()[0] % 100:02d}",
    "kkkk": lambda z: f"{z.dt.isocalendar()[0]:04d}",
    "W": lambda z: str(z.dt.isocalendar()[1]), "WW": lambda z: f"{z.dt.isocalendar()[1]:02d}",
    "o": lambda z: str(z.dt.timetuple().tm_yday), "ooo": lambda z: f"{z.dt.timetuple().tm_yday:03d}",
    "q": lambda z: str((z.dt.month - 1) // 3 + 1), "qq": lambda z: f"{(z.dt.month - 1) // 3 + 1:02d}",
    "D": lambda z: _date_short(z.dt), "DD": lambda z: _date_med(z.dt),
    "DDD": lambda z: _date_full(z.dt),
    "DDDD": lambda z: f"{WEEKDAYS[z.dt.weekday()]}, {_date_full(z.dt)}",
    "t": lambda z: _time(z.dt, False), "tt": lambda z: _time(z.dt, True),
    "T": lambda z: _time24(z.dt, False), "TT": lambda z: _time24(z.dt, True),
    "f": lambda z: f"{_date_short(z.dt)}, {_time(z.dt, False)}",
    "ff": lambda z: f"{_date_med(z.dt)}, {_time(z.dt, False)}",
    "F": lambda z: f"{_date_short(z.dt)}, {_time(z.dt, True)}",
    "FF": lambda z: f"{_date_med(z.dt)}, {_time(z.dt, True)}",
    "X": lambda z: str(z.to_millis() // 1000), "x": lambda z: str(z.to_millis()),
}


def _luxon_tokens(fmt: str) -> list[tuple[bool, str]]:
    """Split into (is_literal, text): runs of one repeated char, or '...' quoted literals."""
    out: list[tuple[bool, str]] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "'":
            j = fmt.find("'", i + 1)
            if j == -1:
                out.append((True, fmt[i + 1:]))
                break
            out.append((True, fmt[i + 1:j] if j > i + 1 else "'"))
            i = j + 1
            continue
        j = i
        while j < len(fmt) and fmt[j] == ch:
            j += 1
        out.append((False, fmt[i:j]))
        i = j
    return out


def luxon_format(z: ZDate, fmt: str) -> str:
    parts = []
    for literal, tok in _luxon_tokens(fmt):
        fn = None if literal else _LUXON.get(tok)
        parts.append(fn(z) if fn else tok)
    return "".join(parts)


# --- moment ---------------------------------------------------------------------------------
def _iso_year(z: ZDate) -> int:
    return z.dt.isocalendar()[0]


def _us_week(d: datetime) -> int:
    # moment's en locale: weeks start Sunday, week 1 contains Jan 1
    jan1 = d.replace(month=1, day=1)
    offset = (jan1.weekday() + 1) % 7
    return (d.timetuple().tm_yday + offset - 1) // 7 + 1


_MOMENT: dict[str, Callable[[ZDate], str]] = {
    "YYYYYY": lambda z: f"{z.dt.year:+07d}", "YYYY": lambda z: f"{z.dt.year:04d}",
    "YY": lambda z: f"{z.dt.year % 100:02d}", "Y": lambda z: str(z.dt.year),
    "GGGG": lambda z: f"{_iso_year(z):04d}", "GG": lambda z: f"{_iso_year(z) % 100:02d}",
    "gggg": lambda z: f"{z.dt.year:04d}",
    "Q": lambda z: str((z.dt.month - 1) // 3 + 1), "Qo": lambda z: _ordinal((z.dt.month - 1) // 3 + 1),
    "MMMM": lambda z: MONTHS[z.dt.month - 1], "MMM": lambda z: MONTHS_SHORT[z.dt.month - 1],
    "MM": lambda z: f"{z.dt.month:02d}", "Mo": lambda z: _ordinal(z.dt.month), "M": lambda z: str(z.dt.month),
    "DDDD": lambda z: f"{z.dt.timetuple().tm_yday:03d}", "DDDo": lambda z: _ordinal(z.dt.timetuple().tm_yday),
    "DDD": lambda z: str(z.dt.timetuple().tm_yday),
    "DD": lambda z: f"{z.dt.day:02d}", "Do": lambda z: _ordinal(z.dt.day), "D": lambda z: str(z.dt.day),
    "dddd": lambda z: WEEKDAYS[z.dt.weekday()], "ddd": lambda z: WEEKDAYS_SHORT[z.dt.weekday()],
    "dd": lambda z: WEEKDAYS_SHORT[z.dt.weekday()][:2], "do": lambda z: _ordinal(z.dt.isoweekday() % 7),
    "d": lambda z: str(z.dt.isoweekday() % 7), "e": lambda z: str(z.dt.isoweekday() % 7),
    "E": lambda z: str(z.dt.isoweekday()),
    "WW": lambda z: f"{z.dt.isocalendar()[1]:02d}", "Wo": lambda z: _ordinal(z.dt.isocalendar()[1]),
    "W": lambda z: str(z.dt.isocalendar()[1]),
    "ww": lambda z: f"{_us_week(z.dt):02d}", "wo": lambda z: _ordinal(_us_week(z.dt)),
    "w": lambda z: str(_us_week(z.dt)),
    "HH": lambda z: f"{z.dt.hour:02d}", "H": lambda z: str(z.dt.hour),
    "hh": lambda z: f"{_h12(z.dt):02d}", "h": lambda z: str(_h12(z.dt)),
    "kk": lambda z: f"{z.dt.hour or 24:02d}", "k": lambda z: str(z.dt.hour or 24),
    "mm": lambda z: f"{z.dt.minute:02d}", "m": lambda z: str(z.dt.minute),
    "ss": lambda z: f"{z.dt.second:02d}", "s": lambda z: str(z.dt.second),
    "A": lambda z: _ampm(z.dt), "a": lambda z: _ampm(z.dt).lower(),
    "ZZ": lambda z: offset_str(z.dt, ""), "Z": lambda z: offset_str(z.dt),
    "zz": _zone_abbr, "z": _zone_abbr,
    "X": lambda z: str(z.to_millis() // 1000), "x": lambda z: str(z.to_millis()),
    "LTS": lambda z: f"{_h12(z.dt)}:{z.dt.minute:02d}:{z.dt.second:02d} {_ampm(z.dt)}",
    "LT": lambda z: f"{_h12(z.dt)}:{z.dt.minute:02d} {_ampm(z.dt)}",
    "LLLL": lambda z: f"{WEEKDAYS[z.dt.weekday()]}, {_date_full(z.dt)} {_h12(z.dt)}:{z.dt.minute:02d} {_ampm(z.dt)}",
    "LLL": lambda z: f"{_date_full(z.dt)} {_h12(z.dt)}:{z.dt.minute:02d} {_ampm(z.dt)}",
    "LL": lambda z: _date_full(z.dt), "L": lambda z: f"{z.dt.month:02d}/{z.dt.day:02d}/{z.dt.year}",
}
_MOMENT_RE = re.compile(
    r"\[[^\]]*\]|S{1,9}|" + "|".join(sorted((re.escape(k) for k in _MOMENT), key=len, reverse=True))
)


def moment_format(z: ZDate, fmt: str | None = None) -> str:
    if not fmt:  # moment().format() default
        return z.dt.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if z.fixed_utc else offset_str(z.dt))

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok.startswith("["):
            return tok[1:-1]
        if tok[0] == "S" and set(tok) == {"S"}:
            return f"{z.dt.microsecond:06d}000"[: len(tok)]
        return _MOMENT[tok](z)

    return _MOMENT_RE.sub(repl, fmt)


# --- parsing with a format ------------------------------------------------------------------
_NUM = {1: r"\d{1,2}", 2: r"\d{2}", 3: r"\d{3}", 4: r"\d{4}"}
_LUXON_PARSE: dict[str, tuple[str, str]] = {
    "yyyy": ("year", r"\d{4}"), "yy": ("year2", r"\d{2}"), "y": ("year", r"\d{1,6}"),
    "MM": ("month", r"\d{2}"), "M": ("month", r"\d{1,2}"), "LL": ("month", r"\d{2}"),
    "L": ("month", r"\d{1,2}"), "MMM": ("mon", r"[A-Za-z]{3}"), "LLL": ("mon", r"[A-Za-z]{3}"),
    "MMMM": ("monname", r"[A-Za-z]+"), "LLLL": ("monname", r"[A-Za-z]+"),
    "dd": ("day", r"\d{2}"), "d": ("day", r"\d{1,2}"),
    "HH": ("hour", r"\d{2}"), "H": ("hour", r"\d{1,2}"), "hh": ("hour12", r"\d{2}"),
    "h": ("hour12", r"\d{1,2}"), "mm": ("minute", r"\d{2}"), "m": ("minute", r"\d{1,2}"),
    "ss": ("second", r"\d{2}"), "s": ("second", r"\d{1,2}"), "SSS": ("ms", r"\d{3}"),
    "S": ("ms", r"\d{1,3}"), "u": ("frac", r"\d+"), "a": ("ampm", r"[AaPp][Mm]"),
    "ccc": ("wd", r"[A-Za-z]{3}"), "EEE": ("wd", r"[A-Za-z]{3}"),
    "cccc": ("wd", r"[A-Za-z]+"), "EEEE": ("wd", r"[A-Za-z]+"),
    "ZZ": ("offset", r"[+-]\d{2}:\d{2}|Z"), "ZZZ": ("offset", r"[+-]\d{4}|Z"),
    "Z": ("offset", r"[+-]\d{1,2}(?::\d{2})?|Z"), "z": ("zone", r"[A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)*"),
    "X": ("unix", r"-?\d+(?:\.\d+)?"), "x": ("unixms", r"-?\d+"),
    "o": ("ordinal", r"\d{1,3}"), "ooo": ("ordinal", r"\d{3}"),
}
_MOMENT_PARSE: dict[str, tuple[str, str]] = {
    "YYYY": ("year", r"\d{4}"), "YY": ("year2", r"\d{2}"), "Y": ("year", r"[+-]?\d+"),
    "MM": ("month", r"\d{1,2}"), "M": ("month", r"\d{1,2}"), "MMM": ("mon", r"[A-Za-z]{3}"),
    "MMMM": ("monname", r"[A-Za-z]+"), "DD": ("day", r"\d{1,2}"), "D": ("day", r"\d{1,2}"),
    "Do": ("day", r"\d{1,2}(?:st|nd|rd|th)"),
    "HH": ("hour", r"\d{1,2}"), "H": ("hour", r"\d{1,2}"), "hh": ("hour12", r"\d{1,2}"),
    "h": ("hour12", r"\d{1,2}"), "mm": ("minute", r"\d{1,2}"), "m": ("minute", r"\d{1,2}"),
    "ss": ("second", r"\d{1,2}"), "s": ("second", r"\d{1,2}"), "SSS": ("ms", r"\d{1,3}"),
    "SS": ("ms", r"\d{1,2}"), "S": ("ms", r"\d"), "A": ("ampm", r"[AaPp][Mm]"),
    "a": ("ampm", r"[AaPp][Mm]"), "ddd": ("wd", r"[A-Za-z]{3}"), "dddd": ("wd", r"[A-Za-z]+"),
    "Z": ("offset", r"[+-]\d{2}:?\d{2}|Z"), "ZZ": ("offset", r"[+-]\d{2}:?\d{2}|Z"),
    "X": ("unix", r"-?\d+(?:\.\d+)?"), "x": ("unixms", r"-?\d+"),
}


def _build_regex(tokens: list[tuple[bool, str]], table: dict[str, tuple[str, str]]) -> tuple[str, list[str]]:
    pattern, fields = "", []
    for literal, tok in tokens:
        if not literal and tok in table:
            name, rx = table[tok]
            pattern += f"({rx})"
            fields.append(name)
        else:
            pattern += re.escape(tok)
    return pattern, fields


def _moment_tokens(fmt: str) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _MOMENT_RE.finditer(fmt):
        if m.start() > pos:
            out.append((True, fmt[pos:m.start()]))
        tok = m.group(0)
        out.append((True, tok[1:-1]) if tok.startswith("[") else (False, tok))
        pos = m.end()
    if pos < len(fmt):
        out.append((True, fmt[pos:]))
    return out


def _assemble(values: dict[str, str], zone: str | None) -> ZDate:
    if "unixms" in values:
        return ZDate.of(datetime.fromtimestamp(int(values["unixms"]) / 1000, UTC), zone)
    if "unix" in values:
        return ZDate.of(datetime.fromtimestamp(float(values["unix"]), UTC), zone)
    year = int(values["year"]) if "year" in values else None
    if "year2" in values:
        y2 = int(values["year2"])
        year = 2000 + y2 if y2 <= 68 else 1900 + y2
    month = int(values.get("month", 0)) or None
    for key, names in (("mon", MONTHS_SHORT), ("monname", MONTHS)):
        if key in values:
            low = [n.lower() for n in names]
            v = values[key].lower()
            if v not in low:
                raise DateError(f"unknown month '{values[key]}'")
            month = low.index(v) + 1
    hour = int(values.get("hour", 0))
    if "hour12" in values:
        hour = int(values["hour12"]) % 12
        if values.get("ampm", "am").lower() == "pm":
            hour += 12
    elif values.get("ampm", "").lower() == "pm" and hour < 12:
        hour += 12
    day = int(re.sub(r"\D", "", values.get("day", "1")))
    ms = int(values.get("ms", "0").ljust(3, "0")[:3]) if "ms" in values else 0
    if "frac" in values:
        ms = int(values["frac"].ljust(3, "0")[:3])
    now = datetime.now()
    naive = datetime(year if year is not None else now.year, month or 1, day, hour,
                     int(values.get("minute", 0)), int(values.get("second", 0)), ms * 1000)
    if "ordinal" in values:
        naive = naive.replace(month=1, day=1) + timedelta(days=int(values["ordinal"]) - 1)
    if "offset" in values:
        off = values["offset"]
        if off.upper() == "Z":
            tz: Any = UTC
        else:
            digits = off[1:].replace(":", "")
            if len(digits) <= 2:
                digits = digits.zfill(2) + "00"
            sign = -1 if off[0] == "-" else 1
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))
        return ZDate.of(naive.replace(tzinfo=tz), zone)
    if "zone" in values:
        return ZDate.of(naive.replace(tzinfo=get_zone(values["zone"])), zone)
    return ZDate.of(naive, zone)


def luxon_parse(text: str, fmt: str, zone: str | None = None) -> ZDate:
    """Luxon ``DateTime.fromFormat`` (exact match of the whole string)."""
    pattern, fields = _build_regex(_luxon_tokens(fmt), _LUXON_PARSE)
    m = re.fullmatch(pattern, text.strip())
    if not m:
        raise DateError(f"the input \"{text}\" can't be parsed as format {fmt}")
    try:
        return _assemble(dict(zip(fields, m.groups(), strict=True)), zone)
    except ValueError as exc:
        raise DateError(str(exc)) from exc


def moment_parse(text: str, fmt: str, zone: str | None = None, *, strict: bool = False) -> ZDate:
    """``moment(text, fmt)``; non-strict mode ignores non-digit separators like moment does."""
    tokens = _moment_tokens(fmt)
    pattern, fields = _build_regex(tokens, _MOMENT_PARSE)
    m = re.fullmatch(pattern, text.strip())
    if not m and not strict:
        loose = "".join(
            (r"[^A-Za-z0-9]*" if lit else f"({_MOMENT_PARSE[tok][1]})" if tok in _MOMENT_PARSE else "")
            for lit, tok in tokens
        )
        m = re.match(loose, text.strip())
    if not m:
        raise DateError(f"the input \"{text}\" does not match the format {fmt}")
    try:
        return _assemble(dict(zip(fields, m.groups(), strict=True)), zone)
    except ValueError as exc:
        raise DateError(str(exc)) from exc
