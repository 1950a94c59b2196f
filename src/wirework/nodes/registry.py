"""Node-type discovery: every folder under ``wirework/nodes/`` plus installed plugins.

A node folder's ``__init__`` exports ``NODE`` (a NodeType) or ``NODES`` (a list of them).
Third-party packages register an entry point in the ``wirework.nodes`` group pointing at a
NodeType, a list of them, or a module exporting ``NODE``/``NODES``.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

from wirework.nodes.sdk import NodeDefinitionError, NodeType, NodeVersion

log = logging.getLogger(__name__)
_SKIP = {"sdk", "registry", "tests"}


class UnknownNodeTypeError(LookupError):
    def __init__(self, type_name: str, version: float | None = None) -> None:
        self.type_name = type_name
        self.version = version
        what = f"'{type_name}'" + (f" version {version}" if version is not None else "")
        super().__init__(f"Unrecognized node type: {what}")


def _from_object(obj: Any, origin: str) -> list[NodeType]:
    if isinstance(obj, ModuleType):
        found = getattr(obj, "NODES", None) or ([obj.NODE] if hasattr(obj, "NODE") else [])
        return _from_object(list(found), origin)
    if isinstance(obj, NodeType):
        return [obj]
    if isinstance(obj, (list, tuple)) and all(isinstance(o, NodeType) for o in obj):
        return list(obj)
    raise NodeDefinitionError(f"{origin}: expected a NodeType or a list of them, got {type(obj).__name__}")


class NodeRegistry:
    def __init__(self, types: Iterable[NodeType] = ()) -> None:
        self._types: dict[str, NodeType] = {}
        for t in types:
            self.add(t)

    def add(self, node_type: NodeType) -> None:
        if node_type.name in self._types:
            raise NodeDefinitionError(f"{node_type.name}: registered twice")
        for nv in node_type.versions:
            if nv.description.name != node_type.name:
                raise NodeDefinitionError(
                    f"{node_type.name}: a version describes '{nv.description.name}' instead"
                )
            nv.description.validate()
        self._types[node_type.name] = node_type

    def get_type(self, type_name: str) -> NodeType:
        try:
            return self._types[type_name]
        except KeyError:
            raise UnknownNodeTypeError(type_name) from None

    def get(self, type_name: str, version: float) -> NodeVersion:
        nv = self.get_type(type_name).for_version(version)
        if nv is None:
            raise UnknownNodeTypeError(type_name, version)
        return nv

    def has(self, type_name: str) -> bool:
        return type_name in self._types

    def __iter__(self) -> Iterator[NodeType]:
        return iter(sorted(self._types.values(), key=lambda t: t.name))

    def pinned_set(self) -> dict[str, tuple[float, ...]]:
        """``{type: versions}`` — what the registry-pinning test compares against."""
        return {t.name: t.all_versions for t in self}


def discover_builtin() -> list[NodeType]:
    import wirework.nodes as pkg

    found: list[NodeType] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.ispkg or info.name in _SKIP or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"wirework.nodes.{info.name}")
        if hasattr(module, "NODE") or hasattr(module, "NODES"):
            found.extend(_from_object(module, f"wirework.nodes.{info.name}"))
    return found


def discover_plugins() -> list[NodeType]:
    found: list[NodeType] = []
    for ep in entry_points(group="wirework.nodes"):
        try:
            found.extend(_from_object(ep.load(), f"entry point {ep.name}"))
        except NodeDefinitionError:
            raise
        except Exception as exc:  # a broken plugin must not take the server down
            log.error("node plugin %s failed to load: %s", ep.name, exc)
    return found


@lru_cache(maxsize=1)
def default_registry() -> NodeRegistry:
    return NodeRegistry([*discover_builtin(), *discover_plugins()])
