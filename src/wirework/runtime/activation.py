"""Activating workflows: register webhooks (in memory + the ``webhooks`` table), schedules and
pollers; deactivating removes them; ``restore`` re-activates every active workflow at start.

Processes learn about each other's activations through ``workflow.activated`` /
``workflow.deactivated`` / ``workflow.updated`` events on the bus.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from wirework.model import Workflow, load_workflow
from wirework.model.errors import WorkflowError
from wirework.nodes.registry import NodeRegistry, UnknownNodeTypeError
from wirework.runtime.errors import ActivationError
from wirework.runtime.events import EventBus
from wirework.runtime.triggers import TriggerManager
from wirework.runtime.webhook_registry import WebhookEntry, WebhookRegistry
from wirework.runtime.webhook_service import WebhookService
from wirework.store import Database
from wirework.store.models_workflow import WebhookRow, WorkflowRow

log = logging.getLogger("wirework.runtime.activation")


class ActivationService:
    def __init__(self, *, db: Database, registry: NodeRegistry, webhooks: WebhookRegistry,
                 webhook_service: WebhookService, triggers: TriggerManager, events: EventBus,
                 origin: str) -> None:
        self.db = db
        self.registry = registry
        self.webhooks = webhooks
        self.webhook_service = webhook_service
        self.triggers = triggers
        self.events = events
        self.origin = origin
        self.documents: dict[str, tuple[dict[str, Any], Workflow]] = {}
        events.subscribe(self._on_event)

    def document(self, workflow_id: str) -> tuple[dict[str, Any], Workflow] | None:
        return self.documents.get(workflow_id)

    def is_active(self, workflow_id: str) -> bool:
        return workflow_id in self.documents

    async def activate(self, workflow_id: str, *, announce: bool = True) -> None:
        """Register the workflow's triggers; ActivationError (nothing registered) when it can't run."""
        row = await self._load(workflow_id)
        document = dict(row.document)
        document.setdefault("name", row.name)
        workflow = self._parse(document)
        entries = self.webhook_service.entries_for(workflow_id, workflow)
        for e in entries:
            if not e.path:
                raise ActivationError(f"The webhook node '{e.node}' has no path", node=e.node)
        self._local_unregister(workflow_id)
        try:
            self.webhooks.check(entries)
            await self._store_webhooks(workflow_id, entries)
            self.triggers.add(workflow_id, document, workflow)
            self.webhooks.add(entries)
        except BaseException:
            self.triggers.remove(workflow_id)
            raise
        self.documents[workflow_id] = (document, workflow)
        if announce:
            await self.events.publish({"type": "workflow.activated", "workflow_id": workflow_id,
                                       "origin": self.origin})

    async def deactivate(self, workflow_id: str, *, announce: bool = True) -> None:
        self._local_unregister(workflow_id)
        async with self.db.session() as s:
            await s.execute(delete(WebhookRow).where(WebhookRow.workflow_id == workflow_id))
        if announce:
            await self.events.publish({"type": "workflow.deactivated", "workflow_id": workflow_id,
                                       "origin": self.origin})

    async def restore(self) -> list[tuple[str, str]]:
        """Activate every workflow marked active; returns ``(workflow_id, error)`` failures."""
        async with self.db.session() as s:
            ids = list((await s.execute(select(WorkflowRow.id).where(WorkflowRow.active.is_(True),
                                                                     WorkflowRow.deleted_at.is_(None)))).scalars())
        failures: list[tuple[str, str]] = []
        for wf_id in ids:
            try:
                if await self._has_rows(wf_id):  # another process (or our last run) stored them
                    await self._refresh(wf_id)
                else:
                    await self.activate(wf_id, announce=False)
            except Exception as exc:
                log.error("could not re-activate workflow %s: %s", wf_id, exc)
                failures.append((wf_id, str(exc)))
        return failures

    # --- helpers ---------------------------------------------------------------------------
    async def _has_rows(self, workflow_id: str) -> bool:
        async with self.db.session() as s:
            found = (await s.execute(select(WebhookRow.id).where(WebhookRow.workflow_id == workflow_id)
                                     .limit(1))).first()
        return found is not None

    def _local_unregister(self, workflow_id: str) -> None:
        self.webhooks.remove_workflow(workflow_id)
        self.triggers.remove(workflow_id)
        self.documents.pop(workflow_id, None)

    async def _load(self, workflow_id: str) -> WorkflowRow:
        async with self.db.session() as s:
            row = await s.get(WorkflowRow, workflow_id)
        if row is None or row.deleted_at is not None:
            raise ActivationError(f"Workflow '{workflow_id}' does not exist")
        return row

    def _parse(self, document: dict[str, Any]) -> Workflow:
        try:
            workflow = load_workflow(document)
        except WorkflowError as exc:
            raise ActivationError(f"The workflow is invalid: {exc}") from None
        for node in workflow.nodes:
            if node.disabled:
                continue
            try:
                self.registry.get(node.type, node.type_version)
            except UnknownNodeTypeError as exc:
                raise ActivationError(f"Node '{node.name}': {exc}", node=node.name) from None
        has_trigger = any(not n.disabled and self.registry.get(n.type, n.type_version).description.is_trigger
                          and n.type not in ("n8n-nodes-base.manualTrigger", "n8n-nodes-base.start",
                                             "n8n-nodes-base.executeWorkflowTrigger")
                          for n in workflow.nodes)
        if not has_trigger:
            raise ActivationError("Workflow has no node to start the workflow - at least one trigger, "
                                  "poller or webhook node is required")
        return workflow

    async def _store_webhooks(self, workflow_id: str, entries: list[WebhookEntry]) -> None:
        try:
            async with self.db.session() as s:
                await s.execute(delete(WebhookRow).where(WebhookRow.workflow_id == workflow_id))
                for e in entries:
                    s.add(WebhookRow(workflow_id=workflow_id, node=e.node, method=e.method, path=e.path,
                                     is_dynamic=e.is_dynamic, path_segments=len(e.segments)))
                await s.flush()
                await self._check_dynamic(s, workflow_id, entries)
        except IntegrityError:
            taken = await self._owner_of(entries, workflow_id)
            raise ActivationError(
                f"The URL path {taken} is already taken by another active workflow. Please change "
                "the path or deactivate the other workflow.") from None

    async def _check_dynamic(self, s: Any, workflow_id: str, entries: list[WebhookEntry]) -> None:
        others = WebhookRegistry()
        rows = (await s.execute(select(WebhookRow).where(WebhookRow.workflow_id != workflow_id,
                                                         WebhookRow.is_dynamic.is_(True)))).scalars()
        others.add([WebhookEntry(r.workflow_id, r.node, r.method, r.path) for r in rows])
        others.check([e for e in entries if e.is_dynamic])

    async def _owner_of(self, entries: list[WebhookEntry], workflow_id: str) -> str:
        async with self.db.session() as s:
            for e in entries:
                row = (await s.execute(select(WebhookRow).where(WebhookRow.method == e.method,
                                                                WebhookRow.path == e.path))).scalars().first()
                if row is not None and row.workflow_id != workflow_id:
                    return f"({e.method} /{e.path}, node '{e.node}') used by workflow '{row.workflow_id}'"
        return "(unknown)"

    async def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        wf_id = event.get("workflow_id")
        if not wf_id or event.get("origin") == self.origin:
            return
        try:
            if kind == "workflow.activated":
                await self._refresh(str(wf_id))
            elif kind == "workflow.deactivated":
                self._local_unregister(str(wf_id))
            elif kind == "workflow.updated" and str(wf_id) in self.documents:
                await self._refresh(str(wf_id))
        except Exception:
            log.exception("could not follow %s of workflow %s", kind, wf_id)

    async def _refresh(self, workflow_id: str) -> None:
        """Mirror another process's activation in this process's memory (no DB writes)."""
        row = await self._load(workflow_id)
        document = dict(row.document)
        document.setdefault("name", row.name)
        workflow = self._parse(document)
        entries = self.webhook_service.entries_for(workflow_id, workflow)
        self._local_unregister(workflow_id)
        self.webhooks.add(entries)
        self.triggers.add(workflow_id, document, workflow)
        self.documents[workflow_id] = (document, workflow)
