"""No Operation: passes its input items through unchanged."""

from __future__ import annotations

from wirework.model import Outputs
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.noOp",
    display_name="No Operation, do nothing",
    description="No Operation",
    versions=(1,),
    group=("organization",),
    color="#b0b0b0",
    icon="fa:arrow-right",
)


async def execute(ctx: NodeContext) -> Outputs:
    return [list(ctx.items)]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
