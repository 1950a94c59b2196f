"""Workflow operations shared by routers and the CLI: create/import, (re)activation, events."""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from wirework.api.context import AppContext
from wirework.api.envelope import ApiError
from wirework.api.services.workflows import build_document, tag_names, workflow_invalid
from wirework.store.models import Tag, WorkflowRow
from wirework.store.repos import WorkflowRepo

log = logging.getLogger("wirework.api")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
RESERVED_IDS = frozenset({"export", "import"})  # path segments of /workflows/{...}


async def create(
    s: AsyncSession, body: dict[str, Any], *, owner_id: str | None, keep_id: bool = False,
    index: int | None = None,
) -> tuple[WorkflowRow, list[Tag]]:
    try:
        name, document = build_document(body)
    except ApiError as exc:
        if index is not None:
            exc.message = f"workflows[{index}]: {exc.message}"
        raise
    repo = WorkflowRepo(s)
    wf_id = body.get("id") if keep_id else None
    if not (isinstance(wf_id, str) and _ID.match(wf_id)) or wf_id in RESERVED_IDS or (
        await repo.get(wf_id, include_deleted=True) is not None
    ):
        wf_id = None
    static = body.get("staticData") if isinstance(body.get("staticData"), dict) else None
    row = await repo.create(name=name, document=document, owner_id=owner_id, static_data=static,
                            workflow_id=wf_id)
    tags = await repo.set_tags(row.id, tag_names(body.get("tags")))
    return row, sorted(tags, key=lambda t: t.name)


async def publish(ctx: AppContext, event: dict[str, Any]) -> None:
    events = getattr(ctx.runtime, "events", None)
    if events is not None:
        try:
            await events.publish(event)
        except Exception:  # live updates are best effort
            log.exception("could not publish %s", event.get("type"))


async def activate_runtime(ctx: AppContext, session: AsyncSession, row: WorkflowRow) -> None:
    """Commit, then let the runtime register triggers (it reads the committed document)."""
    if ctx.runtime is None:
        raise ApiError(503, "EXECUTION_FAILED", "the runtime is not running in this process")
    await session.commit()
    from wirework.runtime import ActivationError

    try:
        await ctx.runtime.activation.activate(row.id)
    except ActivationError as exc:
        raise workflow_invalid(f"could not activate: {exc}", {"node": getattr(exc, "node", None)}) from None


async def deactivate_runtime(ctx: AppContext, workflow_id: str) -> None:
    if ctx.runtime is not None:
        await ctx.runtime.activation.deactivate(workflow_id)


async def after_save(ctx: AppContext, session: AsyncSession, row: WorkflowRow) -> str | None:
    """Re-register an active workflow's triggers; on failure deactivate it and say why."""
    warning = None
    if row.active and ctx.runtime is not None:
        try:
            await activate_runtime(ctx, session, row)
        except ApiError as exc:
            warning = exc.message
            await deactivate_runtime(ctx, row.id)
            await WorkflowRepo(session).set_active(row, False)
    await publish(ctx, {"type": "workflow.updated", "workflow_id": row.id, "version": row.version})
    return warning
