"""Every golden workflow kept beside a node (``nodes/<folder>/tests/golden/*.json``), run with
n8n's harness rules: each pinned node's output must equal its pin. The n8n corpus itself runs in
``tests/compat``."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_corpus import NODES_DIR, missing_types, node_golden_files, run_golden

FILES = node_golden_files()


def test_there_are_golden_workflows() -> None:
    assert len(FILES) >= 10, f"golden workflows went missing under {NODES_DIR}"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(NODES_DIR)) for p in FILES])
async def test_golden_workflow(path: Path) -> None:
    assert not missing_types(path), f"node types not registered: {missing_types(path)}"
    report = await run_golden(path)
    assert report.passed, "\n".join(report.problems)
