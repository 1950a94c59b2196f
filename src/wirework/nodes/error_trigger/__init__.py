"""Error Trigger (``n8n-nodes-base.errorTrigger``): starts an error workflow.

The runtime supplies the payload as the trigger item:
``{"execution": {"id", "url", "retryOf"?, "error", "lastNodeExecuted", "mode"}, "workflow": {"id", "name"}}``.
Run by hand without a payload it emits n8n's example payload so the rest can be built.
"""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

DESC = NodeDescription(
    name="n8n-nodes-base.errorTrigger", display_name="Error Trigger", versions=(1,),
    description="Triggers the workflow when another workflow has an error", group=("trigger",),
    inputs=0, outputs=1, icon="fa:bug", color="#0000FF", default_name="Error Trigger", max_nodes=1,
    properties=(
        Param("notice", "notice", default="", display_name="This node will trigger when there is an error in another workflow, as long as that workflow is set up to do so. <a href=\"https://docs.n8n.io/integrations/core-nodes/n8n-nodes-base.errortrigger\" target=\"_blank\">More info</a>"),
    ),
)


def example_payload(workflow_id: str | None, workflow_name: str) -> dict[str, object]:
    return {
        "execution": {
            "id": "231", "url": "http://localhost:5678/execution/231", "retryOf": "34",
            "error": {"message": "Example Error Message", "stack": "Stacktrace"},
            "lastNodeExecuted": "Node With Error", "mode": "manual",
        },
        "workflow": {"id": workflow_id or "1", "name": workflow_name or "Example Workflow"},
    }


async def execute(ctx: NodeContext) -> list[list[Item]]:
    items = [i for i in ctx.items if i.get("json")]
    if not items:
        items = [{"json": example_payload(ctx.expr.workflow_id, ctx.workflow.name)}]
    return [items]


NODE = NodeType(name="n8n-nodes-base.errorTrigger", versions=(NodeVersion(description=DESC, execute=execute),))
