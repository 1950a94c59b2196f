"""Errors raised while loading or validating a workflow document."""

from __future__ import annotations


class WorkflowError(ValueError):
    """A workflow document is malformed. The message names the node or field at fault."""

    def __init__(self, message: str, *, node: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.node = node
        self.field = field
