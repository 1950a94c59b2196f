"""Credential data for nodes: decrypted only here, only for workflows allowed to use it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select

from wirework.api.context import AppContext
from wirework.store.models import CredentialRow, WorkflowRow
from wirework.store.repos import role_on


class CredentialUnavailable(LookupError):
    pass


def make_resolver(ctx: AppContext) -> Callable[..., Awaitable[dict[str, Any]]]:
    """``async resolve(*, workflow_id, node, credential_type, item_index) -> dict``."""

    async def resolve(*, workflow_id: str | None, node: Any, credential_type: str,
                      item_index: int = 0, **_: Any) -> dict[str, Any]:
        ref = (getattr(node, "credentials", None) or {}).get(credential_type)
        if not ref:
            raise CredentialUnavailable(
                f"Node '{node.name}' has no '{credential_type}' credential selected")
        cred_id = ref.get("id") if isinstance(ref, dict) else None
        cred_name = ref.get("name") if isinstance(ref, dict) else ref
        async with ctx.db.session() as s:
            row = await s.get(CredentialRow, cred_id) if cred_id else None
            if row is None and cred_name:
                stmt = select(CredentialRow).where(
                    CredentialRow.name == cred_name, CredentialRow.type == credential_type)
                row = (await s.execute(stmt)).scalars().first()
            if row is None or row.type != credential_type:
                raise CredentialUnavailable(
                    f"Credential '{cred_name or cred_id}' ({credential_type}) of node '{node.name}' "
                    "does not exist")
            await _check_usable(s, row, workflow_id)
            return ctx.cipher.decrypt_json(row.data, aad=row.id)

    return resolve


async def _check_usable(s: Any, row: CredentialRow, workflow_id: str | None) -> None:
    """The workflow's owner must own the credential or have it shared with them."""
    if workflow_id is None or row.owner_id is None:
        return
    wf = await s.get(WorkflowRow, workflow_id)
    if wf is None or wf.owner_id is None or wf.owner_id == row.owner_id:
        return
    from wirework.store.models import User

    owner = await s.get(User, wf.owner_id)
    if owner is not None and owner.role == "admin":
        return
    role = await role_on(s, resource_type="credential", resource_id=row.id, owner_id=row.owner_id,
                         user_id=wf.owner_id)
    if role is None:
        raise CredentialUnavailable(
            f"Credential '{row.name}' is not shared with the owner of this workflow")
