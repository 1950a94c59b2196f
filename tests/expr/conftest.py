from __future__ import annotations

from collections.abc import Iterator

import pytest

from wirework.expr.js_evaluator import JSEvaluator


@pytest.fixture(scope="module")
def js_evaluator() -> Iterator[JSEvaluator]:
    ev = JSEvaluator()
    yield ev
    ev.close()
