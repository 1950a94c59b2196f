"""Which workflow node answers ``METHOD /webhook/<path>``.

Static paths match exactly; dynamic ones (``orders/:id/items``) match segment by segment and
bind the ``:name`` parameters. A static path wins over a dynamic one, and among dynamic
paths the one with more literal segments wins. Two registrations that would answer the same
requests conflict, which activation reports as an ActivationError naming both workflows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wirework.runtime.errors import ActivationError


@dataclass(frozen=True, slots=True)
class WebhookEntry:
    workflow_id: str
    node: str
    method: str
    path: str  # without leading/trailing slashes
    workflow_name: str = ""

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.split("/")) if self.path else ()

    @property
    def is_dynamic(self) -> bool:
        return any(s.startswith(":") for s in self.segments)


@dataclass(slots=True)
class Match:
    entry: WebhookEntry
    params: dict[str, str] = field(default_factory=dict)


def normalize(path: str) -> str:
    return "/".join(s for s in path.strip().split("/") if s)


def _shape(entry: WebhookEntry) -> tuple[str, ...]:
    return tuple(":" if s.startswith(":") else s for s in entry.segments)


class WebhookRegistry:
    def __init__(self) -> None:
        self._static: dict[tuple[str, str], WebhookEntry] = {}
        self._dynamic: dict[str, list[WebhookEntry]] = {}

    def check(self, entries: list[WebhookEntry]) -> None:
        """Raise ActivationError if any entry clashes with a registration of another workflow."""
        seen: dict[tuple[str, tuple[str, ...]], WebhookEntry] = {}
        for e in entries:
            key = (e.method, _shape(e))
            if key in seen and seen[key].node != e.node:
                raise ActivationError(
                    f"The workflow has two webhooks for {e.method} /{e.path} "
                    f"(nodes '{seen[key].node}' and '{e.node}')", node=e.node)
            seen[key] = e
            other = self._conflict(e)
            if other is not None and other.workflow_id != e.workflow_id:
                label = f"'{other.workflow_name}' ({other.workflow_id})" if other.workflow_name else f"'{other.workflow_id}'"
                raise ActivationError(
                    f"The URL path that the \"{e.node}\" node uses ({e.method} /{e.path}) is already "
                    f"taken by node '{other.node}' of workflow {label}. Please change the path "
                    "or deactivate the other workflow.", node=e.node)

    def _conflict(self, e: WebhookEntry) -> WebhookEntry | None:
        if not e.is_dynamic:
            return self._static.get((e.method, e.path))
        for other in self._dynamic.get(e.method, []):
            if _shape(other) == _shape(e):
                return other
        return None

    def add(self, entries: list[WebhookEntry]) -> None:
        self.check(entries)
        for e in entries:
            if e.is_dynamic:
                self._dynamic.setdefault(e.method, []).append(e)
            else:
                self._static[(e.method, e.path)] = e

    def remove_workflow(self, workflow_id: str) -> None:
        self._static = {k: v for k, v in self._static.items() if v.workflow_id != workflow_id}
        for method, entries in list(self._dynamic.items()):
            self._dynamic[method] = [e for e in entries if e.workflow_id != workflow_id]

    def entries(self, workflow_id: str | None = None) -> list[WebhookEntry]:
        every = list(self._static.values()) + [e for es in self._dynamic.values() for e in es]
        return [e for e in every if workflow_id is None or e.workflow_id == workflow_id]

    def methods_for(self, path: str) -> list[str]:
        """Methods registered for ``path`` (for 405 answers and CORS preflight)."""
        return sorted({m for m in ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT", "OPTIONS")
                       if self.find(m, path) is not None})

    def find(self, method: str, path: str) -> Match | None:
        path = normalize(path)
        method = method.upper()
        hit = self._static.get((method, path))
        if hit is not None:
            return Match(hit)
        parts = path.split("/") if path else []
        best: tuple[int, Match] | None = None
        for e in self._dynamic.get(method, []):
            segs = e.segments
            if len(segs) != len(parts):
                continue
            params: dict[str, str] = {}
            literal = 0
            for seg, part in zip(segs, parts, strict=True):
                if seg.startswith(":"):
                    params[seg[1:]] = part
                elif seg == part:
                    literal += 1
                else:
                    break
            else:
                if best is None or literal > best[0]:
                    best = (literal, Match(e, params))
        return best[1] if best else None
