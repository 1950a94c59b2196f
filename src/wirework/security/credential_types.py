"""Credential type schemas (what the editor renders, which fields are secret) and their tests.

Node packages declare more types by exporting ``CREDENTIAL_TYPES = [CredentialType(...)]``
from their folder's ``__init__``; ``wirework.api.credential_types`` collects them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

TestFn = Callable[[dict[str, Any]], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class CredentialField:
    name: str
    display_name: str
    type: str = "string"  # string | number | boolean | options | json
    default: Any = ""
    required: bool = False
    secret: bool = False
    options: tuple[str, ...] = ()
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "displayName": self.display_name, "type": self.type,
            "default": self.default, "required": self.required,
        }
        if self.secret:
            out["typeOptions"] = {"password": True}
        if self.options:
            out["options"] = [{"name": o, "value": o} for o in self.options]
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True, slots=True)
class CredentialType:
    name: str
    display_name: str
    properties: tuple[CredentialField, ...] = ()
    test: TestFn | None = field(default=None, compare=False)
    documentation_url: str = ""

    @property
    def secret_fields(self) -> set[str]:
        return {p.name for p in self.properties if p.secret}

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "displayName": self.display_name,
            "properties": [p.to_json() for p in self.properties],
            "testable": self.test is not None,
        }

    def validate(self, data: dict[str, Any]) -> list[str]:
        """Problems with ``data`` (missing required fields, wrong types), empty when valid."""
        problems = []
        for p in self.properties:
            value = data.get(p.name)
            if p.required and value in (None, ""):
                problems.append(f"'{p.name}' is required")
            elif value is not None and p.type == "number" and not isinstance(value, (int, float)):
                problems.append(f"'{p.name}' must be a number")
            elif value is not None and p.type == "boolean" and not isinstance(value, bool):
                problems.append(f"'{p.name}' must be true or false")
            elif p.options and value not in (None, "") and value not in p.options:
                problems.append(f"'{p.name}' must be one of {', '.join(p.options)}")
        return problems


class CredentialTypeRegistry:
    def __init__(self, types: Iterable[CredentialType] = ()) -> None:
        self._types: dict[str, CredentialType] = {}
        for t in types:
            self.add(t)

    def add(self, ctype: CredentialType) -> None:
        self._types[ctype.name] = ctype

    def get(self, name: str) -> CredentialType | None:
        return self._types.get(name)

    def __iter__(self) -> Iterator[CredentialType]:
        return iter(sorted(self._types.values(), key=lambda t: t.name))

    def __contains__(self, name: object) -> bool:
        return name in self._types


async def _tcp_banner(host: str, port: int, *, timeout: float = 5.0) -> bytes:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        return await asyncio.wait_for(reader.read(200), timeout)
    finally:
        writer.close()


async def _test_postgres(data: dict[str, Any]) -> str:
    import psycopg

    conn = await psycopg.AsyncConnection.connect(
        host=data.get("host") or "localhost", port=int(data.get("port") or 5432),
        dbname=data.get("database") or "postgres", user=data.get("user") or None,
        password=data.get("password") or None, connect_timeout=5,
    )
    async with conn:
        await conn.execute("SELECT 1")
    return "Connection successful"


async def _test_redis(data: dict[str, Any]) -> str:
    from redis.asyncio import Redis

    client = Redis(
        host=data.get("host") or "localhost", port=int(data.get("port") or 6379),
        password=data.get("password") or None, db=int(data.get("database") or 0),
        socket_timeout=5, socket_connect_timeout=5,
    )
    try:
        await client.ping()
    finally:
        await client.aclose()
    return "Connection successful"


async def _test_smtp(data: dict[str, Any]) -> str:
    banner = await _tcp_banner(data.get("host") or "localhost", int(data.get("port") or 465))
    if not banner.startswith(b"220"):
        raise ConnectionError(f"unexpected SMTP greeting: {banner[:60]!r}")
    return "Connection successful"


def _f(name: str, display: str, **kw: Any) -> CredentialField:
    return CredentialField(name=name, display_name=display, **kw)


_HOST_PORT = (_f("host", "Host", default="localhost", required=True),)
BUILTIN_TYPES: tuple[CredentialType, ...] = (
    CredentialType("httpBasicAuth", "Basic Auth", (
        _f("user", "User"), _f("password", "Password", secret=True))),
    CredentialType("httpHeaderAuth", "Header Auth", (
        _f("name", "Name", required=True), _f("value", "Value", secret=True))),
    CredentialType("httpQueryAuth", "Query Auth", (
        _f("name", "Name", required=True), _f("value", "Value", secret=True))),
    CredentialType("httpBearerAuth", "Bearer Auth", (_f("token", "Bearer Token", secret=True),)),
    CredentialType("httpCustomAuth", "Custom Auth", (
        _f("json", "JSON", type="json", default="{}", secret=True),)),
    CredentialType("jwtAuth", "JWT Auth", (
        _f("keyType", "Key Type", type="options", default="passphrase", options=("passphrase", "pemKey")),
        _f("secret", "Secret", secret=True),
        _f("privateKey", "Private Key", secret=True),
        _f("publicKey", "Public Key"),
        _f("algorithm", "Algorithm", type="options", default="HS256",
           options=("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512")))),
    CredentialType("oAuth2Api", "OAuth2 API", (
        _f("grantType", "Grant Type", type="options", default="authorizationCode",
           options=("authorizationCode", "clientCredentials", "pkce")),
        _f("authUrl", "Authorization URL"), _f("accessTokenUrl", "Access Token URL", required=True),
        _f("clientId", "Client ID", required=True), _f("clientSecret", "Client Secret", secret=True),
        _f("scope", "Scope"), _f("oauthTokenData", "Token Data", type="json", default={}, secret=True))),
    CredentialType("postgres", "Postgres", (
        *_HOST_PORT, _f("database", "Database", default="postgres"), _f("user", "User", default="postgres"),
        _f("password", "Password", secret=True), _f("port", "Port", type="number", default=5432),
        _f("ssl", "SSL", type="options", default="disable", options=("disable", "allow", "require"))),
        test=_test_postgres),
    CredentialType("redis", "Redis", (
        *_HOST_PORT, _f("password", "Password", secret=True), _f("port", "Port", type="number", default=6379),
        _f("database", "Database Number", type="number", default=0)), test=_test_redis),
    CredentialType("smtp", "SMTP", (
        _f("user", "User"), _f("password", "Password", secret=True), *_HOST_PORT,
        _f("port", "Port", type="number", default=465), _f("secure", "SSL/TLS", type="boolean", default=True)),
        test=_test_smtp),
    CredentialType("mySql", "MySQL", (
        *_HOST_PORT, _f("database", "Database", required=True), _f("user", "User", default="mysql"),
        _f("password", "Password", secret=True), _f("port", "Port", type="number", default=3306))),
    CredentialType("openAiApi", "OpenAI", (
        _f("apiKey", "API Key", required=True, secret=True), _f("url", "Base URL", default=""))),
    CredentialType("slackApi", "Slack API", (_f("accessToken", "Access Token", required=True, secret=True),)),
    CredentialType("telegramApi", "Telegram API", (_f("accessToken", "Access Token", required=True, secret=True),)),
    CredentialType("githubApi", "GitHub API", (
        _f("server", "GitHub Server", default="https://api.github.com"), _f("user", "User"),
        _f("accessToken", "Access Token", required=True, secret=True))),
)


def builtin_registry() -> CredentialTypeRegistry:
    return CredentialTypeRegistry(BUILTIN_TYPES)


MASK = "__wirework_masked__"


def mask(ctype: CredentialType | None, data: dict[str, Any]) -> dict[str, Any]:
    """Replace secret values (every value when the type is unknown) with the mask marker."""
    secret = ctype.secret_fields if ctype else set(data)
    return {k: (MASK if k in secret and v not in (None, "") else v) for k, v in data.items()}


def merge_masked(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """An update that sends back the mask keeps the stored value."""
    return {k: (old.get(k) if v == MASK else v) for k, v in new.items()}
