"""Conditional state changes the ExecutionRepo does not offer; each one is a single UPDATE."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store import pack, utcnow
from wirework.store.models_exec import ExecutionData, ExecutionRow
from wirework.store.repos import ExecutionRepo, WorkflowRepo

#: ``(saved snapshot, trigger input, static data)`` of a claimed execution
RunInputs = tuple[Any, Any, dict[str, Any] | None]


async def run_inputs(s: AsyncSession, row: Any) -> RunInputs:
    """What a claimed run needs, read in the claim's own session. Static data is loaded for
    production runs only: manual runs work on the snapshot's copy and keep nothing, as in n8n."""
    saved, trigger = await ExecutionRepo(s).get_data(row.id)
    static = None
    if row.mode != "manual" and row.workflow_id:
        static = await WorkflowRepo(s).get_static_data(row.workflow_id)
    return saved, trigger, static


async def _rowcount(s: AsyncSession, stmt: Any) -> int:
    result = await s.execute(stmt.execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def finish_if_owner(s: AsyncSession, execution_id: str, *, owner: str, status: str,
                          saved: dict[str, Any], error: dict[str, Any] | None,
                          last_node: str | None, wait_till: datetime | None = None) -> bool:
    """Record the outcome only while ``owner`` still holds the lease (a lost lease means
    another worker took the execution over; its outcome wins)."""
    values: dict[str, Any] = {"status": status, "error": error, "last_node_executed": last_node,
                              "lease_owner": None, "lease_expires_at": None, "wait_till": wait_till}
    if status != "waiting":
        values["finished_at"] = utcnow()
    n = await _rowcount(s, update(ExecutionRow).where(
        ExecutionRow.id == execution_id, ExecutionRow.lease_owner == owner,
        ExecutionRow.status == "running").values(**values))
    if n != 1:
        return False
    await s.execute(update(ExecutionData).where(ExecutionData.execution_id == execution_id)
                    .values(run_data=pack(saved)).execution_options(synchronize_session=False))
    return True


async def save_progress_if_owner(s: AsyncSession, execution_id: str, *, owner: str, lease_seconds: float,
                                 saved: dict[str, Any], last_node: str) -> bool:
    """Persist a running execution's progress (and extend its lease) only while ``owner``
    holds it; False means another worker took it over and this run must stop."""
    n = await _rowcount(s, update(ExecutionRow).where(
        ExecutionRow.id == execution_id, ExecutionRow.lease_owner == owner, ExecutionRow.status == "running")
        .values(last_node_executed=last_node, lease_expires_at=utcnow() + timedelta(seconds=lease_seconds)))
    if n != 1:
        return False
    await s.execute(update(ExecutionData).where(ExecutionData.execution_id == execution_id)
                    .values(run_data=pack(saved)).execution_options(synchronize_session=False))
    return True


async def transition(s: AsyncSession, execution_id: str, *, from_status: Sequence[str],
                     to_status: str, **values: Any) -> bool:
    """Move an execution between statuses atomically; False when it was not in ``from_status``."""
    if to_status in ("success", "error", "canceled", "crashed"):
        values.setdefault("finished_at", utcnow())
    n = await _rowcount(s, update(ExecutionRow).where(
        ExecutionRow.id == execution_id, ExecutionRow.status.in_(list(from_status)))
        .values(status=to_status, **values))
    return n == 1


async def set_trigger_input(s: AsyncSession, execution_id: str, trigger_input: dict[str, Any]) -> None:
    await s.execute(update(ExecutionData).where(ExecutionData.execution_id == execution_id)
                    .values(trigger_input=trigger_input).execution_options(synchronize_session=False))


async def any_queued(s: AsyncSession) -> bool:
    return (await s.execute(select(ExecutionRow.id).where(ExecutionRow.status == "queued").limit(1))).first() is not None


async def count_status(s: AsyncSession, status: str) -> int:
    from sqlalchemy import func

    stmt = select(func.count(ExecutionRow.id)).where(ExecutionRow.status == status)
    return int((await s.execute(stmt)).scalar_one())


async def running_of_workflow(s: AsyncSession, workflow_id: str, *, exclude: str) -> int:
    from sqlalchemy import func

    stmt = select(func.count(ExecutionRow.id)).where(
        ExecutionRow.workflow_id == workflow_id, ExecutionRow.status == "running", ExecutionRow.id != exclude)
    return int((await s.execute(stmt)).scalar_one())


async def release_claim(s: AsyncSession, execution_id: str, *, owner: str) -> bool:
    """Put a claimed execution back in the queue (its attempt does not count)."""
    n = await _rowcount(s, update(ExecutionRow).where(
        ExecutionRow.id == execution_id, ExecutionRow.lease_owner == owner, ExecutionRow.status == "running")
        .values(status="queued", lease_owner=None, lease_expires_at=None, started_at=None,
                attempts=ExecutionRow.attempts - 1))
    return n == 1


async def cancel_orphan(s: AsyncSession, execution_id: str) -> bool:
    """Cancel a running execution whose worker died (lease expired) instead of resuming it."""
    n = await _rowcount(s, update(ExecutionRow).where(
        ExecutionRow.id == execution_id, ExecutionRow.status == "running",
        ExecutionRow.lease_expires_at < utcnow()).values(
        status="canceled", finished_at=utcnow(), lease_owner=None, lease_expires_at=None,
        error={"message": "The execution was canceled", "name": "ExecutionCancelledError"}))
    return n == 1
