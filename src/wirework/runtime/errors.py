"""Errors the runtime raises to its callers (API, CLI)."""

from __future__ import annotations


class RuntimeServiceError(Exception):
    """Base class for runtime errors with a user-facing message."""


class ActivationError(RuntimeServiceError):
    """A workflow could not be activated (conflicting webhook, bad schedule, unknown node…)."""

    def __init__(self, message: str, *, node: str | None = None) -> None:
        super().__init__(message)
        self.node = node


class ExecutionNotFoundError(RuntimeServiceError, LookupError):
    def __init__(self, execution_id: str) -> None:
        super().__init__(f"Execution '{execution_id}' not found")
        self.execution_id = execution_id


class ExecutionStateError(RuntimeServiceError):
    """The requested change does not fit the execution's status (e.g. retrying a success)."""
