"""Auth, users and API key schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def normalize_email(value: str) -> str:
    value = value.strip().lower()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or " " in value or len(value) > 320:
        raise ValueError("must be an email address like name@example.com")
    return value


class RegisterIn(_Strict):
    email: str = Field(max_length=320)
    password: str = Field(min_length=8, max_length=1024)
    name: str = Field(default="", max_length=200)
    _check = field_validator("email")(normalize_email)


class LoginIn(_Strict):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    totp_code: str | None = Field(default=None, max_length=12)


class RefreshIn(_Strict):
    refresh_token: str = Field(max_length=200)


class LogoutIn(_Strict):
    refresh_token: str | None = Field(default=None, max_length=200)


class PasswordChangeIn(_Strict):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class UserPublic(BaseModel):
    id: str
    email: str
    name: str
    role: str
    is_active: bool
    totp_enabled: bool
    created_at: datetime
    last_login_at: datetime | None = None


class RegisterOut(TokenPair):
    user: UserPublic


class TotpSetupOut(BaseModel):
    secret: str
    otpauth_uri: str


class TotpCodeIn(_Strict):
    code: str = Field(min_length=6, max_length=12)


class UserUpdateIn(_Strict):
    role: Literal["admin", "member"] | None = None
    is_active: bool | None = None
    name: str | None = Field(default=None, max_length=200)


class ApiKeyCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)
    scopes: list[str] = Field(default_factory=lambda: ["*"], max_length=50)
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="shown once; only its hash is stored")


def user_public(u: object) -> dict[str, object]:
    return {k: getattr(u, k) for k in UserPublic.model_fields}
