from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from wirework.expr import default_evaluator
from wirework.nodes._common.corpus import assert_golden, corpus_params
from wirework.nodes.sdk import ExecutionServices, FakeClock


@pytest.mark.parametrize("path", corpus_params("Wait__"))
async def test_corpus(path: Path) -> None:
    # the fixture waits 42 s; the engine's clock is fake so the test does not
    clock = FakeClock(datetime(2024, 5, 1, 12, tzinfo=UTC))
    evaluator = default_evaluator()
    try:
        await assert_golden(path, services=ExecutionServices(clock=clock, evaluator=evaluator))
    finally:
        evaluator.close()
    assert clock.slept == [42]
