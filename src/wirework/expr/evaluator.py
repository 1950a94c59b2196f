"""The parameter-resolver interface the engine and nodes call, and a plain-path evaluator.

``Evaluator.resolve`` takes any parameter value (string, number, nested dict/list) and returns
it with every expression string replaced by its value for one item. The full JavaScript
evaluator implements the same protocol; :class:`PathEvaluator` only understands
``{{ $json.a.b }}`` / ``{{ $json["k"] }}`` and is used where no JS engine is wanted.
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol

from wirework.expr.context import ExprContext
from wirework.expr.errors import ExpressionError


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


class Evaluator(Protocol):
    def resolve(self, value: Any, ctx: ExprContext, item_index: int, *, parameter: str = "") -> Any:
        """``value`` with every expression resolved for item ``item_index``."""
        ...

    async def prepare(self, ctx: ExprContext) -> None:
        """Called before a node runs: may evaluate its parameters for all items ahead of time."""
        ...

    def close(self) -> None: ...


_BLOCK = re.compile(r"\{\{(.*?)\}\}", re.S)
_PATH = re.compile(r"""^\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"]*"|'[^']*'|\d+)\s*\])*)\s*$""")
_SEG = re.compile(r"""\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"]*)"|'([^']*)'|(\d+))\s*\]""")


def parse_json_path(code: str) -> list[str | int] | None:
    """``$json.a["b"][0]`` -> ["a", "b", 0]; None when ``code`` is not a plain path."""
    m = _PATH.match(code)
    if not m:
        return None
    out: list[str | int] = []
    for seg in _SEG.finditer(m.group(1)):
        name, dq, sq, num = seg.groups()
        out.append(int(num) if num is not None else (name or dq or sq or ""))
    return out


def walk_path(value: Any, path: list[str | int]) -> Any:
    for key in path:
        if isinstance(value, dict):
            value = value.get(str(key))
        elif isinstance(value, list) and isinstance(key, int):
            value = value[key] if 0 <= key < len(value) else None
        else:
            return None
    return value


def to_template_string(value: Any) -> str:
    """How a value prints inside a mixed template (n8n's rules, without JS specifics)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


class PathEvaluator:
    """Resolves plain ``$json`` paths; anything else is an ExpressionError."""

    def resolve(self, value: Any, ctx: ExprContext, item_index: int, *, parameter: str = "") -> Any:
        if isinstance(value, str):
            return self._string(value, ctx, item_index, parameter) if is_expression(value) else value
        if isinstance(value, dict):
            return {k: self.resolve(v, ctx, item_index, parameter=parameter) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, ctx, item_index, parameter=parameter) for v in value]
        return value

    def _string(self, value: str, ctx: ExprContext, item_index: int, parameter: str) -> Any:
        template = value[1:]
        blocks = list(_BLOCK.finditer(template))
        if not blocks:
            return template
        items = ctx.items
        item_json = items[item_index]["json"] if 0 <= item_index < len(items) else {}
        values = []
        for b in blocks:
            path = parse_json_path(b.group(1))
            if path is None:
                raise ExpressionError(
                    f"unsupported expression '{b.group(1).strip()}'",
                    node=ctx.node.name, parameter=parameter, item_index=item_index,
                )
            values.append(walk_path(item_json, path))
        if len(blocks) == 1 and blocks[0].span() == (0, len(template)):
            return values[0]
        out, pos = [], 0
        for b, v in zip(blocks, values, strict=True):
            out.append(template[pos : b.start()])
            out.append(to_template_string(v))
            pos = b.end()
        out.append(template[pos:])
        return "".join(out)

    async def prepare(self, ctx: ExprContext) -> None:
        return None  # plain paths are cheap to resolve when the node reads them

    def close(self) -> None:
        return None
