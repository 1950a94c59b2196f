from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from wirework.store import Database, utcnow
from wirework.store.models import ExecutionData, ExecutionRow
from wirework.store.repos import ExecutionFilter, ExecutionRepo

WF = {"name": "wf", "nodes": [], "connections": {}}


async def _create(db: Database, **kw: object) -> str:
    async with db.session() as s:
        row = await ExecutionRepo(s).create(workflow=WF, workflow_id=None, **kw)  # type: ignore[arg-type]
        return row.id


async def test_create_and_read_back(db: Database) -> None:
    eid = await _create(db, mode="manual", trigger_input={"items": [{"json": {"a": 1}}]})
    async with db.session() as s:
        repo = ExecutionRepo(s)
        row = await repo.get(eid)
        assert row is not None
        assert (row.status, row.mode, row.priority, row.attempts) == ("queued", "manual", 0, 0)
        assert row.workflow_snapshot == WF
        assert row.created_at.tzinfo is not None
        run_data, trigger = await repo.get_data(eid)
        assert run_data is None and trigger == {"items": [{"json": {"a": 1}}]}


async def test_run_data_is_stored_compressed(db: Database) -> None:
    eid = await _create(db, mode="webhook")
    big = {"resultData": {"runData": {"A": [{"data": {"main": [[{"json": {"x": "y" * 5000}}]]}}]}}}
    async with db.session() as s:
        await ExecutionRepo(s).finish(eid, status="success", run_data=big, last_node="A")
    async with db.session() as s:
        blob = (await s.execute(select(ExecutionData.run_data))).scalar_one()
        assert b"yyyy" not in blob and len(blob) < 500
        run_data, _ = await ExecutionRepo(s).get_data(eid)
        row = await ExecutionRepo(s).get(eid)
    assert run_data == big
    assert row is not None and row.status == "success" and row.last_node_executed == "A"
    assert row.finished_at is not None


async def test_claim_is_exclusive_under_concurrency(db: Database) -> None:
    eid = await _create(db, mode="trigger")

    async def attempt(owner: str) -> bool:
        async with db.session() as s:
            return await ExecutionRepo(s).claim(eid, owner=owner, lease_seconds=30)

    results = await asyncio.gather(*(attempt(f"w{i}") for i in range(5)))
    assert results.count(True) == 1
    async with db.session() as s:
        row = await ExecutionRepo(s).get(eid)
    assert row is not None and row.status == "running" and row.attempts == 1


async def test_expired_lease_can_be_reclaimed_live_one_cannot(db: Database) -> None:
    eid = await _create(db, mode="trigger")
    async with db.session() as s:
        repo = ExecutionRepo(s)
        assert await repo.claim(eid, owner="a", lease_seconds=60)
        assert not await repo.claim(eid, owner="b", lease_seconds=60)
        await repo.set_status(eid, "running", lease_expires_at=utcnow() - timedelta(seconds=1))
        assert await repo.claim(eid, owner="b", lease_seconds=60)
        assert not await repo.renew_lease(eid, owner="a", lease_seconds=60)
        assert await repo.renew_lease(eid, owner="b", lease_seconds=60)
        row = await repo.get(eid)
    assert row is not None and row.lease_owner == "b" and row.attempts == 2


async def test_claim_next_takes_manual_runs_first_then_oldest(db: Database) -> None:
    first = await _create(db, mode="webhook")
    second = await _create(db, mode="webhook")
    manual = await _create(db, mode="manual")
    claimed = []
    for _ in range(4):
        async with db.session() as s:
            row = await ExecutionRepo(s).claim_next("w", 30)
            claimed.append(row.id if row else None)
    assert claimed == [manual, first, second, None]


async def test_claim_next_returns_the_claimed_row_and_reclaims_expired_leases(db: Database) -> None:
    eid = await _create(db, mode="webhook")
    async with db.session() as s:
        row = await ExecutionRepo(s).claim_next("a", 30)
        assert row is not None and row.id == eid
        assert (row.status, row.lease_owner, row.attempts) == ("running", "a", 1) and row.started_at
        started = row.started_at
        assert await ExecutionRepo(s).claim_next("b", 30) is None  # live lease: nothing runnable
        await ExecutionRepo(s).set_status(eid, "running", lease_expires_at=utcnow() - timedelta(seconds=1))
        again = await ExecutionRepo(s).claim_next("b", 30)
    assert again is not None and (again.lease_owner, again.attempts, again.started_at) == ("b", 2, started)


async def test_waiting_and_due(db: Database) -> None:
    eid = await _create(db, mode="trigger")
    async with db.session() as s:
        repo = ExecutionRepo(s)
        await repo.set_waiting(eid, wait_till=utcnow() - timedelta(seconds=1), run_data={"r": 1})
        due = await repo.due_waiting()
    assert [r.id for r in due] == [eid] and due[0].status == "waiting"


async def test_list_filters_and_paginates(db: Database) -> None:
    ids = [await _create(db, mode="manual" if i % 2 else "webhook") for i in range(5)]
    async with db.session() as s:
        repo = ExecutionRepo(s)
        rows, total = await repo.list(ExecutionFilter(mode=["webhook"]), limit=2)
        assert total == 3 and [r.id for r in rows] == [ids[4], ids[2]]
        rows, total = await repo.list(ExecutionFilter(status=["success"]))
        assert (rows, total) == ([], 0)


async def test_delete_cascades_and_prune_keeps_newest(db: Database) -> None:
    ids = [await _create(db, mode="webhook") for _ in range(4)]
    async with db.session() as s:
        repo = ExecutionRepo(s)
        for eid in ids:
            await repo.finish(eid, status="success", run_data={"r": eid})
        assert await repo.delete([ids[0]]) == 1
        assert await repo.prune(max_age=None, max_count=2) == 1
        left = (await s.execute(select(ExecutionRow.id).order_by(ExecutionRow.id))).scalars().all()
        data_left = (await s.execute(select(ExecutionData.execution_id))).scalars().all()
    assert sorted(left) == sorted(ids[2:])
    assert sorted(data_left) == sorted(ids[2:])
