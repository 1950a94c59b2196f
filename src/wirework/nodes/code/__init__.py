"""Code: run JavaScript (V8 via the expression runtime) or Python (sandboxed CPython runners)."""

from __future__ import annotations

from wirework.nodes.code.description import DESCRIPTION
from wirework.nodes.code.execute import execute
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(name="n8n-nodes-base.code", versions=(NodeVersion(description=DESCRIPTION, execute=execute),))

__all__ = ["DESCRIPTION", "NODE", "execute"]
