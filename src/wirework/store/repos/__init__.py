"""Repositories: one per aggregate; they flush but never commit."""

from wirework.store.repos.access import ROLE_RANK, credential_scope, role_on, workflow_scope
from wirework.store.repos.executions import ExecutionFilter, ExecutionRepo
from wirework.store.repos.misc import (
    AuditRepo,
    CredentialRepo,
    SettingRepo,
    ShareRepo,
    TeamRepo,
    VariableRepo,
)
from wirework.store.repos.users import ApiKeyRepo, TokenRepo, UserRepo
from wirework.store.repos.workflows import TagRepo, WorkflowFilter, WorkflowRepo

__all__ = [
    "ROLE_RANK",
    "ApiKeyRepo",
    "AuditRepo",
    "CredentialRepo",
    "ExecutionFilter",
    "ExecutionRepo",
    "SettingRepo",
    "ShareRepo",
    "TagRepo",
    "TeamRepo",
    "TokenRepo",
    "UserRepo",
    "VariableRepo",
    "WorkflowFilter",
    "WorkflowRepo",
    "credential_scope",
    "role_on",
    "workflow_scope",
]
