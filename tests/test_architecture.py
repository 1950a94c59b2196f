"""Imports point one way (ARCHITECTURE.md): the engine and nodes never reach storage, the
runtime or the API; storage and security stay below the runtime. A new import across the map fails here."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

BASE = {"settings", "wirework"}  # the package root only carries __version__
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "settings": set(),
    "expr": {"model"} | BASE,
    "nodes.sdk": {"model", "expr"} | BASE,
    "nodes._common": {"model", "expr", "nodes.sdk"} | BASE,
    # a node may reuse another node's implementation (itemLists runs sort/limit/…, as n8n does)
    "nodes.<node>": {"model", "expr", "nodes.sdk", "nodes._common", "nodes.<node>"} | BASE,
    # the registry discovers node folders; the engine looks node types up in it
    "nodes.registry": {"nodes", "nodes.sdk", "nodes.<node>"} | BASE,
    "nodes.catalog": {"nodes.registry", "nodes.sdk"} | BASE,
    "engine": {"model", "expr", "nodes.sdk", "nodes.registry"} | BASE,
    "store": {"model"} | BASE,
    "security": BASE,
    "runtime": {"model", "expr", "engine", "nodes.sdk", "nodes.registry", "nodes._common", "store",
                "security"} | BASE,
    "api": {"model", "expr", "engine", "nodes", "nodes.sdk", "nodes.registry", "nodes._common", "store",
            "security", "runtime"} | BASE,
}
NODE_SHARED = {"sdk", "registry", "catalog", "_common"}


def _area(module: str) -> tuple[str, str | None]:
    """(area, node folder or None) of a ``wirework.…`` module name."""
    parts = module.split(".")[1:]
    if not parts or parts[0] == "__init__":
        return "wirework", None
    if parts[0] != "nodes" or len(parts) == 1:
        return parts[0], None
    if parts[1] in NODE_SHARED:
        return f"nodes.{parts[1]}", None
    return "nodes.<node>", parts[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m == "wirework" or m.startswith("wirework.")}


def test_imports_follow_the_architecture_map() -> None:
    wrong = []
    for path in sorted((SRC / "wirework").rglob("*.py")):
        if "tests" in path.relative_to(SRC).parts:
            continue
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        area, folder = _area(module)
        if area not in ALLOWED:  # cli modules and the package root may import anything
            continue
        for target in _imports(path):
            t_area, t_folder = _area(target)
            if t_area == area and (folder is None or t_folder in (folder, None)):
                continue
            if t_area not in ALLOWED[area]:
                wrong.append(f"{path.relative_to(SRC)} imports {target} ({area} -> {t_area})")
    assert not wrong, "\n".join(wrong)
