"""Crypto node parameters."""

from __future__ import annotations

from typing import Any

from wirework.nodes.sdk import NodeDescription, Option, Param

HASHES = ("MD5", "SHA256", "SHA3-256", "SHA3-384", "SHA3-512", "SHA384", "SHA512", "SHA1")
SIGN_ALGORITHMS = ("RSA-MD5", "RSA-SHA1", "RSA-SHA224", "RSA-SHA256", "RSA-SHA384", "RSA-SHA512",
                   "sha1", "sha224", "sha256", "sha384", "sha512", "ecdsa-with-SHA1")


def _act(*actions: str, **more: list[Any]) -> dict[str, Any]:
    return {"show": {"action": list(actions), **more}}


def _encoding(action: str) -> Param:
    return Param("encoding", "options", "hex", display_name="Encoding", required=True,
                 display_options=_act(action),
                 options=(Option("BASE64", "base64"), Option("HEX", "hex")))


def _properties(v2: bool) -> tuple[Param, ...]:
    binary: tuple[Param, ...] = ()
    if v2:
        binary = tuple(
            p for action in ("hash", "hmac") for p in (
                Param("binaryData", "boolean", False, display_name="Binary File", required=True,
                      display_options=_act(action), description="Whether the data to hashed should be taken from binary field"),
                Param("binaryPropertyName", "string", "data", display_name="Binary Property Name",
                      required=True, display_options=_act(action, binaryData=[True]),
                      description="Name of the binary property which contains the input data"),
            )
        )

    def value(action: str, label: str) -> Param:
        shown = _act(action, binaryData=[False]) if v2 and action in ("hash", "hmac") else _act(action)
        return Param("value", "string", "", display_name=label, required=True, display_options=shown,
                     description="The value that should be " + ("signed" if action == "sign" else "hashed"))

    def prop(action: str) -> Param:
        return Param("dataPropertyName", "string", "data", display_name="Property Name", required=True,
                     display_options=_act(action),
                     description="Name of the property to which to write the " +
                                 {"hash": "hash", "hmac": "hmac", "sign": "signed value",
                                  "generate": "random string"}[action])

    hash_types = tuple(Option(h, h) for h in HASHES)
    return (
        Param("action", "options", "hash", display_name="Action", options=(
            Option("Generate", "generate", "Generate random string", action="Generate a random string"),
            Option("Hash", "hash", "Hash a text or file in a specified format", action="Hash a text or file in a specified format"),
            Option("Hmac", "hmac", "Hmac a text or file in a specified format", action="HMAC a text or file in a specified format"),
            Option("Sign", "sign", "Sign a string using a private key", action="Sign a string using a private key"),
        )),
        *binary,
        Param("type", "options", "MD5", display_name="Type", required=True, display_options=_act("hash"),
              options=hash_types, description="The hash type to use"),
        value("hash", "Value"), prop("hash"), _encoding("hash"),
        Param("type", "options", "MD5", display_name="Type", required=True, display_options=_act("hmac"),
              options=hash_types, description="The hash type to use"),
        value("hmac", "Value"), prop("hmac"),
        Param("secret", "string", "", display_name="Secret", required=True, display_options=_act("hmac"),
              type_options={"password": True}),
        _encoding("hmac"),
        value("sign", "Value"), prop("sign"),
        Param("algorithm", "options", "", display_name="Algorithm Name or ID", required=True,
              display_options=_act("sign"), type_options={"loadOptionsMethod": "getHashes"},
              options=tuple(Option(a, a) for a in SIGN_ALGORITHMS)),
        _encoding("sign"),
        Param("privateKey", "string", "", display_name="Private Key", required=True,
              display_options=_act("sign"), type_options={"password": True, "rows": 4},
              description="Private key to use when signing the string"),
        prop("generate"),
        Param("encodingType", "options", "uuid", display_name="Type", required=True,
              display_options=_act("generate"),
              description="Encoding that will be used to generate string", options=(
                  Option("ASCII", "ascii"), Option("BASE64", "base64"), Option("HEX", "hex"),
                  Option("UUID", "uuid"),
              )),
        Param("stringLength", "number", 32, display_name="Length",
              display_options=_act("generate", encodingType=["ascii", "base64", "hex"]),
              description="Length of the generated string"),
    )


def _desc(version: float, props: tuple[Param, ...]) -> NodeDescription:
    return NodeDescription(
        name="n8n-nodes-base.crypto", display_name="Crypto", versions=(version,),
        description="Provide cryptographic utilities", icon="fa:key", color="#408000",
        subtitle='={{$parameter["action"]}}', properties=props,
    )


DESC_V1 = _desc(1, _properties(False))
DESC_V2 = _desc(2, _properties(True))
