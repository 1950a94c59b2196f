"""n8n-compatible expressions: ``={{ … }}`` templates evaluated per item."""

from wirework.expr.context import DEFAULT_TIMEZONE, ExprContext
from wirework.expr.errors import ExpressionError
from wirework.expr.evaluator import Evaluator, PathEvaluator, is_expression


def default_evaluator() -> Evaluator:
    """The evaluator the engine uses unless told otherwise."""
    return PathEvaluator()


__all__ = [
    "DEFAULT_TIMEZONE",
    "Evaluator",
    "ExprContext",
    "ExpressionError",
    "PathEvaluator",
    "default_evaluator",
    "is_expression",
]
