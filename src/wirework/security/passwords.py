"""Password hashing: argon2id for new hashes; n8n's bcrypt hashes verify and get rehashed."""

from __future__ import annotations

import asyncio

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

MIN_LENGTH = 8
MAX_LENGTH = 1024


class PasswordHasher:
    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self._ph = PasswordHash(
            (Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1), BcryptHasher())
        )
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self._ph.hash(password)

    def verify(self, password: str, hashed: str) -> tuple[bool, str | None]:
        """``(ok, new_hash)``; ``new_hash`` is set when the stored hash should be upgraded."""
        try:
            return self._ph.verify_and_update(password, hashed)
        except Exception:  # unknown or corrupt hash format
            return False, None

    async def hash_async(self, password: str) -> str:
        return await asyncio.to_thread(self.hash, password)

    async def verify_async(self, password: str, hashed: str | None) -> tuple[bool, str | None]:
        """Always spends one hash's time, even for unknown users (no user enumeration by timing)."""
        if hashed is None:
            if self._dummy is None:
                self._dummy = self.hash("not-a-real-password")
            await asyncio.to_thread(self.verify, password, self._dummy)
            return False, None
        return await asyncio.to_thread(self.verify, password, hashed)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return f"password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"password must be at most {MAX_LENGTH} characters"
    return None
