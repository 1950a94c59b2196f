"""n8n's own node-test workflows, run through the real engine with n8n's harness rules.

A file whose node types are not all built yet is an expected failure naming the missing
types; with ``xfail_strict`` it turns into a hard failure the day it starts passing, so the
list below can only shrink.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wirework.engine.golden import check_golden
from wirework.engine.subworkflow import SubworkflowRunner
from wirework.expr import default_evaluator
from wirework.nodes.registry import default_registry
from wirework.nodes.sdk import ExecutionServices

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("WIREWORK_N8N_COMPAT", ROOT.parent / "shared" / "n8n-compat" / "workflows"))

#: real n8n behaviour we chose not to reproduce, or cases that cannot run here — with reasons
KNOWN_DIFFERENCES: dict[str, str] = {}

FILES = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


def _missing_types(path: Path) -> list[str]:
    reg = default_registry()
    doc = json.loads(path.read_text(encoding="utf-8"))
    missing = set()
    for node in doc.get("nodes", []):
        t, v = node["type"], node.get("typeVersion", 1)
        if not reg.has(t) or reg.get_type(t).for_version(v) is None:
            missing.add(f"{t.split('.')[-1]}@{v}")
    return sorted(missing)


def _params() -> list[object]:
    out: list[object] = []
    for path in FILES:
        marks = []
        missing = _missing_types(path)
        if missing:
            marks.append(pytest.mark.xfail(reason=f"node types not built yet: {', '.join(missing)}", strict=True))
        elif path.name in KNOWN_DIFFERENCES:
            marks.append(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[path.name], strict=True))
        out.append(pytest.param(path, id=path.name, marks=marks))
    return out


@pytest.mark.skipif(not FILES, reason=f"compatibility corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", _params())
async def test_n8n_workflow(path: Path) -> None:
    services = ExecutionServices(evaluator=default_evaluator(), run_subworkflow=SubworkflowRunner(base_dir=path.parent))
    try:
        report = await check_golden(path, services=services)
    finally:
        services.evaluator.close()
    assert report.passed, "\n".join(report.problems)
