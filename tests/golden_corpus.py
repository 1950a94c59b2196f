"""Test support: golden workflows (n8n's harness rules, FORMAT.md §9) and the n8n corpus.

Golden workflows of our own live beside each node, in ``src/wirework/nodes/<folder>/tests/golden/``
(or as ``*.workflow.json`` in the tests folder); the n8n corpus lives in
``shared/n8n-compat/workflows`` next to the checkout (``WIREWORK_N8N_COMPAT`` overrides).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from wirework.engine import run_workflow
from wirework.engine.golden import GoldenReport, actual_outputs, check_golden
from wirework.engine.subworkflow import SubworkflowRunner
from wirework.expr import default_evaluator
from wirework.model import load_workflow
from wirework.nodes.registry import default_registry
from wirework.nodes.sdk import ExecutionServices, FakeClock

NODES_DIR = Path(__file__).resolve().parents[1] / "src" / "wirework" / "nodes"


def corpus_dir() -> Path | None:
    env = os.environ.get("WIREWORK_N8N_COMPAT")
    candidates = [Path(env)] if env else []
    candidates += [p / "shared" / "n8n-compat" / "workflows" for p in Path(__file__).resolve().parents]
    return next((c for c in candidates if c.is_dir()), None)


def corpus_files(*prefixes: str) -> list[Path]:
    root = corpus_dir()
    return sorted(p for p in root.glob("*.json") if p.name.startswith(prefixes)) if root else []


def corpus_params(*prefixes: str) -> list[Any]:
    """``parametrize`` values (ids = file names); one skip when the corpus is absent."""
    files = corpus_files(*prefixes)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason="n8n-compat corpus not found"))]
    return [pytest.param(f, id=f.name) for f in files]


def node_golden_files() -> list[Path]:
    """Every golden workflow kept beside a node folder's tests."""
    found = list(NODES_DIR.glob("*/tests/golden/*.json")) + list(NODES_DIR.glob("*/tests/*.workflow.json"))
    return sorted(found)


def missing_types(path: Path) -> list[str]:
    """``type@version`` of the nodes in ``path`` that the registry cannot run."""
    registry = default_registry()
    missing = set()
    for node in json.loads(path.read_text(encoding="utf-8")).get("nodes", []):
        t, v = node["type"], node.get("typeVersion", 1)
        if not registry.has(t) or registry.get_type(t).for_version(v) is None:
            missing.add(f"{t.split('.')[-1]}@{v}")
    return sorted(missing)


@contextmanager
def golden_services(base_dir: Path, **extra: Any) -> Iterator[ExecutionServices]:
    """Services for one golden run: a real evaluator (closed after), a fake clock, sub-workflows by path."""
    extra.setdefault("clock", FakeClock())
    services = ExecutionServices(evaluator=default_evaluator(),
                                 run_subworkflow=SubworkflowRunner(base_dir=base_dir), **extra)
    try:
        yield services
    finally:
        services.evaluator.close()


async def run_golden(path: Path, **extra: Any) -> GoldenReport:
    with golden_services(path.parent, **extra) as services:
        return await check_golden(path, services=services)


async def assert_with_stand_ins(path: Path, stand_ins: list[str] | dict[str, list[dict[str, Any]]]) -> None:
    """Run a corpus file with the nodes in ``stand_ins`` pinned (to the given items, or their own pin).

    Isolates the node under test from the ones feeding it (often a Code node); the other pinned
    nodes are compared as in ``check_golden``.
    """
    raw = json.loads(path.read_text(encoding="utf-8"))
    pins = raw.get("pinData") or {}
    if isinstance(stand_ins, dict):
        pins.update(stand_ins)
    for name in stand_ins:
        node = next(n for n in raw["nodes"] if n["name"] == name)
        node["type"] = "n8n-nodes-base.noOp"
        node["typeVersion"] = 1
    wf = load_workflow(raw)
    expected = {k: [v if "json" in v else {"json": v} for v in items]
                for k, items in pins.items() if k not in stand_ins}
    wf.pin_data = {k: v for k, v in pins.items() if k in stand_ins}
    with golden_services(path.parent) as services:
        result = await run_workflow(wf, mode="manual", services=services)
    assert result.status in ("success", "waiting"), result.error
    for node, items in expected.items():
        actual = actual_outputs(result.run_data, node)
        assert actual is not None, f"Data for node '{node}' is missing"
        plain = json.loads(json.dumps(actual, default=str))
        assert plain == [items], f"{node}: expected {[items]!r}, got {plain!r}"
