"""n8n-nodes-base.set ("Set", later "Edit Fields (Set)"): add, change or remove item fields."""

from __future__ import annotations

from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion
from wirework.nodes.set import v1, v3, v3_description

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.set",
    display_name="Set",
    default_name="Set",
    versions=(1, 2),
    group=("input",),
    description="Sets values on items and optionally removes other values",
    icon="fa:pen",
    color="#0000FF",
    properties=v1.PROPERTIES,
)

DESC_V3 = NodeDescription(
    name="n8n-nodes-base.set",
    display_name="Edit Fields (Set)",
    default_name="Edit Fields",
    versions=v3_description.VERSIONS,
    group=("input",),
    description="Modify, add, or remove item fields",
    subtitle='={{$parameter["mode"]}}',
    icon="fa:pen",
    color="#0000FF",
    properties=v3_description.PROPERTIES,
)

NODE = NodeType(
    name="n8n-nodes-base.set",
    versions=(
        NodeVersion(description=DESC_V1, execute=v1.execute),
        NodeVersion(description=DESC_V3, execute=v3.execute),
    ),
)
