"""NodeContext: everything a node's ``execute`` may touch.

A node reads its parameters through :meth:`NodeContext.get_param` (expressions resolved
for one item, defaults filled in from the description) and reaches the outside only
through the services here — never by importing the store, runtime or API.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from wirework.expr import ExprContext, ExpressionError, is_expression
from wirework.model import Item, Node, Workflow
from wirework.nodes.sdk.binary import BinaryHelper
from wirework.nodes.sdk.description import MISSING, DisplayContext, NodeDescription, visible_default
from wirework.nodes.sdk.errors import NodeError
from wirework.nodes.sdk.services import ExecutionServices


def _has_expression(value: Any) -> bool:
    if isinstance(value, str):
        return is_expression(value)
    if isinstance(value, dict):
        return any(_has_expression(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_expression(v) for v in value)
    return False


class NodeContext:
    """The execution context of one run of one node."""

    def __init__(
        self,
        *,
        workflow: Workflow,
        node: Node,
        description: NodeDescription,
        inputs: list[list[Item]],
        expr: ExprContext,
        services: ExecutionServices | None = None,
    ) -> None:
        self.workflow = workflow
        self.node = node
        self.description = description
        self.inputs = inputs
        self.expr = expr
        self.services = services or ExecutionServices()
        self._dynamic: dict[str, bool] = {}
        self._display = DisplayContext(node.parameters, node.type_version, description.properties)
        # a sub-workflow runs without an execution id of its own: its files go with the top run's
        folder = expr.execution_id or self.services.extras.get("binary_folder")
        self.binary = BinaryHelper(self.services, node=node.name, execution_id=folder)
        self.logger = logging.LoggerAdapter(self.services.logger, {"node": node.name})
        #: free-form data a node returns to the engine (e.g. hints)
        self.hints: list[dict[str, Any]] = []

    # --- identity ------------------------------------------------------------------------
    @property
    def type_version(self) -> float:
        return self.node.type_version

    @property
    def run_index(self) -> int:
        return self.expr.run_index

    @property
    def mode(self) -> str:
        return self.expr.mode

    @property
    def execution_id(self) -> str | None:
        return self.expr.execution_id

    @property
    def continue_on_fail(self) -> bool:
        return self.node.continues_on_fail

    @property
    def timezone(self) -> str:
        return self.expr.timezone

    def now(self) -> datetime:
        return self.services.clock.now()

    async def sleep(self, seconds: float) -> None:
        await self.services.clock.sleep(seconds)

    @property
    def settings(self) -> Mapping[str, Any]:
        return self.services.settings

    # --- data ----------------------------------------------------------------------------
    @property
    def items(self) -> list[Item]:
        """The items the node treats as its input (input 0 in v0; first non-empty in v1)."""
        return self.expr.items

    def input_items(self, index: int = 0) -> list[Item]:
        return self.inputs[index] if 0 <= index < len(self.inputs) else []

    # --- parameters ----------------------------------------------------------------------
    def raw_param(self, name: str, default: Any = MISSING) -> Any:
        """The parameter as stored, expressions unresolved (dotted names walk collections)."""
        head, _, rest = name.partition(".")
        if head in self.node.parameters:
            value = self.node.parameters[head]
        else:
            value = visible_default(self.description.properties, head, self._display)
        for key in rest.split(".") if rest else ():
            if value is MISSING:
                break
            value = value.get(key, MISSING) if isinstance(value, dict) else MISSING
        if value is MISSING:
            if default is MISSING:
                raise NodeError(
                    f"Could not get parameter '{name}'", node=self.node.name, parameter=name,
                    retryable=False,
                )
            return default
        return value

    def get_param(self, name: str, item_index: int = 0, default: Any = MISSING) -> Any:
        """The parameter ``name`` resolved for item ``item_index``.

        Falls back to the description's default, then to ``default``; raises a NodeError
        naming the parameter when neither exists.
        """
        value = self.raw_param(name, default)
        dynamic = self._dynamic.get(name)
        if dynamic is None:
            dynamic = self._dynamic[name] = _has_expression(value)
        if not dynamic:
            return value
        try:
            return self.services.evaluator.resolve(value, self.expr, item_index, parameter=name)
        except ExpressionError as exc:
            exc.node = exc.node or self.node.name
            exc.parameter = exc.parameter or name
            exc.item_index = item_index if exc.item_index is None else exc.item_index
            raise

    def evaluate(self, expression: str, item_index: int = 0) -> Any:
        """Evaluate an expression string (with or without the leading ``=``) for one item."""
        expr = expression if expression.startswith("=") else "=" + expression
        return self.services.evaluator.resolve(expr, self.expr, item_index)

    # --- outside world -------------------------------------------------------------------
    async def get_credentials(self, credential_type: str, item_index: int = 0) -> dict[str, Any]:
        if self.services.credentials is None:
            raise NodeError(
                f"Node needs credentials of type '{credential_type}' but none are available here",
                node=self.node.name, retryable=False,
            )
        return await self.services.credentials(self.node, credential_type, item_index)

    async def run_subworkflow(self, source: Mapping[str, Any], items: list[Item], **options: Any) -> list[list[Item]]:
        if self.services.run_subworkflow is None:
            raise NodeError("Sub-workflows cannot be run here", node=self.node.name, retryable=False)
        return await self.services.run_subworkflow(source, items, parent=self, **options)

    def static_data(self, kind: str = "node") -> dict[str, Any]:
        """Data that persists across executions of an active workflow (n8n's staticData)."""
        if self.workflow.static_data is None:
            self.workflow.static_data = {}
        key = "global" if kind == "global" else f"node:{self.node.name}"
        data = self.workflow.static_data.setdefault(key, {})
        assert isinstance(data, dict)
        return data

    async def map_items(self, fn: Callable[[Item, int], Awaitable[Item | list[Item] | None]]) -> list[Item]:
        """Run ``fn(item, index)`` for each input item and collect what it returns (an item, a
        list of items, or None for none). A failing item's error gets its index; under
        continue-on-fail it becomes n8n's ``{"error": message}`` item instead."""
        out: list[Item] = []
        for i, item in enumerate(self.items):
            try:
                result = await fn(item, i)
            except NodeError as exc:
                if not self.continue_on_fail:
                    exc.item_index = i if exc.item_index is None else exc.item_index
                    raise
                out.append({"json": {"error": exc.message}, "pairedItem": {"item": i}})
                continue
            if isinstance(result, list):
                out.extend(result)
            elif result is not None:
                out.append(result)
        return out

    def error(self, message: str, *, item_index: int | None = None, **kw: Any) -> NodeError:
        """A NodeError already naming this node."""
        return NodeError(message, node=self.node.name, item_index=item_index, **kw)
