"""Schedules and pollers of active workflows; one leader fires across processes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from rt_builders import chain, node, set_node, until
from sqlalchemy import select

from local_http import serving, text_app
from wirework.runtime import ActivationError
from wirework.runtime import leader as leader_module
from wirework.runtime.leader import LeaderLock
from wirework.store.models_exec import ExecutionRow
from wirework.store.models_workflow import WorkflowRow


def every_second() -> dict:
    return node("Schedule", "scheduleTrigger", {"rule": {"interval": [{"field": "seconds", "secondsInterval": 1}]}}, 1.2)


async def executions_of(db, wf_id: str) -> list[ExecutionRow]:
    async with db.session() as s:
        return list((await s.execute(select(ExecutionRow).where(ExecutionRow.workflow_id == wf_id))).scalars())


async def test_schedule_every_second_fires_from_one_of_two_processes(make_runtime, save_workflow, db):
    # a lease far longer than any stall of a loaded machine: leadership never changes hands here
    a, b = await make_runtime(scheduler_lock_seconds=30.0), await make_runtime(scheduler_lock_seconds=30.0)
    wf_id = await save_workflow(chain(every_second(), set_node(tick="={{ $json.Second }}")), active=True)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await a.activation.activate(wf_id)
    await b.activation.activate(wf_id)  # both processes know the schedule

    async def three_ticks() -> bool:
        return len(await executions_of(db, wf_id)) >= 3

    await until(three_ticks, timeout=30, step=0.1)
    await a.activation.deactivate(wf_id)
    await b.activation.deactivate(wf_id)
    elapsed = loop.time() - started
    rows = await executions_of(db, wf_id)
    assert len(rows) <= elapsed + 2  # one per second: not doubled by the second process
    assert all(r.mode == "trigger" for r in rows)
    done = [await a.executions.wait(r.id, timeout=10) for r in rows]
    ticks = [d["output"][0]["json"]["tick"] for d in done]
    assert len(set(ticks)) == len(ticks)
    assert sum([a.triggers.leader.is_leader, b.triggers.leader.is_leader]) == 1


async def test_invalid_cron_is_an_activation_error(runtime, save_workflow):
    bad = node("Schedule", "scheduleTrigger", {"rule": {"interval": [{"field": "cronExpression", "expression": "0 0 99 * * *"}]}}, 1.2)
    wf_id = await save_workflow(chain(bad), active=True)
    with pytest.raises(ActivationError, match="Node 'Schedule' has an invalid schedule"):
        await runtime.activation.activate(wf_id)


async def test_local_file_poller_starts_executions_and_keeps_static_data(runtime, save_workflow, db, tmp_path):
    watched = tmp_path / "in"
    watched.mkdir()
    trig = node("Files", "localFileTrigger", {"triggerOn": "folder", "path": str(watched), "events": ["add"]})
    wf_id = await save_workflow(chain(trig, set_node(file="={{ $json.path }}")), active=True)
    await runtime.activation.activate(wf_id)

    async def snapshot_saved() -> bool:
        async with db.session() as s:
            row = await s.get(WorkflowRow, wf_id)
            return bool((row.static_data or {}).get("node:Files", {}).get("snapshot") is not None)

    await until(snapshot_saved, timeout=10, step=0.1)
    (watched / "a.csv").write_text("1")

    async def one_execution() -> bool:
        return len(await executions_of(db, wf_id)) == 1

    await until(one_execution, timeout=10, step=0.1)
    [row] = await executions_of(db, wf_id)
    done = await runtime.executions.wait(row.id, timeout=10)
    assert done["output"][0]["json"]["file"].endswith("a.csv")
    await asyncio.sleep(1.5)
    assert len(await executions_of(db, wf_id)) == 1  # seen once


async def test_leader_lock_is_exclusive_until_expiry(db, monkeypatch):
    now = [datetime(2026, 3, 1, 12, 0, tzinfo=UTC)]  # the lock's clock: a slow machine cannot expire it
    monkeypatch.setattr(leader_module, "utcnow", lambda: now[0])
    a = LeaderLock(db, owner="a", ttl=0.5)
    b = LeaderLock(db, owner="b", ttl=0.5)
    assert await a.acquire() and not await b.acquire()
    now[0] += timedelta(seconds=0.3)
    assert await a.acquire()  # renew
    now[0] += timedelta(seconds=0.4)
    assert not await b.acquire()  # renewed 0.4 s ago: still a's
    now[0] += timedelta(seconds=0.2)
    assert await b.acquire() and not await a.acquire()
    await b.release()
    assert await a.acquire()


async def test_failing_poller_starts_the_error_workflow(runtime, save_workflow, db):
    handler = await save_workflow(chain(node("On Error", "errorTrigger"),
                                        set_node(msg="={{ $json.trigger.error.message }}"), name="handler"))
    broken = node("Files", "localFileTrigger", {"triggerOn": "sideways", "path": "x"})
    wf_id = await save_workflow(chain(broken, name="poller", settings={"errorWorkflow": handler}), active=True)
    await runtime.activation.activate(wf_id)

    async def handled() -> bool:
        return bool(await executions_of(db, handler))

    await until(handled, timeout=10, step=0.1)
    await runtime.activation.deactivate(wf_id)
    row = await runtime.executions.wait((await executions_of(db, handler))[0].id, timeout=10)
    assert row["mode"] == "error" and "trigger on" in row["output"][0]["json"]["msg"]


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>new</title><guid>2</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>old</title><guid>1</guid><pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.fixture
async def feed_url():
    async with serving(text_app("/rss", RSS, "application/rss+xml")) as port:
        yield f"http://127.0.0.1:{port}/rss"


async def test_rss_poller_follows_poll_times_and_remembers_entries(runtime, save_workflow, db, feed_url):
    trig = node("RSS", "rssFeedReadTrigger", {"feedUrl": feed_url, "pollTimes": {
        "item": [{"mode": "custom", "cronExpression": "* * * * * *"}]}})
    wf_id = await save_workflow(chain(trig, name="rss"), active=True)
    async with db.session() as s:  # seen up to Mar 2: only the Mar 3 entry is new, once
        row = await s.get(WorkflowRow, wf_id)
        row.static_data = {"node:RSS": {"lastItemDate": "2026-03-02T00:00:00.000Z"}}
    await runtime.activation.activate(wf_id)

    async def polled() -> bool:
        return bool(await executions_of(db, wf_id))

    await until(polled, timeout=10, step=0.1)
    await asyncio.sleep(2.2)  # two more polls find nothing new
    await runtime.activation.deactivate(wf_id)
    runs = await executions_of(db, wf_id)
    assert len(runs) == 1
    done = await runtime.executions.wait(runs[0].id, timeout=10)
    assert [i["json"]["title"] for i in done["output"]] == ["new"]
    async with db.session() as s:
        static = (await s.get(WorkflowRow, wf_id)).static_data
    assert static["node:RSS"]["lastItemDate"] == "2026-03-03T10:00:00.000Z"


async def test_leadership_lapses_locally_without_a_timely_renewal(db, monkeypatch):
    """A process whose renewal came back later than its lease must not keep firing."""

    lock = LeaderLock(db, owner="slow", ttl=0.2)
    assert await lock.acquire() and lock.is_leader
    await asyncio.sleep(0.3)
    assert not lock.is_leader  # no renewal in time: not the leader any more, whatever the row says
    take = lock._try

    async def slow_round_trip() -> bool:
        held = await take()
        await asyncio.sleep(0.3)
        return held

    monkeypatch.setattr(lock, "_try", slow_round_trip)
    assert await lock.acquire() is False and not lock.is_leader
