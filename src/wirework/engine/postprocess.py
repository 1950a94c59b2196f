"""What the engine does to a node's output before recording it (FORMAT.md §7.3)."""

from __future__ import annotations

from typing import Any

from wirework.model import Item, Outputs


def with_input_pairing(inputs: list[list[Item] | None]) -> list[list[Item] | None]:
    """Copy each input item with ``pairedItem`` pointing at its own position.

    A node that passes items through unchanged (NoOp, If) then emits correct pairing
    without knowing about it. Copies are shallow: ``json`` is shared, never mutated.
    """
    out: list[list[Item] | None] = []
    for k, items in enumerate(inputs):
        if items is None:
            out.append(None)
            continue
        paired = []
        for i, item in enumerate(items):
            ref: dict[str, int] = {"item": i} if k == 0 else {"item": i, "input": k}
            paired.append({**item, "pairedItem": ref})
        out.append(paired)
    return out


def fill_paired_items(outputs: Outputs, inputs: list[list[Item] | None]) -> None:
    """Set ``pairedItem`` on output items that lack it, where n8n can infer it."""
    single_input = len(inputs) == 1
    first = inputs[0] if inputs else None
    same_count = single_input and len(outputs) == 1 and first is not None and len(first) == len(outputs[0])
    one_item = single_input and first is not None and len(first) == 1
    for out in outputs:
        for i, item in enumerate(out or []):
            if "pairedItem" in item:
                continue
            if same_count:
                item["pairedItem"] = {"item": i}
            elif one_item:
                item["pairedItem"] = {"item": 0}
            else:
                return


def normalise_items(outputs: Any) -> Outputs:
    """Accept what nodes return (None outputs, bare lists) and make it ``list[list[Item]]``."""
    result: Outputs = []
    for out in outputs:
        result.append(list(out) if out is not None else [])
    return result


def is_error_item(item: Item) -> bool:
    if item.get("error") is not None:
        return True
    j = item.get("json")
    if not isinstance(j, dict) or "error" not in j:
        return False
    keys = set(j)
    return keys == {"error"} or keys == {"error", "message"}


def route_error_output(outputs: Outputs, inputs: list[list[Item] | None], regular_outputs: int) -> Outputs:
    """onError=continueErrorOutput: move error items to the extra last output."""
    while len(outputs) < regular_outputs:
        outputs.append([])
    errors: list[Item] = []
    main_input = inputs[0] if inputs and inputs[0] is not None else []
    for idx in range(regular_outputs):
        kept: list[Item] = []
        for item in outputs[idx]:
            if not is_error_item(item):
                kept.append(item)
                continue
            paired = item.get("pairedItem")
            ref = paired[0] if isinstance(paired, list) and paired else paired
            src_idx = ref.get("item") if isinstance(ref, dict) else ref if isinstance(ref, int) else None
            base = main_input[src_idx]["json"] if isinstance(src_idx, int) and src_idx < len(main_input) else {}
            errors.append({**item, "json": {**base, **item.get("json", {})}})
        outputs[idx] = kept
    outputs = outputs[:regular_outputs]
    outputs.append(errors)
    return outputs


def replace_item_errors(outputs: Outputs) -> None:
    """Items carrying an ``error`` object get ``json = {"error": message}`` (n8n)."""
    for out in outputs:
        for item in out:
            err = item.get("error")
            if err is None:
                continue
            message = err.get("message") if isinstance(err, dict) else str(err)
            item["json"] = {"error": message}
            del item["error"]
