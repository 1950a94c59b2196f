"""Remove Duplicates: drop repeated items within the input (v1) or across executions (v2)."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes._common.items import prepare_fields
from wirework.nodes.remove_duplicates.history import clear_history, remove_seen
from wirework.nodes.remove_duplicates.impl import compare_keys, remove_duplicates
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param

_DOT = Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
             description="Whether to disallow referencing child fields using `parent.child` in the field name")
_REMOVE_OTHER = Param("removeOtherFields", "boolean", False, display_name="Remove Other Fields",
                      description="Whether to remove any fields that are not being compared. If disabled, "
                                  "will keep the values from the first of the duplicates.")


def _within_params(show: dict[str, list[object]] | None = None) -> tuple[Param, ...]:
    def on(extra: dict[str, list[object]]) -> dict[str, dict[str, list[object]]]:
        return {"show": {**(show or {}), **extra}}

    return (
        Param("compare", "options", "allFields", display_name="Compare", options=(
            Option("All Fields", "allFields"), Option("All Fields Except", "allFieldsExcept"),
            Option("Selected Fields", "selectedFields"),
        ), description="The fields of the input items to compare to see if they are the same",
            display_options={"show": dict(show)} if show else None),
        Param("fieldsToExclude", "string", "", display_name="Fields To Exclude", placeholder="e.g. email, name",
              description="Fields in the input to exclude from the comparison",
              display_options=on({"compare": ["allFieldsExcept"]})),
        Param("fieldsToCompare", "string", "", display_name="Fields To Compare", placeholder="e.g. email, name",
              description="Fields in the input to add to the comparison",
              display_options=on({"compare": ["selectedFields"]})),
        Param("options", "collection", {}, display_name="Options", placeholder="Add Field", options=(
            _DOT, _REMOVE_OTHER,
        ), display_options=on({"compare": ["allFieldsExcept", "selectedFields"]})),
    )


DESC_V1 = NodeDescription(
    name="n8n-nodes-base.removeDuplicates", display_name="Remove Duplicates", versions=(1, 1.1),
    icon="file:removeDuplicates.svg", default_name="Remove Duplicates",
    description="Delete items with matching field values", properties=_within_params(),
)

_SEEN = {"operation": ["removeItemsSeenInPreviousExecutions"]}
_LOGIC_OPTIONS = (
    Option("Value Is New", "removeItemsWithAlreadySeenKeyValues",
           "Remove all input items with values matching those already processed in previous executions"),
    Option("Value Is Higher than Any Previous Value", "removeItemsUpToStoredIncrementalKey",
           "Works with incremental values, removes all input items with values up to the stored value"),
    Option("Value Is a Date Later than Any Previous Date", "removeItemsUpToStoredDate",
           "Works with date values, removes all input items with values up to the stored date"),
)

V2_PROPERTIES = (
    Param("operation", "options", "removeDuplicateInputItems", display_name="Operation",
          no_data_expression=True, options=(
              Option("Remove Items Repeated Within Current Input", "removeDuplicateInputItems",
                     "Remove duplicates from incoming items", "Remove items repeated within current input"),
              Option("Remove Items Processed in Previous Executions", "removeItemsSeenInPreviousExecutions",
                     "Deduplicate items already seen in previous executions",
                     "Remove items processed in previous executions"),
              Option("Clear Deduplication History", "clearDeduplicationHistory",
                     "Wipe the store of previous items", "Clear deduplication history"),
          )),
    *_within_params({"operation": ["removeDuplicateInputItems"]}),
    Param("logic", "options", "removeItemsWithAlreadySeenKeyValues", display_name="Keep Items Where",
          options=_LOGIC_OPTIONS, description="How to select input items to remove by comparing them "
          "with key values previously processed", display_options={"show": _SEEN}),
    Param("dedupeField", "string", "", display_name="Value to Dedupe On", required=True,
          description="Use an input field (or a combination of fields) that has a unique ID value",
          hint="The input field value to compare between items",
          display_options={"show": {**_SEEN, "logic": ["removeItemsWithAlreadySeenKeyValues"]}}),
    Param("incrementalDedupeField", "number", "", display_name="Value to Dedupe On",
          description="Use an input field (or a combination of fields) that has an incremental value",
          hint="The input field value to compare between items, an incremental value is expected",
          display_options={"show": {**_SEEN, "logic": ["removeItemsUpToStoredIncrementalKey"]}}),
    Param("dateDedupeField", "dateTime", "", display_name="Value to Dedupe On", required=True,
          description="Use an input field that has a date value in ISO format",
          hint="The input field value to compare between items, a date is expected",
          display_options={"show": {**_SEEN, "logic": ["removeItemsUpToStoredDate"]}}),
    Param("mode", "options", "cleanDatabase", display_name="Mode", options=(
        Option("Clean Database", "cleanDatabase", "Clear all values stored for a key in the database"),
    ), description="How you want to modify the key values stored on the database. None of these modes "
       "removes input items.", display_options={"show": {"operation": ["clearDeduplicationHistory"]}}),
    Param("options", "collection", {}, display_name="Options", placeholder="Add Field", options=(
        Param("scope", "options", "node", display_name="Scope", options=(
            Option("Node", "node", "Only this node"),
            Option("Workflow", "workflow", "All nodes in the workflow"),
        ), description="If set to ‘workflow,’ key values will be shared across all nodes in the workflow. "
           "If set to ‘node,’ key values will be specific to this node."),
        Param("historySize", "number", 10000, display_name="History Size",
              description="The max number of past items to store for deduplication",
              display_options={"show": {"/logic": ["removeItemsWithAlreadySeenKeyValues"]}}),
    ), display_options={"show": {"operation": ["removeItemsSeenInPreviousExecutions", "clearDeduplicationHistory"]}}),
)

DESC_V2 = NodeDescription(
    name="n8n-nodes-base.removeDuplicates", display_name="Remove Duplicates", versions=(2,),
    icon="file:removeDuplicates.svg", default_name="Remove Duplicates",
    description="Delete items with matching field values", properties=V2_PROPERTIES,
    compat_notes="v2 keeps the history of previous executions in the workflow's static data "
                 "(per node, or `global` for the workflow scope) instead of a separate database table.",
)


def run_within(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items
    dot = not ctx.get_param("options.disableDotNotation", 0, False)
    keys = compare_keys(
        ctx, items, ctx.get_param("compare", 0), dot=dot,
        to_compare=prepare_fields(ctx.get_param("fieldsToCompare", 0, ""), "Fields To Compare", ctx=ctx),
        to_exclude=prepare_fields(ctx.get_param("fieldsToExclude", 0, ""), "Fields To Exclude", ctx=ctx),
    )
    return [remove_duplicates(ctx, items, keys, dot=dot,
                              remove_other_fields=bool(ctx.get_param("options.removeOtherFields", 0, False)))]


async def execute_v1(ctx: NodeContext) -> list[list[Item]]:
    return run_within(ctx)


async def execute_v2(ctx: NodeContext) -> list[list[Item]]:
    op = ctx.get_param("operation", 0)
    if op == "removeItemsSeenInPreviousExecutions":
        return remove_seen(ctx)
    if op == "clearDeduplicationHistory":
        return clear_history(ctx)
    return run_within(ctx)


NODE = NodeType(name="n8n-nodes-base.removeDuplicates", versions=(
    NodeVersion(description=DESC_V1, execute=execute_v1),
    NodeVersion(description=DESC_V2, execute=execute_v2),
))
