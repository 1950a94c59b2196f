"""n8n-compatible expressions: ``={{ … }}`` templates evaluated per item."""

from wirework.expr.context import DEFAULT_TIMEZONE, ExprContext
from wirework.expr.errors import ExpressionError
from wirework.expr.evaluator import Evaluator, PathEvaluator, is_expression
from wirework.expr.js_evaluator import JSEvaluator


def default_evaluator() -> Evaluator:
    """The evaluator the engine uses unless told otherwise: JavaScript (V8 + Luxon)."""
    return JSEvaluator()


__all__ = [
    "DEFAULT_TIMEZONE",
    "Evaluator",
    "ExprContext",
    "ExpressionError",
    "JSEvaluator",
    "PathEvaluator",
    "default_evaluator",
    "is_expression",
]
