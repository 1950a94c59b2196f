"""Manual Trigger: starts a workflow from the editor or the CLI."""

from __future__ import annotations

from wirework.model import Outputs
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.manualTrigger",
    display_name="Manual Trigger",
    default_name="When clicking ‘Execute workflow’",
    description="Runs the flow on clicking a button in the editor or `wirework run`",
    versions=(1,),
    group=("trigger",),
    inputs=0,
    outputs=1,
    max_nodes=1,
    color="#909298",
    icon="fa:mouse-pointer",
    properties=(
        Param(
            name="notice", type="notice", default="",
            display_name="This node is where the workflow execution starts when you run it by hand",
        ),
    ),
)


async def execute(ctx: NodeContext) -> Outputs:
    # the engine hands a trigger its trigger items (one empty item for a manual run)
    return [list(ctx.items) or [{"json": {}}]]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
