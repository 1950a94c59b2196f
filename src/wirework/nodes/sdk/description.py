"""Node type descriptions: data, not code. The editor renders forms from them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wirework.nodes.sdk.errors import NodeDefinitionError

PARAM_TYPES = frozenset(
    {
        "string", "number", "boolean", "options", "multiOptions", "collection",
        "fixedCollection", "json", "dateTime", "color", "notice", "hidden", "resourceLocator",
        "filter", "assignmentCollection", "resourceMapper", "credentialsSelect", "button",
    }
)


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of an ``options``/``multiOptions`` parameter."""

    name: str
    value: Any
    description: str = ""
    action: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": self.value}
        if self.description:
            out["description"] = self.description
        if self.action:
            out["action"] = self.action
        return out


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a node (n8n's ``INodeProperties``).

    ``options`` holds :class:`Option` for ``options``/``multiOptions``, child :class:`Param`
    for ``collection``, and :class:`Param` groups (each a ``collection``-typed Param whose
    ``options`` are the fields) for ``fixedCollection``. ``display_options`` is n8n's
    ``{"show": {param: [values]}, "hide": {...}}``; ``@version`` keys select typeVersions.
    """

    name: str
    type: str
    default: Any = None
    display_name: str = ""
    description: str = ""
    options: tuple[Any, ...] = ()
    display_options: Mapping[str, Mapping[str, list[Any]]] | None = None
    type_options: Mapping[str, Any] | None = None
    required: bool = False
    placeholder: str = ""
    hint: str = ""
    no_data_expression: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "displayName": self.display_name or self.name,
            "name": self.name,
            "type": self.type,
            "default": self.default,
        }
        if self.description:
            out["description"] = self.description
        if self.options:
            out["options"] = [o.to_json() for o in self.options]
        if self.display_options:
            out["displayOptions"] = {k: dict(v) for k, v in self.display_options.items()}
        if self.type_options:
            out["typeOptions"] = dict(self.type_options)
        if self.required:
            out["required"] = True
        if self.placeholder:
            out["placeholder"] = self.placeholder
        if self.hint:
            out["hint"] = self.hint
        if self.no_data_expression:
            out["noDataExpression"] = True
        return out


#: outputs may depend on the node's parameters (Switch, IF with error output, …)
PortSpec = int | Callable[[Mapping[str, Any]], int]


@dataclass(frozen=True, slots=True)
class CredentialSlot:
    name: str
    required: bool = False
    display_options: Mapping[str, Mapping[str, list[Any]]] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "required": self.required}
        if self.display_options:
            out["displayOptions"] = {k: dict(v) for k, v in self.display_options.items()}
        return out


@dataclass(frozen=True, slots=True)
class NodeDescription:
    """What a node type is: its identity, ports and parameters for a set of typeVersions."""

    name: str
    display_name: str
    versions: tuple[float, ...]
    properties: tuple[Param, ...] = ()
    description: str = ""
    group: tuple[str, ...] = ("transform",)
    inputs: PortSpec = 1
    outputs: PortSpec = 1
    output_names: tuple[str, ...] = ()
    input_names: tuple[str, ...] = ()
    credentials: tuple[CredentialSlot, ...] = ()
    icon: str = ""
    color: str = "#6b7280"
    subtitle: str = ""
    default_name: str = ""
    #: Merge-like: how many inputs must hold data before the node runs (v1 order); may
    #: depend on the parameters (Merge v2+: ``chooseBranch`` waits for both, ``append`` for one)
    required_inputs: int | Callable[[Mapping[str, Any]], int] | None = None
    polling: bool = False
    webhook: bool = False
    max_nodes: int | None = None
    hidden: bool = False
    documentation_url: str = ""
    #: does the node run at all (stickyNote never does)
    executable: bool = True
    #: known differences from n8n, shown in docs/compatibility.md
    compat_notes: str = ""

    @property
    def is_trigger(self) -> bool:
        return "trigger" in self.group or self.polling or self.webhook

    def output_count(self, parameters: Mapping[str, Any]) -> int:
        return self.outputs(parameters) if callable(self.outputs) else self.outputs

    def input_count(self, parameters: Mapping[str, Any]) -> int:
        return self.inputs(parameters) if callable(self.inputs) else self.inputs

    def param(self, name: str) -> Param | None:
        for p in self.properties:
            if p.name == name:
                return p
        return None

    def to_json(self) -> dict[str, Any]:
        ins = self.inputs if isinstance(self.inputs, int) else None
        outs = self.outputs if isinstance(self.outputs, int) else None
        return {
            "name": self.name,
            "displayName": self.display_name,
            "description": self.description,
            "version": list(self.versions),
            "defaultVersion": self.versions[-1],
            "group": list(self.group),
            "icon": self.icon,
            "defaults": {"name": self.default_name or self.display_name, "color": self.color},
            "inputs": ["main"] * ins if ins is not None else "dynamic",
            "outputs": ["main"] * outs if outs is not None else "dynamic",
            "inputNames": list(self.input_names),
            "outputNames": list(self.output_names),
            "credentials": [c.to_json() for c in self.credentials],
            "properties": [p.to_json() for p in self.properties],
            "subtitle": self.subtitle,
            "polling": self.polling,
            "webhook": self.webhook,
            "maxNodes": self.max_nodes,
            "hidden": self.hidden,
            "trigger": self.is_trigger,
        }

    def validate(self) -> None:
        """Check the description is coherent; raise NodeDefinitionError naming the culprit."""
        label = f"{self.name} v{'/'.join(str(v) for v in self.versions)}"
        if not self.versions:
            raise NodeDefinitionError(f"{label}: no typeVersions declared")
        _check_params(label, self.properties, {p.name for p in self.properties})


def _check_params(label: str, params: tuple[Param, ...], siblings: set[str]) -> None:
    seen: set[str] = set()
    for p in params:
        if p.type not in PARAM_TYPES:
            raise NodeDefinitionError(f"{label}: parameter '{p.name}' has unknown type '{p.type}'")
        key = f"{p.name}\x00{p.display_options!r}"
        if key in seen:  # the same name may appear under different displayOptions
            raise NodeDefinitionError(f"{label}: parameter '{p.name}' is declared twice")
        seen.add(key)
        for mode in (p.display_options or {}).values():
            for dep in mode:
                if dep.startswith("@") or dep.startswith("/"):
                    continue
                if dep not in siblings:
                    raise NodeDefinitionError(
                        f"{label}: parameter '{p.name}' in displayOptions refers to "
                        f"'{dep}', which is not declared"
                    )
        if p.type in ("options", "multiOptions"):
            for o in p.options:
                if not isinstance(o, Option):
                    raise NodeDefinitionError(f"{label}: parameter '{p.name}' options must be Option")
        if p.type == "collection":
            _check_params(label, tuple(p.options), {c.name for c in p.options} | siblings)
        if p.type == "fixedCollection":
            for group in p.options:
                if not isinstance(group, Param):
                    raise NodeDefinitionError(
                        f"{label}: fixedCollection '{p.name}' groups must be Param"
                    )
                _check_params(label, tuple(group.options), {c.name for c in group.options} | siblings)


@dataclass(frozen=True, slots=True)
class DisplayContext:
    """What ``displayOptions`` are checked against: the node's parameters and version.

    A parameter the node does not set counts with its default, as n8n's editor fills it in
    (only when that parameter is itself shown; a hidden unset parameter has no value).
    ``properties`` are the declarations those defaults come from.
    """

    parameters: Mapping[str, Any]
    version: float = 1
    properties: tuple[Param, ...] = ()

    def shows(self, p: Param) -> bool:
        return self._shows(p, depth=0)

    def _shows(self, p: Param, *, depth: int) -> bool:
        opts = p.display_options
        if not opts:
            return True
        for key, values in (opts.get("show") or {}).items():
            actual = _as_values(self._value(key, depth))
            if not actual or not any(_matches(a, values) for a in actual):
                return False
        for key, values in (opts.get("hide") or {}).items():
            actual = _as_values(self._value(key, depth))
            if actual and any(_matches(a, values) for a in actual):
                return False
        return True

    def _value(self, key: str, depth: int) -> Any:
        if key == "@version":
            return self.version
        name = key.lstrip("/")
        if name in self.parameters:
            return self.parameters[name]
        if depth > 8:  # displayOptions chains are short; a cycle just reads as unset
            return None
        for p in self.properties:
            if p.name == name and self._shows(p, depth=depth + 1):
                return p.default
        return None


def _as_values(value: Any) -> list[Any]:
    """A list value matches by any element; a resource locator by its ``value``."""
    if isinstance(value, dict) and "__rl" in value:
        value = value.get("value")
    return list(value) if isinstance(value, list) else [value]


def _matches(actual: Any, allowed: list[Any]) -> bool:
    for want in allowed:
        if isinstance(want, dict) and "_cnd" in want:
            if _condition(actual, want["_cnd"]):
                return True
        elif actual == want and isinstance(actual, bool) == isinstance(want, bool):
            return True  # JS: true is not 1
    return False


def _condition(actual: Any, cnd: Mapping[str, Any]) -> bool:
    """n8n's ``{_cnd: {op: operand}}`` display conditions."""
    (op, arg), = cnd.items()
    try:
        if op == "eq":
            return bool(actual == arg)
        if op == "not":
            return bool(actual != arg)
        if op in ("gte", "lte", "gt", "lt"):
            return bool({"gte": actual >= arg, "lte": actual <= arg,
                         "gt": actual > arg, "lt": actual < arg}[op])
        if op == "between":
            return bool(arg["from"] <= actual <= arg["to"])
        if op == "startsWith":
            return isinstance(actual, str) and actual.startswith(arg)
        if op == "endsWith":
            return isinstance(actual, str) and actual.endswith(arg)
        if op == "includes":
            return isinstance(actual, str) and arg in actual
        if op == "regex":
            return isinstance(actual, str) and re.search(arg, actual) is not None
        if op == "exists":
            return actual is not None
    except TypeError:
        return False
    return False


def visible_default(properties: tuple[Param, ...], name: str, ctx: DisplayContext) -> Any:
    """The default of the first visible declaration of ``name`` (n8n's rule)."""
    for p in properties:
        if p.name == name and ctx.shows(p):
            return p.default
    for p in properties:
        if p.name == name:
            return p.default
    return _MISSING


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()
MISSING: Any = _MISSING


def param_defaults(
    properties: tuple[Param, ...], parameters: Mapping[str, Any], version: float
) -> dict[str, Any]:
    """Top-level parameter values with defaults filled in, as n8n's editor would save them."""
    ctx = DisplayContext(parameters, version, properties)
    out: dict[str, Any] = {}
    for p in properties:
        if p.name in out or p.type in ("notice", "button"):
            continue
        if p.name in parameters:
            out[p.name] = parameters[p.name]
        elif ctx.shows(p):
            out[p.name] = p.default
    for k, v in parameters.items():
        out.setdefault(k, v)
    return out


ExecuteFn = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class NodeVersion:
    """One or more typeVersions sharing a description and an implementation."""

    description: NodeDescription
    execute: ExecuteFn | None = None
    #: extra hooks the runtime uses (webhook handling, polling, trigger start)
    hooks: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NodeType:
    """A registered node type: every version it supports."""

    name: str
    versions: tuple[NodeVersion, ...]

    def for_version(self, version: float) -> NodeVersion | None:
        """Exact match first, else the newest declared version below ``version``."""
        best: tuple[float, NodeVersion] | None = None
        for nv in self.versions:
            if version in nv.description.versions:
                return nv
            below = [v for v in nv.description.versions if v <= version]
            if below and (best is None or max(below) > best[0]):
                best = (max(below), nv)
        return best[1] if best else None

    @property
    def all_versions(self) -> tuple[float, ...]:
        return tuple(sorted({v for nv in self.versions for v in nv.description.versions}))

    @property
    def latest(self) -> NodeVersion:
        return max(self.versions, key=lambda nv: max(nv.description.versions))
