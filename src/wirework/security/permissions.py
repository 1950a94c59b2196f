"""Roles and what they allow.

Instance roles: ``admin`` (everything) and ``member``. Resource roles (on a share, or via a
team): ``viewer`` reads, ``editor`` also changes and runs, ``owner`` also deletes and shares.
API keys carry scopes (``workflow:read`` …, or ``*``) that further narrow a user's rights.
"""

from __future__ import annotations

from enum import StrEnum

INSTANCE_ROLES = ("admin", "member")
RESOURCE_ROLES = ("viewer", "editor", "owner")
ROLE_RANK = {"viewer": 1, "editor": 2, "owner": 3}


class Action(StrEnum):
    READ = "read"
    UPDATE = "update"
    EXECUTE = "execute"
    DELETE = "delete"
    SHARE = "share"


_MIN_ROLE = {
    Action.READ: "viewer",
    Action.UPDATE: "editor",
    Action.EXECUTE: "editor",
    Action.DELETE: "owner",
    Action.SHARE: "owner",
}

SCOPES = (
    "workflow:read", "workflow:write", "workflow:execute",
    "execution:read", "execution:write",
    "credential:read", "credential:write",
    "variable:read", "variable:write",
    "tag:read", "tag:write",
    "team:read", "team:write",
    "audit:read", "user:read",
)


def allows(role: str | None, action: Action) -> bool:
    if role is None:
        return False
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[_MIN_ROLE[action]]


def scope_allows(scopes: list[str] | None, needed: str) -> bool:
    """``None`` = not an API key (full rights of the user)."""
    if scopes is None or "*" in scopes or needed in scopes:
        return True
    resource, _, level = needed.partition(":")
    return level == "read" and f"{resource}:write" in scopes
