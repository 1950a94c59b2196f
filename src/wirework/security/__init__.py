"""Passwords, tokens, API keys, credential encryption, permissions, throttling, TOTP."""

from wirework.security.credential_types import (
    MASK,
    CredentialField,
    CredentialType,
    CredentialTypeRegistry,
    builtin_registry,
)
from wirework.security.crypto import CredentialCipher, DecryptionError
from wirework.security.keys import InstanceKeys
from wirework.security.passwords import PasswordHasher, password_problem
from wirework.security.permissions import Action, allows, scope_allows
from wirework.security.throttle import LoginThrottle, RateLimiter
from wirework.security.tokens import AccessClaims, TokenError, TokenService

__all__ = [
    "MASK",
    "AccessClaims",
    "Action",
    "CredentialCipher",
    "CredentialField",
    "CredentialType",
    "CredentialTypeRegistry",
    "DecryptionError",
    "InstanceKeys",
    "LoginThrottle",
    "PasswordHasher",
    "RateLimiter",
    "TokenError",
    "TokenService",
    "allows",
    "builtin_registry",
    "password_problem",
    "scope_allows",
]
