"""The event bus: in-process by default, Redis pub/sub when several processes share events.

Events are dicts ``{"type", "execution_id"?, "workflow_id"?, ...}``. Subscribers are plain
callables (sync or async); a failing subscriber is logged and never breaks publishing.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("wirework.runtime.events")

Event = dict[str, Any]
Subscriber = Callable[[Event], Awaitable[None] | None]
CHANNEL = "wirework:events"


class EventBus:
    """Fan-out to local subscribers."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns a function that removes it."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    async def publish(self, event: Event) -> None:
        await self._deliver(event)

    async def _deliver(self, event: Event) -> None:
        for cb in list(self._subscribers):
            try:
                result = cb(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:  # a subscriber must never break the run
                log.exception("event subscriber failed for %s", event.get("type"))

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


class RedisEventBus(EventBus):
    """Publishes through Redis so every process's subscribers see every event exactly once.

    Local subscribers receive events from the Redis subscription only (including this
    process's own), which keeps one delivery path and one order.
    """

    def __init__(self, url: str, *, channel: str = CHANNEL) -> None:
        super().__init__()
        import redis.asyncio as aioredis

        self._redis = aioredis.from_url(url)
        self._channel = channel
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self.origin = f"{os.getpid()}-{id(self)}"
        #: raw-message filter: a process that needs few event types (a worker: only
        #: ``execution.stop``) skips decoding everyone else's run events
        self.accept: Callable[[bytes], bool] | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen())
            await asyncio.wait_for(self._ready.wait(), 10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        await self._redis.aclose()

    async def publish(self, event: Event) -> None:
        await self._redis.publish(self._channel, json.dumps(event, default=str))

    async def _listen(self) -> None:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(self._channel)
        self._ready.set()
        try:
            while True:
                msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if msg is None or (self.accept is not None and not self.accept(msg["data"])):
                    continue
                try:
                    event = json.loads(msg["data"])
                except (ValueError, TypeError):
                    continue
                await self._deliver(event)
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]


def make_event_bus(redis_url: str | None) -> EventBus:
    return RedisEventBus(redis_url) if redis_url else EventBus()
