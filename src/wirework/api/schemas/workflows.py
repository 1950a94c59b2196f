"""Workflow schemas: the n8n document in, the document plus id/version/tags out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TagRef(BaseModel):
    id: str | None = None
    name: str = Field(max_length=100)


class WorkflowCreate(BaseModel):
    """An n8n workflow document; unknown top-level fields (``id``, ``versionId``…) are ignored."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1, max_length=255)
    nodes: list[dict[str, Any]] = Field(default_factory=list, max_length=2000)
    connections: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    pinData: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    tags: list[TagRef | str] = Field(default_factory=list, max_length=100)


class WorkflowUpdate(BaseModel):
    """Fields left out keep their value; ``version`` is the version you edited (409 if stale)."""

    model_config = ConfigDict(extra="allow")
    name: str | None = Field(default=None, min_length=1, max_length=255)
    nodes: list[dict[str, Any]] | None = Field(default=None, max_length=2000)
    connections: dict[str, Any] | None = None
    settings: dict[str, Any] | None = None
    pinData: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    tags: list[TagRef | str] | None = Field(default=None, max_length=100)
    version: int | None = Field(default=None, ge=1)


class WorkflowPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    nodes: list[dict[str, Any]]
    connections: dict[str, Any]
    settings: dict[str, Any] = Field(default_factory=dict)
    active: bool
    version: int
    tags: list[TagRef]
    owner_id: str | None
    created_at: datetime
    updated_at: datetime


class WorkflowSummary(BaseModel):
    id: str
    name: str
    active: bool
    version: int
    tags: list[TagRef]
    owner_id: str | None
    node_count: int
    created_at: datetime
    updated_at: datetime


class WorkflowVersionPublic(BaseModel):
    version: int
    name: str
    author_id: str | None
    created_at: datetime
    document: dict[str, Any] | None = None


class ImportResult(BaseModel):
    imported: list[WorkflowSummary]


class ExecuteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    input: list[dict[str, Any]] | None = Field(
        default=None, max_length=10_000,
        description="trigger items: n8n items ({'json': …}) or plain objects")
    destination_node: str | None = Field(default=None, max_length=255)
    start_node: str | None = Field(default=None, max_length=255)
    run_data: dict[str, Any] | None = Field(default=None, description="earlier run data (partial run)")
    workflow: dict[str, Any] | None = Field(
        default=None, description="run these unsaved changes instead of the saved document")


class ExecutionStarted(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    output: list[dict[str, Any]] | None = None


class NodeIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1, max_length=255)
    type: str = Field(min_length=1, max_length=255)
    typeVersion: float = 1
    parameters: dict[str, Any] = Field(default_factory=dict)
    position: list[float] = Field(default_factory=lambda: [0.0, 0.0], min_length=2, max_length=2)
    id: str | None = Field(default=None, max_length=64)


class NodeUpdate(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str | None = Field(default=None, min_length=1, max_length=255)
    typeVersion: float | None = None
    parameters: dict[str, Any] | None = None
    position: list[float] | None = Field(default=None, min_length=2, max_length=2)
    disabled: bool | None = None
    version: int | None = Field(default=None, ge=1)


class ConnectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(min_length=1, max_length=255)
    target: str = Field(min_length=1, max_length=255)
    source_output: int = Field(default=0, ge=0, le=100)
    target_input: int = Field(default=0, ge=0, le=100)
    type: str = Field(default="main", max_length=64)
    version: int | None = Field(default=None, ge=1)


class NodeTestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    input: list[dict[str, Any]] | None = Field(default=None, max_length=10_000)
    parameters: dict[str, Any] | None = Field(default=None, description="override the saved parameters")


def as_items(raw: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if raw is None:
        return None
    return [r if isinstance(r.get("json"), dict) else {"json": r} for r in raw]
