"""Instance secrets: one master key (env or a 0600 file in the data dir), sub-keys via HKDF.

``WIREWORK_ENCRYPTION_KEY`` may hold several comma-separated keys, each optionally prefixed
with its version (``v2:newkey,v1:oldkey``); the first is used to encrypt, all decrypt.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_FILE = "encryption.key"


def derive(material: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(material)


def load_or_create_master(data_dir: Path) -> str:
    """Read ``<data_dir>/encryption.key`` or create it (random 256 bits, mode 0600)."""
    path = data_dir / KEY_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key


def parse_keyring(spec: str) -> list[tuple[int, str]]:
    """``"v2:abc,v1:def"`` -> ``[(2, "abc"), (1, "def")]``; a bare key is version 1."""
    out: list[tuple[int, str]] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        version, sep, key = part.partition(":")
        if sep and version.startswith("v") and version[1:].isdigit():
            out.append((int(version[1:]), key))
        else:
            out.append((1, part))
    if not out:
        raise ValueError("WIREWORK_ENCRYPTION_KEY is empty")
    return out


@dataclass(frozen=True, slots=True)
class InstanceKeys:
    """Derived keys; ``credential_keys`` maps key version -> 32-byte AES key."""

    credential_keys: dict[int, bytes]
    current_version: int
    jwt_secret: bytes
    hmac_key: bytes

    @classmethod
    def from_spec(cls, spec: str, *, jwt_secret: str | None = None) -> InstanceKeys:
        ring = parse_keyring(spec)
        master = ring[0][1].encode()
        return cls(
            credential_keys={v: derive(k.encode(), "wirework credentials") for v, k in ring},
            current_version=ring[0][0],
            jwt_secret=jwt_secret.encode() if jwt_secret else derive(master, "wirework jwt"),
            hmac_key=derive(master, "wirework token hmac"),
        )

    @classmethod
    def from_settings(cls, settings: object) -> InstanceKeys:
        spec = getattr(settings, "encryption_key", None) or load_or_create_master(
            Path(getattr(settings, "data_dir"))  # noqa: B009
        )
        return cls.from_spec(spec, jwt_secret=getattr(settings, "jwt_secret", None))
