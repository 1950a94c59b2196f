"""iCalendar: build one VEVENT (the ``ics`` npm package's layout) and parse calendars into
the object shape ``ts-ics`` returns (``{version, prodId, events: [{summary, start: {date,
type}, …}]}``), which is what n8n's Extract From File emits."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from wirework.nodes._common.dates import get_zone


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return "\r\n".join(out)


def _fmt(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def build_event(*, title: str, start: datetime | date, end: datetime | date, stamp: datetime,
                fields: dict[str, Any]) -> str:
    """One-event calendar text (CRLF lines, folded at 75 octets)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "CALSCALE:GREGORIAN",
             f"PRODID:{fields.get('productId') or 'adamgibbons/ics'}", "METHOD:PUBLISH",
             "X-PUBLISHED-TTL:PT1H"]
    if fields.get("calName"):
        lines.append(f"X-WR-CALNAME:{_escape(fields['calName'])}")
    lines += ["BEGIN:VEVENT", f"UID:{fields.get('uid') or uuid.uuid4()}"]
    if title:
        lines.append(f"SUMMARY:{_escape(title)}")
    lines.append(f"DTSTAMP:{_fmt(stamp)}")
    for key, value in (("DTSTART", start), ("DTEND", end)):
        lines.append(f"{key};VALUE=DATE:{_fmt(value)}" if not isinstance(value, datetime) else f"{key}:{_fmt(value)}")
    if fields.get("description"):
        lines.append(f"DESCRIPTION:{_escape(fields['description'])}")
    if fields.get("location"):
        lines.append(f"LOCATION:{_escape(fields['location'])}")
    geo = fields.get("geo")
    if geo and geo.get("lat") not in (None, ""):
        lines.append(f"GEO:{geo.get('lat')};{geo.get('lon')}")
    if fields.get("url"):
        lines.append(f"URL:{fields['url']}")
    if fields.get("status"):
        lines.append(f"STATUS:{fields['status']}")
    if fields.get("busyStatus"):
        lines.append(f"X-MICROSOFT-CDO-BUSYSTATUS:{fields['busyStatus']}")
    if fields.get("recurrenceRule"):
        lines.append(f"RRULE:{fields['recurrenceRule']}")
    if fields.get("sequence"):
        lines.append(f"SEQUENCE:{int(fields['sequence'])}")
    organizer = fields.get("organizer")
    if organizer and organizer.get("email"):
        lines.append(f'ORGANIZER;CN={organizer.get("name", "")}:mailto:{organizer["email"]}')
    for att in fields.get("attendees") or []:
        rsvp = "TRUE" if att.get("rsvp") else "FALSE"
        lines.append(f'ATTENDEE;RSVP={rsvp};CN={att.get("name", "")}:mailto:{att.get("email", "")}')
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


# --- parsing --------------------------------------------------------------------------------
_PROP = re.compile(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")
_NAMES = {"SUMMARY": "summary", "DESCRIPTION": "description", "LOCATION": "location", "UID": "uid",
          "URL": "url", "STATUS": "status", "SEQUENCE": "sequence", "CATEGORIES": "categories",
          "CLASS": "class", "PRIORITY": "priority", "TRANSP": "timeTransparent",
          "RRULE": "recurrenceRule", "COMMENT": "comment"}
_DATES = {"DTSTART": "start", "DTEND": "end", "DTSTAMP": "stamp", "CREATED": "created",
          "LAST-MODIFIED": "lastModified", "RECURRENCE-ID": "recurrenceId"}


def _unescape(v: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), v)


def _iso(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def _date_value(value: str, params: dict[str, str]) -> dict[str, Any]:
    if params.get("VALUE") == "DATE" or re.fullmatch(r"\d{8}", value):
        d = datetime.strptime(value[:8], "%Y%m%d").replace(tzinfo=UTC)
        return {"date": _iso(d), "type": "DATE"}
    naive = datetime.strptime(value.rstrip("Z")[:15], "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return {"date": _iso(naive.replace(tzinfo=UTC)), "type": "DATE-TIME"}
    tzid = params.get("TZID")
    local = naive.replace(tzinfo=get_zone(tzid) if tzid else UTC)
    out: dict[str, Any] = {"date": _iso(local), "type": "DATE-TIME"}
    if tzid:
        out["local"] = {"date": _iso(naive.replace(tzinfo=UTC)), "timezone": tzid,
                        "tzoffset": local.strftime("%z")}
    return out


def _lines(text: str) -> list[str]:
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return [ln for ln in re.split(r"\r?\n", unfolded) if ln.strip()]


def _params(raw: str) -> dict[str, str]:
    out = {}
    for part in raw.split(";")[1:]:
        key, _, val = part.partition("=")
        out[key.upper()] = val.strip('"')
    return out


def parse_calendar(text: str) -> dict[str, Any]:
    calendar: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    stack: list[tuple[str, dict[str, Any]]] = []
    for line in _lines(text):
        m = _PROP.match(line)
        if not m:
            continue
        name, raw_params, value = m.group(1).upper(), m.group(2), m.group(3)
        if name == "BEGIN":
            stack.append((value.upper(), {}))
            continue
        if name == "END":
            kind, obj = stack.pop() if stack else ("", {})
            if kind == "VEVENT":
                events.append(obj)
            continue
        target = stack[-1][1] if stack and stack[-1][0] == "VEVENT" else calendar if len(stack) == 1 else None
        if target is None:
            continue
        params = _params(raw_params)
        if target is calendar:
            key = {"VERSION": "version", "PRODID": "prodId", "METHOD": "method", "CALSCALE": "scale",
                   "X-WR-CALNAME": "name"}.get(name)
            if key:
                calendar[key] = value
        elif name in _DATES:
            try:
                target[_DATES[name]] = _date_value(value, params)
            except ValueError:
                target[_DATES[name]] = {"date": value}
        elif name in ("ORGANIZER", "ATTENDEE"):
            person = {"email": re.sub(r"^mailto:", "", value, flags=re.I)}
            if "CN" in params:
                person["name"] = params["CN"]
            if name == "ORGANIZER":
                target["organizer"] = person
            else:
                target.setdefault("attendees", []).append(person)
        elif name == "GEO" and ";" in value:
            lat, lon = value.split(";", 1)
            target["geo"] = {"lat": float(lat), "lon": float(lon)}
        elif name in _NAMES:
            val: Any = _unescape(value)
            if name in ("SEQUENCE", "PRIORITY") and val.isdigit():
                val = int(val)
            if name == "CATEGORIES":
                val = [c.strip() for c in val.split(",")]
            target[_NAMES[name]] = val
    if "version" not in calendar and not events:
        raise ValueError("The file is not a valid iCalendar (no VCALENDAR found)")
    calendar["events"] = events
    return calendar


def day_after(d: date) -> date:
    return d + timedelta(days=1)
