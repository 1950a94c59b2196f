"""Credential types: the built-in schemas plus ``CREDENTIAL_TYPES`` exported by node packages."""

from __future__ import annotations

import importlib
import logging
import pkgutil

from wirework.security.credential_types import (
    CredentialField,
    CredentialType,
    CredentialTypeRegistry,
    builtin_registry,
)

log = logging.getLogger(__name__)


def default_credential_types() -> CredentialTypeRegistry:
    reg = builtin_registry()
    try:
        import wirework.nodes as pkg
        from wirework.nodes.registry import default_registry

        for info in pkgutil.iter_modules(pkg.__path__):
            if not info.ispkg or info.name.startswith("_") or info.name in ("sdk", "tests"):
                continue
            module = importlib.import_module(f"wirework.nodes.{info.name}")
            for ctype in getattr(module, "CREDENTIAL_TYPES", ()):
                reg.add(ctype)
        # a slot a node names but nobody describes still gets a (free-form) schema
        for node_type in default_registry():
            for nv in node_type.versions:
                for slot in nv.description.credentials:
                    if slot.name not in reg:
                        reg.add(CredentialType(slot.name, slot.name, (
                            CredentialField("data", "Data (JSON)", type="json", default="{}", secret=True),
                        )))
    except Exception as exc:  # a broken node package must not take the API down
        log.error("could not collect node credential types: %s", exc)
    return reg
