"""Scaled-out queue: procrastinate on PostgreSQL.

The job is inserted with procrastinate's own SQL function *inside the SQLAlchemy transaction
that writes the execution row*, so a worker can never fetch a job whose row is not committed
(and a rolled-back row never leaves a job behind). ``wirework worker`` runs a procrastinate
worker whose single task calls ``ExecutionRunner.run_execution(id)``.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from wirework.store import Database, utcnow

log = logging.getLogger("wirework.runtime.procrastinate")
QUEUE = "wirework"
TASK = "wirework.run_execution"
_SCHEMA_LOCK = 0x5749524557  # advisory lock id while applying procrastinate's schema

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, :priority, :lock, :qlock, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
)


_ORPHANS = text(
    "SELECT e.id FROM executions e WHERE ((e.status = 'running' AND e.lease_expires_at < :now) "
    "OR (e.status = 'queued' AND e.created_at < :stale)) AND NOT EXISTS (SELECT 1 FROM "
    "procrastinate_jobs j WHERE j.queueing_lock = e.id AND j.status = 'todo') LIMIT :limit"
)


def job_priority(priority: int) -> int:
    """Our priorities sort ascending (manual 0 first); procrastinate runs the highest first."""
    return 100 - priority


def conninfo(url: str) -> str:
    """A libpq URL for procrastinate's psycopg pool from a SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    u = make_url(url).set(drivername="postgresql")
    return u.render_as_string(hide_password=False)


class ProcrastinateDispatcher:
    def __init__(self, db: Database, *, per_workflow_lock: bool = False) -> None:
        if db.dialect != "postgresql":
            raise ValueError("queue_mode 'procrastinate' needs PostgreSQL (WIREWORK_DATABASE_URL)")
        self.db = db
        self.per_workflow_lock = per_workflow_lock
        self._schema_ready = False

    async def ensure_schema(self) -> None:
        """Install procrastinate's tables once (guarded by an advisory lock)."""
        if self._schema_ready:
            return
        from procrastinate.schema import SchemaManager

        async with self.db.engine.begin() as conn:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})
            exists = (await conn.execute(text("SELECT to_regclass('procrastinate_jobs')"))).scalar()
            if exists is None:
                raw = await conn.get_raw_connection()
                await raw.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]
        self._schema_ready = True

    async def enqueue(self, session: AsyncSession, execution_id: str, *, priority: int,
                      workflow_id: str | None) -> None:
        lock = f"workflow:{workflow_id}" if self.per_workflow_lock and workflow_id else None
        await session.execute(_DEFER, {"queue": QUEUE, "task": TASK, "priority": job_priority(priority),
                                       "lock": lock, "qlock": execution_id, "args": json.dumps({"execution_id": execution_id})})

    async def requeue(self, session: AsyncSession, execution_id: str) -> bool:
        """Defer another job for an execution (recovery); False if one is already waiting."""
        from sqlalchemy.exc import IntegrityError

        row = (await session.execute(text("SELECT priority, workflow_id FROM executions WHERE id = :i"),
                                     {"i": execution_id})).first()
        priority, workflow_id = (int(row[0]), row[1]) if row is not None else (10, None)
        try:
            async with session.begin_nested():  # keeps its place: a requeued job does not jump the line
                await self.enqueue(session, execution_id, priority=priority, workflow_id=workflow_id)
        except IntegrityError:
            return False  # queueing lock: a job for it is still to do
        return True

    async def orphans(self, session: AsyncSession, *, stale_before: datetime, limit: int = 100) -> list[str]:
        """Executions no job will ever deliver: running with an expired lease (their worker
        died) or queued since before ``stale_before``, and without a job still to do.

        Filtering on the pending job in SQL keeps recovery to one cheap query per round
        instead of a failed insert per waiting execution."""
        rows = await session.execute(_ORPHANS, {"now": utcnow(), "stale": stale_before, "limit": limit})
        return [str(r[0]) for r in rows]

    def notify(self) -> None:
        return None  # PostgreSQL LISTEN/NOTIFY wakes the workers


def make_app(database_url: str, run_execution: Any) -> Any:
    """The procrastinate App a worker runs: one task, ``run_execution``."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url)))

    @app.task(name=TASK, queue=QUEUE, pass_context=False)
    async def run(execution_id: str) -> None:
        await run_execution(execution_id)

    return app
