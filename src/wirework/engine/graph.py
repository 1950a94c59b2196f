"""Graph questions the scheduler asks, answered in n8n's order.

n8n's ancestor walk (``getParentNodes``) returns ancestors farthest-first, with a node that is
reachable along several paths placed where its *last* discovery puts it. The v0 "force input
execution" rule walks that list reversed, so the exact order matters for compatibility.
"""

from __future__ import annotations

from wirework.model import RunData, Workflow

TRIGGER_FALLBACK_TYPES = (
    "n8n-nodes-base.manualTrigger",
    "n8n-nodes-base.executeWorkflowTrigger",
    "n8n-nodes-base.errorTrigger",
    "n8n-nodes-base.evaluationTrigger",
    "n8n-nodes-base.formTrigger",
    "n8n-nodes-base.start",
)


def direct_parents(wf: Workflow, name: str) -> list[str]:
    """Sources feeding ``name``, by input index then connection order (duplicates kept)."""
    by_input: dict[int, list[str]] = {}
    for src, _out, dest_input in wf.parents(name):
        by_input.setdefault(dest_input, []).append(src)
    return [src for idx in sorted(by_input) for src in by_input[idx]]


def parent_nodes(wf: Workflow, name: str, depth: int = -1, _checked: tuple[str, ...] = ()) -> list[str]:
    """All ancestors of ``name``, farthest first (n8n's ``getParentNodes``)."""
    if depth == 0 or name in _checked:
        return []
    checked = (*_checked, name)
    result: list[str] = []
    for parent in direct_parents(wf, name):
        if parent in checked:
            continue
        result.insert(0, parent)
        for grand in reversed(parent_nodes(wf, parent, -1 if depth == -1 else depth - 1, checked)):
            if grand in result:
                result.remove(grand)
            result.insert(0, grand)
    return result


def incoming_connection_is_empty(
    wf: Workflow, run_data: RunData, name: str, run_index: int
) -> bool:
    """True when no source feeding input 0 of ``name`` produced items in run ``run_index``."""
    for src, out_idx, dest_input in wf.parents(name):
        if dest_input != 0:
            continue
        runs = run_data.get(src) or []
        if run_index < len(runs):
            main = (runs[run_index].get("data") or {}).get("main") or []
            if out_idx < len(main) and main[out_idx]:
                return False
    return True


def connected_input_count(wf: Workflow, name: str) -> int:
    """How many input slots of ``name`` have connections (n8n: connectionsByDestination.main.length)."""
    indexes = [i for _s, _o, i in wf.parents(name)]
    return max(indexes) + 1 if indexes else 0
