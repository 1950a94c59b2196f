"""The OpenAPI document: operation ids are pinned (generated clients depend on them)."""

from __future__ import annotations

from pathlib import Path

from wirework.api import create_app
from wirework.settings import Settings

#: renaming one breaks every generated client: change this list only on purpose
OPERATION_IDS = (
    "api-keys-create", "api-keys-delete", "api-keys-list", "audit-list", "auth-change-password",
    "auth-login", "auth-logout", "auth-me", "auth-refresh", "auth-register", "auth-totp-disable",
    "auth-totp-enable", "auth-totp-setup", "credentials-create", "credentials-delete", "credentials-get",
    "credentials-list", "credentials-test", "credentials-type", "credentials-types", "credentials-update",
    "executions-bulk-delete", "executions-data", "executions-delete", "executions-get", "executions-list",
    "executions-retry", "executions-stop", "health-health", "health-ready", "nodes-type", "nodes-types",
    "shares-create", "shares-delete", "shares-list", "tags-create", "tags-delete", "tags-list",
    "tags-update", "teams-add-member", "teams-create", "teams-delete", "teams-get", "teams-list",
    "teams-members", "teams-remove-member", "teams-update", "teams-update-member", "users-create",
    "users-list", "users-signup-mode", "users-update", "variables-create", "variables-delete",
    "variables-get", "variables-list", "variables-update", "workflow-nodes-add", "workflow-nodes-connect",
    "workflow-nodes-delete", "workflow-nodes-disconnect", "workflow-nodes-test", "workflow-nodes-update",
    "workflows-activate", "workflows-create", "workflows-deactivate", "workflows-delete",
    "workflows-duplicate", "workflows-execute", "workflows-executions", "workflows-export",
    "workflows-export-many", "workflows-get", "workflows-import", "workflows-list", "workflows-listen",
    "workflows-restore-version", "workflows-stop-listening", "workflows-update", "workflows-version",
    "workflows-versions",
)


def test_operation_ids_are_pinned_and_unique(tmp_path: Path) -> None:
    spec = create_app(Settings(data_dir=tmp_path)).openapi()
    ops = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ops) == len(set(ops))
    assert sorted(ops) == sorted(OPERATION_IDS)
    assert all(p.startswith("/api/v1/") for p in spec["paths"])


def test_json_answers_are_documented_as_envelopes(tmp_path: Path) -> None:
    spec = create_app(Settings(data_dir=tmp_path)).openapi()
    schemas = spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = next(v for k, v in op["responses"].items() if k.startswith("2"))
            ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            assert {"success", "data", "meta"} <= set(schemas[ref]["properties"]), (method, path, ref)
