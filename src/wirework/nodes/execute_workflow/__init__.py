"""n8n-nodes-base.executeWorkflow: run another workflow with this node's items."""

from __future__ import annotations

from typing import Any

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param


def _SRC(*sources: str) -> dict[str, Any]:
    return {"show": {"source": list(sources)}}

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.executeWorkflow",
    display_name="Execute Workflow",
    versions=(1, 1.1, 1.2),
    description="Execute another workflow",
    group=("transform",),
    icon="fa:sign-in-alt",
    color="#ff6d5a",
    default_name="Execute Workflow",
    subtitle='={{"Workflow: " + $parameter["workflowId"]}}',
    properties=(
        Param("operation", "hidden", "call_workflow", display_name="Operation"),
        Param("source", "options", "database", display_name="Source",
              description="Where to get the workflow to execute from", options=(
                  Option("Database", "database", "Load the workflow from the database by ID"),
                  Option("Local File", "localFile", "Load the workflow from a locally saved file"),
                  Option("Parameter", "parameter", "Load the workflow from a parameter"),
                  Option("URL", "url", "Load the workflow from an URL"),
              )),
        Param("workflowId", "string", "", display_name="Workflow ID", required=True,
              display_options={"show": {"source": ["database"], "@version": [1]}},
              description="The workflow to execute"),
        Param("workflowId", "resourceLocator", {"mode": "list", "value": ""}, display_name="Workflow",
              required=True, display_options={"show": {"source": ["database"], "@version": [1.1, 1.2]}},
              type_options={"modes": ["list", "id"]}, description="The workflow to execute"),
        Param("workflowPath", "string", "", display_name="Workflow Path", required=True,
              display_options=_SRC("localFile"), placeholder="/data/workflow.json",
              description="The path to local JSON workflow file to execute"),
        Param("workflowJson", "json", "\n\n\n", display_name="Workflow JSON", required=True,
              display_options=_SRC("parameter"), type_options={"rows": 10},
              description="The workflow JSON code to execute"),
        Param("workflowUrl", "string", "", display_name="Workflow URL", required=True,
              display_options=_SRC("url"), placeholder="https://example.com/workflow.json",
              description="The URL from which to load the workflow from"),
        Param("executeWorkflowNotice", "notice", "",
              display_name="Any data you pass into this node will be output by the Execute Workflow "
                           "Trigger. More info"),
        Param("mode", "options", "once", display_name="Mode", no_data_expression=True, options=(
            Option("Run once with all items", "once", "Pass all items into a single execution of the sub-workflow"),
            Option("Run once for each item", "each", "Call the sub-workflow individually for each item"),
        )),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
            Param("waitForSubWorkflow", "boolean", True, display_name="Wait For Sub-Workflow Completion",
                  description="Whether the main workflow should wait for the sub-workflow to complete "
                              "its execution before proceeding"),
        )),
    ),
)

_SOURCE_PARAM = {"parameter": "workflowJson", "localFile": "workflowPath", "database": "workflowId",
                 "url": "workflowUrl"}


def _source(ctx: NodeContext, i: int) -> dict[str, Any]:
    source = ctx.get_param("source", i)
    param = _SOURCE_PARAM.get(source)
    if param is None:
        raise ctx.error(f"Unknown workflow source '{source}'", item_index=i, parameter="source")
    value = ctx.get_param(param, i)
    if isinstance(value, dict) and param == "workflowId":
        value = value.get("value", "")
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ctx.error(f"The parameter '{param}' is required for source '{source}'",
                        item_index=i, parameter=param)
    return {"source": source, param: value}


async def execute(ctx: NodeContext) -> list[list[Item]]:
    wait = bool(ctx.get_param("options.waitForSubWorkflow", 0, True))
    if ctx.get_param("mode", 0, "once") == "each":
        out: list[Item] = []
        for i, item in enumerate(ctx.items):
            try:
                result = await ctx.run_subworkflow(_source(ctx, i), [item], wait=wait)
            except Exception as exc:
                if ctx.continue_on_fail:
                    out.append({"json": {"error": getattr(exc, "message", str(exc))}, "pairedItem": {"item": i}})
                    continue
                raise
            produced = (result[0] if result else []) if wait else [item]
            out.extend({**it, "pairedItem": {"item": i}} for it in produced)
        return [out]
    try:
        result = await ctx.run_subworkflow(_source(ctx, 0), list(ctx.items), wait=wait)
    except Exception as exc:
        if ctx.continue_on_fail:
            return [[{"json": {"error": getattr(exc, "message", str(exc))}, "pairedItem": {"item": 0}}]]
        raise
    if not wait:
        return [list(ctx.items)]
    return [list(result[0])] if result else [[]]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
