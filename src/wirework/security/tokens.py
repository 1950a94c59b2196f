"""JWT access tokens, opaque refresh tokens and API keys (stored only as HMAC-SHA256)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

import jwt

ALGORITHM = "HS256"
API_KEY_PREFIX = "ww_"


class TokenError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    role: str
    expires_at: int


class TokenService:
    def __init__(self, *, jwt_secret: bytes, hmac_key: bytes, access_ttl: int, refresh_ttl: int) -> None:
        self._secret = jwt_secret
        self._hmac = hmac_key
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl

    def access_token(self, *, user_id: str, role: str) -> str:
        now = int(time.time())
        claims = {"sub": user_id, "role": role, "typ": "access", "iat": now,
                  "exp": now + self.access_ttl, "jti": secrets.token_hex(8)}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def decode_access(self, token: str) -> AccessClaims:
        try:
            claims: dict[str, Any] = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("access token expired") from None
        except jwt.PyJWTError:
            raise TokenError("invalid access token") from None
        if claims.get("typ") != "access":
            raise TokenError("not an access token")
        return AccessClaims(str(claims["sub"]), str(claims.get("role", "member")), int(claims["exp"]))

    def digest(self, secret: str) -> str:
        return hmac.new(self._hmac, secret.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def new_refresh_token() -> str:
        return "rt_" + secrets.token_urlsafe(32)

    @staticmethod
    def new_api_key() -> str:
        """256 random bits; shown once, stored as ``digest(key)``."""
        return API_KEY_PREFIX + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
