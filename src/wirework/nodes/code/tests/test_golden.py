"""Golden workflows through the real engine (n8n harness semantics)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from wirework.engine.golden import check_golden

HERE = Path(__file__).parent
CORPUS = Path(__file__).resolve().parents[6] / "shared" / "n8n-compat" / "workflows"
HAS_JS = importlib.util.find_spec("wirework.expr.code_exec") is not None


async def test_python_code_golden() -> None:
    report = await check_golden(HERE / "python_code.workflow.json")
    assert report.passed, report.problems


@pytest.mark.skipif(not HAS_JS, reason="the JavaScript code runtime has not landed yet")
@pytest.mark.parametrize("name", ["Code__Code.workflow.json", "CompareDatasets__workflow.compareDatasets.json"])
async def test_n8n_code_fixture(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    report = await check_golden(path)
    assert report.passed, report.problems
