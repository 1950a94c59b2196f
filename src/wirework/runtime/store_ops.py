"""Conditional state changes the ExecutionRepo does not offer; each one is a single UPDATE."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store import pack, utcnow
from wirework.store.models_exec import ExecutionData, ExecutionRow


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


async def expired_leases(s: AsyncSession, limit: int = 100) -> list[str]:
    stmt = select(ExecutionRow.id).where(ExecutionRow.status == "running",
                                         ExecutionRow.lease_expires_at < utcnow()).limit(limit)
    return list((await s.execute(stmt)).scalars())


async def queued_ids(s: AsyncSession, limit: int = 1000) -> list[tuple[str, int]]:
    stmt = (select(ExecutionRow.id, ExecutionRow.priority).where(ExecutionRow.status == "queued")
            .order_by(ExecutionRow.priority, ExecutionRow.created_at).limit(limit))
    return [(r[0], int(r[1])) for r in (await s.execute(stmt)).all()]


async def count_status(s: AsyncSession, status: str) -> int:
    from sqlalchemy import func

    stmt = select(func.count(ExecutionRow.id)).where(ExecutionRow.status == status)
    return int((await s.execute(stmt)).scalar_one())


async def stale_queued(s: AsyncSession, *, older_than: Any, limit: int = 100) -> list[str]:
    """Queued rows older than ``older_than`` (a job may have died with a worker before claiming)."""
    stmt = select(ExecutionRow.id).where(ExecutionRow.status == "queued",
                                         ExecutionRow.created_at < utcnow() - older_than).limit(limit)
    return list((await s.execute(stmt)).scalars())


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
