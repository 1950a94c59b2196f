"""``/api/v1/ws``: live execution events for the signed-in user.

Authenticate with ``?token=<access token>`` (browsers cannot set headers on WebSockets),
``Authorization: Bearer`` or ``X-API-Key``. The server streams the runtime's events for
workflows the user may see (admins: all). Node output data rides on ``node.finished`` only
after the client sends ``{"data": true}``; ``{"executionId": "..."}`` narrows the stream.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

router = APIRouter(tags=["ws"])
_STREAMED = {"execution.started", "node.started", "node.finished", "execution.finished",
             "execution.waiting", "workflow.updated", "workflow.activated", "workflow.deactivated"}


async def _authenticate(ws: WebSocket) -> Any:
    from wirework.store.repos import ApiKeyRepo, UserRepo

    ctx = ws.app.state.ctx
    token = ws.query_params.get("token")
    auth = ws.headers.get("authorization", "")
    if not token and auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    api_key = ws.query_params.get("api_key") or ws.headers.get("x-api-key")
    async with ctx.db.session() as s:
        if token:
            try:
                claims = ctx.tokens.decode_access(token)
            except Exception:
                return None
            user = await UserRepo(s).get(claims.user_id)
        elif api_key:
            key = await ApiKeyRepo(s).by_hash(ctx.tokens.digest(api_key))
            if key is None or key.revoked_at is not None:
                return None
            user = await UserRepo(s).get(key.user_id)
        else:
            return None
    return user if user is not None and user.is_active else None


class _Visibility:
    """Which workflows the user may see; answers cached for the connection's life."""

    def __init__(self, ws: WebSocket, user: Any) -> None:
        self.db = ws.app.state.ctx.db
        self.user = user
        self.cache: dict[str, bool] = {}

    async def allows(self, event: dict[str, Any]) -> bool:
        if self.user.role == "admin":
            return True
        wf_id = event.get("workflow_id")
        if not wf_id:
            return bool(event.get("user_id") == self.user.id)
        if wf_id not in self.cache:
            self.cache[wf_id] = await self._check(str(wf_id))
        return bool(self.cache[wf_id])

    async def _check(self, wf_id: str) -> bool:
        from wirework.store.models import WorkflowRow
        from wirework.store.repos import role_on

        async with self.db.session() as s:
            row = await s.get(WorkflowRow, wf_id)
            if row is None:
                return False
            role = await role_on(s, resource_type="workflow", resource_id=row.id, owner_id=row.owner_id,
                                 user_id=self.user.id)
        return role is not None


@router.websocket("/api/v1/ws")
async def events_socket(ws: WebSocket) -> None:
    rt = getattr(ws.app.state, "runtime", None)
    user = await _authenticate(ws)
    if user is None or rt is None:
        await ws.close(code=4401 if user is None else 1011)
        return
    await ws.accept()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=10_000)
    prefs: dict[str, Any] = {"data": False, "execution_id": None}

    def on_event(event: dict[str, Any]) -> None:
        if event.get("type") in _STREAMED and not queue.full():
            queue.put_nowait(event)

    unsubscribe = rt.events.subscribe(on_event)
    visibility = _Visibility(ws, user)
    reader = asyncio.create_task(_read_prefs(ws, prefs))
    try:
        await ws.send_json({"type": "hello", "user_id": user.id})
        while not reader.done():
            getter = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                break
            event = getter.result()
            if prefs["execution_id"] and event.get("execution_id") not in (None, prefs["execution_id"]):
                continue
            if not await visibility.allows(event):
                continue
            out = dict(event)
            if not prefs["data"]:
                out.pop("data", None)
            await ws.send_json(out)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        unsubscribe()
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await reader


async def _read_prefs(ws: WebSocket, prefs: dict[str, Any]) -> None:
    while True:
        try:
            msg = await ws.receive_json()
        except (WebSocketDisconnect, RuntimeError, ValueError):
            return
        if isinstance(msg, dict):
            if "data" in msg:
                prefs["data"] = bool(msg["data"])
            if "executionId" in msg:
                prefs["execution_id"] = msg["executionId"] or None
