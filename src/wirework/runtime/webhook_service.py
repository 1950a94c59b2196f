"""Serving webhook calls: production (active workflows), test (editor listening) and waiting
(``/webhook-waiting/{execution_id}`` resuming a Wait node).

The node's own hooks parse and authenticate the request and build the immediate/last-node
answers; this module starts the execution and routes the response back — through the event
bus, so a Respond to Webhook node running on another worker process reaches this request.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wirework.model import Node, Workflow, load_workflow
from wirework.nodes._common.webhook_http import HttpResponse, WebhookRequest
from wirework.nodes.registry import NodeRegistry
from wirework.nodes.sdk import ExecutionServices
from wirework.runtime.events import EventBus
from wirework.runtime.executions import ExecutionService
from wirework.runtime.metrics import Metrics
from wirework.runtime.node_ctx import hooks_of, make_node_context
from wirework.runtime.webhook_registry import WebhookEntry, WebhookRegistry, normalize

WEBHOOK_TYPE = "n8n-nodes-base.webhook"
TEST_TTL_SECONDS = 120.0


@dataclass(slots=True)
class IncomingRequest:
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, Any]
    body: bytes
    remote_ip: str = ""
    base_url: str = ""


@dataclass(slots=True)
class TestRegistration:
    document: dict[str, Any]
    workflow: Workflow
    workflow_id: str | None
    user_id: str | None
    expires: float


class WebhookService:
    def __init__(self, *, registry: NodeRegistry, webhooks: WebhookRegistry, executions: ExecutionService,
                 events: EventBus, metrics: Metrics, services: Callable[[str | None], ExecutionServices],
                 documents: Callable[[str], tuple[dict[str, Any], Workflow] | None], default_tz: str,
                 origin: str = "") -> None:
        self.registry = registry
        self.events = events
        self.origin = origin
        self._announcing: set[asyncio.Task[None]] = set()
        self.webhooks = webhooks
        self.executions = executions
        self.metrics = metrics
        self.services = services
        self.documents = documents
        self.default_tz = default_tz
        self.test_webhooks = WebhookRegistry()
        self._tests: dict[str, TestRegistration] = {}
        self._responses: dict[str, asyncio.Future[HttpResponse]] = {}
        events.subscribe(self._on_event)

    # --- public --------------------------------------------------------------------------
    async def handle(self, req: IncomingRequest, *, test: bool = False) -> HttpResponse:
        started = time.perf_counter()
        resp = await self._handle(req, test=test)
        self.metrics.webhook_latency.labels(method=req.method, status=str(resp.status)).observe(
            time.perf_counter() - started)
        return resp

    def register_test(self, document: dict[str, Any], *, workflow_id: str | None, user_id: str | None = None,
                      ttl: float = TEST_TTL_SECONDS, announce: bool = True) -> list[str]:
        """Listen on the test URLs of ``document``'s webhook nodes; returns the paths. Other
        API processes listen too (through the event bus), so any of them can take the call."""
        workflow = load_workflow(document)
        key = workflow_id or f"test:{id(document)}"
        self.test_webhooks.remove_workflow(key)
        entries = self._entries(key, workflow)
        self.test_webhooks.add(entries)
        self._tests[key] = TestRegistration(document, workflow, workflow_id, user_id, time.monotonic() + ttl)
        if announce and workflow_id:
            self._announce({"type": "webhook.test.listen", "workflow_id": workflow_id, "document": document,
                            "user_id": user_id, "ttl": ttl})
        return [e.path for e in entries]

    def unregister_test(self, workflow_id: str, *, announce: bool = True) -> None:
        self.test_webhooks.remove_workflow(workflow_id)
        if self._tests.pop(workflow_id, None) is not None and announce:
            self._announce({"type": "webhook.test.stop", "workflow_id": workflow_id})

    def _announce(self, event: dict[str, Any]) -> None:
        try:
            task = asyncio.get_running_loop().create_task(self.events.publish({**event, "origin": self.origin}))
        except RuntimeError:  # no loop: a single-process caller outside the server
            return
        self._announcing.add(task)
        task.add_done_callback(self._announcing.discard)

    def entries_for(self, workflow_id: str, workflow: Workflow) -> list[WebhookEntry]:
        return self._entries(workflow_id, workflow)

    def _entries(self, workflow_id: str, workflow: Workflow) -> list[WebhookEntry]:
        out: list[WebhookEntry] = []
        for node in workflow.nodes:
            hooks = hooks_of(self.registry, node)
            if node.disabled or "webhooks" not in hooks:
                continue
            for method, path in hooks["webhooks"](node):
                out.append(WebhookEntry(workflow_id, node.name, method.upper(), normalize(path), workflow.name))
        return out

    # --- dispatch ------------------------------------------------------------------------
    async def _handle(self, req: IncomingRequest, *, test: bool) -> HttpResponse:
        registry = self.test_webhooks if test else self.webhooks
        if test:
            self._expire_tests()
        method = req.method.upper()
        if method == "OPTIONS":
            allowed = registry.methods_for(req.path)
            if not allowed:
                return self._not_found(req, test)
            return HttpResponse(204, {"access-control-allow-origin": req.headers.get("origin", "*"),
                                      "access-control-allow-methods": ", ".join([*allowed, "OPTIONS"]),
                                      "access-control-allow-headers": "*"})
        match = registry.find(method, req.path)
        if match is None:
            return self._not_found(req, test)
        entry = match.entry
        if test:
            reg = self._tests[entry.workflow_id]
            doc, workflow, wf_id, mode = reg.document, reg.workflow, reg.workflow_id, "manual"
            self.unregister_test(entry.workflow_id)  # a test URL answers one call
        else:
            found = self.documents(entry.workflow_id)
            if found is None:
                return self._not_found(req, test)
            doc, workflow = found
            wf_id, mode = entry.workflow_id, "webhook"
        node = workflow.node(entry.node)
        request = WebhookRequest(method=method, path=req.path, headers=req.headers, query=req.query,
                                 params=match.params, body=req.body, remote_ip=req.remote_ip,
                                 webhook_url=f"{req.base_url.rstrip('/')}/{'webhook-test' if test else 'webhook'}/{entry.path}",
                                 execution_mode="test" if test else "production")
        return await self._run_node_webhook(doc, workflow, node, wf_id, mode, request)

    async def _run_node_webhook(self, doc: dict[str, Any], workflow: Workflow, node: Node,
                                wf_id: str | None, mode: str, request: WebhookRequest) -> HttpResponse:
        hooks = hooks_of(self.registry, node)
        ctx = make_node_context(workflow, node, registry=self.registry, mode=mode,
                                services=self.services(wf_id), workflow_id=wf_id, timezone=self.default_tz)
        try:
            reply = await hooks["webhook"](ctx, request)
            if not reply.items:
                return reply.response or HttpResponse(200, {}, b"")
            response_mode = hooks["response_mode"](ctx)
            exec_id = self.executions.new_id()
            waiter = self._expect_response(exec_id) if response_mode == "responseNode" else None
            await self.executions.start(workflow=doc, workflow_id=wf_id, mode=mode, start_node=node.name,
                                        trigger_items=reply.items[0], execution_id=exec_id)
            if response_mode == "onReceived":
                return _as_response(hooks["on_received"](ctx))
            if response_mode == "lastNode":
                row = await self.executions.wait(exec_id, just_started=True)
                error = row.get("error") if row["status"] != "success" else None
                return _as_response(await hooks["last_node"](ctx, row.get("output"), error))
            return await self._await_response_node(exec_id, waiter)
        finally:
            with contextlib.suppress(Exception):
                ctx.services.evaluator.close()

    async def _await_response_node(self, exec_id: str, waiter: asyncio.Future[HttpResponse] | None) -> HttpResponse:
        assert waiter is not None
        finished = asyncio.ensure_future(self.executions.wait(exec_id, just_started=True))
        try:
            pending: set[asyncio.Future[Any]] = {waiter, finished}
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            if waiter in done:
                return waiter.result()
            row = finished.result()
            if waiter.done():
                return waiter.result()
            if row["status"] != "success":
                return HttpResponse.json({"message": "Error in workflow"}, 500)
            return HttpResponse.json({"message": "Workflow executed successfully"}, 200)
        finally:
            self._responses.pop(exec_id, None)
            if not finished.done():
                finished.cancel()

    def _expect_response(self, exec_id: str) -> asyncio.Future[HttpResponse]:
        fut: asyncio.Future[HttpResponse] = asyncio.get_running_loop().create_future()
        self._responses[exec_id] = fut
        return fut

    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind in ("webhook.test.listen", "webhook.test.stop"):
            if event.get("origin") != self.origin and event.get("workflow_id"):
                self._follow_test(event)
            return
        if kind != "webhook.response":
            return
        fut = self._responses.get(str(event.get("execution_id")))
        if fut is not None and not fut.done():
            fut.set_result(HttpResponse.from_json(event.get("response") or {}))

    def _follow_test(self, event: dict[str, Any]) -> None:
        """Mirror another API process's test listening (or its end) here."""
        wf_id = str(event["workflow_id"])
        if event["type"] == "webhook.test.stop":
            self.unregister_test(wf_id, announce=False)
            return
        try:
            self.register_test(event.get("document") or {}, workflow_id=wf_id, user_id=event.get("user_id"),
                               ttl=float(event.get("ttl") or TEST_TTL_SECONDS), announce=False)
        except Exception:
            self.unregister_test(wf_id, announce=False)

    def _expire_tests(self) -> None:
        now = time.monotonic()
        for key, reg in list(self._tests.items()):
            if reg.expires < now:
                self.unregister_test(key)

    @staticmethod
    def _not_found(req: IncomingRequest, test: bool) -> HttpResponse:
        hint = ("Click the 'Execute workflow' button on the canvas, then try again. (In test mode, "
                "the webhook only works for one call after you click this button)") if test else (
                "The workflow must be active for a production URL to run successfully. You can "
                "activate the workflow using the toggle in the top-right of the editor.")
        return HttpResponse.json({"code": 404, "message": f'The requested webhook "{req.method} '
                                  f'{normalize(req.path)}" is not registered.', "hint": hint}, 404)

    # --- waiting executions --------------------------------------------------------------
    async def resume_waiting(self, execution_id: str, req: IncomingRequest) -> HttpResponse:
        """``/webhook-waiting/{id}``: resume a Wait node that waits for a webhook call."""
        try:
            row = await self.executions.get(execution_id)
        except LookupError:
            return HttpResponse.json({"code": 404, "message": f"The execution '{execution_id}' does not exist."}, 404)
        if row["status"] != "waiting":
            return HttpResponse.json({"code": 409, "message": f"The execution '{execution_id}' is not waiting "
                                      f"(it is {row['status']})."}, 409)
        workflow = load_workflow(row["workflow_snapshot"])
        node_name = waiting_node(row.get("data"))
        if node_name is None or node_name not in workflow:
            return HttpResponse.json({"code": 409, "message": "The execution has no waiting node."}, 409)
        wait_node = workflow.node(node_name)
        method = str(wait_node.parameters.get("httpMethod", "GET")).upper()
        if req.method.upper() != method:
            return HttpResponse.json({"code": 404, "message": f'The execution is waiting for a {method} request.'}, 404)
        # the Wait node shares the Webhook v1 request/response parameters
        proxy = Node(name=wait_node.name, type=WEBHOOK_TYPE, type_version=1,
                     parameters={"authentication": wait_node.parameters.get("incomingAuthentication", "none"),
                                 **wait_node.parameters}, credentials=wait_node.credentials)
        hooks = hooks_of(self.registry, proxy)
        ctx = make_node_context(workflow, proxy, registry=self.registry, mode=row["mode"],
                                services=self.services(row["workflow_id"]), workflow_id=row["workflow_id"],
                                timezone=self.default_tz, execution_id=execution_id)
        request = WebhookRequest(method=method, path=req.path, headers=req.headers, query=req.query, body=req.body,
                                 remote_ip=req.remote_ip, webhook_url=f"{req.base_url.rstrip('/')}/webhook-waiting/{execution_id}")
        reply = await hooks["webhook"](ctx, request)
        if not reply.items:
            return reply.response or HttpResponse(200, {}, b"")
        if not await self.executions.resume(execution_id, resume_items=reply.items[0]):
            return HttpResponse.json({"code": 409, "message": "The execution was already resumed."}, 409)
        if hooks["response_mode"](ctx) == "lastNode":
            final = await self.executions.wait(execution_id, until=("success", "error", "canceled", "crashed", "waiting"))
            error = final.get("error") if final["status"] not in ("success", "waiting") else None
            return _as_response(await hooks["last_node"](ctx, final.get("output"), error))
        return _as_response(hooks["on_received"](ctx))


def _as_response(value: Any) -> HttpResponse:
    if not isinstance(value, HttpResponse):
        raise TypeError(f"a webhook response hook returned {type(value).__name__}, not HttpResponse")
    return value


def waiting_node(saved: dict[str, Any] | None) -> str | None:
    """The node a waiting execution waits in: the head of its saved stack."""
    stack = ((saved or {}).get("executionData") or {}).get("nodeExecutionStack") or \
        ((saved or {}).get("executionData") or {}).get("stack") or []
    if stack:
        head = stack[0]
        return head.get("node") if isinstance(head.get("node"), str) else (head.get("node") or {}).get("name")
    return ((saved or {}).get("resultData") or {}).get("lastNodeExecuted")
