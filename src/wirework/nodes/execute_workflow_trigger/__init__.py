"""n8n-nodes-base.executeWorkflowTrigger: the start of a workflow called by Execute Workflow."""

from __future__ import annotations

from typing import Any

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param

_V11 = {"show": {"@version": [1.1]}}
_TYPES = (
    Option("Allow Any Type", "any"), Option("String", "string"), Option("Number", "number"),
    Option("Boolean", "boolean"), Option("Array", "array"), Option("Object", "object"),
)

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.executeWorkflowTrigger",
    display_name="Execute Workflow Trigger",
    versions=(1, 1.1),
    description="Helpers for calling other n8n workflows. Used for designing modular, microservice-like workflows.",
    group=("trigger",),
    icon="fa:sign-out-alt",
    color="#ff6d5a",
    inputs=0,
    default_name="When Executed by Another Workflow",
    max_nodes=1,
    properties=(
        Param("notice", "notice", "", display_options={"show": {"@version": [1]}},
              display_name="This node is out of date. Please upgrade by removing it and adding a new one"),
        Param("events", "hidden", "worklfow_call", display_name="Events"),
        Param("inputSource", "options", "workflowInputs", display_name="Input data mode",
              display_options=_V11, no_data_expression=True, options=(
                  Option("Define using fields below", "workflowInputs",
                         "Provide input fields via UI"),
                  Option("Define using JSON example", "jsonExample",
                         "Generate a schema from an example JSON object"),
                  Option("Accept all data", "passthrough",
                         "Use all incoming data from the parent workflow"),
              )),
        Param("jsonExample", "json", '{\n  "aField": "a string",\n  "aNumber": 123\n}',
              display_name="JSON Example", no_data_expression=True,
              display_options={"show": {"@version": [1.1], "inputSource": ["jsonExample"]}}),
        Param("workflowInputs", "fixedCollection", {}, display_name="Workflow Input Schema",
              placeholder="Add field", type_options={"multipleValues": True, "sortable": True},
              display_options={"show": {"@version": [1.1], "inputSource": ["workflowInputs"]}},
              options=(
                  Param("values", "collection", display_name="Values", options=(
                      Param("name", "string", "", display_name="Name", placeholder="e.g. fieldName",
                            required=True, no_data_expression=True),
                      Param("type", "options", "any", display_name="Type", options=_TYPES,
                            no_data_expression=True),
                  )),
              )),
    ),
)


def _schema_fields(ctx: NodeContext) -> list[str] | None:
    if ctx.type_version < 1.1:
        return None
    source = ctx.get_param("inputSource", 0, "passthrough")
    if source == "workflowInputs":
        values = (ctx.get_param("workflowInputs", 0, {}) or {}).get("values") or []
        return [v["name"] for v in values if v.get("name")] or None
    if source == "jsonExample":
        example = ctx.get_param("jsonExample", 0, {})
        if isinstance(example, str):
            import json
            try:
                example = json.loads(example)
            except json.JSONDecodeError:
                return None
        return list(example) if isinstance(example, dict) else None
    return None


async def execute(ctx: NodeContext) -> list[list[Item]]:
    """Pass the caller's items through; with a declared schema keep (and fill) only its fields."""
    fields = _schema_fields(ctx)
    items = ctx.items or [{"json": {}}]
    if fields is None:
        return [list(items)]
    out: list[Item] = []
    for i, item in enumerate(items):
        json: dict[str, Any] = {f: item["json"].get(f) for f in fields}
        new: Item = {"json": json, "pairedItem": {"item": i}}
        if item.get("binary"):
            new["binary"] = item["binary"]
        out.append(new)
    return [out]


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
