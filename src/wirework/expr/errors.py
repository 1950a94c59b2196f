"""Expression errors, carrying n8n's context so the editor can point at the culprit."""

from __future__ import annotations

from typing import Any


class ExpressionError(Exception):
    def __init__(
        self,
        message: str,
        *,
        description: str | None = None,
        node: str | None = None,
        parameter: str | None = None,
        item_index: int | None = None,
        context_type: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.description = description
        self.node = node
        self.parameter = parameter
        self.item_index = item_index
        self.context_type = context_type
        self.context = dict(context or {})
        if context_type:
            self.context.setdefault("type", context_type)

    def __str__(self) -> str:
        where = []
        if self.node:
            where.append(f"node '{self.node}'")
        if self.parameter:
            where.append(f"parameter '{self.parameter}'")
        if self.item_index is not None:
            where.append(f"item {self.item_index}")
        return f"{self.message} [{', '.join(where)}]" if where else self.message
