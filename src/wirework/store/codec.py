"""Run data is stored as zlib-compressed JSON (typically 5-20x smaller)."""

from __future__ import annotations

import json
import zlib
from typing import Any


def pack(value: Any) -> bytes | None:
    if value is None:
        return None
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return zlib.compress(raw.encode(), 6)


def unpack(blob: bytes | None) -> Any:
    if blob is None:
        return None
    return json.loads(zlib.decompress(blob))
