"""Loading n8n's expression cases (``expressions.json``) and judging results by its conventions."""

from __future__ import annotations

import json
import math
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from wirework.expr import DEFAULT_TIMEZONE, ExprContext
from wirework.expr.jsvalues import UNDEFINED, JSDate, JSDateTime
from wirework.model import Node, Workflow, load_workflow

REPO = Path(__file__).resolve().parents[2]


def cases_path() -> Path:
    env = os.environ.get("WIREWORK_N8N_EXPR_CASES")
    return Path(env) if env else REPO.parent / "shared" / "n8n-compat" / "expressions.json"


def load_cases() -> list[dict[str, Any]]:
    path = cases_path()
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["cases"])


def substitute(case: dict[str, Any]) -> str:
    expr = str(case["expression"])
    for name in case.get("placeholders") or {}:
        if name == "NOW_MINUS_5_MINUTES_ISO":
            value = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
        else:
            raise AssertionError(f"unknown placeholder {name}")
        expr = expr.replace(f"<<{name}>>", value)
    return expr


def build_context(case: dict[str, Any]) -> tuple[ExprContext, int]:
    c = case["context"]
    if "fixture" in c:
        return _fixture_context(c), 0
    node = Node(name="node", type="n8n-nodes-base.set")
    wf = Workflow(name="", nodes=[node])
    inputs: list[list[Any]] = [[{"json": c["$json"]}]] if "$json" in c else [list(c.get("input") or [])]
    ctx = ExprContext(workflow=wf, node=node, run_data={}, inputs=inputs, timezone=DEFAULT_TIMEZONE)
    return ctx, int(c.get("itemIndex", 0))


def _fixture_context(c: dict[str, Any]) -> ExprContext:
    folder = cases_path().parent / "dataproxy"
    raw_wf = json.loads((folder / f"{c['fixture']}_workflow.json").read_text(encoding="utf-8"))
    if c.get("pinDataItemsAreBareJson"):
        raw_wf["pinData"] = {
            k: [{"json": i} for i in v] for k, v in (raw_wf.get("pinData") or {}).items()
        }
    if c.get("workflowSettings"):
        raw_wf["settings"] = {**(raw_wf.get("settings") or {}), **c["workflowSettings"]}
    wf = load_workflow(raw_wf)
    meta = c.get("workflowMeta") or {}
    if "name" in meta:
        wf.name = meta["name"]
    run_raw = json.loads((folder / f"{c['fixture']}_run.json").read_text(encoding="utf-8"))
    run_data = {} if c.get("noRunData") else run_raw["data"]["resultData"]["runData"]
    active = c["activeNode"]
    task = (run_data.get(active) or [None])[0]
    inputs = [task["data"]["main"][0]] if task else [[]]
    return ExprContext(
        workflow=wf, node=wf.node(active), run_data=run_data, inputs=inputs,
        source=list(task.get("source") or []) if task else [], mode=c.get("mode", "integrated"),
        timezone=wf.timezone or DEFAULT_TIMEZONE, workflow_id=meta.get("id"),
        workflow_active=bool(meta.get("active", False)),
    )


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def matches(actual: Any, expected: Any) -> bool:
    """Jest ``toEqual`` on the decoded expectation (``expected_encoding`` of the cases file)."""
    if isinstance(expected, dict) and len(expected) == 1:
        ((k, v),) = expected.items()
        if k == "$undefined":
            return actual is UNDEFINED
        if k == "$nan":
            return isinstance(actual, float) and math.isnan(actual)
        if k == "$date":
            return isinstance(actual, JSDate) and _instant(actual) == _instant(v)
        if k == "$datetime":
            if not isinstance(actual, JSDateTime):
                return False
            a, e = _instant(actual), _instant(v)
            return a == e and a.utcoffset() == e.utcoffset()
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            matches(actual[k], expected[k]) for k in expected
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            matches(a, e) for a, e in zip(actual, expected, strict=True)
        )
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and actual == expected
    if expected is None:
        return actual is None
    return isinstance(actual, type(expected)) and actual == expected


def check(actual: Any, case: dict[str, Any]) -> None:
    how = case.get("check")
    if how == "type:DateTime":
        assert isinstance(actual, JSDateTime), f"expected a Luxon DateTime, got {actual!r}"
        return
    if how == "not-undefined":
        assert actual is not UNDEFINED, "expected a defined value"
        return
    expected = case["expected"]
    if case.get("match") == "containsAll":
        assert isinstance(actual, list), actual
        assert all(any(matches(a, e) for a in actual) for e in expected), actual
        return
    assert matches(actual, expected), f"got {actual!r}, expected {expected!r}"
