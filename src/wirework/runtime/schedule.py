"""When schedule triggers fire: cron (n8n's 6-field, seconds-first) and ``@every N`` specs.

Cron is evaluated with cronsim in the workflow's time zone. At the DST fall-back a wall-clock
time happens twice; an expression pinned to an hour fires only at the first of them, while
one whose hour field is ``*`` fires on every real second/minute it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Spec:
    """A parsed schedule: a cron expression or a fixed period in seconds."""

    text: str
    every: float | None = None

    @property
    def cron(self) -> str:
        return self.text


def parse_spec(text: str) -> Spec:
    text = text.strip()
    if text.startswith("@every"):
        try:
            seconds = float(text.split()[1])
        except (IndexError, ValueError):
            raise ScheduleError(f"bad period '{text}'") from None
        if seconds <= 0:
            raise ScheduleError(f"the period must be positive: '{text}'")
        return Spec(text, every=seconds)
    fields = text.split()
    if len(fields) == 5:
        text = "0 " + text
    elif len(fields) != 6:
        raise ScheduleError(f"Invalid cron expression '{text}': expected 5 or 6 fields")
    try:
        CronSim(text, datetime(2024, 1, 1, tzinfo=UTC))
    except CronSimError as exc:
        raise ScheduleError(f"Invalid cron expression '{text}': {exc}") from None
    return Spec(text)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"Unknown time zone '{name}'") from None


def next_fire(spec: Spec, *, after: datetime, tz: str, anchor: datetime | None = None) -> datetime:
    """The first firing strictly after ``after`` (aware), in the ``tz`` zone.

    ``@every`` periods count from ``anchor`` (the activation time) like n8n's timers.
    """
    zinfo = zone(tz)
    if spec.every is not None:
        start = anchor or after
        steps = int((after - start).total_seconds() // spec.every) + 1
        return (start + timedelta(seconds=steps * spec.every)).astimezone(zinfo)
    pinned_hour = "*" not in spec.text.split()[2]
    local = after.astimezone(zinfo).replace(microsecond=0)
    for candidate in CronSim(spec.text, local):
        if candidate.astimezone(UTC) <= after.astimezone(UTC):
            continue
        if pinned_hour and candidate.fold == 1 and _is_repeat(candidate):
            continue
        return candidate
    raise ScheduleError(f"'{spec.text}' never fires")  # pragma: no cover - cronsim is infinite


def _is_repeat(candidate: datetime) -> bool:
    """True when ``candidate`` is the second occurrence of an ambiguous wall-clock time."""
    first = candidate.replace(fold=0)
    return first.utcoffset() != candidate.utcoffset()
