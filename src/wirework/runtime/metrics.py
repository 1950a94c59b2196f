"""Prometheus metrics, fed from the event bus and the webhook handler.

A private registry per Runtime keeps tests and several runtimes in one process apart.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.executions = Counter("wirework_executions_total", "Finished executions",
                                  ["status", "mode"], registry=r)
        self.node_duration = Histogram("wirework_node_duration_seconds", "Node run duration",
                                       ["node_type"], buckets=_BUCKETS, registry=r)
        self.queue_depth = Gauge("wirework_queue_depth", "Executions waiting to run", registry=r)
        self.active = Gauge("wirework_active_executions", "Executions running in this process", registry=r)
        self.webhook_latency = Histogram("wirework_webhook_duration_seconds", "Webhook request latency",
                                         ["method", "status"], buckets=_BUCKETS, registry=r)
        self._node_started: dict[tuple[str, str, int], float] = {}

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "execution.finished":
            self.executions.labels(status=event.get("status", "unknown"), mode=event.get("mode", "unknown")).inc()
        elif kind == "node.started":
            key = (str(event.get("execution_id")), str(event.get("node")), int(event.get("run_index", 0)))
            self._node_started[key] = time.monotonic()
        elif kind == "node.finished":
            key = (str(event.get("execution_id")), str(event.get("node")), int(event.get("run_index", 0)))
            started = self._node_started.pop(key, None)
            seconds = event.get("execution_time_ms")
            duration = seconds / 1000 if isinstance(seconds, (int, float)) else (
                time.monotonic() - started if started is not None else None)
            if duration is not None:
                self.node_duration.labels(node_type=str(event.get("node_type", "unknown"))).observe(duration)

    def render(self) -> bytes:
        return generate_latest(self.registry)
