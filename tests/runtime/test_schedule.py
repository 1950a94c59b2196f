"""Cron / @every computation: seconds-first syntax, time zones, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from wirework.runtime.schedule import ScheduleError, next_fire, parse_spec

NY = ZoneInfo("America/New_York")


def fires(expr: str, start: datetime, n: int, tz: str = "America/New_York") -> list[datetime]:
    spec, out, at = parse_spec(expr), [], start
    for _ in range(n):
        at = next_fire(spec, after=at, tz=tz)
        out.append(at)
    return out


def test_seconds_first_six_fields():
    start = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)
    assert [f.astimezone(UTC).second for f in fires("*/15 * * * * *", start, 4)] == [15, 30, 45, 0]


def test_five_fields_mean_second_zero_and_workflow_zone():
    [f] = fires("30 9 * * *", datetime(2026, 1, 5, 0, 0, tzinfo=UTC), 1)
    assert (f.hour, f.minute, f.second, f.tzinfo) == (9, 30, 0, NY)
    assert f.astimezone(UTC).hour == 14


def test_dst_fall_back_fires_once_for_pinned_hour():
    got = fires("0 30 1 * * *", datetime(2026, 10, 31, 12, 0, tzinfo=UTC), 3)
    assert [g.date().day for g in got] == [1, 2, 3]


def test_dst_fall_back_hourly_runs_every_real_hour():
    start = datetime(2026, 11, 1, 4, 10, tzinfo=UTC)  # 00:10 EDT
    got = fires("0 0 * * * *", start, 3)
    assert [g.astimezone(UTC).hour for g in got] == [5, 6, 7]  # 01:00 EDT, 01:00 EST, 02:00 EST


def test_dst_spring_forward_skips_missing_hour_without_stalling():
    got = fires("0 30 2 * * *", datetime(2026, 3, 7, 12, 0, tzinfo=UTC), 2)
    assert all(g > datetime(2026, 3, 7, 12, 0, tzinfo=UTC) for g in got)
    assert got[1] - got[0] >= timedelta(hours=23)


def test_every_counts_from_anchor():
    anchor = datetime(2026, 1, 1, tzinfo=UTC)
    spec = parse_spec("@every 90")
    nxt = next_fire(spec, after=anchor + timedelta(seconds=100), tz="UTC", anchor=anchor)
    assert nxt == anchor + timedelta(seconds=180)


@pytest.mark.parametrize("bad", ["0 0 61 * * *", "* * *", "@every -1", "@every x", "1 2 3 4 5 6 7"])
def test_invalid_specs_are_clear(bad):
    with pytest.raises(ScheduleError):
        parse_spec(bad)


def test_unknown_timezone():
    with pytest.raises(ScheduleError, match="Unknown time zone 'Mars/Base'"):
        next_fire(parse_spec("* * * * * *"), after=datetime.now(UTC), tz="Mars/Base")
