"""RSS Feed Trigger (``n8n-nodes-base.rssFeedReadTrigger``), a polling trigger.

Hooks: ``schedule(node)`` -> cron expressions from "Poll Times"; ``poll(ctx)`` -> new items
or None. Static data keeps ``lastItemDate``/``lastTimeChecked`` so each entry fires once.
"""

from __future__ import annotations

import asyncio
import calendar
import re
from datetime import UTC, datetime
from typing import Any

import aiohttp
import feedparser

from wirework.model import Item, Node
from wirework.nodes._common.trigger_times import times_param, times_to_crons
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

DESC = NodeDescription(
    name="n8n-nodes-base.rssFeedReadTrigger", display_name="RSS Feed Trigger", versions=(1,),
    description="Starts a workflow when an RSS feed is updated", group=("trigger",),
    inputs=0, outputs=1, icon="fa:rss", color="#b02020", default_name="RSS Feed Trigger", polling=True,
    properties=(
        times_param("pollTimes", "Poll Times", default={"item": [{"mode": "everyMinute"}]}),
        Param("feedUrl", "string", default="https://blog.n8n.io/rss/", display_name="Feed URL",
              required=True, description="URL of the RSS feed to poll"),
    ),
)


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    dt = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def entry_json(entry: Any) -> dict[str, Any]:
    """A feedparser entry in the field names n8n's RSS nodes emit."""
    out: dict[str, Any] = {}
    for key in ("title", "link", "author"):
        if entry.get(key):
            out[key] = entry[key]
    if entry.get("author"):
        out["creator"] = entry["author"]
    if entry.get("published") or entry.get("updated"):
        out["pubDate"] = entry.get("published") or entry.get("updated")
    content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary")
    if content:
        out["content"] = content
        out["contentSnippet"] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)).strip()
    if entry.get("summary"):
        out["summary"] = entry["summary"]
    if entry.get("id"):
        out["guid"] = entry["id"]
    tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    if tags:
        out["categories"] = tags
    for enc in entry.get("enclosures") or []:
        out["enclosure"] = {"url": enc.get("href"), "type": enc.get("type"), "length": enc.get("length")}
        break
    iso = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    if iso:
        out["isoDate"] = iso
    return out


async def fetch_feed(ctx: NodeContext, url: str) -> Any:
    if not url:
        raise ctx.error("The parameter 'Feed URL' has to be set", parameter="feedUrl")
    try:
        async with aiohttp.ClientSession() as session, session.get(
                url, timeout=aiohttp.ClientTimeout(total=30)) as resp:
            if resp.status >= 400:
                raise ctx.error(f"Feed request failed with status {resp.status}", parameter="feedUrl")
            body = await resp.read()
    except aiohttp.ClientError as exc:
        raise ctx.error(f"Could not fetch the feed: {exc}", parameter="feedUrl") from exc
    feed = await asyncio.to_thread(feedparser.parse, body)
    if feed.bozo and not feed.entries:
        raise ctx.error(f"Could not parse the feed: {feed.bozo_exception}", parameter="feedUrl")
    return feed


def _epoch(iso: str | None) -> float:
    if not iso:
        return 0.0
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


async def poll(ctx: NodeContext) -> list[list[Item]] | None:
    state = ctx.static_data("node")
    now_iso = ctx.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    since = _epoch(state.get("lastItemDate") or state.get("lastTimeChecked") or now_iso)
    feed = await fetch_feed(ctx, str(ctx.get_param("feedUrl", 0, "")))
    entries = [entry_json(e) for e in feed.entries]
    if ctx.mode == "manual":
        return [[{"json": entries[0]}]] if entries else None
    fresh = [e for e in entries if _epoch(e.get("isoDate")) > since]
    dated = [e["isoDate"] for e in entries if e.get("isoDate")]
    if dated:
        state["lastItemDate"] = max(dated, key=_epoch)
    state["lastTimeChecked"] = now_iso
    return [[{"json": e} for e in fresh]] if fresh else None


async def execute(ctx: NodeContext) -> list[list[Item]]:
    items = [i for i in ctx.items if i.get("json")]
    if items:
        return [items]
    polled = await poll(ctx)
    return polled or [[]]


def schedule(node: Node) -> list[str]:
    return times_to_crons(node.parameters.get("pollTimes", {"item": [{"mode": "everyMinute"}]}))


NODE = NodeType(name="n8n-nodes-base.rssFeedReadTrigger", versions=(
    NodeVersion(description=DESC, execute=execute, hooks={"schedule": schedule, "poll": poll}),))
