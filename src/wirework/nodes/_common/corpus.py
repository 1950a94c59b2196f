"""Test support: locate the n8n compatibility corpus and run its files through ``check_golden``.

The corpus lives in ``shared/n8n-compat/workflows`` next to the repository checkout; a file
whose node types are not all registered yet is skipped with the missing types named.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest


def corpus_dir() -> Path | None:
    env = os.environ.get("WIREWORK_N8N_COMPAT")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [p / "shared" / "n8n-compat" / "workflows" for p in here.parents]
    return next((c for c in candidates if c.is_dir()), None)


def corpus_files(*prefixes: str) -> list[Path]:
    root = corpus_dir()
    if root is None:
        return []
    return sorted(p for p in root.glob("*.json") if p.name.startswith(prefixes))


def missing_types(path: Path) -> list[str]:
    from wirework.nodes.registry import default_registry

    registry = default_registry()
    types = {n["type"] for n in json.loads(path.read_text(encoding="utf-8"))["nodes"]}
    return sorted(t for t in types if not registry.has(t))


async def assert_golden(path: Path, **run_options: Any) -> None:
    """Skip naming the unregistered node types, else run the file and assert it passes."""
    missing = missing_types(path)
    if missing:
        pytest.skip(f"node types not registered yet: {', '.join(missing)}")
    from wirework.engine.golden import check_golden

    report = await check_golden(path, **run_options)
    # the Code node's JavaScript runtime and the full expression evaluator are built elsewhere;
    # until they land, files that need them are skipped with the reason
    unavailable = [p for p in report.problems
                   if "runtime is not available" in p or "unsupported expression" in p]
    if unavailable:
        pytest.skip(unavailable[0])
    assert report.passed, "\n".join(report.problems)


def corpus_params(*prefixes: str) -> list[object]:
    """``pytest.mark.parametrize`` values (ids = file names); one skip when the corpus is absent."""
    files = corpus_files(*prefixes)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason="n8n-compat corpus not found"))]
    return [pytest.param(f, id=f.name) for f in files]


async def assert_with_stand_ins(path: Path, stand_ins: list[str] | dict[str, list[dict[str, Any]]]) -> None:
    """Run a corpus file with the nodes in ``stand_ins`` pinned to their expected output.

    Checks this folder's node against the fixture while the pinned nodes' types (often the
    Code node) are not runnable yet; the other pinned nodes are compared as in ``check_golden``.
    """
    from wirework.engine import run_workflow
    from wirework.engine.golden import actual_outputs
    from wirework.model import load_workflow

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
    result = await run_workflow(wf, mode="manual")
    message = str((result.error or {}).get("message", ""))
    if "unsupported expression" in message:
        pytest.skip(f"needs the JavaScript expression evaluator: {message}")
    assert result.status in ("success", "waiting"), result.error
    for node, items in expected.items():
        actual = actual_outputs(result.run_data, node)
        assert actual is not None, f"Data for node '{node}' is missing"
        plain = json.loads(json.dumps(actual, default=str))
        assert plain == [items], f"{node}: expected {[items]!r}, got {plain!r}"
