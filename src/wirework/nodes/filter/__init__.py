"""n8n-nodes-base.filter: keep only the items that match conditions.

Output 0 holds the kept items; the discarded ones are returned as a second list (n8n shows them
as "Discarded" in the run data) but have no connectable output.
"""

from __future__ import annotations

from typing import Any

from wirework.nodes.filter import v1, v2
from wirework.nodes.if_.legacy import conditions_param
from wirework.nodes.if_.v2 import filter_properties
from wirework.nodes.sdk import NodeDescription, NodeType, NodeVersion, Option, Param

_COMMON: dict[str, Any] = {
    "name": "n8n-nodes-base.filter",
    "display_name": "Filter",
    "default_name": "Filter",
    "group": ("transform",),
    "description": "Remove items that do not match a condition",
    "icon": "fa:filter",
    "color": "#229eff",
    "outputs": 1,
    "output_names": ("Kept", "Discarded"),
}

DESC_V1 = NodeDescription(
    versions=(1,),
    properties=(
        conditions_param(),
        Param(
            "combineConditions", "options", "AND", display_name="Combine Conditions",
            description="AND keeps items meeting every condition, OR items meeting at least one",
            options=(
                Option("AND", "AND", "Keep an item only if it meets all the conditions"),
                Option("OR", "OR", "Keep an item if it meets at least one condition"),
            ),
        ),
    ),
    **_COMMON,
)

_V2 = (2, 2.1, 2.2, 2.3)
DESC_V2 = NodeDescription(
    versions=_V2,
    properties=filter_properties(
        _V2, loose_since=2.1, version2_since=2.2, version3_since=2.3
    ),
    **_COMMON,
)

NODE = NodeType(
    name="n8n-nodes-base.filter",
    versions=(
        NodeVersion(description=DESC_V1, execute=v1.execute),
        NodeVersion(description=DESC_V2, execute=v2.execute),
    ),
)
