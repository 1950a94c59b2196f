"""Workflow, Node and Connection: n8n's workflow JSON, loaded and dumped losslessly.

Fields the engine does not know are kept in ``extra`` and written back on dump, so a
workflow survives a round-trip through Wirework byte-for-byte in content.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from wirework.model.errors import WorkflowError
from wirework.model.types import Item

_NODE_KEYS = {
    "id", "name", "type", "typeVersion", "position", "parameters", "disabled", "onError",
    "continueOnFail", "retryOnFail", "maxTries", "waitBetweenTries", "alwaysOutputData",
    "executeOnce", "credentials", "webhookId", "notes", "notesInFlow",
}
_WORKFLOW_KEYS = {"name", "nodes", "connections", "pinData", "settings", "staticData", "meta"}


@dataclass(frozen=True, slots=True)
class Connection:
    node: str
    type: str = "main"
    index: int = 0


@dataclass(slots=True)
class Node:
    name: str
    type: str
    type_version: float = 1
    parameters: dict[str, Any] = field(default_factory=dict)
    position: tuple[float, float] = (0.0, 0.0)
    id: str = ""
    disabled: bool = False
    on_error: str = "stopWorkflow"
    continue_on_fail: bool = False
    retry_on_fail: bool = False
    max_tries: int | None = None
    wait_between_tries: int | None = None
    always_output_data: bool = False
    execute_once: bool = False
    credentials: dict[str, Any] = field(default_factory=dict)
    webhook_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: JSON keys the source document had, so defaults it spelled out are written back
    present: frozenset[str] = frozenset()

    @property
    def error_mode(self) -> str:
        """The effective onError setting, folding in legacy ``continueOnFail``."""
        if self.on_error in ("continueRegularOutput", "continueErrorOutput"):
            return self.on_error
        if self.continue_on_fail:
            return "continueRegularOutput"
        return "stopWorkflow"

    @property
    def continues_on_fail(self) -> bool:
        return self.error_mode != "stopWorkflow"

    @classmethod
    def from_json(cls, raw: Any, index: int) -> Node:
        if not isinstance(raw, dict):
            raise WorkflowError(f"nodes[{index}] must be an object, got {type(raw).__name__}")
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise WorkflowError(f"nodes[{index}] has no 'name'", field="name")
        ntype = raw.get("type")
        if not isinstance(ntype, str) or not ntype:
            raise WorkflowError(f"node '{name}' has no 'type'", node=name, field="type")
        version = raw.get("typeVersion", 1)
        if not isinstance(version, (int, float)) or isinstance(version, bool):
            raise WorkflowError(
                f"node '{name}': 'typeVersion' must be a number", node=name, field="typeVersion"
            )
        params = raw.get("parameters", {})
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise WorkflowError(
                f"node '{name}': 'parameters' must be an object", node=name, field="parameters"
            )
        pos = raw.get("position", [0, 0])
        if not (isinstance(pos, list) and len(pos) == 2 and all(isinstance(p, (int, float)) for p in pos)):
            raise WorkflowError(
                f"node '{name}': 'position' must be [x, y]", node=name, field="position"
            )
        creds = raw.get("credentials") or {}
        return cls(
            name=name,
            type=ntype,
            type_version=version,
            parameters=params,
            position=(pos[0], pos[1]),
            id=str(raw.get("id", "")),
            disabled=bool(raw.get("disabled", False)),
            on_error=str(raw.get("onError", "stopWorkflow")),
            continue_on_fail=bool(raw.get("continueOnFail", False)),
            retry_on_fail=bool(raw.get("retryOnFail", False)),
            max_tries=raw.get("maxTries"),
            wait_between_tries=raw.get("waitBetweenTries"),
            always_output_data=bool(raw.get("alwaysOutputData", False)),
            execute_once=bool(raw.get("executeOnce", False)),
            credentials=creds if isinstance(creds, dict) else {},
            webhook_id=raw.get("webhookId"),
            extra={k: v for k, v in raw.items() if k not in _NODE_KEYS or k in ("notes", "notesInFlow")},
            present=frozenset(raw),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "parameters": self.parameters,
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "typeVersion": self.type_version,
            "position": [self.position[0], self.position[1]],
        }
        optional: list[tuple[str, Any, bool]] = [
            ("disabled", self.disabled, self.disabled),
            ("onError", self.on_error, self.on_error != "stopWorkflow"),
            ("continueOnFail", self.continue_on_fail, self.continue_on_fail),
            ("retryOnFail", self.retry_on_fail, self.retry_on_fail),
            ("maxTries", self.max_tries, self.max_tries is not None),
            ("waitBetweenTries", self.wait_between_tries, self.wait_between_tries is not None),
            ("alwaysOutputData", self.always_output_data, self.always_output_data),
            ("executeOnce", self.execute_once, self.execute_once),
            ("credentials", self.credentials, bool(self.credentials)),
            ("webhookId", self.webhook_id, self.webhook_id is not None),
        ]
        for key, value, non_default in optional:
            if non_default or key in self.present:
                out[key] = value
        if "id" not in self.present and not self.id:
            del out["id"]
        out.update(self.extra)
        return out


@dataclass(slots=True)
class Workflow:
    """An n8n workflow. ``connections[source][type][output] -> [Connection]``."""

    name: str = ""
    nodes: list[Node] = field(default_factory=list)
    connections: dict[str, dict[str, list[list[Connection]]]] = field(default_factory=dict)
    pin_data: dict[str, list[Item]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    static_data: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    present: frozenset[str] = frozenset({"name", "nodes", "connections", "settings"})
    _by_name: dict[str, Node] = field(default_factory=dict, repr=False, compare=False)
    _parents: dict[str, list[tuple[str, int, int]]] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild name lookups after nodes or connections were edited in place."""
        self._by_name = {n.name: n for n in self.nodes}
        self._parents = None

    # --- lookups -------------------------------------------------------------------------
    def node(self, name: str) -> Node:
        try:
            return self._by_name[name]
        except KeyError:
            raise WorkflowError(f"node '{name}' is not in the workflow", node=name) from None

    def get_node(self, name: str) -> Node | None:
        return self._by_name.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def execution_order(self) -> str:
        return "v1" if self.settings.get("executionOrder") == "v1" else "v0"

    @property
    def timezone(self) -> str | None:
        tz = self.settings.get("timezone")
        return tz if isinstance(tz, str) and tz and tz != "DEFAULT" else None

    def children(self, name: str, conn_type: str = "main") -> list[list[Connection]]:
        """Outgoing connections of ``name``, one list per output index."""
        return self.connections.get(name, {}).get(conn_type, [])

    def parents(self, name: str) -> list[tuple[str, int, int]]:
        """Incoming main edges of ``name`` as (source, source_output, dest_input)."""
        if self._parents is None:
            index: dict[str, list[tuple[str, int, int]]] = {}
            for src, types in self.connections.items():
                for out_idx, conns in enumerate(types.get("main", [])):
                    for c in conns or []:
                        index.setdefault(c.node, []).append((src, out_idx, c.index))
            self._parents = index
        return self._parents.get(name, [])

    def parent_names(self, name: str) -> list[str]:
        seen: dict[str, None] = {}
        for src, _o, _i in self.parents(name):
            seen.setdefault(src, None)
        return list(seen)

    def ancestors(self, name: str) -> Iterator[str]:
        """All nodes upstream of ``name`` (breadth-first, nearest first, no repeats)."""
        seen = {name}
        frontier = [name]
        while frontier:
            nxt: list[str] = []
            for n in frontier:
                for p in self.parent_names(n):
                    if p not in seen:
                        seen.add(p)
                        nxt.append(p)
                        yield p
            frontier = nxt

    def descendants(self, name: str) -> set[str]:
        seen: set[str] = set()
        stack = [name]
        while stack:
            n = stack.pop()
            for conns in self.children(n):
                for c in conns or []:
                    if c.node not in seen:
                        seen.add(c.node)
                        stack.append(c.node)
        return seen

    def input_count(self, name: str) -> int:
        """Number of input slots fed by connections (at least 1)."""
        return max([i for _s, _o, i in self.parents(name)] + [0]) + 1

    def copy(self) -> Workflow:
        return load_workflow(dump_workflow(self))


def _load_connections(raw: Any, names: set[str]) -> dict[str, dict[str, list[list[Connection]]]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise WorkflowError("'connections' must be an object keyed by node name", field="connections")
    out: dict[str, dict[str, list[list[Connection]]]] = {}
    for src, types in raw.items():
        if src not in names:
            raise WorkflowError(
                f"connections: source node '{src}' is not in the workflow", node=src, field="connections"
            )
        if not isinstance(types, dict):
            raise WorkflowError(f"connections['{src}'] must be an object", node=src, field="connections")
        out[src] = {}
        for ctype, outputs in types.items():
            if not isinstance(outputs, list):
                raise WorkflowError(
                    f"connections['{src}']['{ctype}'] must be a list of outputs", node=src, field="connections"
                )
            lists: list[list[Connection]] = []
            for oi, conns in enumerate(outputs):
                if conns is None:
                    lists.append([])
                    continue
                if not isinstance(conns, list):
                    raise WorkflowError(
                        f"connections['{src}']['{ctype}'][{oi}] must be a list", node=src, field="connections"
                    )
                row: list[Connection] = []
                for c in conns:
                    if not isinstance(c, dict) or not isinstance(c.get("node"), str):
                        raise WorkflowError(
                            f"connections['{src}']['{ctype}'][{oi}]: each entry needs a 'node' name",
                            node=src, field="connections",
                        )
                    if c["node"] not in names:
                        raise WorkflowError(
                            f"connections: '{src}' output {oi} points to unknown node '{c['node']}'",
                            node=src, field="connections",
                        )
                    idx = c.get("index", 0)
                    if not isinstance(idx, int) or idx < 0:
                        raise WorkflowError(
                            f"connections: '{src}' -> '{c['node']}' has an invalid input index {idx!r}",
                            node=src, field="connections",
                        )
                    row.append(Connection(node=c["node"], type=str(c.get("type", ctype)), index=idx))
                lists.append(row)
            out[src][ctype] = lists
    return out


def _wrap_pin(items: Any, node: str) -> list[Item]:
    if not isinstance(items, list):
        raise WorkflowError(f"pinData['{node}'] must be a list of items", node=node, field="pinData")
    out: list[Item] = []
    for it in items:
        if isinstance(it, dict) and isinstance(it.get("json"), dict):
            out.append(it)
        elif isinstance(it, dict):
            out.append({"json": it})
        else:
            raise WorkflowError(f"pinData['{node}'] holds a non-object item", node=node, field="pinData")
    return out


def load_workflow(data: str | bytes | Mapping[str, Any]) -> Workflow:
    """Parse n8n workflow JSON (text or an already-decoded dict) into a :class:`Workflow`."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WorkflowError(f"workflow is not valid JSON: {exc}") from None
    if not isinstance(data, Mapping):
        raise WorkflowError(f"workflow must be a JSON object, got {type(data).__name__}")
    raw_nodes = data.get("nodes", [])
    if not isinstance(raw_nodes, list):
        raise WorkflowError("'nodes' must be a list", field="nodes")
    nodes: list[Node] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_nodes):
        node = Node.from_json(raw, i)
        if node.name in seen:
            raise WorkflowError(f"duplicate node name '{node.name}'", node=node.name, field="name")
        seen.add(node.name)
        nodes.append(node)
    connections = _load_connections(data.get("connections"), seen)
    pin_raw = data.get("pinData") or {}
    if not isinstance(pin_raw, dict):
        raise WorkflowError("'pinData' must be an object keyed by node name", field="pinData")
    pin = {name: _wrap_pin(items, name) for name, items in pin_raw.items()}
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise WorkflowError("'settings' must be an object", field="settings")
    return Workflow(
        name=str(data.get("name", "")),
        nodes=nodes,
        connections=connections,
        pin_data=pin,
        settings=dict(settings),
        static_data=data.get("staticData"),
        meta=data.get("meta"),
        extra={k: copy.deepcopy(v) for k, v in data.items() if k not in _WORKFLOW_KEYS},
        present=frozenset(data),
    )


def dump_connections(wf: Workflow) -> dict[str, Any]:
    return {
        src: {
            ctype: [[{"node": c.node, "type": c.type, "index": c.index} for c in conns] for conns in outs]
            for ctype, outs in types.items()
        }
        for src, types in wf.connections.items()
    }


def dump_workflow(wf: Workflow) -> dict[str, Any]:
    """The inverse of :func:`load_workflow`; unknown fields come back unchanged."""
    out: dict[str, Any] = {}
    if wf.name or "name" in wf.present:
        out["name"] = wf.name
    out["nodes"] = [n.to_json() for n in wf.nodes]
    out["connections"] = dump_connections(wf)
    if wf.pin_data or "pinData" in wf.present:
        out["pinData"] = wf.pin_data
    if wf.settings or "settings" in wf.present:
        out["settings"] = wf.settings
    if wf.static_data is not None:
        out["staticData"] = wf.static_data
    if wf.meta is not None:
        out["meta"] = wf.meta
    out.update(copy.deepcopy(wf.extra))
    return copy.deepcopy(out)
