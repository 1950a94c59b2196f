"""Running the node: build every item's request, send them (concurrently, in batches when asked),
turn the answers into items in input order.

As in n8n, a failure to *build* a request under continue-on-fail gives ``{"error": message}``;
a failed *request* gives ``{"error": {message, name, code, status?}}`` (the client error object).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from wirework.model import Item
from wirework.nodes.http_request.build import build_v3
from wirework.nodes.http_request.client import Response, TransportError, open_session, send
from wirework.nodes.http_request.legacy import build_legacy
from wirework.nodes.http_request.pagination import Pagination, paginate, read_pagination
from wirework.nodes.http_request.response import http_error, to_items, transport_failure
from wirework.nodes.http_request.spec import RequestSpec
from wirework.nodes.sdk import NodeContext, NodeError

#: requests in flight at once when no batching is configured
MAX_CONCURRENCY = 32
SPLIT_HINT = ("To split the contents of ‘data’ into separate items for easier processing, add a ‘Split Out’ "
              "node after this one")

BuildFn = Callable[[NodeContext, Item, int], Awaitable[RequestSpec]]


@dataclass(slots=True)
class Failure:
    error: NodeError
    item_json: Any  # what json.error holds under continue-on-fail


def batching(ctx: NodeContext) -> tuple[int, float]:
    """(items per batch, seconds between batches); (0, 0) when requests are not batched."""
    legacy = ctx.type_version < 3
    batch = ctx.get_param("options" if legacy else "options.batching.batch", 0, None) or {}
    if not isinstance(batch, dict):
        return 0, 0.0
    interval = float(batch.get("batchInterval") or 0)
    size = int(batch.get("batchSize", -1 if legacy else 50) or 0)
    if interval <= 0 or (legacy and size < 0):
        return 0, 0.0
    return (size if size > 0 else 1), interval / 1000


async def _answer(ctx: NodeContext, spec: RequestSpec, responses: list[Response], item: Item, i: int,
                  *, paginated: bool) -> list[Item] | Failure:
    out: list[Item] = []
    for resp in responses:
        if not paginated and not spec.never_error and not 200 <= resp.status < 300:
            return Failure(*http_error(ctx, resp, i))
        try:
            out += await to_items(ctx, spec, resp, item, i)
        except NodeError as exc:
            return Failure(exc, exc.message)
    return out


async def _one(ctx: NodeContext, session: Any, spec: RequestSpec | NodeError, item: Item, i: int,
               pagination: Pagination | None) -> list[Item] | Failure:
    if isinstance(spec, NodeError):
        return Failure(spec, spec.message)
    try:
        if pagination is not None:
            responses = await paginate(ctx, session, spec, pagination, item, i)
        else:
            responses = [await send(session, spec)]
    except TransportError as exc:
        return Failure(*transport_failure(ctx, exc, i))
    except NodeError as exc:
        exc.item_index = i if exc.item_index is None else exc.item_index
        return Failure(exc, exc.message)
    return await _answer(ctx, spec, responses, item, i, paginated=pagination is not None)


async def _build_all(ctx: NodeContext, build: BuildFn) -> list[RequestSpec | NodeError]:
    specs: list[RequestSpec | NodeError] = []
    for i, item in enumerate(ctx.items):
        try:
            specs.append(await build(ctx, item, i))
        except NodeError as exc:
            exc.item_index = i if exc.item_index is None else exc.item_index
            if not ctx.continue_on_fail:
                raise
            specs.append(exc)
    return specs


async def _send_all(ctx: NodeContext, specs: list[RequestSpec | NodeError],
                    pagination: Pagination | None) -> list[list[Item] | Failure]:
    items = ctx.items
    size, pause = batching(ctx)
    async with open_session(ctx) as session:
        if size:
            results: list[list[Item] | Failure] = []
            for start in range(0, len(specs), size):
                if start:
                    await ctx.sleep(pause)
                chunk = range(start, min(start + size, len(specs)))
                results += await asyncio.gather(*(_one(ctx, session, specs[i], items[i], i, pagination)
                                                  for i in chunk))
            return results
        gate = asyncio.Semaphore(MAX_CONCURRENCY)

        async def gated(i: int) -> list[Item] | Failure:
            async with gate:
                return await _one(ctx, session, specs[i], items[i], i, pagination)

        return list(await asyncio.gather(*(gated(i) for i in range(len(specs)))))


async def run(ctx: NodeContext, build: BuildFn) -> list[list[Item]]:
    pagination = read_pagination(ctx) if ctx.items else None
    specs = await _build_all(ctx, build)
    results = await _send_all(ctx, specs, pagination)
    out: list[Item] = []
    for i, result in enumerate(results):
        if isinstance(result, Failure):
            if not ctx.continue_on_fail:
                raise result.error
            out.append({"json": {"error": result.item_json}, "pairedItem": {"item": i}})
        else:
            out += result
    if len(out) == 1 and isinstance(out[0]["json"].get("data"), list):
        ctx.hints.append({"message": SPLIT_HINT, "location": "outputPane"})
    return [out]


async def execute(ctx: NodeContext) -> list[list[Item]]:
    """typeVersion 3 and 4.x."""
    return await run(ctx, build_v3)


async def execute_legacy(ctx: NodeContext) -> list[list[Item]]:
    """typeVersion 1 and 2 (no pagination; batching from ``options.batchSize/batchInterval``)."""
    return await run(ctx, build_legacy)
