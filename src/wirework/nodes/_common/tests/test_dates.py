from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wirework.nodes._common.dates import (
    DateError,
    ZDate,
    parse_any,
    parse_iso,
    parse_js_date,
    to_zdate,
)
from wirework.nodes._common.dates_format import (
    luxon_format,
    luxon_parse,
    moment_format,
    moment_parse,
)

D = ZDate.of(datetime(2024, 3, 5, 14, 7, 9, 45000, tzinfo=UTC), "Europe/Berlin")  # 15:07 CET


@pytest.mark.parametrize(("fmt", "expected"), [
    ("yyyy-MM-dd HH:mm:ss.SSS", "2024-03-05 15:07:09.045"),
    ("d/M/yy h:mm a", "5/3/24 3:07 PM"),
    ("EEE, dd LLL yyyy", "Tue, 05 Mar 2024"),
    ("cccc MMMM", "Tuesday March"),
    ("'week' W, 'q'q, 'day' o", "week 10, q1, day 65"),
    ("ZZ | ZZZ | Z | z", "+01:00 | +0100 | +1 | Europe/Berlin"),
    ("X x", "1709647629 1709647629045"),
    ("DDD", "March 5, 2024"),
])
def test_luxon_tokens(fmt: str, expected: str) -> None:
    assert luxon_format(D, fmt) == expected


@pytest.mark.parametrize(("fmt", "expected"), [
    ("YYYY-MM-DD HH:mm:ss", "2024-03-05 15:07:09"),
    ("dddd, MMMM Do YYYY, h:mm:ss a", "Tuesday, March 5th 2024, 3:07:09 pm"),
    ("[Today is] ddd", "Today is Tue"),
    ("Z ZZ X", "+01:00 +0100 1709647629"),
    ("SSS", "045"),
])
def test_moment_tokens(fmt: str, expected: str) -> None:
    assert moment_format(D, fmt) == expected


def test_iso_output_distinguishes_fixed_utc_from_iana_zero_offset() -> None:
    instant = datetime(2024, 1, 1, tzinfo=UTC)
    assert ZDate.of(instant, "UTC").iso() == "2024-01-01T00:00:00.000Z"
    assert ZDate.of(instant, "Etc/GMT").iso() == "2024-01-01T00:00:00.000+00:00"


@pytest.mark.parametrize(("text", "iso"), [
    ("2024-03-05", "2024-03-05T00:00:00.000Z"),            # ISO date-only: UTC
    ("2024-03-05T10:00:00", "2024-03-05T10:00:00.000Z"),   # local = process zone (UTC)
    ("2024-03-05T10:00:00+02:00", "2024-03-05T08:00:00.000Z"),
    ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05T10:00:00.000Z"),
    ("2024-03-05 10:00:00", "2024-03-05T10:00:00.000Z"),
    ("2024/03/05", "2024-03-05T00:00:00.000Z"),
    ("March 5, 2024 10:30", "2024-03-05T10:30:00.000Z"),
    ("Tue Mar 05 2024 10:00:00 GMT+0100 (Central European Standard Time)", "2024-03-05T09:00:00.000Z"),
])
def test_js_date_parsing(text: str, iso: str) -> None:
    assert parse_js_date(text).set_zone("UTC").iso() == iso


def test_parse_in_zone_and_errors() -> None:
    assert parse_iso("2024-07-01T12:00", "America/New_York").iso() == "2024-07-01T12:00:00.000-04:00"
    assert parse_any("2024-07-01", "Asia/Tokyo").iso() == "2024-07-01T00:00:00.000+09:00"
    assert to_zdate(1709647629045, "UTC").iso() == "2024-03-05T14:07:09.045Z"
    with pytest.raises(DateError):
        parse_js_date("definitely not a date")


def test_format_parsers() -> None:
    assert luxon_parse("05.03.2024 15:07", "dd.MM.yyyy HH:mm", "UTC").iso() == "2024-03-05T15:07:00.000Z"
    assert luxon_parse("Mar 5 2024 3PM", "LLL d yyyy ha", "UTC").iso() == "2024-03-05T15:00:00.000Z"
    assert moment_parse("5th March 2024", "Do MMMM YYYY", "UTC").iso() == "2024-03-05T00:00:00.000Z"
    with pytest.raises(DateError):
        luxon_parse("2024-03", "dd.MM.yyyy", "UTC")


def test_calendar_math_follows_wall_clock_across_dst() -> None:
    before = parse_iso("2024-03-30T12:00", "Europe/Berlin")
    assert before.plus("days", 1).iso() == "2024-03-31T12:00:00.000+02:00"
    assert before.plus("hours", 24).iso() == "2024-03-31T13:00:00.000+02:00"
    assert before.start_of("month").iso() == "2024-03-01T00:00:00.000+01:00"
