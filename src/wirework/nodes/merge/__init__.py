"""Merge: combine the data of several inputs (v1 legacy modes, v2 combine, v3 N inputs)."""

from __future__ import annotations

from wirework.nodes.merge.description_v1 import DESC_V1
from wirework.nodes.merge.description_v2 import DESC_V2
from wirework.nodes.merge.description_v3 import DESC_V3
from wirework.nodes.merge.modes import execute_v1, execute_v2, execute_v3
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(name="n8n-nodes-base.merge", versions=(
    NodeVersion(description=DESC_V1, execute=execute_v1),
    NodeVersion(description=DESC_V2, execute=execute_v2),
    NodeVersion(description=DESC_V3, execute=execute_v3),
))
