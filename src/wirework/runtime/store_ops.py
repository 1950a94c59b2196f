"""Conditional state changes the ExecutionRepo does not offer; each one is a single UPDATE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store import pack, unpack, utcnow
from wirework.store.models_exec import ExecutionData, ExecutionRow
from wirework.store.models_workflow import WorkflowRow
from wirework.store.repos import WorkflowRepo

#: ``(saved snapshot, trigger input, static data)`` of a claimed execution
RunInputs = tuple[Any, Any, dict[str, Any] | None]

# Statements of every execution's hot path, built once with bind parameters (building them and
# their cache keys per call cost more than running them); Core tables skip the ORM's bulk layer.
_E, _D, _W = (cast(Table, m.__table__) for m in (ExecutionRow, ExecutionData, WorkflowRow))
_OWNED = and_(_E.c.id == bindparam("eid"), _E.c.lease_owner == bindparam("owner"), _E.c.status == "running")
_SAVE_DATA = update(_D).where(_D.c.execution_id == bindparam("eid")).values(
    run_data=bindparam("blob", type_=_D.c.run_data.type))
_PROGRESS = update(_E).where(_OWNED).values(
    last_node_executed=bindparam("node"), lease_expires_at=bindparam("until", type_=_E.c.lease_expires_at.type))
_OUTCOME: dict[str, Any] = {
    "status": bindparam("st"), "error": bindparam("err", type_=_E.c.error.type),
    "last_node_executed": bindparam("node"), "lease_owner": None, "lease_expires_at": None,
    "wait_till": bindparam("wt", type_=_E.c.wait_till.type),
}
_WAITING = update(_E).where(_OWNED).values(**_OUTCOME)
_FINISH = update(_E).where(_OWNED).values(**_OUTCOME, finished_at=bindparam("fin", type_=_E.c.finished_at.type))
_INPUTS = select(_D.c.run_data, _D.c.trigger_input).where(_D.c.execution_id == bindparam("eid"))
_INPUTS_STATIC = _INPUTS.add_columns(select(_W.c.static_data).where(_W.c.id == bindparam("wf")).scalar_subquery())
_STATUS = select(_E.c.status).where(_E.c.id == bindparam("eid"))
_ANY_QUEUED = select(_E.c.id).where(_E.c.status == "queued").limit(1)


async def run_inputs(s: AsyncSession, row: Any) -> RunInputs:
    """What a claimed run needs, read in the claim's own session with one statement. Static data
    is loaded for production runs only: manual runs work on the snapshot's copy and keep
    nothing, as in n8n."""
    with_static = row.mode != "manual" and bool(row.workflow_id)
    stmt, params = (_INPUTS_STATIC, {"eid": row.id, "wf": row.workflow_id}) if with_static else (
        _INPUTS, {"eid": row.id})
    found = (await s.execute(stmt, params)).first()
    if found is None:
        return None, None, await WorkflowRepo(s).get_static_data(row.workflow_id) if with_static else None
    return unpack(found[0]), found[1], dict(found[2] or {}) if with_static else None


async def _rowcount(s: AsyncSession, stmt: Any, params: dict[str, Any] | None = None) -> int:
    result = await s.execute(stmt.execution_options(synchronize_session=False), params)
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Finished:
    """What :func:`finish_if_owner` wrote: the execution row's new values and the packed snapshot."""

    values: dict[str, Any]
    run_data: bytes | None


async def finish_if_owner(s: AsyncSession, execution_id: str, *, owner: str, status: str,
                          saved: dict[str, Any], error: dict[str, Any] | None,
                          last_node: str | None, wait_till: datetime | None = None) -> Finished | None:
    """Record the outcome only while ``owner`` still holds the lease (a lost lease means
    another worker took the execution over; its outcome wins): None then."""
    values: dict[str, Any] = {"status": status, "error": error, "last_node_executed": last_node,
                              "lease_owner": None, "lease_expires_at": None, "wait_till": wait_till}
    if status != "waiting":
        values["finished_at"] = utcnow()
    n = await _rowcount(s, _WAITING if status == "waiting" else _FINISH, {
        "eid": execution_id, "owner": owner, "st": status, "err": error, "node": last_node, "wt": wait_till,
        "fin": values.get("finished_at")})
    if n != 1:
        return None
    blob = pack(saved)
    await s.execute(_SAVE_DATA, {"eid": execution_id, "blob": blob})
    return Finished(values, blob)


async def save_progress_if_owner(s: AsyncSession, execution_id: str, *, owner: str, lease_seconds: float,
                                 saved: dict[str, Any], last_node: str) -> bool:
    """Persist a running execution's progress (and extend its lease) only while ``owner``
    holds it; False means another worker took it over and this run must stop."""
    n = await _rowcount(s, _PROGRESS, {"eid": execution_id, "owner": owner, "node": last_node,
                                       "until": utcnow() + timedelta(seconds=lease_seconds)})
    if n != 1:
        return False
    await s.execute(_SAVE_DATA, {"eid": execution_id, "blob": pack(saved)})
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


async def execution_status(s: AsyncSession, execution_id: str) -> str | None:
    status: str | None = (await s.execute(_STATUS, {"eid": execution_id})).scalar_one_or_none()
    return status


async def any_queued(s: AsyncSession) -> bool:
    return (await s.execute(_ANY_QUEUED)).first() is not None


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
