"""Pagination: a parameter updated per request, a next URL taken from the response, stop rules."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.http_request import execute
from wirework.nodes.sdk import NodeError


def _pagination(**values: Any) -> dict[str, Any]:
    return {"pagination": {"pagination": values}}


async def test_update_a_parameter_until_the_response_is_empty(server: Any, make_ctx: Any) -> None:
    opts = _pagination(parameters={"parameters": [{"type": "qs", "name": "page", "value": "={{ $pageCount + 1 }}"}]})
    out = await execute(make_ctx({"url": f"{server.base}/pages", "options": opts}))
    assert [s.query for s in server.seen] == [[("page", "1")], [("page", "2")], [("page", "3")], [("page", "4")]]
    assert [(i["json"]["page"], i["json"]["row"]) for i in out[0]] == [(p, r) for p in (1, 2, 3) for r in (0, 1)]
    assert {i["pairedItem"]["item"] for i in out[0]} == {0}


async def test_next_url_from_the_response_and_other_complete_expression(server: Any, make_ctx: Any) -> None:
    opts = _pagination(paginationMode="responseContainsNextURL", nextURL="={{ $response.body.next }}",
                       paginationCompleteWhen="other", completeExpression="={{ !$response.body.next }}")
    out = await execute(make_ctx({"url": f"{server.base}/cursor", "options": opts}))
    assert [s.query for s in server.seen] == [[], [("c", "1")], [("c", "2")]]
    assert [i["json"]["items"] for i in out[0]] == [[0], [1], [2]]


async def test_max_pages_and_interval(server: Any, make_ctx: Any) -> None:
    opts = _pagination(parameters={"parameters": [{"type": "qs", "name": "page", "value": "={{ $pageCount + 1 }}"}]},
                       limitPagesFetched=True, maxRequests=2, requestInterval=50)
    ctx = make_ctx({"url": f"{server.base}/pages", "options": opts})
    out = await execute(ctx)
    assert len(server.seen) == 2 and len(out[0]) == 4
    assert ctx.services.clock.slept == [0.05]


async def test_stop_on_status_code(server: Any, make_ctx: Any) -> None:
    opts = _pagination(parameters={"parameters": [{"type": "qs", "name": "n", "value": "={{ $pageCount }}"}]},
                       paginationCompleteWhen="receiveSpecificStatusCodes", statusCodesWhenComplete="404, 410")
    out = await execute(make_ctx({"url": f"{server.base}/status/404", "options": opts}))
    assert len(server.seen) == 1
    assert out[0] == [{"json": {"message": "nope 404"}, "pairedItem": {"item": 0}}]


async def test_pagination_settings_are_checked(server: Any, make_ctx: Any) -> None:
    opts = _pagination(parameters={"parameters": [{"type": "qs", "name": "page", "value": ""}]})
    with pytest.raises(NodeError) as info:
        await execute(make_ctx({"url": f"{server.base}/pages", "options": opts}))
    assert "Some value must be provided for parameter [1]" in info.value.message
    assert info.value.parameter == "options.pagination"
