"""Storage errors that the API maps to its envelope codes."""

from __future__ import annotations


class StoreError(Exception):
    pass


class NotFoundError(StoreError):
    pass


class ConflictError(StoreError):
    """Optimistic-concurrency or uniqueness conflict."""

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version
