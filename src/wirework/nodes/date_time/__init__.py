"""n8n-nodes-base.dateTime: v1 (Moment formats) and v2 (Luxon operations)."""

from wirework.nodes.date_time import v1, v2, v2_description
from wirework.nodes.sdk import NodeType, NodeVersion

NODE = NodeType(
    name="n8n-nodes-base.dateTime",
    versions=(
        NodeVersion(description=v1.DESCRIPTION, execute=v1.execute),
        NodeVersion(description=v2_description.DESCRIPTION, execute=v2.execute),
    ),
)
