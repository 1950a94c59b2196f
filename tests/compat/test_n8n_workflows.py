"""n8n's own node-test workflows, run through the real engine with n8n's harness rules.

A file whose node types are not all built is an expected failure naming the missing types;
with ``xfail_strict`` it turns into a hard failure the day it starts passing, so the list can
only shrink. Waits run on a fake clock (the Wait fixture would otherwise sleep 42 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_corpus import corpus_dir, missing_types, run_golden

#: real n8n behaviour we chose not to reproduce, or cases that cannot run here — with reasons
KNOWN_DIFFERENCES: dict[str, str] = {}

CORPUS = corpus_dir()
FILES = sorted(CORPUS.glob("*.json")) if CORPUS else []


def _params() -> list[object]:
    out: list[object] = []
    for path in FILES:
        marks = []
        missing = missing_types(path)
        if missing:
            marks.append(pytest.mark.xfail(reason=f"node types not built yet: {', '.join(missing)}", strict=True))
        elif path.name in KNOWN_DIFFERENCES:
            marks.append(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[path.name], strict=True))
        out.append(pytest.param(path, id=path.name, marks=marks))
    return out


@pytest.mark.skipif(not FILES, reason="compatibility corpus not found (shared/n8n-compat/workflows)")
@pytest.mark.parametrize("path", _params())
async def test_n8n_workflow(path: Path) -> None:
    report = await run_golden(path)
    assert report.passed, "\n".join(report.problems)
