"""AES-256-GCM for credential data: ``b"v<N>:" + 96-bit nonce + ciphertext``, id as AAD."""

from __future__ import annotations

import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from wirework.security.keys import InstanceKeys


class DecryptionError(Exception):
    pass


class CredentialCipher:
    def __init__(self, keys: InstanceKeys) -> None:
        self._keys = {v: AESGCM(k) for v, k in keys.credential_keys.items()}
        self._current = keys.current_version

    def encrypt(self, plaintext: bytes, *, aad: str) -> bytes:
        nonce = os.urandom(12)
        sealed = self._keys[self._current].encrypt(nonce, plaintext, aad.encode())
        return f"v{self._current}:".encode() + nonce + sealed

    def decrypt(self, blob: bytes, *, aad: str) -> bytes:
        head, sep, rest = bytes(blob).partition(b":")
        if not sep or not head.startswith(b"v") or not head[1:].isdigit():
            raise DecryptionError("credential data has no key-version prefix")
        key = self._keys.get(int(head[1:]))
        if key is None:
            raise DecryptionError(f"credential was encrypted with unknown key version {head.decode()}")
        try:
            return key.decrypt(rest[:12], rest[12:], aad.encode())
        except InvalidTag:
            raise DecryptionError("credential data could not be decrypted (wrong key or tampered)") from None

    def encrypt_json(self, value: dict[str, Any], *, aad: str) -> bytes:
        return self.encrypt(json.dumps(value, separators=(",", ":")).encode(), aad=aad)

    def decrypt_json(self, blob: bytes, *, aad: str) -> dict[str, Any]:
        value = json.loads(self.decrypt(blob, aad=aad))
        return value if isinstance(value, dict) else {}

    def needs_rotation(self, blob: bytes) -> bool:
        return not bytes(blob).startswith(f"v{self._current}:".encode())
