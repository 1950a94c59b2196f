"""Runtime test fixtures: a started Runtime on the shared ``db`` fixture, workflow builders."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from wirework.runtime import Runtime
from wirework.settings import Settings
from wirework.store import Database
from wirework.store.models_workflow import WorkflowRow

sys.path.insert(0, str(Path(__file__).parent))  # rt_builders for the test modules


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, concurrency=3, execution_lease_seconds=2.0, worker_poll_interval=0.2,
                    scheduler_lock_seconds=2.0, timezone="UTC")


RuntimeFactory = Callable[..., Any]


@pytest.fixture
async def make_runtime(db: Database, settings: Settings) -> AsyncIterator[RuntimeFactory]:
    started: list[Runtime] = []

    async def factory(**changes: Any) -> Runtime:
        rt = Runtime(settings.model_copy(update=changes), db)
        await rt.start()
        started.append(rt)
        return rt

    yield factory
    for rt in reversed(started):
        await rt.stop()


@pytest.fixture
async def runtime(make_runtime: RuntimeFactory) -> Runtime:
    return await make_runtime()


@pytest.fixture
def save_workflow(db: Database) -> Callable[..., Any]:
    async def save(document: dict[str, Any], *, active: bool = False, workflow_id: str | None = None) -> str:
        async with db.session() as s:
            row = WorkflowRow(name=document.get("name", "wf"), document=document, active=active)
            if workflow_id:
                row.id = workflow_id
            s.add(row)
            await s.flush()
            return row.id

    return save
