"""What the engine hands a node besides its data: clock, logger, credentials, sub-workflows…

Every field is optional so a node test can build only what it needs; a node that calls a
service which was not provided gets a NodeError naming the missing service.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from wirework.expr import Evaluator, default_evaluator
from wirework.model import Item, Node


class Clock(Protocol):
    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class FakeClock:
    """A clock that only moves when slept on or advanced: deterministic tests of waits."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2024, 1, 1, tzinfo=UTC)
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)


class BinaryStore(Protocol):
    """Where binary payloads above the inline threshold live (filesystem by default)."""

    async def put(self, data: bytes, *, execution_id: str | None, mime_type: str) -> str: ...

    async def get(self, binary_id: str) -> bytes: ...


#: (node, credential type, item index) -> decrypted credential data
CredentialsFn = Callable[[Node, str, int], Awaitable[dict[str, Any]]]
#: (workflow source spec, items, options) -> output items of the sub-workflow's last node
SubworkflowFn = Callable[..., Awaitable[list[list[Item]]]]


@dataclass(slots=True)
class ExecutionServices:
    evaluator: Evaluator = field(default_factory=default_evaluator)
    clock: Clock = field(default_factory=SystemClock)
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("wirework.node"))
    credentials: CredentialsFn | None = None
    run_subworkflow: SubworkflowFn | None = None
    binary_store: BinaryStore | None = None
    #: instance settings nodes may read (code limits, allow-lists, inline binary threshold…)
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: lines a Code node printed with console.log / print
    console: list[dict[str, Any]] = field(default_factory=list)
    #: the runtime's HTTP session factory (aiohttp), when it provides one
    http_session: Callable[[], Any] | None = None
    #: the runtime's hook for long waits: (until: datetime) -> None puts the run in `waiting`
    extras: dict[str, Any] = field(default_factory=dict)
