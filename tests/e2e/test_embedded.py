"""End-to-end, embedded shape: one real server process (SQLite), plus worker processes."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
import websockets
from e2e_support import Api, eventually
from rt_builders import chain, fail_node, manual, node, set_node, wait_node

pytestmark = pytest.mark.slow


def webhook(path: str, method: str = "POST", **params) -> dict:
    return node("Webhook", "webhook", {"path": path, "httpMethod": method, **params}, 2, webhookId=path)


def test_webhook_response_modes(shared_server):
    server = shared_server
    api = Api(server.url)
    api.create(chain(webhook("now"), set_node(a="1"), name="now"), activate=True)
    api.create(chain(webhook("last", responseMode="lastNode"), set_node(who="={{ $json.body.name }}"),
                     name="last"), activate=True)
    api.create(chain(webhook("node/:id", "GET", responseMode="responseNode"),
                     node("Respond", "respondToWebhook",
                          {"respondWith": "json", "responseBody": '={"id": "{{ $json.params.id }}"}',
                           "options": {"responseCode": 202}}, 1.1), name="node"), activate=True)
    with httpx.Client(base_url=server.url, timeout=30) as http:
        r = http.post("/webhook/now", json={})
        assert r.status_code == 200 and r.json() == {"message": "Workflow was started"}
        r = http.post("/webhook/last", json={"name": "ada"})
        assert r.status_code == 200 and r.json() == {"who": "ada"}
        r = http.get("/webhook/node/77")
        assert r.status_code == 202 and r.json() == {"id": "77"}
        assert http.get("/webhook/nothing").status_code == 404
        respond_timed = 'wirework_node_duration_seconds_count{node_type="n8n-nodes-base.respondToWebhook"} 1.0'
        # the runs finish just after their answers went out
        metrics = eventually(lambda: (lambda t: t if respond_timed in t else None)(http.get("/api/v1/metrics").text))
    assert 'wirework_webhook_duration_seconds_count{method="POST",status="200"}' in metrics
    assert 'wirework_webhook_duration_seconds_count{method="GET",status="404"} 1.0' in metrics
    assert 'wirework_executions_total{mode="webhook",status="success"}' in metrics
    assert 'wirework_node_duration_seconds_count{node_type="n8n-nodes-base.set"}' in metrics
    assert "wirework_queue_depth " in metrics and "wirework_active_executions " in metrics


def test_schedule_every_second_produces_executions(shared_server):
    server = shared_server
    api = Api(server.url)
    sched = node("Schedule", "scheduleTrigger",
                 {"rule": {"interval": [{"field": "seconds", "secondsInterval": 1}]}}, 1.2)
    wf_id = api.create(chain(sched, set_node(ok="1"), name="tick"), activate=True)
    rows = eventually(lambda: (lambda xs: xs if len(xs) >= 3 else None)(api.executions(wf_id)), timeout=15)
    api.client.post(f"/api/v1/workflows/{wf_id}/deactivate").raise_for_status()
    assert {r["mode"] for r in rows} == {"trigger"}


def test_wait_survives_restart_and_resumes_by_webhook(cluster):
    server = cluster.serve()
    api = Api(server.url)
    wf_id = api.create(chain(webhook("start"), set_node("Resume", url="={{ $execution.resumeUrl }}"),
                             wait_node(resume="webhook", httpMethod="POST"),
                             set_node("Said", said="={{ $json.body.say }}"), name="waits"), activate=True)
    httpx.post(f"{server.url}/webhook/start", json={}).raise_for_status()
    [row] = eventually(lambda: [r for r in api.executions(wf_id) if r["status"] == "waiting"])
    url = api.data(row["id"])["data"]["resultData"]["runData"]["Resume"][0]["data"]["main"][0][0]["json"]["url"]
    assert url == f"{server.url}/webhook-waiting/{row['id']}"
    server.restart()
    r = httpx.post(url, json={"say": "back"}, timeout=30)  # $execution.resumeUrl, after the restart
    assert r.status_code == 200, r.text
    done = api.wait_status(row["id"])
    assert done["status"] == "success"
    data = api.data(row["id"])["data"]["resultData"]["runData"]
    assert data["Said"][0]["data"]["main"][0][0]["json"] == {"said": "back"}
    assert {n: len(runs) for n, runs in data.items()} == {"Webhook": 1, "Resume": 1, "Wait": 1, "Said": 1}
    # the activation came back with the restart: the production URL still starts runs
    assert httpx.post(f"{server.url}/webhook/start", json={}).status_code == 200
    eventually(lambda: len(api.executions(wf_id)) == 2)


def test_stop_and_retry(shared_server):
    server = shared_server
    api = Api(server.url)
    slow = api.create(chain(manual(), wait_node(resume="timeInterval", amount=30, unit="seconds"),
                            set_node(a="1"), name="slow"))
    ex = api.client.post(f"/api/v1/workflows/{slow}/execute").json()["data"]
    api.wait_status(ex["id"], ("running",))
    time.sleep(0.3)
    assert api.client.post(f"/api/v1/executions/{ex['id']}/stop").status_code == 200
    assert api.wait_status(ex["id"])["status"] == "canceled"

    broken = api.create(chain(manual(), set_node("A", a="1"), fail_node("B"), name="broken"))
    ex = api.client.post(f"/api/v1/workflows/{broken}/execute").json()["data"]
    assert api.wait_status(ex["id"])["status"] == "error"
    fixed = chain(manual(), set_node("A", a="1"), set_node("B", b="2"), name="broken")
    api.client.put(f"/api/v1/workflows/{broken}", json=fixed).raise_for_status()
    r = api.client.post(f"/api/v1/executions/{ex['id']}/retry", json={"use_saved_workflow": True})
    assert r.status_code == 202, r.text
    retried = api.wait_status(r.json()["data"]["id"])
    assert retried["status"] == "success" and retried["retry_of"] == ex["id"]
    assert api.execution(ex["id"])["retry_success_id"] == retried["id"]


def test_error_workflow_fires_with_payload(shared_server):
    server = shared_server
    api = Api(server.url)
    handler = api.create(chain(node("On Error", "errorTrigger"),
                               set_node(failed="={{ $json.execution.error.message }}"), name="handler"))
    failing = chain(webhook("explode"), fail_node("Boom", "kaboom"), name="failing",
                    settings={"errorWorkflow": handler})
    failing_id = api.create(failing, activate=True)
    httpx.post(f"{server.url}/webhook/explode", json={}).raise_for_status()
    [row] = eventually(lambda: [r for r in api.executions(handler) if r["status"] == "success"])
    assert row["mode"] == "error"
    payload = api.data(row["id"])["data"]["resultData"]["runData"]["On Error"][0]["data"]["main"][0][0]["json"]
    [failed] = api.executions(failing_id)
    assert failed["status"] == "error"
    assert payload["workflow"] == {"id": failing_id, "name": "failing"}
    execution = payload["execution"]
    assert (execution["id"], execution["mode"], execution["lastNodeExecuted"]) == (failed["id"], "webhook", "Boom")
    assert execution["url"] == f"{server.url}/workflow/{failing_id}/executions/{failed['id']}"
    assert execution["error"]["message"] == "kaboom"
    handled = api.data(row["id"])["data"]["resultData"]["runData"]["Set"][0]["data"]["main"][0][0]["json"]
    assert handled == {"failed": "kaboom"}


def test_websocket_streams_run_events_in_order(shared_server):
    server = shared_server
    api, stranger = Api(server.url), Api(server.url)  # two members: neither sees the other's runs
    wf_id = api.create(chain(manual(), set_node(a="1"), name="watched"))
    own_wf = stranger.create(chain(manual(), set_node(b="2"), name="stranger's"))
    ws_base = server.url.replace("http", "ws") + "/api/v1/ws?token="

    async def run_and_collect(ws, who: Api, workflow_id: str) -> tuple[str, list[dict]]:
        async with httpx.AsyncClient(base_url=server.url, headers=who.client.headers) as http:
            ex = (await http.post(f"/api/v1/workflows/{workflow_id}/execute")).json()["data"]
        events = []
        while True:
            e = json.loads(await asyncio.wait_for(ws.recv(), 20))
            events.append(e)
            if e["type"] == "execution.finished" and e.get("execution_id") == ex["id"]:
                return ex["id"], events

    async def scenario() -> tuple[str, list[dict], list[dict]]:
        async with websockets.connect(ws_base + api.token) as ws, \
                websockets.connect(ws_base + stranger.token) as other:
            for sock in (ws, other):
                assert json.loads(await sock.recv())["type"] == "hello"
            await ws.send(json.dumps({"data": True}))
            await asyncio.sleep(0.2)
            ex_id, events = await run_and_collect(ws, api, wf_id)
            # the stranger's socket got everything published so far before its own run's events
            _own, theirs = await run_and_collect(other, stranger, own_wf)
            return ex_id, [e for e in events if e.get("execution_id") == ex_id], theirs

    ex_id, events, theirs = asyncio.run(scenario())
    assert [(e["type"], e.get("node")) for e in events] == [
        ("execution.started", None), ("node.started", "Start"), ("node.finished", "Start"),
        ("node.started", "Set"), ("node.finished", "Set"), ("execution.finished", None)]
    assert events[-2]["items"] == [1] and events[-2]["data"]["main"][0][0]["json"] == {"a": "1"}
    assert events[-1]["status"] == "success"
    assert not [e for e in theirs if e.get("execution_id") == ex_id or e.get("workflow_id") == wf_id]
    assert {e["type"] for e in theirs} >= {"execution.started", "node.finished", "execution.finished"}
    assert all("data" not in e for e in theirs)  # node output only when asked for
    anonymous = server.url.replace("http", "ws") + "/api/v1/ws"

    async def rejected() -> None:
        async with websockets.connect(anonymous) as ws:
            await ws.recv()

    with pytest.raises(websockets.InvalidStatus) as info:  # closed before the handshake completes
        asyncio.run(rejected())
    assert info.value.response.status_code == 403


def test_sigkill_worker_mid_run_finishes_exactly_once(cluster):
    server = cluster.serve(WIREWORK_RUN_EMBEDDED_WORKERS="false")
    api = Api(server.url)
    wf_id = api.create(chain(manual(), set_node("A", a="1"),
                             wait_node(resume="timeInterval", amount=3, unit="seconds"),
                             set_node("B", b="2"), name="killed"))
    first = cluster.worker()
    ex = api.client.post(f"/api/v1/workflows/{wf_id}/execute").json()["data"]

    def a_saved() -> bool:
        saved = api.data(ex["id"])["data"] or {}
        return "A" in ((saved.get("resultData") or {}).get("runData") or {})

    eventually(a_saved)
    killed_ms = time.time() * 1000
    first.kill()  # SIGKILL while the Wait node sleeps
    assert api.execution(ex["id"])["status"] == "running"
    cluster.worker()
    done = api.wait_status(ex["id"], timeout=40)
    assert done["status"] == "success" and done["attempts"] == 2
    run_data = api.data(ex["id"])["data"]["resultData"]["runData"]
    assert {n: len(runs) for n, runs in run_data.items()} == {"Start": 1, "A": 1, "Wait": 1, "B": 1}
    # resumed from the last completed node: A kept its first run, the Wait node ran again
    assert run_data["A"][0]["startTime"] < killed_ms < run_data["Wait"][0]["startTime"]
    assert len(api.executions(wf_id)) == 1
