"""n8n-nodes-base.if: split items into a true and a false output."""

from __future__ import annotations

from typing import Any

from wirework.nodes.if_ import v1, v2
from wirework.nodes.if_.legacy import conditions_param
from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion, Option, Param

_COMMON: dict[str, Any] = {
    "name": "n8n-nodes-base.if",
    "group": ("transform",),
    "description": "Route items to the true or the false output by conditions",
    "icon": "fa:map-signs",
    "color": "#408000",
    "outputs": 2,
    "output_names": ("true", "false"),
}

DESC_V1 = NodeDescription(
    display_name="IF",
    versions=(1,),
    default_name="IF",
    properties=(
        conditions_param(),
        Param(
            "combineOperation", "options", "all", display_name="Combine",
            description="Whether every condition or any single one must hold for the true output",
            options=(
                Option("ALL", "all", "The item goes to true only if all conditions hold"),
                Option("ANY", "any", "The item goes to true as soon as one condition holds"),
            ),
        ),
    ),
    **_COMMON,
)

_V2 = (2, 2.1, 2.2, 2.3)
DESC_V2 = NodeDescription(
    display_name="If",
    versions=_V2,
    default_name="If",
    properties=v2.filter_properties(
        _V2, loose_since=2.1, version2_since=2.2, version3_since=2.3
    ),
    **_COMMON,
)

NODE = NodeType(
    name="n8n-nodes-base.if",
    versions=(
        NodeVersion(description=DESC_V1, execute=v1.execute),
        NodeVersion(description=DESC_V2, execute=v2.execute),
    ),
)
