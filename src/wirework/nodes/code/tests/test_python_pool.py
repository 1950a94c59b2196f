"""Which worker a Python job runs in: warm workers are shared only by jobs of one execution,
never across executions, and a worker that failed is never reused."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from wirework.engine import run_workflow
from wirework.model import load_workflow
from wirework.nodes.code.pyrun.pool import PythonRunnerPool, PythonSession
from wirework.nodes.code.pyrun.sandbox import RunnerSpec
from wirework.nodes.sdk import ExecutionServices, FakeClock

PID = "import os\nreturn os.getpid()"


@pytest.fixture
def pool() -> Iterator[PythonRunnerPool]:
    p = PythonRunnerPool(RunnerSpec(), size=2)
    yield p
    p.close()


async def _value(pool: PythonRunnerPool, code: str, session: PythonSession | None, timeout: float = 5) -> Any:
    job = {"code": code, "mode": "runOnceForAllItems", "timeout": timeout, "data": {"items": []}}
    answer = await pool.run(job, timeout=timeout, session=session)
    return answer if "failure" in answer else answer["results"][0].get("value", answer["results"][0])


async def test_jobs_of_one_session_share_a_warm_worker(pool: PythonRunnerPool) -> None:
    session = PythonSession()
    first = await _value(pool, "import string\nstring.seen = 'kept'\n" + PID, session)
    assert await _value(pool, PID, session) == first
    assert await _value(pool, "import string\nreturn getattr(string, 'seen', None)", session) == "kept"


async def test_other_sessions_and_sessionless_jobs_never_see_that_state(pool: PythonRunnerPool) -> None:
    mine = PythonSession()
    pid = await _value(pool, "import string\nstring.secret = 'only mine'\n" + PID, mine)
    probe = "import os, string\nreturn [os.getpid(), getattr(string, 'secret', None)]"
    other = await _value(pool, probe, PythonSession())
    assert other[0] != pid and other[1] is None
    alone = [await _value(pool, probe, None) for _ in range(3)]
    assert all(a[1] is None and a[0] != pid for a in alone)
    assert len({a[0] for a in alone}) == 3  # without a session every job gets a fresh worker


async def test_an_ended_session_releases_its_workers(pool: PythonRunnerPool) -> None:
    session = PythonSession()
    await _value(pool, PID, session)
    assert pool.idle_workers() == 1
    del session
    gc.collect()
    await _value(pool, PID, None)
    assert pool.idle_workers() == 0


@pytest.mark.parametrize(("code", "failure"), [
    ("while True:\n    pass", {"failure": "timeout"}),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", None),  # denied: not a failure
])
async def test_a_worker_that_overran_is_replaced_within_the_session(
    pool: PythonRunnerPool, code: str, failure: dict[str, Any] | None,
) -> None:
    session = PythonSession()
    before = await _value(pool, PID, session)
    answer = await _value(pool, code, session, timeout=0.5)
    if failure is not None:
        assert answer == failure
        assert await _value(pool, PID, session) != before
    else:
        assert "not allowed" in answer["error"]["message"]
        assert await _value(pool, PID, session) == before


async def test_running_out_of_memory_retires_the_worker() -> None:
    pool = PythonRunnerPool(RunnerSpec(memory_mb=128), size=1)
    try:
        session = PythonSession()
        before = await _value(pool, PID, session)
        answer = await _value(pool, "x = bytearray(512 * 1024 * 1024)", session)
        assert "memory" in answer["error"]["message"]
        after = await _value(pool, PID, session)
        assert isinstance(after, int) and after != before
    finally:
        pool.close()


def _two_code_nodes(first: str, second: str) -> dict[str, Any]:
    def node(name: str, code: str, x: int) -> dict[str, Any]:
        return {"name": name, "type": "n8n-nodes-base.code", "typeVersion": 2, "position": [x, 0],
                "parameters": {"language": "python", "pythonCode": code}}

    return {
        "name": "two python nodes",
        "nodes": [{"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0],
                   "parameters": {}}, node("First", first, 200), node("Second", second, 400)],
        "connections": {"Start": {"main": [[{"node": "First", "type": "main", "index": 0}]]},
                        "First": {"main": [[{"node": "Second", "type": "main", "index": 0}]]}},
    }


async def test_executions_do_not_share_python_state() -> None:
    """A module attribute set by one execution's Code node is gone in the next execution."""
    wf = load_workflow(_two_code_nodes(
        "import string\nseen = getattr(string, 'mark', None)\nstring.mark = 'set'\nreturn [{'seen': seen}]",
        "import string\nreturn [{'first_saw': _input.first().json.seen, 'now': getattr(string, 'mark', None)}]",
    ))
    for _ in range(2):
        services = ExecutionServices(clock=FakeClock(), settings={"code_timeout": 5})
        result = await run_workflow(wf, services=services)
        assert result.status == "success"
        assert [i["json"] for i in result.output()] == [{"first_saw": None, "now": "set"}]


async def test_code_compiled_ahead_by_the_runner_behaves_the_same(pool: PythonRunnerPool) -> None:
    """Fresh workers forked after a node first ran start with its code compiled (or its
    syntax error recorded): every run reports the same result either way."""
    bad = "x = 1\nreturn [x +]"
    good = "import math\nreturn math.floor(_input.all()[0].json.v * 10) if _input.all() else 7"
    answers = [await _value(pool, bad, None) for _ in range(5)]
    assert all(a == answers[0] for a in answers)
    assert answers[0]["error"]["type"] == "SyntaxError" and answers[0]["error"]["line"] == 2
    assert [await _value(pool, good, None) for _ in range(5)] == [7] * 5
