"""ExecutionRepo: execution rows, their compressed run data, leases for at-least-once queues."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store.codec import pack, unpack
from wirework.store.models_exec import FINISHED, ExecutionData, ExecutionRow
from wirework.store.models_workflow import WorkflowRow
from wirework.store.repos.access import workflow_scope
from wirework.store.types import UTCDateTime, new_id, utcnow

_PRIORITY = {"manual": 0}


# The claim statements are built once with bind parameters: building SQLAlchemy statements
# (and their cache keys) on every claim cost more than running them.
_NOW = bindparam("now", type_=UTCDateTime())
#: queued, or running under a lease that expired (its worker died)
_RUNNABLE = or_(ExecutionRow.status == "queued",
                (ExecutionRow.status == "running") & (ExecutionRow.lease_expires_at < _NOW))
_CLAIMED: dict[str, Any] = {
    "status": "running", "lease_owner": bindparam("owner"),
    "lease_expires_at": bindparam("until", type_=UTCDateTime()),
    "attempts": ExecutionRow.attempts + 1, "started_at": func.coalesce(ExecutionRow.started_at, _NOW),
}

_CLAIM = (update(ExecutionRow).where(ExecutionRow.id == bindparam("eid"), _RUNNABLE).values(**_CLAIMED)
          .execution_options(synchronize_session=False))


def _claim_params(owner: str, lease_seconds: float) -> dict[str, Any]:
    now = utcnow()
    return {"now": now, "owner": owner, "until": now + timedelta(seconds=lease_seconds)}


@functools.cache
def _claim_next_stmt(dialect: str) -> Any:
    pick = select(ExecutionRow.id).where(_RUNNABLE).order_by(ExecutionRow.priority, ExecutionRow.created_at).limit(1)
    if dialect == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    return (update(ExecutionRow).where(ExecutionRow.id == pick.scalar_subquery(), _RUNNABLE).values(**_CLAIMED)
            .returning(ExecutionRow).execution_options(synchronize_session=False, populate_existing=True))


@dataclass(frozen=True, slots=True)
class ExecutionFilter:
    workflow_id: str | None = None
    workflow_ids: Sequence[str] | None = None  # visibility scope; None = all
    status: Sequence[str] | None = None
    mode: Sequence[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    visible_to: str | None = None  # user id: executions of workflows they can see (None = all)


class ExecutionRepo:
    """Works inside the caller's session; never commits (the session's unit of work does)."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def create(
        self,
        *,
        workflow: dict[str, Any],
        workflow_id: str | None,
        mode: str,
        status: str = "queued",
        priority: int | None = None,
        trigger_input: dict[str, Any] | None = None,
        run_data: dict[str, Any] | None = None,
        retry_of: str | None = None,
        created_by: str | None = None,
        execution_id: str | None = None,
    ) -> ExecutionRow:
        values = {
            "id": execution_id or new_id(), "workflow_id": workflow_id, "status": status, "mode": mode,
            "priority": _PRIORITY.get(mode, 10) if priority is None else priority, "created_at": utcnow(),
            "workflow_snapshot": workflow, "retry_of": retry_of, "created_by": created_by, "attempts": 0,
        }
        # two Core INSERTs: the ORM unit of work would cost more than the statements themselves
        await self.s.execute(insert(cast(Table, ExecutionRow.__table__)), values)
        await self.s.execute(insert(cast(Table, ExecutionData.__table__)), {
            "execution_id": values["id"], "run_data": pack(run_data), "trigger_input": trigger_input})
        return ExecutionRow(**values)

    async def get(self, execution_id: str) -> ExecutionRow | None:
        return await self.s.get(ExecutionRow, execution_id, populate_existing=True)

    async def get_data(self, execution_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """``(run_data, trigger_input)`` — run data decompressed."""
        data = await self.s.get(ExecutionData, execution_id, populate_existing=True)
        if data is None:
            return None, None
        return unpack(data.run_data), data.trigger_input

    async def claim(self, execution_id: str, *, owner: str, lease_seconds: float) -> bool:
        """Atomically take a queued (or lease-expired running) execution; False if someone has it."""
        result = await self.s.execute(_CLAIM, {"eid": execution_id, **_claim_params(owner, lease_seconds)})
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def claim_next(self, owner: str, lease_seconds: float) -> ExecutionRow | None:
        """Claim the next runnable execution (lowest priority value, then oldest).

        One ``UPDATE … WHERE id = (next runnable id) RETURNING *``: picking, claiming and
        reading the row is a single statement, so concurrent claimers never pick the same row
        and retry (PostgreSQL skips rows another claimer has locked)."""
        stmt = _claim_next_stmt(self.s.get_bind().dialect.name)
        result = await self.s.execute(stmt, _claim_params(owner, lease_seconds))
        return result.scalars().one_or_none()

    async def renew_lease(self, execution_id: str, *, owner: str, lease_seconds: float) -> bool:
        stmt = (
            update(ExecutionRow)
            .where(
                ExecutionRow.id == execution_id,
                ExecutionRow.lease_owner == owner,
                ExecutionRow.status == "running",
            )
            .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
            .execution_options(synchronize_session=False)
        )
        return bool((await self.s.execute(stmt)).rowcount == 1)  # type: ignore[attr-defined]

    async def set_status(self, execution_id: str, status: str, **values: Any) -> None:
        await self.s.execute(
            update(ExecutionRow)
            .where(ExecutionRow.id == execution_id)
            .values(status=status, **values)
            .execution_options(synchronize_session=False)
        )

    async def save_progress(
        self, execution_id: str, run_data: dict[str, Any], *, last_node: str | None = None
    ) -> None:
        await self._write_data(execution_id, run_data)
        if last_node is not None:
            await self.s.execute(
                update(ExecutionRow)
                .where(ExecutionRow.id == execution_id)
                .values(last_node_executed=last_node)
                .execution_options(synchronize_session=False)
            )

    async def finish(
        self,
        execution_id: str,
        *,
        status: str,
        run_data: dict[str, Any] | None,
        error: dict[str, Any] | None = None,
        last_node: str | None = None,
    ) -> None:
        if run_data is not None:
            await self._write_data(execution_id, run_data)
        await self.set_status(
            execution_id,
            status,
            finished_at=utcnow(),
            error=error,
            last_node_executed=last_node,
            lease_owner=None,
            lease_expires_at=None,
            wait_till=None,
        )

    async def set_waiting(
        self, execution_id: str, *, wait_till: datetime | None, run_data: dict[str, Any]
    ) -> None:
        await self._write_data(execution_id, run_data)
        await self.set_status(
            execution_id, "waiting", wait_till=wait_till, lease_owner=None, lease_expires_at=None
        )

    async def due_waiting(self, now: datetime | None = None, limit: int = 100) -> builtins.list[ExecutionRow]:
        stmt = (
            select(ExecutionRow)
            .where(ExecutionRow.status == "waiting", ExecutionRow.wait_till <= (now or utcnow()))
            .order_by(ExecutionRow.wait_till)
            .limit(limit)
        )
        return list((await self.s.execute(stmt)).scalars())

    async def set_retry_success(self, execution_id: str, retry_id: str) -> None:
        await self.s.execute(
            update(ExecutionRow)
            .where(ExecutionRow.id == execution_id)
            .values(retry_success_id=retry_id)
            .execution_options(synchronize_session=False)
        )

    async def _write_data(self, execution_id: str, run_data: dict[str, Any]) -> None:
        await self.s.execute(
            update(ExecutionData)
            .where(ExecutionData.execution_id == execution_id)
            .values(run_data=pack(run_data))
            .execution_options(synchronize_session=False)
        )

    def _filtered(self, stmt: Any, f: ExecutionFilter) -> Any:
        if f.workflow_id is not None:
            stmt = stmt.where(ExecutionRow.workflow_id == f.workflow_id)
        if f.workflow_ids is not None:
            stmt = stmt.where(ExecutionRow.workflow_id.in_(list(f.workflow_ids)))
        if f.visible_to is not None:
            scope = workflow_scope(f.visible_to)
            assert scope is not None
            visible = select(WorkflowRow.id).where(scope)
            stmt = stmt.where(or_(
                ExecutionRow.workflow_id.in_(visible),
                ExecutionRow.workflow_id.is_(None) & (ExecutionRow.created_by == f.visible_to),
            ))
        if f.status:
            stmt = stmt.where(ExecutionRow.status.in_(list(f.status)))
        if f.mode:
            stmt = stmt.where(ExecutionRow.mode.in_(list(f.mode)))
        if f.since is not None:
            stmt = stmt.where(ExecutionRow.created_at >= f.since)
        if f.until is not None:
            stmt = stmt.where(ExecutionRow.created_at < f.until)
        return stmt

    async def list(
        self, f: ExecutionFilter | None = None, *, offset: int = 0, limit: int = 50
    ) -> tuple[builtins.list[ExecutionRow], int]:
        """Newest first, plus the total count for pagination."""
        f = f or ExecutionFilter()
        total = (await self.s.execute(self._filtered(select(func.count(ExecutionRow.id)), f))).scalar_one()
        stmt = self._filtered(select(ExecutionRow), f).order_by(
            ExecutionRow.created_at.desc(), ExecutionRow.id.desc()
        )
        rows = (await self.s.execute(stmt.offset(offset).limit(limit))).scalars()
        return list(rows), int(total)

    async def list_by_status(self, statuses: Sequence[str], limit: int = 1000) -> builtins.list[ExecutionRow]:
        stmt = select(ExecutionRow).where(ExecutionRow.status.in_(list(statuses))).limit(limit)
        return list((await self.s.execute(stmt)).scalars())

    async def delete(self, ids: Sequence[str]) -> int:
        if not ids:
            return 0
        result = await self.s.execute(
            delete(ExecutionRow)
            .where(ExecutionRow.id.in_(list(ids)))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def prune(self, *, max_age: timedelta | None, max_count: int | None) -> int:
        """Delete finished executions older than ``max_age`` or beyond the newest ``max_count``."""
        doomed: set[str] = set()
        if max_age is not None:
            stmt = select(ExecutionRow.id).where(
                ExecutionRow.status.in_(FINISHED), ExecutionRow.created_at < utcnow() - max_age
            )
            doomed.update((await self.s.execute(stmt)).scalars())
        if max_count is not None:
            stmt = (
                select(ExecutionRow.id)
                .where(ExecutionRow.status.in_(FINISHED))
                .order_by(ExecutionRow.created_at.desc(), ExecutionRow.id.desc())
                .offset(max_count)
            )
            doomed.update((await self.s.execute(stmt)).scalars())
        ids = sorted(doomed)
        total = 0
        for i in range(0, len(ids), 500):
            total += await self.delete(ids[i : i + 500])
        return total
