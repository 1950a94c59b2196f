from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golden_corpus import assert_with_stand_ins, corpus_params
from wirework.nodes.date_time import v1, v2, v2_description
from wirework.nodes.sdk import NodeError, NodeTestContext


async def run_v2(params: dict[str, Any], items: list[dict[str, Any]] | None = None,
                 tz: str = "America/New_York") -> list[dict[str, Any]]:
    ctx = NodeTestContext(v2_description.DESCRIPTION, params=params, items=items)
    ctx.expr.timezone = tz
    return [it["json"] for it in (await v2.execute(ctx))[0]]


async def run_v1(params: dict[str, Any], items: list[dict[str, Any]] | None = None,
                 tz: str = "America/New_York") -> list[dict[str, Any]]:
    ctx = NodeTestContext(v1.DESCRIPTION, params=params, items=items)
    ctx.expr.timezone = tz
    return [it["json"] for it in (await v1.execute(ctx))[0]]


# --- v2, the corpus chain (workflow timezone Etc/GMT) --------------------------------------
async def test_v2_chain_matches_n8n() -> None:
    tz = "Etc/GMT"
    base = "2023-04-11T13:51:59.965+00:00"
    added = await run_v2({"operation": "addToDate", "magnitude": base, "duration": 2}, tz=tz)
    assert added == [{"newDate": "2023-04-13T13:51:59.965+00:00"}]
    sub = await run_v2({"operation": "subtractFromDate", "magnitude": added[0]["newDate"], "duration": 2}, tz=tz)
    assert sub == [{"newDate": base}]
    fmt = await run_v2({"operation": "formatDate", "date": base, "format": "yyyy/MM/dd"}, tz=tz)
    assert fmt == [{"formattedDate": "2023/04/11"}]
    rounded = await run_v2({"operation": "roundDate", "date": "2023/04/11", "toNearest": "day"}, tz=tz)
    assert rounded == [{"roundedDate": "2023-04-11T00:00:00.000+00:00"}]
    between = await run_v2({"operation": "getTimeBetweenDates", "startDate": base,
                            "endDate": added[0]["newDate"], "units": ["day"]}, tz=tz)
    assert between == [{"timeDifference": {"days": 2}}]
    part = await run_v2({"operation": "extractDate", "date": base, "part": "hour",
                         "outputFieldName": "date"}, tz=tz)
    assert part == [{"date": 13}]


@pytest.mark.parametrize("value", [1682918315906, 1682918315.906, 1682918315, "1682918315906"])
async def test_v2_format_timestamps(value: Any) -> None:
    out = await run_v2({"operation": "formatDate", "date": value, "format": "yyyy/MM/dd",
                        "outputFieldName": "data"})
    assert out == [{"data": "2023/05/01"}]


async def test_v2_include_input_fields_keeps_input() -> None:
    out = await run_v2({"operation": "formatDate", "date": 1682918315, "format": "yyyy/MM/dd",
                        "outputFieldName": "data", "options": {"includeInputFields": True}},
                       items=[{"a": 1}])
    assert out == [{"a": 1, "data": "2023/05/01"}]


async def test_v2_null_date_gives_null() -> None:
    assert await run_v2({"operation": "formatDate", "date": None}) == [{"formattedDate": None}]


async def test_v2_custom_format_and_from_format() -> None:
    out = await run_v2({"operation": "formatDate", "date": "20240305", "format": "custom",
                        "customFormat": "dd LLL yyyy 'at' HH:mm", "options": {"fromFormat": "yyyyMMdd"}})
    assert out == [{"formattedDate": "05 Mar 2024 at 00:00"}]


async def test_v2_between_several_units_and_iso() -> None:
    out = await run_v2({"operation": "getTimeBetweenDates", "startDate": "2024-01-01T00:00:00Z",
                        "endDate": "2024-03-02T06:30:00Z", "units": ["month", "day", "hour"]})
    assert out == [{"timeDifference": {"months": 2, "days": 1, "hours": 6.5}}]
    iso = await run_v2({"operation": "getTimeBetweenDates", "startDate": "2024-01-01T00:00:00Z",
                        "endDate": "2024-01-03T00:00:00Z", "options": {"isoString": True}})
    assert iso == [{"timeDifference": "P2D"}]


async def test_v2_round_up_to_end_of_month() -> None:
    out = await run_v2({"operation": "roundDate", "date": "2024-02-10T10:00:00Z", "mode": "roundUp"},
                       tz="UTC")
    assert out == [{"roundedDate": "2024-02-29T23:59:59.999Z"}]


async def test_v2_current_date_uses_clock_and_zone() -> None:
    out = await run_v2({"operation": "getCurrentDate", "includeTime": False}, tz="Europe/Berlin")
    assert out == [{"currentDate": "2024-01-01T00:00:00.000+01:00"}]


async def test_v2_bad_date_names_item() -> None:
    with pytest.raises(NodeError) as err:
        await run_v2({"operation": "roundDate", "date": "not a date"})
    assert err.value.item_index == 0


# --- v1 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [1682918315906, 1682918315.906, "1682918315906", "1682918315.906",
                                   "1682918315"])
async def test_v1_default_format_of_timestamps(value: Any) -> None:
    assert await run_v1({"value": value}) == [{"data": "05/01/2023"}]


async def test_v1_iso_to_unix_and_back() -> None:
    opts = {"toTimezone": "UTC"}
    out = await run_v1({"value": "2023-03-31T06:31:01.000-04:00", "toFormat": "X", "options": opts},
                       items=[{"testData": "x"}])
    assert out == [{"testData": "x", "data": "1680258661"}]
    back = await run_v1({"value": 1680258661, "toFormat": "YYYY-MM-DD", "options": opts})
    assert back == [{"data": "2023-03-31"}]


async def test_v1_custom_moment_format_with_zone() -> None:
    out = await run_v1({"value": "2024-07-04T12:00:00Z", "custom": True,
                        "toFormat": "dddd, MMMM Do YYYY, h:mm a [in] z", "dataPropertyName": "a.b",
                        "options": {"toTimezone": "Europe/Paris"}})
    assert out == [{"a": {"b": "Thursday, July 4th 2024, 2:00 pm in CEST"}}]


async def test_v1_calculate() -> None:
    out = await run_v1({"action": "calculate", "value": "2024-01-31T00:00:00Z", "duration": 1,
                        "timeUnit": "months"})
    assert out == [{"data": "2024-02-29T00:00:00.000Z"}]
    out = await run_v1({"action": "calculate", "value": "31/01/2024", "operation": "subtract",
                        "duration": 2, "timeUnit": "hours", "options": {"fromFormat": "DD/MM/YYYY"}})
    assert out == [{"data": "2024-01-30T22:00:00.000Z"}]


async def test_v1_unparseable_errors() -> None:
    with pytest.raises(NodeError) as err:
        await run_v1({"action": "calculate", "value": "nonsense"})
    assert "From Format" in err.value.message


@pytest.mark.parametrize("path", corpus_params("DateTime__DateTimeWorkflowV2", "DateTime__workflow.nullDate"))
async def test_corpus_with_code_output_pinned(path: Path) -> None:
    await assert_with_stand_ins(path, ["Code"])


async def test_v2_luxon_datetime_from_expression_keeps_its_offset() -> None:
    from wirework.expr.jsvalues import JSDateTime

    out = await run_v2({"operation": "addToDate", "magnitude": JSDateTime("2024-03-01T10:00:00.000-05:00"),
                        "duration": 1, "timeUnit": "hours"}, tz="UTC")
    assert out == [{"newDate": "2024-03-01T11:00:00.000-05:00"}]


async def test_v1_missing_value_skips_item() -> None:
    assert await run_v1({"value": None}, items=[{"a": 1}]) == []
