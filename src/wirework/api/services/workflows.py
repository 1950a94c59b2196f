"""Workflow documents: validation against the node registry, public and export shapes."""

from __future__ import annotations

import uuid
from typing import Any

from wirework.api.envelope import ApiError
from wirework.model import WorkflowError, load_workflow
from wirework.nodes.registry import UnknownNodeTypeError, default_registry
from wirework.store.models import Tag, WorkflowRow

DOC_KEYS = ("nodes", "connections", "settings", "pinData", "meta")


def workflow_invalid(message: str, details: Any = None) -> ApiError:
    return ApiError(422, "WORKFLOW_INVALID", message, details)


def build_document(body: dict[str, Any], *, check_types: bool = True) -> tuple[str, dict[str, Any]]:
    """Validate an n8n workflow body; returns ``(name, document)`` with node ids filled in."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise workflow_invalid("the workflow needs a non-empty 'name'", {"field": "name"})
    document: dict[str, Any] = {k: body[k] for k in DOC_KEYS if body.get(k) is not None}
    document.setdefault("nodes", [])
    document.setdefault("connections", {})
    document.setdefault("settings", {})
    if not isinstance(document["nodes"], list):
        raise workflow_invalid("'nodes' must be a list", {"field": "nodes"})
    nodes = []
    for raw in document["nodes"]:
        if isinstance(raw, dict) and not raw.get("id"):
            raw = {**raw, "id": str(uuid.uuid4())}
        nodes.append(raw)
    document["nodes"] = nodes
    validate_document({**document, "name": name}, check_types=check_types)
    return name.strip(), document


def validate_document(document: dict[str, Any], *, check_types: bool = True) -> None:
    try:
        workflow = load_workflow(document)
    except WorkflowError as exc:
        details = {k: getattr(exc, k) for k in ("node", "field") if getattr(exc, k, None)}
        raise workflow_invalid(str(exc), details or None) from None
    if not check_types:
        return
    registry = default_registry()
    for node in workflow.nodes:
        try:
            registry.get(node.type, node.type_version)
        except UnknownNodeTypeError as exc:
            raise workflow_invalid(
                f"node '{node.name}': {exc}", {"node": node.name, "type": node.type,
                                               "typeVersion": node.type_version}
            ) from None


def tag_names(raw: Any) -> list[str]:
    """Tags as n8n writes them (``[{"id", "name"}]``) or plain strings."""
    out = []
    for t in raw or []:
        name = t.get("name") if isinstance(t, dict) else t
        if isinstance(name, str) and name.strip():
            out.append(name.strip()[:100])
    return out


def public(row: WorkflowRow, tags: list[Tag]) -> dict[str, Any]:
    return {
        "id": row.id, "name": row.name, **row.document, "active": row.active, "version": row.version,
        "tags": [{"id": t.id, "name": t.name} for t in tags], "owner_id": row.owner_id,
        "created_at": row.created_at, "updated_at": row.updated_at,
    }


def summary(row: WorkflowRow, tags: list[Tag]) -> dict[str, Any]:
    return {
        "id": row.id, "name": row.name, "active": row.active, "version": row.version,
        "tags": [{"id": t.id, "name": t.name} for t in tags], "owner_id": row.owner_id,
        "node_count": len(row.document.get("nodes", [])),
        "created_at": row.created_at, "updated_at": row.updated_at,
    }


def export(row: WorkflowRow, tags: list[Tag]) -> dict[str, Any]:
    """The n8n workflow JSON (what n8n's import reads)."""
    out = {"id": row.id, "name": row.name, **row.document, "active": row.active,
           "tags": [{"id": t.id, "name": t.name} for t in tags]}
    if row.static_data:
        out["staticData"] = row.static_data
    return out


def find_node(document: dict[str, Any], node_ref: str) -> tuple[int, dict[str, Any]] | None:
    """A node by its id, or by its name."""
    nodes = document.get("nodes", [])
    for i, n in enumerate(nodes):
        if isinstance(n, dict) and n.get("id") == node_ref:
            return i, n
    for i, n in enumerate(nodes):
        if isinstance(n, dict) and n.get("name") == node_ref:
            return i, n
    return None


def rename_in_connections(connections: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for src, by_type in connections.items():
        fixed = {}
        for ctype, outputs in (by_type or {}).items():
            fixed[ctype] = [
                [{**c, "node": new if c.get("node") == old else c.get("node")} for c in (conns or [])]
                for conns in (outputs or [])
            ]
        out[new if src == old else src] = fixed
    return out


def drop_from_connections(connections: dict[str, Any], name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for src, by_type in connections.items():
        if src == name:
            continue
        out[src] = {
            ctype: [[c for c in (conns or []) if c.get("node") != name] for conns in (outputs or [])]
            for ctype, outputs in (by_type or {}).items()
        }
    return out
