"""Webhook trigger (``n8n-nodes-base.webhook``).

``execute`` passes the trigger items through; the runtime calls the hooks:
``webhooks(node)`` -> [(method, path)], ``webhook(ctx, request)`` -> WebhookReply,
``response_mode(ctx)``, ``on_received(ctx)`` and ``last_node(ctx, items, error)`` -> HttpResponse.
"""

from __future__ import annotations

from typing import Any

from wirework.model import Item, Node
from wirework.nodes.sdk import NodeContext, NodeType, NodeVersion
from wirework.nodes.webhook import handler, respond
from wirework.nodes.webhook.description import DESC_V1, DESC_V2


async def execute(ctx: NodeContext) -> list[list[Item]]:
    return [list(ctx.items)]


def webhooks(node: Node) -> list[tuple[str, str]]:
    """The (method, path) pairs this node listens on; an empty path falls back to the webhookId."""
    path = str(node.parameters.get("path") or node.webhook_id or "").strip("/")
    return [(m, path) for m in handler.methods_of(node.parameters, node.type_version)]


def response_mode(ctx: NodeContext) -> str:
    return str(ctx.get_param("responseMode", 0, "onReceived"))


HOOKS: dict[str, Any] = {
    "webhooks": webhooks,
    "webhook": handler.handle,
    "response_mode": response_mode,
    "on_received": respond.on_received,
    "last_node": respond.last_node,
}

NODE = NodeType(
    name="n8n-nodes-base.webhook",
    versions=(
        NodeVersion(description=DESC_V1, execute=execute, hooks=HOOKS),
        NodeVersion(description=DESC_V2, execute=execute, hooks=HOOKS),
    ),
)
