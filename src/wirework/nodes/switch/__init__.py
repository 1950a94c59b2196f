"""n8n-nodes-base.switch: route each item to one (or several) of many outputs."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion
from wirework.nodes.switch import legacy, v3

_COMMON: dict[str, Any] = {
    "name": "n8n-nodes-base.switch",
    "display_name": "Switch",
    "default_name": "Switch",
    "group": ("transform",),
    "description": "Route items depending on an expression or on rules",
    "icon": "fa:map-signs",
    "color": "#506000",
}

DESC_V1 = NodeDescription(
    versions=(1,), properties=legacy.description_properties(1), outputs=4,
    output_names=("0", "1", "2", "3"), **_COMMON,
)
DESC_V2 = NodeDescription(
    versions=(2,), properties=legacy.description_properties(2), outputs=legacy.outputs_v2,
    **_COMMON,
)
DESC_V3 = NodeDescription(
    versions=v3.VERSIONS, properties=v3.properties(), outputs=v3.outputs,
    subtitle='=mode: {{$parameter["mode"]}}', **_COMMON,
)

NODE = NodeType(
    name="n8n-nodes-base.switch",
    versions=(
        NodeVersion(description=DESC_V1, execute=legacy.make_execute(1)),
        NodeVersion(description=DESC_V2, execute=legacy.make_execute(2)),
        NodeVersion(description=DESC_V3, execute=v3.execute),
    ),
)
