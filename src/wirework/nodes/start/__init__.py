"""Start (legacy): the implicit start node of old n8n workflows."""

from __future__ import annotations

from wirework.model import Outputs
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.start",
    display_name="Start",
    description="Starts the workflow execution from this node",
    versions=(1,),
    group=("input",),
    inputs=0,
    outputs=1,
    max_nodes=1,
    hidden=True,
    color="#00e000",
    icon="fa:play",
)


async def execute(ctx: NodeContext) -> Outputs:
    return [list(ctx.items) or [{"json": {}}]]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
