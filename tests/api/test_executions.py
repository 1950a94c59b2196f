"""Executions: list filters and pagination, retry (from the failed node or the start), bulk delete,
failed runs with ``?wait=true``, node tests on pinned input, exporting many workflows."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

AL, BOB = "alice@x.io", "bob@x.io"


def _stamped(simple_wf: dict[str, Any], *, fail: bool) -> dict[str, Any]:
    """Start -> Stamp (run = this execution's id) -> Check (fails when ``fail``)."""
    check: dict[str, Any] = {"id": "c", "name": "Check", "type": "n8n-nodes-base.noOp", "typeVersion": 1,
                             "position": [400, 0], "parameters": {}}
    if fail:
        check = {**check, "type": "n8n-nodes-base.stopAndError", "parameters": {"errorMessage": "kaputt"}}
    stamp = {"id": "s", "name": "Stamp", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [200, 0],
             "parameters": {"mode": "manual", "assignments": {"assignments": [
                 {"id": "a", "name": "run", "value": "={{ $execution.id }}", "type": "string"}]}, "options": {}}}
    return {"name": "Stamped", "nodes": [simple_wf["nodes"][0], stamp, check], "connections": {
        "Start": {"main": [[{"node": "Stamp", "type": "main", "index": 0}]]},
        "Stamp": {"main": [[{"node": "Check", "type": "main", "index": 0}]]}}}


async def _create(api: Any, doc: dict[str, Any]) -> str:
    r = await api.call("POST", "/workflows", AL, json=doc)
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"])


async def _finished(api: Any, eid: str) -> dict[str, Any]:
    for _ in range(600):  # up to 30 s on a loaded machine
        r = await api.call("GET", f"/executions/{eid}?include_data=true", AL)
        data: dict[str, Any] = r.json()["data"]
        if data["status"] not in ("new", "queued", "running"):
            return data
        await asyncio.sleep(0.05)
    raise AssertionError(f"execution {eid} did not finish: {data['status']}")


def _stamp_of(execution: dict[str, Any]) -> str:
    return str(execution["data"]["resultData"]["runData"]["Stamp"][0]["data"]["main"][0][0]["json"]["run"])


async def test_failed_run_with_wait_is_200_with_status_error(users: Any, simple_wf: dict[str, Any]) -> None:
    """The HTTP call succeeded, the workflow did not: as n8n, the execution comes back with its
    error (EXECUTION_FAILED is kept for runs that could not be started at all)."""
    wf = await _create(users, _stamped(simple_wf, fail=True))
    r = await users.call("POST", f"/workflows/{wf}/execute?wait=true", AL)
    body = r.json()
    assert r.status_code == 200 and body["success"] is True
    data = body["data"]
    assert data["status"] == "error" and data["finished"] is False and data["last_node_executed"] == "Check"
    assert "kaputt" in str(data["error"])
    r = await users.call("POST", f"/workflows/{wf}/execute?wait=true", AL,
                         json={"destination_node": "Nope"})
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "WORKFLOW_INVALID"
    assert err["message"] == "destination_node: node 'Nope' is not in the workflow"


async def test_retry_from_failed_node_reuses_earlier_run_data(users: Any, simple_wf: dict[str, Any]) -> None:
    wf = await _create(users, _stamped(simple_wf, fail=True))
    first = (await users.call("POST", f"/workflows/{wf}/execute?wait=true", AL)).json()["data"]
    assert first["status"] == "error"
    # fix the failing node, then retry with the saved workflow from the node that failed
    r = await users.call("PUT", f"/workflows/{wf}/nodes/Check", AL,
                         json={"type": "n8n-nodes-base.noOp", "parameters": {}})
    assert r.status_code == 200, r.text
    r = await users.call("POST", f"/executions/{first['id']}/retry", AL,
                         json={"from_failed_node": True, "use_saved_workflow": True})
    assert r.status_code == 202 and r.json()["data"]["retry_of"] == first["id"]
    resumed = await _finished(users, r.json()["data"]["id"])
    assert resumed["status"] == "success" and resumed["mode"] == "retry" and resumed["retry_of"] == first["id"]
    assert _stamp_of(resumed) == first["id"]  # Stamp was not run again: its output is the first run's
    r = await users.call("POST", f"/executions/{first['id']}/retry", AL,
                         json={"from_failed_node": False, "use_saved_workflow": True})
    again = await _finished(users, r.json()["data"]["id"])
    assert again["status"] == "success" and _stamp_of(again) == again["id"]  # from the start: ran anew
    r = await users.call("POST", f"/executions/{again['id']}/retry", AL)
    assert r.status_code == 409 and "only failed" in r.json()["error"]["message"]


async def test_list_filters_by_mode_time_and_pages(users: Any, simple_wf: dict[str, Any]) -> None:
    ok_wf = await _create(users, simple_wf)
    bad_wf = await _create(users, _stamped(simple_wf, fail=True))
    before = datetime.now(UTC) - timedelta(seconds=1)
    ids = [(await users.call("POST", f"/workflows/{ok_wf}/execute?wait=true", AL)).json()["data"]["id"]
           for _ in range(3)]
    failed = (await users.call("POST", f"/workflows/{bad_wf}/execute?wait=true", AL)).json()["data"]["id"]
    r = await users.call("POST", f"/executions/{failed}/retry", AL, json={"from_failed_node": False})
    retried = r.json()["data"]["id"]
    await _finished(users, retried)
    after = datetime.now(UTC) + timedelta(seconds=1)

    async def listed(query: str) -> dict[str, Any]:
        r = await users.call("GET", f"/executions?{query}", AL)
        assert r.status_code == 200, r.text
        return dict(r.json())

    body = await listed("limit=2&page=1")
    assert body["pagination"] == {"page": 1, "limit": 2, "total": 5, "total_pages": 3}
    seen = [e["id"] for p in (1, 2, 3) for e in (await listed(f"limit=2&page={p}"))["data"]]
    assert sorted(seen) == sorted([*ids, failed, retried])  # every row once across the pages
    assert [e["id"] for e in (await listed("mode=retry"))["data"]] == [retried]
    assert (await listed("mode=retry,manual"))["pagination"]["total"] == 5
    assert {e["id"] for e in (await listed(f"workflow_id={ok_wf}&mode=manual"))["data"]} == set(ids)
    assert {e["id"] for e in (await listed(f"status=error,success&workflow_id={bad_wf}"))["data"]} == {
        failed, retried}
    window = f"since={before.isoformat().replace('+00:00', 'Z')}&until={after.isoformat().replace('+00:00', 'Z')}"
    assert (await listed(window))["pagination"]["total"] == 5
    future = (after + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert (await listed(f"since={future}"))["data"] == []
    assert (await listed(f"until={before.isoformat().replace('+00:00', 'Z')}"))["data"] == []
    r = await users.call("GET", "/executions?mode=bogus", AL)
    assert r.status_code == 422 and "bogus" in r.json()["error"]["message"]
    r = await users.call("GET", "/executions?since=yesterday", AL)
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("query.since")
    assert (await users.call("GET", "/executions", BOB)).json()["data"] == []


async def test_bulk_delete(users: Any, simple_wf: dict[str, Any]) -> None:
    wf = await _create(users, simple_wf)
    ids = [(await users.call("POST", f"/workflows/{wf}/execute?wait=true", AL)).json()["data"]["id"]
           for _ in range(3)]
    r = await users.call("POST", "/executions/bulk-delete", BOB, json={"ids": ids})
    assert r.json()["data"] == {"deleted": 0, "skipped": 3}  # bob cannot see them
    r = await users.call("POST", "/executions/bulk-delete", AL, json={"ids": [ids[0], ids[1], "missing"]})
    assert r.status_code == 200 and r.json()["data"] == {"deleted": 2, "skipped": 1}
    r = await users.call("GET", "/executions", AL)
    assert [e["id"] for e in r.json()["data"]] == [ids[2]]
    r = await users.call("POST", "/executions/bulk-delete", AL, json={"ids": []})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("body.ids")


async def test_node_test_uses_pinned_parent_output(users: Any, simple_wf: dict[str, Any]) -> None:
    doc = {**simple_wf, "pinData": {"Start": [{"json": {"who": "Pinned"}}]}}
    wf = await _create(users, doc)
    r = await users.call("POST", f"/workflows/{wf}/nodes/Set/test", AL)
    data = r.json()["data"]
    assert r.status_code == 200 and data["status"] == "success" and data["node"] == "Set"
    assert [i["json"]["greeting"] for i in data["output"]] == ["hello Pinned"]
    r = await users.call("POST", f"/workflows/{wf}/nodes/Set/test", AL, json={"input": [{"who": "Given"}]})
    assert [i["json"]["greeting"] for i in r.json()["data"]["output"]] == ["hello Given"]
    r = await users.call("POST", f"/workflows/{wf}/nodes/Nope/test", AL)
    assert r.status_code == 404 and r.json()["error"]["message"] == "node 'Nope' not found"


async def test_export_many_roundtrips_through_import(users: Any, simple_wf: dict[str, Any]) -> None:
    one = await _create(users, {**simple_wf, "tags": ["crm"]})
    two = await _create(users, {**simple_wf, "name": "Two"})
    r = await users.call("GET", "/workflows/export", AL)
    docs = r.json()["data"]["workflows"]
    assert [d["id"] for d in docs] == [one, two] and docs[0]["tags"][0]["name"] == "crm"
    r = await users.call("GET", f"/workflows/export?ids={two}", AL)
    assert [d["name"] for d in r.json()["data"]["workflows"]] == ["Two"]
    r = await users.call("GET", f"/workflows/export?ids={one},{two}", BOB)
    assert r.status_code == 404 and "Simple" not in r.text
    assert (await users.call("GET", "/workflows/export", BOB)).json()["data"]["workflows"] == []
    for d in docs:
        await users.call("DELETE", f"/workflows/{d['id']}", AL)
    r = await users.call("POST", "/workflows/import", BOB, json={"workflows": [
        {k: v for k, v in d.items() if k != "id"} for d in docs]})
    assert r.status_code == 201 and [w["name"] for w in r.json()["data"]["imported"]] == ["Simple", "Two"]
    r = await users.call("POST", "/workflows/import", BOB, json={**docs[0], "id": "export"})
    assert r.json()["data"]["imported"][0]["id"] != "export"  # would be shadowed by GET /workflows/export
