"""n8n-nodes-base.stopAndError: fail the workflow with a message or an error object."""

from __future__ import annotations

import json
from typing import Any

from wirework.model import Item
from wirework.nodes.sdk import (
    NodeContext,
    NodeDescription,
    NodeError,
    NodeType,
    NodeVersion,
    Option,
    Param,
)

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.stopAndError",
    display_name="Stop and Error",
    versions=(1,),
    description="Throw an error in the workflow",
    icon="fa:exclamation-triangle",
    color="#ff0000",
    outputs=0,
    subtitle='={{$parameter["errorType"]}}',
    properties=(
        Param("errorType", "options", "errorMessage", display_name="Error Type",
              description="Type of error to throw", options=(
                  Option("Error Message", "errorMessage"), Option("Error Object", "errorObject"),
              )),
        Param("errorMessage", "string", "", display_name="Error Message", required=True,
              display_options={"show": {"errorType": ["errorMessage"]}}),
        Param("errorObject", "json", "", display_name="Error Object", required=True,
              type_options={"alwaysOpenEditWindow": True}, placeholder='{ "code": "404", "description": "The resource could not be fetched" }',
              description="Object containing error properties",
              display_options={"show": {"errorType": ["errorObject"]}}),
    ),
)


def _from_object(ctx: NodeContext, raw: Any) -> NodeError:
    obj = raw
    if isinstance(raw, str):
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            return ctx.error("Error Object is not valid JSON", item_index=0, parameter="errorObject",
                             retryable=False)
    if not isinstance(obj, dict):
        return ctx.error("Error Object must be an object", item_index=0, parameter="errorObject",
                         retryable=False)
    message = obj.get("message") or obj.get("description") or json.dumps(obj)
    description = obj.get("description") if obj.get("message") else None
    context = {k: v for k, v in obj.items() if k not in ("message", "description")}
    return ctx.error(str(message), description=description, context=context, retryable=False)


async def execute(ctx: NodeContext) -> list[list[Item]]:
    if ctx.get_param("errorType", 0) == "errorObject":
        raise _from_object(ctx, ctx.get_param("errorObject", 0))
    raise ctx.error(str(ctx.get_param("errorMessage", 0)), retryable=False)


NODE = NodeType(name=DESCRIPTION.name, versions=(NodeVersion(description=DESCRIPTION, execute=execute),))
