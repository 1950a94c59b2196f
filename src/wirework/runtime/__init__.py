"""The service layer: executions and their queue, workers, triggers, live events, metrics."""

from wirework.runtime.errors import (
    ActivationError,
    ExecutionNotFoundError,
    ExecutionStateError,
    RuntimeServiceError,
)
from wirework.runtime.events import EventBus, RedisEventBus
from wirework.runtime.executions import ExecutionService
from wirework.runtime.runtime import Runtime

__all__ = [
    "ActivationError",
    "EventBus",
    "ExecutionNotFoundError",
    "ExecutionService",
    "ExecutionStateError",
    "RedisEventBus",
    "Runtime",
    "RuntimeServiceError",
]
