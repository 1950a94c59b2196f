"""n8n-nodes-base.crypto: hash, HMAC, sign, generate (v1; v2 adds binary input for hash/HMAC)."""

from wirework.nodes.crypto.description import DESC_V1, DESC_V2
from wirework.nodes.crypto.execute import execute
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(
    name="n8n-nodes-base.crypto",
    versions=(NodeVersion(description=DESC_V1, execute=execute), NodeVersion(description=DESC_V2, execute=execute)),
)

__all__ = ["DESC_V1", "DESC_V2", "NODE", "execute"]
