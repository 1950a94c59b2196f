from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext
from wirework.nodes.wait import DESCRIPTION, execute


def make(params: dict[str, Any], version: float = 1.1, **extras: Any) -> tuple[Any, FakeClock]:
    clock = FakeClock(datetime(2024, 1, 1, tzinfo=UTC))
    svc = ExecutionServices(clock=clock, extras=dict(extras))
    ctx = NodeTestContext(DESCRIPTION, params=params, items=[{"a": 1}, {"a": 2}], services=svc,
                          type_version=version)
    return ctx, clock


async def test_short_interval_sleeps_on_engine_clock_and_passes_items() -> None:
    ctx, clock = make({"amount": 42, "unit": "seconds"}, version=1)
    out = await execute(ctx)
    assert clock.slept == [42] and [i["json"] for i in out[0]] == [{"a": 1}, {"a": 2}]


async def test_long_wait_parks_execution_through_runtime_hook() -> None:
    parked: list[datetime] = []
    ctx, clock = make({"amount": 2, "unit": "hours"}, put_execution_to_wait=parked.append)
    out = await execute(ctx)
    assert parked == [datetime(2024, 1, 1, 2, tzinfo=UTC)] and clock.slept == []
    assert len(out[0]) == 2


async def test_long_wait_without_hook_sleeps() -> None:
    ctx, clock = make({"amount": 1.5, "unit": "minutes"})
    await execute(ctx)
    assert clock.slept == [90]


async def test_specific_time_in_workflow_zone() -> None:
    ctx, clock = make({"resume": "specificTime", "dateTime": "2023-12-31T19:00:30"})
    await execute(ctx)  # 19:00:30 New York = 00:00:30 UTC
    assert clock.slept == [30]


async def test_past_specific_time_does_not_sleep_negative() -> None:
    ctx, clock = make({"resume": "specificTime", "dateTime": "2020-01-01T00:00:00Z"})
    await execute(ctx)
    assert clock.slept == [0]


async def test_webhook_resume_without_runtime_is_a_clear_error() -> None:
    ctx, _ = make({"resume": "webhook"})
    with pytest.raises(NodeError) as err:
        await execute(ctx)
    assert "webhook" in err.value.message and err.value.parameter == "resume"


async def test_webhook_resume_calls_runtime_hook_with_limit() -> None:
    calls: list[Any] = []
    ctx, _ = make({"resume": "form", "limitWaitTime": True, "resumeAmount": 1, "resumeUnit": "days"},
                  wait_for_webhook=lambda mode, limit: calls.append((mode, limit)))
    await execute(ctx)
    assert calls == [("form", datetime(2024, 1, 2, tzinfo=UTC))]


async def test_negative_amount_rejected() -> None:
    ctx, _ = make({"amount": -1, "unit": "seconds"})
    with pytest.raises(NodeError) as err:
        await execute(ctx)
    assert err.value.parameter == "amount"


@pytest.mark.parametrize(("version", "slept"), [(1, []), (1.1, [5])])
async def test_version_defaults(version: float, slept: list[float]) -> None:
    parked: list[datetime] = []
    ctx, clock = make({}, version=version, put_execution_to_wait=parked.append)
    await execute(ctx)
    assert clock.slept == slept  # v1 defaults to 1 hour (parked), v1.1 to 5 seconds
    assert len(parked) == (1 if version == 1 else 0)
