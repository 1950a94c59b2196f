"""Executions and their (separately stored, compressed) run data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wirework.store.base import Base
from wirework.store.types import JSONType, UTCDateTime, new_id, utcnow

STATUSES = ("new", "queued", "running", "success", "error", "canceled", "waiting", "crashed")
FINISHED = ("success", "error", "canceled", "crashed")


class ExecutionRow(Base):
    __tablename__ = "executions"
    __table_args__ = (
        Index("ix_executions_workflow_created", "workflow_id", "created_at"),
        Index("ix_executions_status", "status"),
        Index("ix_executions_queue", "status", "priority", "created_at"),
        Index("ix_executions_created", "created_at"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workflow_id: Mapped[str | None] = mapped_column(
        ForeignKey("workflows.id", ondelete="CASCADE"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="new")
    mode: Mapped[str] = mapped_column(String(16), default="manual")
    priority: Mapped[int] = mapped_column(Integer, default=10)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    wait_till: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    retry_of: Mapped[str | None] = mapped_column(String(32), nullable=True)
    retry_success_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    workflow_snapshot: Mapped[dict[str, Any]] = mapped_column(JSONType)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    last_node_executed: Mapped[str | None] = mapped_column(Text, nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str | None] = mapped_column(String(32), nullable=True)

    def to_dict(self) -> dict[str, Any]:
        return {c.name: getattr(self, c.name) for c in self.__table__.columns}


class ExecutionData(Base):
    __tablename__ = "execution_data"
    execution_id: Mapped[str] = mapped_column(
        ForeignKey("executions.id", ondelete="CASCADE"), primary_key=True
    )
    #: zlib-compressed JSON of ``{"resultData": {...}, "executionData"?: {...}}``
    run_data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    trigger_input: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
