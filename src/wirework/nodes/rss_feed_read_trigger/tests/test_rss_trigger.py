from __future__ import annotations

from datetime import UTC, datetime

import pytest

from local_http import serving, text_app
from wirework.nodes.rss_feed_read_trigger import NODE
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>new</title><link>http://x/2</link><guid>2</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Two&lt;/p&gt;</description></item>
<item><title>old</title><link>http://x/1</link><guid>1</guid><pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.fixture
async def feed_url():
    async with serving(text_app("/rss", FEED, "application/rss+xml")) as port:
        yield f"http://127.0.0.1:{port}/rss"


def ctx_for(url, clock, workflow_static=None):
    c = NodeTestContext(NODE.latest.description, params={"feedUrl": url},
                        services=ExecutionServices(clock=clock))
    if workflow_static is not None:
        c.workflow.static_data = workflow_static
    c.expr.mode = "trigger"
    return c


async def test_only_new_entries_fire_once(feed_url):
    poll = NODE.latest.hooks["poll"]
    static: dict = {}
    clock = FakeClock(datetime(2026, 3, 2, tzinfo=UTC))
    first = await poll(ctx_for(feed_url, clock, static))
    # first poll remembers "now" (Mar 2): only the Mar 3 entry is newer
    assert [i["json"]["title"] for i in first[0]] == ["new"]
    item = first[0][0]["json"]
    assert item["isoDate"] == "2026-03-03T10:00:00.000Z" and item["contentSnippet"] == "Two"
    assert await poll(ctx_for(feed_url, clock, static)) is None


async def test_bad_url_is_node_error():
    poll = NODE.latest.hooks["poll"]
    with pytest.raises(NodeError) as info:
        await poll(ctx_for("http://127.0.0.1:1/none", FakeClock(), {}))
    assert info.value.parameter == "feedUrl"


def test_poll_times_set_the_poll_schedule():
    from wirework.model import Node

    schedule = NODE.latest.hooks["schedule"]
    assert schedule(Node("RSS", NODE.name, 1, {})) == ["0 * * * * *"]  # n8n's default: every minute
    every = {"pollTimes": {"item": [{"mode": "everyX", "value": 5, "unit": "minutes"},
                                    {"mode": "custom", "cronExpression": "*/2 * * * * *"}]}}
    assert schedule(Node("RSS", NODE.name, 1, every)) == ["0 */5 * * * *", "*/2 * * * * *"]

