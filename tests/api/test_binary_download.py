"""Downloading an execution's binary data: ``GET /executions/{id}/binary`` streams file-backed
payloads from disk and decodes inline ones, with the access rules of the execution's data; a
retry keeps its inherited files when the execution it came from is deleted and pruned."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from wirework.settings import Settings
from wirework.store.repos import ExecutionRepo

AL, BOB, ADMIN = "alice@x.io", "bob@x.io", "admin@x.io"
LIMIT = 256
BIG = "größer als das Limit\n" * 40  # ~900 bytes: stored on disk
SMALL = "klein ✓"  # inline base64
NAME = "Grüße €.txt"


@pytest.fixture
def settings_factory(settings_factory: Callable[..., Settings]) -> Callable[..., Settings]:
    """The API fixtures, with an inline limit low enough for a small file to go to disk."""
    return lambda **kw: settings_factory(**{"binary_inline_limit": LIMIT, **kw})


def _files_workflow(*, fail: bool) -> dict[str, Any]:
    """Start -> Rows (two texts) -> Split -> To File (one file per text) -> Check (fails when ``fail``)."""
    def node(name: str, kind: str, params: dict[str, Any], version: float = 1) -> dict[str, Any]:
        return {"id": name, "name": name, "type": f"n8n-nodes-base.{kind}", "typeVersion": version,
                "position": [0, 0], "parameters": params}

    nodes = [
        node("Start", "manualTrigger", {}),
        node("Rows", "set", {"mode": "raw", "jsonOutput": json.dumps({"rows": [{"text": BIG}, {"text": SMALL}]})}, 3.4),
        node("Split", "splitOut", {"fieldToSplitOut": "rows"}),
        node("To File", "convertToFile", {"operation": "toText", "sourceProperty": "text",
                                          "options": {"fileName": NAME}}, 1.1),
        node("Check", "stopAndError", {"errorMessage": "kaputt"}) if fail else node("Check", "noOp", {}),
    ]
    chain = [n["name"] for n in nodes]
    return {"name": "Files", "nodes": nodes, "settings": {"executionOrder": "v1"}, "connections": {
        a: {"main": [[{"node": b, "type": "main", "index": 0}]]} for a, b in pairwise(chain)}}


async def _run(api: Any, *, fail: bool = False) -> tuple[str, str]:
    """(workflow id, execution id) of a finished run of the files workflow."""
    r = await api.call("POST", "/workflows", AL, json=_files_workflow(fail=fail))
    wf = r.json()["data"]["id"]
    r = await api.call("POST", f"/workflows/{wf}/execute?wait=true", AL)
    data = r.json()["data"]
    assert data["status"] == ("error" if fail else "success"), data
    return wf, data["id"]


async def _refs(api: Any, eid: str) -> list[dict[str, Any]]:
    r = await api.call("GET", f"/executions/{eid}/data", AL)
    items = r.json()["data"]["data"]["resultData"]["runData"]["To File"][0]["data"]["main"][0]
    return [i["binary"]["data"] for i in items]


def _folder(api: Any, eid: str) -> Path:
    return Path(api.app.state.settings.data_dir) / "binary" / eid


async def _get(api: Any, eid: str, query: str, who: str | None = AL, **kw: Any) -> Any:
    return await api.call("GET", f"/executions/{eid}/binary?{query}", who, **kw)


async def test_file_backed_and_inline_payloads_download_with_their_headers(users: Any) -> None:
    _wf, eid = await _run(users)
    big_ref, small_ref = await _refs(users, eid)
    assert big_ref["id"].startswith(f"filesystem-v2:{eid}/") and "id" not in small_ref

    r = await _get(users, eid, "node=To File&item=0")
    assert r.status_code == 200 and r.content == BIG.encode()
    assert r.headers["content-type"] == "text/plain"
    assert r.headers["content-length"] == str(len(BIG.encode()))
    assert r.headers["content-disposition"] == (
        "inline; filename=\"Gr__e _.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%82%AC.txt")

    r = await _get(users, eid, "node=To File&run=0&output=0&item=1&property=data&download=1")
    assert r.status_code == 200 and r.content == SMALL.encode()
    assert r.headers["content-length"] == str(len(SMALL.encode()))
    assert r.headers["content-disposition"].startswith('attachment; filename="Gr__e _.txt"; filename*=')

    r = await _get(users, eid, f"id={big_ref['id']}&download=true")  # the id form, same file
    assert r.content == BIG.encode() and r.headers["content-disposition"].startswith("attachment;")


async def test_same_access_as_the_execution_data(users: Any) -> None:
    _wf, eid = await _run(users)
    query = "node=To File"
    r, data = await _get(users, eid, query, BOB), await users.call("GET", f"/executions/{eid}/data", BOB)
    assert r.status_code == data.status_code == 404
    assert r.json()["error"] == data.json()["error"]
    assert (await _get(users, eid, query, ADMIN)).content == BIG.encode()
    assert (await _get(users, eid, query, None)).status_code == 401

    async def key(*scopes: str) -> dict[str, str]:
        r = await users.call("POST", "/api-keys", AL, json={"name": "k", "scopes": list(scopes)})
        return {"X-API-Key": r.json()["data"]["key"]}

    r = await _get(users, eid, query, None, headers=await key("workflow:read"))
    assert r.status_code == 403 and "execution:read" in r.json()["error"]["message"]
    r = await _get(users, eid, query, None, headers=await key("execution:read"))
    assert r.status_code == 200 and r.content == BIG.encode()


async def test_bad_requests_say_what_is_wrong(users: Any) -> None:
    _wf, eid = await _run(users)
    cases = {
        "node=To File&run=1": (404, "node 'To File' has 1 run in execution"),
        "node=To File&output=1": (404, "run 0 of node 'To File' has 1 output; output 1 does not exist"),
        "node=To File&item=2": (404, "output 0 of node 'To File' (run 0) has 2 items; item 2 does not exist"),
        "node=To File&property=file": (
            404, "item 0 of output 0 of node 'To File' (run 0) has no binary property 'file' (it has: data)"),
        "node=Rows": (404, "item 0 of output 0 of node 'Rows' (run 0) has no binary property 'data' "
                           "(it has no binary data)"),
        "node=Nope": (404, f"execution '{eid}' has no run data for node 'Nope'"),
        "id=filesystem-v2:nope/abc": (404, f"binary data 'filesystem-v2:nope/abc' is not in the run data of "
                                           f"execution '{eid}'"),
        "": (422, "either 'node'"),
        "node=To File&id=x": (422, "not both"),
        "node=To File&item=-1": (422, "query.item"),
    }
    for query, (status, message) in cases.items():
        r = await _get(users, eid, query)
        assert r.status_code == status, (query, r.text)
        body = r.json()
        assert body["success"] is False and message in body["error"]["message"], (query, body)
    r = await _get(users, "0" * 32, "node=To File")
    assert r.status_code == 404 and r.json()["error"]["message"] == f"execution '{'0' * 32}' not found"

    # the file of a payload pruned from disk
    for f in _folder(users, eid).iterdir():
        f.unlink()
    r = await _get(users, eid, "node=To File")
    assert r.status_code == 410
    assert r.json()["error"]["message"] == (
        f"the file of binary property 'data' of item 0 of output 0 of node 'To File' (run 0) is no longer "
        f"on disk: the binary data of execution '{eid}' was pruned or deleted")
    assert (await _get(users, eid, "node=To File&item=1")).content == SMALL.encode()  # inline: still there


async def test_forged_run_data_reaches_nothing_outside_the_execution(users: Any) -> None:
    """Run data naming files elsewhere (another execution's, or a path out of the data
    directory) is refused, never read; a page served inline runs sandboxed, its name is
    cut to a plain file name and its header-breaking type ignored."""
    wf, other = await _run(users)
    other_ref = (await _refs(users, other))[0]
    secret = Path(users.app.state.settings.data_dir) / "secret.txt"
    secret.write_text("top secret")
    ids = [other_ref["id"], "filesystem-v2:../secret.txt", "filesystem-v2:x/../../secret.txt",
           "filesystem-v2:..", "/etc/passwd"]
    items = [{"json": {}, "binary": {"data": {"id": i, "data": "filesystem-v2", "mimeType": "text/plain"}}}
             for i in ids]
    page = base64.b64encode(b"<script>alert(1)</script>").decode()
    items += [{"json": {}, "binary": {"data": {"data": page, "mimeType": "text/html", "fileName": '../x"y.html'}}},
              {"json": {}, "binary": {"data": {"data": page, "mimeType": "text/html\r\nX-Evil: 1"}}}]
    async with users.app.state.db.session() as s:
        row = await ExecutionRepo(s).create(
            workflow={"nodes": [], "connections": {}}, workflow_id=wf, mode="manual", status="success",
            created_by=users.ids[AL],
            run_data={"resultData": {"runData": {"Forged": [{"data": {"main": [items]}}]}}})
        eid = row.id
    for i in range(len(ids)):
        r = await _get(users, eid, f"node=Forged&item={i}")
        assert r.status_code == 404, (ids[i], r.text)
        assert "cannot be served" in r.json()["error"]["message"], r.text
        assert "top secret" not in r.text and BIG not in r.text
    r = await _get(users, eid, f"node=Forged&item={len(ids)}")
    assert r.headers["content-type"] == "text/html"
    assert r.headers["content-disposition"] == "inline; filename=\"x_y.html\"; filename*=UTF-8''x%22y.html"
    assert r.headers["content-security-policy"] == "sandbox; default-src 'none'"
    r = await _get(users, eid, f"node=Forged&item={len(ids) + 1}")
    assert r.headers["content-type"] == "application/octet-stream" and "x-evil" not in r.headers


async def test_retry_keeps_its_files_when_the_original_is_deleted(users: Any) -> None:
    wf, first = await _run(users, fail=True)
    original = (await _refs(users, first))[0]["id"]
    r = await users.call("PUT", f"/workflows/{wf}/nodes/Check", AL, json={"type": "n8n-nodes-base.noOp",
                                                                         "parameters": {}})
    assert r.status_code == 200, r.text
    r = await users.call("POST", f"/executions/{first}/retry", AL,
                         json={"from_failed_node": True, "use_saved_workflow": True})
    retry = r.json()["data"]["id"]
    for _ in range(200):
        done = (await users.call("GET", f"/executions/{retry}", AL)).json()["data"]
        if done["status"] not in ("new", "queued", "running"):
            break
        await asyncio.sleep(0.05)
    assert done["status"] == "success", done
    # To File did not run again: its file is the original one, now in the retry's own folder
    assert (await _refs(users, retry))[0]["id"] == original.replace(first, retry)

    assert (await users.call("DELETE", f"/executions/{first}", AL)).status_code == 200
    await users.app.state.runtime.prune()
    assert not _folder(users, first).exists()
    r = await _get(users, retry, "node=To File")
    assert r.status_code == 200 and r.content == BIG.encode()


async def test_webhook_upload_lives_with_its_execution(users: Any) -> None:
    """A large upload is stored before its execution exists (under ``temp``); the execution
    starts with its own link to it, so it is downloadable and lasts as long as the execution."""
    hook = {"name": "Upload", "connections": {}, "nodes": [{
        "id": "w", "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0],
        "parameters": {"path": "upload", "httpMethod": "POST", "responseMode": "lastNode"}}]}
    r = await users.call("POST", "/workflows", AL, json=hook)
    wf = r.json()["data"]["id"]
    assert (await users.call("POST", f"/workflows/{wf}/activate", AL)).status_code == 200
    payload = bytes(range(256)) * 1100  # more than one chunk of the stream
    r = await users.client.post("/webhook/upload", content=payload, headers={"content-type": "image/png"})
    assert r.status_code == 200, r.text
    eid = (await users.call("GET", f"/executions?workflow_id={wf}", AL)).json()["data"][0]["id"]
    r = await users.call("GET", f"/executions/{eid}/data", AL)
    ref = r.json()["data"]["data"]["resultData"]["runData"]["Webhook"][0]["data"]["main"][0][0]["binary"]["data"]
    assert ref["id"].startswith(f"filesystem-v2:{eid}/")
    r = await _get(users, eid, "node=Webhook")
    assert r.content == payload and r.headers["content-type"] == "image/png"
    assert r.headers["content-disposition"] == 'inline; filename="data.png"'
