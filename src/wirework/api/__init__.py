"""The REST API: FastAPI app factory, one router per resource, the response envelope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from wirework.settings import Settings


def create_app(settings: Settings | None = None, **kw: Any) -> FastAPI:
    from wirework.api.app import create_app as _create

    return _create(settings, **kw)


__all__ = ["create_app"]
