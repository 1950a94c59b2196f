"""Webhooks through the runtime: activation, response modes, params, auth, test URLs, waits."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest
from rt_builders import chain, node, set_node, wait_node
from sqlalchemy import update

from wirework.runtime import ActivationError, Runtime
from wirework.runtime.webhook_service import IncomingRequest
from wirework.store.models_workflow import WorkflowRow


def webhook(path: str = "hook", method: str = "POST", **params) -> dict:
    return node("Webhook", "webhook", {"path": path, "httpMethod": method, **params}, 2, webhookId="wh-1")


def respond(**params) -> dict:
    return node("Respond", "respondToWebhook", params, 1.1)


def call(path: str, body: dict | None = None, method: str = "POST", headers: dict | None = None) -> IncomingRequest:
    raw = json.dumps(body or {}).encode()
    return IncomingRequest(method=method, path=path, headers={"content-type": "application/json", **(headers or {})},
                           query={"q": "1"}, body=raw, base_url="http://127.0.0.1:5678")


async def activate(runtime: Runtime, save_workflow, doc: dict) -> str:
    wf_id = await save_workflow(doc, active=True)
    await runtime.activation.activate(wf_id)
    return wf_id


async def test_on_received_answers_at_once_and_runs(runtime, save_workflow):
    wf_id = await activate(runtime, save_workflow, chain(webhook(), set_node(got="={{ $json.body.name }}")))
    seen: list[str] = []
    runtime.events.subscribe(lambda e: seen.append(e["execution_id"]) if e["type"] == "execution.finished" else None)
    resp = await runtime.webhook_service.handle(call("hook", {"name": "ada"}))
    assert resp.status == 200 and json.loads(resp.body) == {"message": "Workflow was started"}
    for _ in range(1500):  # up to 30 s on a loaded machine
        if seen:
            break
        import asyncio
        await asyncio.sleep(0.02)
    row = await runtime.executions.wait(seen[0], timeout=10)
    assert row["mode"] == "webhook" and row["workflow_id"] == wf_id
    assert row["output"][0]["json"] == {"got": "ada"}


async def test_last_node_mode_returns_last_output(runtime, save_workflow):
    await activate(runtime, save_workflow, chain(webhook(responseMode="lastNode"), set_node(got="={{ $json.query.q }}")))
    resp = await runtime.webhook_service.handle(call("/hook/"))
    assert resp.status == 200 and json.loads(resp.body) == {"got": "1"}


async def test_response_node_with_code_headers_and_text(runtime, save_workflow):
    doc = chain(webhook(responseMode="responseNode"), set_node(a="x"),
                respond(respondWith="text", responseBody="={{ $json.a }}",
                        options={"responseCode": 201, "responseHeaders": {"entries": [{"name": "X-Id", "value": "7"}]}}),
                set_node("After", b="y"))
    await activate(runtime, save_workflow, doc)
    resp = await runtime.webhook_service.handle(call("hook"))
    assert (resp.status, resp.body, resp.headers["x-id"]) == (201, b"x", "7")


async def test_response_node_never_reached_and_workflow_error(runtime, save_workflow):
    await activate(runtime, save_workflow, chain(webhook(responseMode="responseNode"), set_node(a="x")))
    resp = await runtime.webhook_service.handle(call("hook"))
    assert resp.status == 200
    doc = chain(webhook(path="bad", responseMode="lastNode"), node("Fail", "stopAndError", {"errorMessage": "x"}))
    await activate(runtime, save_workflow, doc)
    resp = await runtime.webhook_service.handle(call("bad"))
    assert resp.status == 500 and json.loads(resp.body) == {"message": "Error in workflow"}


async def test_path_parameters_and_method(runtime, save_workflow):
    await activate(runtime, save_workflow, chain(webhook("customers/:id/orders", "GET", responseMode="lastNode"),
                                                 set_node(id="={{ $json.params.id }}")))
    resp = await runtime.webhook_service.handle(call("customers/42/orders", method="GET"))
    assert json.loads(resp.body) == {"id": "42"}
    missing = await runtime.webhook_service.handle(call("customers/42/orders", method="POST"))
    assert missing.status == 404 and "is not registered" in json.loads(missing.body)["message"]


async def test_conflicting_paths_are_rejected_clearly(runtime, save_workflow):
    await activate(runtime, save_workflow, chain(webhook("orders/:id")))
    other = await save_workflow(chain(webhook("orders/:order")), active=True)
    with pytest.raises(ActivationError, match=r"POST /orders/:order.*already taken"):
        await runtime.activation.activate(other)
    static = await save_workflow(chain(webhook("orders/:id")), active=True)
    with pytest.raises(ActivationError):
        await runtime.activation.activate(static)
    assert not runtime.activation.is_active(other)


async def test_conflict_across_processes_via_database(make_runtime, save_workflow):
    first, second = await make_runtime(), await make_runtime()
    await activate(first, save_workflow, chain(webhook("same")))
    other = await save_workflow(chain(webhook("same")), active=True)
    with pytest.raises(ActivationError, match="already taken"):
        await second.activation.activate(other)


async def test_deactivate_and_restore_on_restart(make_runtime, save_workflow, db):
    rt = await make_runtime()
    wf_id = await activate(rt, save_workflow, chain(webhook("keep", responseMode="lastNode"), set_node(ok="1")))
    restarted = await make_runtime()  # a new process: restores active workflows at start
    assert json.loads((await restarted.webhook_service.handle(call("keep"))).body) == {"ok": "1"}
    await restarted.activation.deactivate(wf_id)
    async with db.session() as s:
        await s.execute(update(WorkflowRow).where(WorkflowRow.id == wf_id).values(active=False))
    assert (await restarted.webhook_service.handle(call("keep"))).status == 404


async def test_basic_auth_uses_credentials_resolver(runtime, save_workflow):
    async def resolver(*, workflow_id, node, credential_type, item_index):
        assert credential_type == "httpBasicAuth"
        return {"user": "u", "password": "p"}

    runtime.credentials = resolver
    await activate(runtime, save_workflow, chain(webhook("secure", authentication="basicAuth")))
    assert (await runtime.webhook_service.handle(call("secure"))).status == 401
    good = "Basic " + base64.b64encode(b"u:p").decode()
    assert (await runtime.webhook_service.handle(call("secure", headers={"authorization": good}))).status == 200


async def test_test_url_answers_one_call_in_manual_mode(runtime):
    doc = chain(webhook("try", responseMode="lastNode"), set_node(mode="={{ $json.executionMode }}"))
    runtime.webhook_service.register_test(doc, workflow_id=None)
    first = await runtime.webhook_service.handle(call("try"), test=True)
    assert json.loads(first.body) == {"mode": "test"}
    again = await runtime.webhook_service.handle(call("try"), test=True)
    assert again.status == 404


async def test_waiting_webhook_resumes_execution(runtime):
    doc = chain(node("Start", "manualTrigger"), wait_node(resume="webhook", httpMethod="POST"),
                set_node(said="={{ $json.body.say }}"))
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    await runtime.executions.wait(ex_id, timeout=20, until=("waiting",))
    wrong = await runtime.webhook_service.resume_waiting(ex_id, call(ex_id, method="GET"))
    assert wrong.status == 404
    resp = await runtime.webhook_service.resume_waiting(ex_id, call(ex_id, {"say": "hi"}))
    assert resp.status == 200
    row = await runtime.executions.wait(ex_id, timeout=20)
    assert row["status"] == "success" and row["output"][0]["json"] == {"said": "hi"}
    gone = await runtime.webhook_service.resume_waiting(ex_id, call(ex_id))
    assert gone.status == 409


async def test_activation_needs_a_trigger(runtime, save_workflow):
    wf_id = await save_workflow(chain(node("Start", "manualTrigger"), set_node(a="1")), active=True)
    with pytest.raises(ActivationError, match="no node to start the workflow"):
        await runtime.activation.activate(wf_id)


async def test_several_processes_restore_the_same_active_workflow(make_runtime, save_workflow):
    first = await make_runtime()
    await activate(first, save_workflow, chain(webhook("shared", responseMode="lastNode"), set_node(ok="1")))
    second, third = await make_runtime(), await make_runtime()
    for rt in (second, third):
        assert json.loads((await rt.webhook_service.handle(call("shared"))).body) == {"ok": "1"}


async def test_test_url_listening_is_shared_by_processes_on_one_bus(db, settings, save_workflow):
    from wirework.runtime import EventBus

    bus = EventBus()  # what Redis gives processes in the scaled-out shape
    first, second = Runtime(settings, db, events=bus), Runtime(settings, db, events=bus)
    await first.start()
    await second.start()
    try:
        doc = chain(webhook("try", responseMode="lastNode"), set_node(mode="={{ $json.executionMode }}"))
        first.webhook_service.register_test(doc, workflow_id=await save_workflow(doc))
        for _ in range(50):
            await asyncio.sleep(0.02)
        resp = await second.webhook_service.handle(call("try"), test=True)
        assert json.loads(resp.body) == {"mode": "test"}
        for _ in range(50):
            await asyncio.sleep(0.02)
        assert (await first.webhook_service.handle(call("try"), test=True)).status == 404  # answered once
    finally:
        await second.stop()
        await first.stop()
