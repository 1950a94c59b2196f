"""Every table, importable from one place (Alembic's target metadata is ``Base.metadata``)."""

from __future__ import annotations

from wirework.store.base import Base
from wirework.store.models_auth import (
    ApiKey,
    AuditEntry,
    RefreshToken,
    Setting,
    Team,
    TeamMember,
    User,
    Variable,
)
from wirework.store.models_exec import FINISHED, STATUSES, ExecutionData, ExecutionRow
from wirework.store.models_workflow import (
    CredentialRow,
    ScheduleRow,
    Share,
    Tag,
    WebhookRow,
    WorkflowRow,
    WorkflowTag,
    WorkflowVersion,
)

__all__ = [
    "FINISHED",
    "STATUSES",
    "ApiKey",
    "AuditEntry",
    "Base",
    "CredentialRow",
    "ExecutionData",
    "ExecutionRow",
    "RefreshToken",
    "ScheduleRow",
    "Setting",
    "Share",
    "Tag",
    "Team",
    "TeamMember",
    "User",
    "Variable",
    "WebhookRow",
    "WorkflowRow",
    "WorkflowTag",
    "WorkflowVersion",
]
