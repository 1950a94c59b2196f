from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from wirework.nodes.crypto import DESC_V1, DESC_V2
from wirework.nodes.crypto.execute import execute
from wirework.nodes.sdk import NodeError, NodeTestContext


async def run(params: dict[str, Any], version: float = 2, items: Any = None, inputs: Any = None) -> list[Any]:
    desc = DESC_V2 if version >= 2 else DESC_V1
    ctx = NodeTestContext(desc, params=params, items=items, inputs=inputs, type_version=version)
    return [i["json"] for i in (await execute(ctx))[0]]


@pytest.mark.parametrize(("kind", "enc", "expected"), [
    ("MD5", "hex", "5d41402abc4b2a76b9719d911017c592"),
    ("SHA256", "base64", "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="),
    ("SHA3-256", "hex", "3338be694f50c5f338814986cdf0686453a888b84f424d792af4b9202398f392"),
])
async def test_hash_text(kind: str, enc: str, expected: str) -> None:
    out = await run({"type": kind, "value": "hello", "encoding": enc}, items=[{"keep": 1}])
    assert out == [{"keep": 1, "data": expected}]


async def test_hmac_sha256_hex_into_nested_property() -> None:
    out = await run({"action": "hmac", "type": "SHA256", "value": "msg", "secret": "key",
                     "dataPropertyName": "sig.value"}, version=1)
    assert out == [{"sig": {"value": "2d93cbc1be167bcb1637a4a23cbff01a7878f0c50ee833954ea5221bb1b8c628"}}]


async def test_hash_binary_file_v2() -> None:
    item = {"json": {}, "binary": {"data": {"data": base64.b64encode(b"hello").decode(), "mimeType": "text/plain"}}}
    out = await run({"type": "MD5", "binaryData": True}, inputs=[[item]])
    assert out == [{"data": "5d41402abc4b2a76b9719d911017c592"}]


async def test_sign_rsa_verifies() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    out = await run({"action": "sign", "value": "payload", "algorithm": "RSA-SHA256", "privateKey": pem,
                     "encoding": "base64"})
    key.public_key().verify(base64.b64decode(out[0]["data"]), b"payload", padding.PKCS1v15(), hashes.SHA256())


async def test_sign_with_bad_key_names_parameter() -> None:
    with pytest.raises(NodeError) as err:
        await run({"action": "sign", "value": "x", "algorithm": "RSA-SHA256", "privateKey": "nope"})
    assert err.value.parameter == "privateKey"


async def test_generate_kinds() -> None:
    [u] = await run({"action": "generate"})
    assert re.fullmatch(r"[0-9a-f-]{36}", u["data"])
    # n8n saves the kind of string as "encodingType"
    [a] = await run({"action": "generate", "encodingType": "ascii", "stringLength": 12})
    assert re.fullmatch(r"[A-Za-z0-9]{12}", a["data"])
    [h] = await run({"action": "generate", "encodingType": "hex", "stringLength": 10})
    assert re.fullmatch(r"[0-9a-f]{10}", h["data"])
    [b] = await run({"action": "generate", "encodingType": "base64", "stringLength": 40})
    assert re.fullmatch(r"\w{1,40}", b["data"])  # only word characters of the base64 text


async def test_hashing_a_file_drops_it_but_text_hashing_keeps_files() -> None:
    file = {"data": {"data": base64.b64encode(b"hello").decode(), "mimeType": "text/plain"}}
    desc, item = DESC_V2, {"json": {}, "binary": file}
    hashed = await execute(NodeTestContext(desc, params={"binaryData": True}, inputs=[[item]]))
    assert "binary" not in hashed[0][0]
    text = await execute(NodeTestContext(desc, params={"value": "x"}, inputs=[[item]]))
    assert text[0][0]["binary"] == file
