"""Crypto execution: Node's ``crypto`` semantics (digests, HMAC, createSign, random strings)."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import re
import secrets
import string
import uuid
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from wirework.model import Item
from wirework.nodes._common.fields import set_path
from wirework.nodes.sdk import NodeContext, NodeError

_HASHLIB = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512",
            "SHA3-256": "sha3_256", "SHA3-384": "sha3_384", "SHA3-512": "sha3_512"}
_SIGN_HASH: dict[str, type[hashes.HashAlgorithm]] = {"md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
              "sha384": hashes.SHA384, "sha512": hashes.SHA512}
_ALNUM = string.ascii_letters + string.digits


def _encode(data: bytes, encoding: str) -> str:
    return base64.b64encode(data).decode("ascii") if encoding == "base64" else data.hex()


def _algo(ctx: NodeContext, name: str, i: int) -> str:
    try:
        return _HASHLIB[name.upper()]
    except KeyError:
        raise ctx.error(f"Unsupported hash type '{name}'", item_index=i, parameter="type") from None


async def _input_bytes(ctx: NodeContext, item: Item, i: int) -> bytes:
    if ctx.type_version >= 2 and ctx.get_param("binaryData", i, False):
        return await ctx.binary.read(item, ctx.get_param("binaryPropertyName", i), item_index=i)
    value = ctx.get_param("value", i)
    return (value if isinstance(value, str) else str(value)).encode("utf-8")


def _sign(ctx: NodeContext, value: str, i: int) -> bytes:
    name = str(ctx.get_param("algorithm", i)).lower()
    hash_name = name.replace("rsa-", "").replace("ecdsa-with-", "")
    key_text = str(ctx.get_param("privateKey", i))
    try:
        key = serialization.load_pem_private_key(key_text.encode(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ctx.error("Invalid private key", item_index=i, parameter="privateKey") from exc
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(value.encode())
    if hash_name not in _SIGN_HASH:
        raise ctx.error(f"Unsupported algorithm '{name}'", item_index=i, parameter="algorithm")
    algo = _SIGN_HASH[hash_name]()
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(value.encode(), padding.PKCS1v15(), algo)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(value.encode(), ec.ECDSA(algo))
    raise ctx.error("Unsupported private key type", item_index=i, parameter="privateKey")


def _generate(ctx: NodeContext, i: int) -> str:
    kind = ctx.get_param("encodingType", i)
    if kind == "uuid":
        return str(uuid.uuid4())
    length = int(ctx.get_param("stringLength", i, 32))
    if kind == "ascii":
        return "".join(secrets.choice(_ALNUM) for _ in range(length))
    raw = secrets.token_bytes(length)
    if kind == "base64":  # n8n keeps only word characters of the base64 text
        return re.sub(r"\W", "", _encode(raw, "base64"))[:length]
    return _encode(raw, "hex")[:length]


async def _compute(ctx: NodeContext, action: str, item: Item, i: int) -> str:
    if action == "hash":
        data = await _input_bytes(ctx, item, i)
        return _encode(hashlib.new(_algo(ctx, ctx.get_param("type", i), i), data).digest(),
                       ctx.get_param("encoding", i))
    if action == "hmac":
        data = await _input_bytes(ctx, item, i)
        secret = str(ctx.get_param("secret", i)).encode()
        digest = hmac.new(secret, data, _algo(ctx, ctx.get_param("type", i), i)).digest()
        return _encode(digest, ctx.get_param("encoding", i))
    if action == "sign":
        value = ctx.get_param("value", i)
        return _encode(_sign(ctx, value if isinstance(value, str) else str(value), i),
                       ctx.get_param("encoding", i))
    if action == "generate":
        return _generate(ctx, i)
    raise ctx.error(f"Unknown action '{action}'", item_index=i, parameter="action")


def _hashed_binary(ctx: NodeContext, action: str, i: int) -> bool:
    return action in ("hash", "hmac") and ctx.type_version >= 2 and bool(ctx.get_param("binaryData", i, False))


async def execute(ctx: NodeContext) -> list[list[Item]]:
    action = ctx.get_param("action", 0)
    out: list[Item] = []
    for i, item in enumerate(ctx.items):
        try:
            result = await _compute(ctx, action, item, i)
        except NodeError as exc:
            if ctx.continue_on_fail:
                out.append({"json": {"error": exc.message}, "pairedItem": {"item": i}})
                continue
            raise
        prop = ctx.get_param("dataPropertyName", i)
        json: dict[str, Any] = copy.deepcopy(item["json"]) if "." in prop else dict(item["json"])
        set_path(json, prop, result)
        new: Item = {"json": json, "pairedItem": {"item": i}}
        # n8n drops the file once it hashed/signed it (v2 "binary file" input)
        if item.get("binary") and not _hashed_binary(ctx, action, i):
            new["binary"] = item["binary"]
        out.append(new)
    return [out]
