"""Item Lists descriptions: v1–v2.2 (field lists as fixedCollections) and v3/v3.1 (strings).

The parameters are the standalone nodes' (Split Out, Aggregate, Remove Duplicates, Sort,
Limit, Summarize) scoped to an ``operation`` with displayOptions.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from wirework.nodes.aggregate import PROPERTIES as AGGREGATE
from wirework.nodes.limit import KEEP, MAX_ITEMS
from wirework.nodes.remove_duplicates import DESC_V1 as DEDUPE
from wirework.nodes.sdk import NodeDescription, Option, Param
from wirework.nodes.sort import CODE, SORT_FIELDS, TYPE
from wirework.nodes.split_out import PROPERTIES as SPLIT_OUT
from wirework.nodes.summarize import PROPERTIES as SUMMARIZE


def _scoped(params: tuple[Param, ...], operation: str) -> tuple[Param, ...]:
    out = []
    for p in params:
        opts = {k: dict(v) for k, v in (p.display_options or {}).items()}
        opts.setdefault("show", {})["operation"] = [operation]
        out.append(dataclasses.replace(p, display_options=opts))
    return tuple(out)


def _field_list(name: str, label: str, description: str, extra_show: dict[str, list[Any]] | None = None) -> Param:
    return Param(
        name, "fixedCollection", {}, display_name=label, type_options={"multipleValues": True},
        placeholder=f"Add {label[:-1] if label.endswith('s') else label}",
        display_options={"show": extra_show} if extra_show else None,
        options=(Param("fields", "collection", display_name="", options=(
            Param("fieldName", "string", "", display_name="Field Name", placeholder="e.g. id",
                  hint=" Enter the field name as text", description=description),
        )),),
    )


def _legacy(params: tuple[Param, ...], replacements: dict[str, Param]) -> tuple[Param, ...]:
    return tuple(replacements.get(p.name, p) for p in params)


def _operation(v3: bool) -> Param:
    aggregate = "concatenateItems" if v3 else "aggregateItems"
    return Param("operation", "options", "splitOutItems", display_name="Operation", no_data_expression=True,
                 options=(
                     Option("Concatenate Items", aggregate, "Combine fields into a list in a single new item",
                            "Concatenate Items"),
                     Option("Limit", "limit", "Remove items if there are too many", "Limit"),
                     Option("Remove Duplicates", "removeDuplicates", "Remove extra items that are similar",
                            "Remove Duplicates"),
                     Option("Sort", "sort", "Change the item order", "Sort"),
                     Option("Split Out Items", "splitOutItems",
                            "Turn a list or values of object's properties inside item(s) into separate items",
                            "Split Out Items"),
                     Option("Summarize", "summarize", "Aggregate items together (pivot table)", "Summarize"),
                 ))


_SORT_OPTIONS = Param("options", "collection", {}, display_name="Options", placeholder="Add Field",
                      display_options={"show": {"type": ["simple"]}}, options=(
                          Param("disableDotNotation", "boolean", False, display_name="Disable Dot Notation",
                                description="Whether to disallow referencing child fields using `parent.child` "
                                            "in the field name"),
                      ))


def _without_group_by(params: tuple[Param, ...]) -> tuple[Param, ...]:
    """Item Lists never had Aggregate's newer "Group By Fields" option."""
    return tuple(
        dataclasses.replace(p, options=tuple(o for o in p.options if getattr(o, "name", "") != "groupByFields"))
        if p.name == "options" else p
        for p in params
    )


def _properties(v3: bool) -> tuple[Param, ...]:
    resource = Param("resource", "hidden", "itemList", display_name="Resource",
                     options=(Option("Item List", "itemList"),))
    split: tuple[Param, ...] = SPLIT_OUT
    aggregate: tuple[Param, ...] = _without_group_by(AGGREGATE)
    dedupe: tuple[Param, ...] = DEDUPE.properties
    if not v3:
        split = _legacy(split, {"fieldsToInclude": _field_list(
            "fieldsToInclude", "Fields To Include", "A field in the input items to aggregate together",
            {"include": ["selectedOtherFields"]})})
        aggregate = _legacy(aggregate, {
            "fieldsToInclude": _field_list("fieldsToInclude", "Fields To Include",
                                           "Specify fields that will be included in output array",
                                           {"aggregate": ["aggregateAllItemData"], "include": ["specifiedFields"]}),
            "fieldsToExclude": _field_list("fieldsToExclude", "Fields To Exclude",
                                           "A field in the input to exclude from the object in output array",
                                           {"aggregate": ["aggregateAllItemData"], "include": ["allFieldsExcept"]}),
        })
        dedupe = _legacy(dedupe, {
            "fieldsToExclude": _field_list("fieldsToExclude", "Fields To Exclude",
                                           "A field in the input to exclude from the comparison",
                                           {"compare": ["allFieldsExcept"]}),
            "fieldsToCompare": _field_list("fieldsToCompare", "Fields To Compare",
                                           "A field in the input to add to the comparison",
                                           {"compare": ["selectedFields"]}),
        })
    return (
        resource, _operation(v3),
        *_scoped(split, "splitOutItems"),
        *_scoped(aggregate, "concatenateItems" if v3 else "aggregateItems"),
        *_scoped(dedupe, "removeDuplicates"),
        *_scoped((TYPE, SORT_FIELDS, CODE, _SORT_OPTIONS), "sort"),
        *_scoped((MAX_ITEMS, KEEP), "limit"),
        *_scoped(SUMMARIZE, "summarize"),
    )


def _desc(versions: tuple[float, ...], v3: bool) -> NodeDescription:
    return NodeDescription(
        name="n8n-nodes-base.itemLists", display_name="Item Lists", versions=versions, icon="file:itemLists.svg",
        description="Helper for working with lists of items and transforming arrays", default_name="Item Lists",
        subtitle='={{$parameter["operation"]}}', properties=_properties(v3), hidden=True,
    )


DESC_V1 = _desc((1,), v3=False)
DESC_V2 = _desc((2, 2.1, 2.2), v3=False)
DESC_V3 = _desc((3, 3.1), v3=True)
