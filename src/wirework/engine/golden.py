"""Golden-workflow checks with n8n's test-harness semantics (FORMAT.md §9).

A golden workflow's ``pinData`` is its expectation: the workflow runs with pinData removed,
and for every pinned node, output 0 of all its runs must deep-equal ``[pinData[node]]``
(key order ignored, list order significant), after dropping ``pairedItem`` and ``binary``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirework.engine.run import run_workflow
from wirework.model import Item, RunData, WorkflowError, load_workflow


@dataclass(slots=True)
class GoldenReport:
    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)
    status: str = ""


def _clean_item(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    out = {k: v for k, v in item.items() if k not in ("pairedItem", "binary", "index")}
    if "json" not in out:
        out = {"json": out}
    return out


def _plain(value: Any) -> Any:
    """JSON round-trip: what the comparison sees (undefined-free, plain containers)."""
    return json.loads(json.dumps(value, default=str))


def actual_outputs(run_data: RunData, node: str) -> list[list[Item]] | None:
    runs = run_data.get(node)
    if runs is None:
        return None
    out = []
    for task in runs:
        main = (task.get("data") or {}).get("main") or []
        out.append([_clean_item(i) for i in (main[0] if main and main[0] else [])])
    return out


def _diff(expected: Any, actual: Any, path: str = "") -> str | None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                return f"{path}.{key}: missing (expected {json.dumps(expected[key])[:200]})"
            if key not in expected:
                return f"{path}.{key}: unexpected {json.dumps(actual[key])[:200]}"
            d = _diff(expected[key], actual[key], f"{path}.{key}")
            if d:
                return d
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} entries, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            d = _diff(e, a, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = expected is actual if isinstance(expected, bool) and isinstance(actual, bool) else False
    else:
        same = expected == actual
    if not same:
        return f"{path}: expected {json.dumps(expected)[:200]}, got {json.dumps(actual)[:200]}"
    return None


async def check_golden(source: str | Path | Mapping[str, Any], **run_options: Any) -> GoldenReport:
    """Run one golden workflow (a path or a decoded dict) and compare its pinned nodes."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = path.name
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    else:
        name = str(source.get("name", "workflow"))
        raw = dict(source)
    try:
        wf = load_workflow(raw)
    except WorkflowError as exc:
        return GoldenReport(name=name, passed=False, problems=[f"invalid workflow: {exc}"])
    expected = {node: [_clean_item(i) for i in items] for node, items in wf.pin_data.items()}
    wf.pin_data = {}
    trigger = raw.get("trigger") if isinstance(raw, dict) else None
    mode = (trigger or {}).get("mode", "manual")
    try:
        result = await run_workflow(wf, mode=mode, **run_options)
    except Exception as exc:
        return GoldenReport(name=name, passed=False, problems=[f"run failed to start: {exc}"])
    problems: list[str] = []
    if result.status not in ("success", "waiting"):
        msg = (result.error or {}).get("message", "")
        where = (result.error or {}).get("node", {}).get("name", result.last_node_executed)
        problems.append(f"execution ended with status {result.status}: {msg} (node '{where}')")
    for node, items in expected.items():
        actual = actual_outputs(result.run_data, node)
        if actual is None:
            problems.append(f"Data for node '{node}' is missing")
            continue
        d = _diff(_plain([items]), _plain(actual), f"{node}")
        if d:
            problems.append(d)
    return GoldenReport(name=name, passed=not problems, problems=problems, status=result.status)
