"""n8n's expression cases (expressions.json), one test per case id.

Cases we do not pass are listed in XFAIL with the reason (xfail_strict: a fixed case fails
until it is taken off the list).
"""

from __future__ import annotations

from typing import Any

import pytest

from expr.n8n_cases import build_context, check, load_cases, substitute
from wirework.expr import ExpressionError
from wirework.expr.js_evaluator import JSEvaluator

XFAIL: dict[str, str] = {}

CASES = load_cases()


def _param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(reason=XFAIL[case["id"]], strict=True)] if case["id"] in XFAIL else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.skipif(not CASES, reason="n8n expression cases file not found")
@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: dict[str, Any], js_evaluator: JSEvaluator) -> None:
    ctx, item_index = build_context(case)
    expression = substitute(case)
    err = case.get("error")
    if err is None:
        check(js_evaluator.evaluate(expression, ctx, item_index, parameter="value"), case)
        return
    with pytest.raises(ExpressionError) as info:
        js_evaluator.evaluate(expression, ctx, item_index, parameter="value")
    exc = info.value
    match = err.get("match", "any")
    if match == "exact":
        assert exc.message == err["message"]
    elif match == "contains":
        assert err["message"] in exc.message
    if err.get("contextType"):
        assert exc.context_type == err["contextType"]
