"""Wait: short waits sleep on the engine clock; long ones hand the run to the runtime."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from wirework.model import Item
from wirework.nodes._common.dates import DateError, to_zdate
from wirework.nodes.sdk import NodeContext

#: n8n sleeps in-process below this many seconds and parks the execution above it
SLEEP_LIMIT_SECONDS = 65
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


_V11_DEFAULTS = {"amount": 5, "unit": "seconds"}


def _param(ctx: NodeContext, name: str) -> Any:
    # v1 and v1.1 declare different defaults for the same name; pick the version's own when unset
    if name not in ctx.node.parameters and name in _V11_DEFAULTS and ctx.type_version >= 1.1:
        return _V11_DEFAULTS[name]
    return ctx.get_param(name, 0)


def _interval(ctx: NodeContext, amount_param: str, unit_param: str) -> float:
    amount = _param(ctx, amount_param)
    unit = _param(ctx, unit_param)
    try:
        value = float(amount)
    except (TypeError, ValueError):
        raise ctx.error(f"Invalid wait amount '{amount}'", item_index=0, parameter=amount_param) from None
    if value < 0:
        raise ctx.error("The wait amount must not be negative", item_index=0, parameter=amount_param)
    if unit not in _UNIT_SECONDS:
        raise ctx.error(f"Invalid wait unit '{unit}'", item_index=0, parameter=unit_param)
    return value * _UNIT_SECONDS[unit]


def _specific(ctx: NodeContext, param: str) -> datetime:
    raw = ctx.get_param(param, 0)
    if raw in (None, ""):
        raise ctx.error("A date and time to wait for is required", item_index=0, parameter=param)
    try:
        return to_zdate(raw, ctx.timezone).dt
    except DateError:
        raise ctx.error(f"Cannot parse date '{raw}'", item_index=0, parameter=param) from None


async def _wait_until(ctx: NodeContext, until: datetime) -> list[list[Item]]:
    seconds = (until - ctx.now()).total_seconds()
    hook = ctx.services.extras.get("put_execution_to_wait")
    if seconds < SLEEP_LIMIT_SECONDS or hook is None:
        await ctx.sleep(max(seconds, 0))
    else:
        await _maybe_await(hook(until))
    return [list(ctx.items)]


async def _maybe_await(value: Any) -> Any:
    if hasattr(value, "__await__"):
        return await value
    return value


async def _wait_for_hook(ctx: NodeContext, resume: str) -> list[list[Item]]:
    hook = ctx.services.extras.get("wait_for_webhook")
    if hook is None:
        raise ctx.error(
            f"Resuming on {'a form submission' if resume == 'form' else 'a webhook call'} needs the "
            "server runtime; this run has no waiting-webhook support",
            parameter="resume", retryable=False,
        )
    limit: datetime | None = None
    if ctx.get_param("limitWaitTime", 0, False):
        if ctx.get_param("limitType", 0, "afterTimeInterval") == "afterTimeInterval":
            limit = ctx.now() + timedelta(seconds=_interval(ctx, "resumeAmount", "resumeUnit"))
        else:
            limit = _specific(ctx, "maxDateAndTime")
    await _maybe_await(hook(resume, limit))
    return [list(ctx.items)]


async def execute(ctx: NodeContext) -> list[list[Item]]:
    resume = ctx.get_param("resume", 0)
    if resume == "timeInterval":
        return await _wait_until(ctx, ctx.now() + timedelta(seconds=_interval(ctx, "amount", "unit")))
    if resume == "specificTime":
        return await _wait_until(ctx, _specific(ctx, "dateTime"))
    if resume in ("webhook", "form"):
        return await _wait_for_hook(ctx, resume)
    raise ctx.error(f"Unknown resume mode '{resume}'", parameter="resume")
