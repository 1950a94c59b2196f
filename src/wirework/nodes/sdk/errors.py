"""Errors a node raises. Retry, continue-on-fail and error outputs read these fields."""

from __future__ import annotations

from typing import Any


class NodeError(Exception):
    """A node failed.

    ``item_index`` names the input item being processed, ``parameter`` the parameter at
    fault, ``retryable=False`` tells the engine not to retry even when ``retryOnFail`` is on.
    The engine fills in ``node`` when the node did not.
    """

    def __init__(
        self,
        message: str,
        *,
        node: str | None = None,
        item_index: int | None = None,
        description: str | None = None,
        parameter: str | None = None,
        retryable: bool = True,
        context: dict[str, Any] | None = None,
        name: str = "NodeOperationError",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.item_index = item_index
        self.description = description
        self.parameter = parameter
        self.retryable = retryable
        self.context = dict(context or {})
        self.name = name
        if item_index is not None:
            self.context.setdefault("itemIndex", item_index)
        if parameter is not None:
            self.context.setdefault("parameter", parameter)

    def __str__(self) -> str:
        where = []
        if self.node:
            where.append(f"node '{self.node}'")
        if self.item_index is not None:
            where.append(f"item {self.item_index}")
        if self.parameter:
            where.append(f"parameter '{self.parameter}'")
        return f"{self.message} [{', '.join(where)}]" if where else self.message

    def to_json(self) -> dict[str, Any]:
        """n8n's serialised error shape, as stored in run data."""
        out: dict[str, Any] = {"message": self.message, "name": self.name}
        if self.description:
            out["description"] = self.description
        out["context"] = self.context
        if self.node:
            out["node"] = {"name": self.node}
        return out


class NodeApiError(NodeError):
    """An external service answered with an error (HTTP status etc.)."""

    def __init__(self, message: str, *, http_code: int | None = None, **kw: Any) -> None:
        kw.setdefault("name", "NodeApiError")
        super().__init__(message, **kw)
        self.http_code = http_code


class NodeDefinitionError(Exception):
    """A node type's description is invalid; raised when the registry loads it."""
