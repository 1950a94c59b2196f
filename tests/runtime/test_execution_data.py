"""What executions keep beyond their run data: large binary files on disk (removed with the
execution) and the workflow's static data (remove-duplicates history across production runs)."""

from __future__ import annotations

import json
from typing import Any

from rt_builders import chain, manual, node

from wirework.runtime import Runtime
from wirework.store.models_workflow import WorkflowRow
from wirework.store.repos import ExecutionRepo

ROWS = [{"n": i, "text": "x" * 40} for i in range(200)]


def _csv_workflow() -> dict[str, Any]:
    return chain(
        manual(),
        node("Rows", "set", {"mode": "raw", "jsonOutput": json.dumps({"rows": ROWS})}, 3.4),
        node("Split", "splitOut", {"fieldToSplitOut": "rows"}),
        node("To CSV", "convertToFile", {"operation": "csv", "options": {"fileName": "rows.csv"}}, 1.1),
        node("Parse", "extractFromFile", {"operation": "csv"}, 1.1),
    )


async def test_large_files_live_on_disk_and_go_with_their_execution(make_runtime, db, settings) -> None:
    runtime: Runtime = await make_runtime(binary_inline_limit=1024)
    ex_id = await runtime.executions.start(workflow=_csv_workflow(), mode="trigger")
    row = await runtime.executions.wait(ex_id, timeout=30)
    assert row["status"] == "success", row.get("error")
    ref = row["data"]["resultData"]["runData"]["To CSV"][0]["data"]["main"][0][0]["binary"]["data"]
    assert ref["id"].startswith(f"filesystem-v2:{ex_id}/") and ref["data"] == "filesystem-v2"
    assert len(row["output"]) == len(ROWS)  # Parse read the file back from disk
    folder = settings.data_dir / "binary" / ex_id
    assert folder.is_dir()

    async with db.session() as s:
        await ExecutionRepo(s).delete([ex_id])
    await runtime.prune()
    assert not folder.exists()


def _dedupe_workflow() -> dict[str, Any]:
    return chain(
        manual(),
        node("Dedupe", "removeDuplicates",
             {"operation": "removeItemsSeenInPreviousExecutions", "dedupeField": "={{ $json.id }}"}, 2),
    )


async def _run(runtime: Runtime, wf_id: str, doc: dict[str, Any], mode: str, ids: list[int]) -> list[int]:
    ex_id = await runtime.executions.start(workflow=doc, workflow_id=wf_id, mode=mode,
                                           trigger_items=[{"json": {"id": i}} for i in ids])
    row = await runtime.executions.wait(ex_id, timeout=30)
    assert row["status"] == "success", row.get("error")
    return [i["json"]["id"] for i in row["output"] or []]


async def test_production_runs_remember_what_they_have_seen(runtime: Runtime, save_workflow, db) -> None:
    doc = _dedupe_workflow()
    wf_id = await save_workflow(doc, active=True)
    assert await _run(runtime, wf_id, doc, "trigger", [1, 2]) == [1, 2]
    assert await _run(runtime, wf_id, doc, "webhook", [2, 3]) == [3]
    async with db.session() as s:
        stored = (await s.get(WorkflowRow, wf_id)).static_data
    assert "node:Dedupe" in stored


async def test_manual_runs_do_not_change_the_history(runtime: Runtime, save_workflow) -> None:
    doc = _dedupe_workflow()
    wf_id = await save_workflow(doc, active=True)
    assert await _run(runtime, wf_id, doc, "manual", [1, 2]) == [1, 2]
    assert await _run(runtime, wf_id, doc, "trigger", [1, 2]) == [1, 2]
